// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/history/exporter.h"
#include "output.h"
#include "tools.h"

namespace tether::cli {

// Exit codes are a contract other tooling relies on: keep them exact.
enum ExitCode {
    ExitOk = 0,
    ExitError = 1, // storage or other local failure
    ExitUsage = 2,
    ExitRefused = 3, // the server refused the request (400/401/403/404/422, content filter)
    ExitGaveUp = 4,  // the generation stopped early and is left resumable
    ExitInterrupted = 130,
};

// `toLastConversation`: into the most recently updated conversation (--conversation last).
// With `tools` enabled the reply may use them: each round's calls are allowed, run and answered
// before the next reply is asked for.
int runSend(const QString& dataDir, const engine::SendRequest& request, bool toLastConversation,
            const ToolOptions& tools = {});
// A new alternative of the conversation's last reply, sent with the same history (`request`
// brings the provider and parameters; `conversationId` 0: the last conversation).
int runRegenerate(const QString& dataDir, qint64 conversationId,
                  const engine::SendRequest& request);
// How `resume` was asked to reach the provider.
struct ResumeOptions {
    engine::ProviderConfig provider; // the environment, with the flags on top
    bool baseUrlGiven = false;       // --base-url: the flags win
    bool apiGiven = false;           // --api
    ToolOptions tools;
};

// Resumes one interrupted generation, or all of them (`generationId` 0), one after the other.
// Each goes through the provider given by --base-url; without it, through the environment's
// provider when the generation was sent through it or to its address; any other is left as it
// is, with a message (its profile's key is not the CLI's to send).
int runResume(const QString& dataDir, qint64 generationId, const ResumeOptions& options);
// `conversationId` 0: the most recently updated one ("last").
int runShow(const QString& dataDir, qint64 conversationId, engine::ExportFormat format);
int runDelete(const QString& dataDir, qint64 conversationId);

} // namespace tether::cli
