#pragma once

#include "exporter.h"
#include "output.h"
#include "types.h"

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

int runSend(const QString& dataDir, const engine::SendRequest& request);
// Resumes one interrupted generation, or all of them (`generationId` 0), one after the other.
int runResume(const QString& dataDir, qint64 generationId, const engine::ProviderConfig& provider);
int runShow(const QString& dataDir, const QString& which, engine::ExportFormat format);

} // namespace tether::cli
