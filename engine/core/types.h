// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"
#include "engine/core/nametable.h"
#include "engine/core/result.h"
#include "engine/resilience/retrypolicy.h"
#include "engine/tools/tooltypes.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QUrl>

#include <array>
#include <optional>
#include <utility>

namespace tether::engine {

enum class Api { ChatCompletions, Responses };
inline constexpr NameTable<Api, 2> ApiNames = {{{Api::ChatCompletions, QLatin1StringView("chat")},
                                                {Api::Responses, QLatin1StringView("responses")}}};
QString apiName(Api api);
bool apiFromName(const QString& name, Api* api);

// Kinds of journal chunks. Stored as integers: never renumber.
enum class ChunkKind : int { Text = 0, Reasoning = 1, Refusal = 2, ToolCall = 3 };

// How a cut Chat Completions reply is continued (see continuation.h).
enum class ContinuationMode { Auto, Prefill, Prefix, Vllm, Instruct, Restart };
inline constexpr NameTable<ContinuationMode, 6> ContinuationNames = {
    {{ContinuationMode::Auto, QLatin1StringView("auto")},
     {ContinuationMode::Prefill, QLatin1StringView("prefill")},
     {ContinuationMode::Prefix, QLatin1StringView("prefix")},
     {ContinuationMode::Vllm, QLatin1StringView("vllm")},
     {ContinuationMode::Instruct, QLatin1StringView("instruct")},
     {ContinuationMode::Restart, QLatin1StringView("restart")}}};

enum class GenerationStatus { Streaming, Completed, Interrupted, Failed, Cancelled };
inline constexpr NameTable<GenerationStatus, 5> StatusNames = {
    {{GenerationStatus::Streaming, QLatin1StringView("streaming")},
     {GenerationStatus::Completed, QLatin1StringView("completed")},
     {GenerationStatus::Interrupted, QLatin1StringView("interrupted")},
     {GenerationStatus::Failed, QLatin1StringView("failed")},
     {GenerationStatus::Cancelled, QLatin1StringView("cancelled")}}};
QString statusName(GenerationStatus status);
// A new conversation's title: its first message on one line, at most 80 characters.
QString titleFor(const QString& firstMessage);
// A time as every JSON Tether writes carries it (exports, `tether-cli --format json`): ISO 8601,
// UTC, with milliseconds.
QString isoTime(qint64 msSinceEpoch);
// Unknown words read as Failed.
GenerationStatus statusFromName(const QString& name);

// Where to send a request. The API key lives only in memory; it is never written to the journal.
struct ProviderConfig {
    // The profile this provider is configured as ("environment", "demo", the UI's profile id).
    // Journaled with each generation: a resume goes through that profile as it is now.
    QString profileId;
    QString name;
    QUrl baseUrl;
    QString apiKey;
    QString model;
    Api api = Api::ChatCompletions;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    // "Authorization" sends "Bearer KEY"; any other name (Azure: "api-key") sends the key as is.
    QByteArray keyHeader = "Authorization";
    ContinuationMode continuation = ContinuationMode::Auto;
    RetryPolicy retry;

    // OPENAI_API_KEY, OPENAI_BASE_URL, TETHER_MODEL, as the OpenAI SDKs read them.
    static ProviderConfig fromEnvironment();
    static QUrl defaultBaseUrl();
    static QString defaultModel();
};

// A conversation's sampling settings. Each is sent only when set, so that the provider's own
// default applies otherwise.
struct GenerationParams {
    std::optional<double> temperature;
    std::optional<qint64> maxOutputTokens;
    QString reasoningEffort; // "low", "medium", "high"…; empty: not sent

    bool isEmpty() const { return !temperature && !maxOutputTokens && reasoningEffort.isEmpty(); }
    bool operator==(const GenerationParams&) const = default;
};
// As the journal and exports store them: {"temperature", "max_output_tokens",
// "reasoning_effort"}, each only when set.
QJsonObject paramsObject(const GenerationParams& params);
GenerationParams paramsFromObject(const QJsonObject& object);

// What a conversation talks to and with what, remembered with it: a follow-up, a resume after a
// restart and the window's picker start from here.
struct ConversationSettings {
    QString profileId; // the provider profile last used ("environment", "demo", a UI profile)
    QString model;
    QString systemPrompt;
    GenerationParams params;

    bool operator==(const ConversationSettings&) const = default;
};

struct SendRequest {
    qint64 conversationId = 0; // 0 starts a new conversation
    // Unset: a new conversation has none, a follow-up keeps its conversation's. Set, it becomes
    // the conversation's (empty clears it).
    std::optional<QString> systemPrompt;
    // Each one set replaces the conversation's (and stays its own).
    GenerationParams params;
    QString userText;
    // An empty model means the conversation's, or `fallbackModel` for one that has none (an
    // imported conversation).
    ProviderConfig provider;
    QString fallbackModel;
    // Edit and resend: this user message and everything after it are hidden (kept in the
    // journal, no longer shown or sent) and `userText` takes its place.
    qint64 replacesMessageId = 0;
    // Regenerate: a new reply to the same message as this assistant message, which stays as an
    // alternative (hidden, with what followed it). `userText` is not used.
    qint64 regeneratesMessageId = 0;
    // Files sent with `userText`: stored once each in the journal, sent again by every resume.
    // An edit with none keeps those of the message it replaces.
    QList<Attachment> attachments;
    // Offline: store the exchange now and leave the generation interrupted ("waiting for the
    // network"); resuming it later makes the first request.
    bool deferred = false;
    // Offered to the model (journaled with the generation, so a resume offers the same).
    QList<ToolSpec> tools;
    // The next round of a tool loop: a reply after this assistant message and its tool calls'
    // results, all of which must be final. No user message; `userText` is not used.
    qint64 afterToolsOf = 0;
};

// The title a new conversation gets from its first message: its text, or with none, the name of
// its first file.
QString titleFor(const SendRequest& request);

struct Usage {
    qint64 inputTokens = -1;
    qint64 outputTokens = -1;
    qint64 reasoningTokens = -1;
    qint64 totalTokens = -1;
    bool isValid() const { return outputTokens >= 0 || inputTokens >= 0; }
};

// Usage as the journal stores it and exports carry it: the known counts, under the API's names.
QJsonObject usageObject(const Usage& usage);
Usage usageFromObject(const QJsonObject& object);

struct Timings {
    qint64 ttfbMs = -1;       // request sent -> first response byte
    qint64 firstTokenMs = -1; // request sent -> first text committed
    qint64 durationMs = -1;   // request sent -> end
    qint64 bytes = 0;         // response bytes received
    qint64 outputTokens = 0;  // from usage when the server sent it, else counted deltas
    double tokensPerSecond = 0;
};

// Where a generation was sent: what a resume needs to choose the provider it goes through.
struct GenerationRoute {
    qint64 generationId = 0;
    qint64 conversationId = 0;
    QString profileId; // empty: sent before Tether remembered profiles
    QString providerName;
    QUrl baseUrl; // as journaled, without credentials
    Api api = Api::ChatCompletions;
};

struct GenerationStarted {
    quint64 requestId = 0; // the engine's own number for the send or resume (see Engine)
    qint64 conversationId = 0;
    qint64 userMessageId = 0;
    qint64 assistantMessageId = 0;
    qint64 generationId = 0;
};

// What one network read added to the journal: seqs [firstSeq, lastSeq], already committed.
struct ChunkBatch {
    qint64 generationId = 0;
    qint64 firstSeq = 0;
    qint64 lastSeq = 0;
    QString text;
    QString reasoning;
    QString refusal;
};

// A stream dropped and another attempt is coming: what the UI shows as "reconnecting in N s".
struct RetryInfo {
    qint64 generationId = 0;
    int nextAttempt = 0;
    int maxAttempts = 0;
    qint64 delayMs = 0;
    QString cause;
    int httpStatus = 0;
    RateLimit rateLimit;
};

struct AttemptStarted {
    qint64 generationId = 0;
    int attempt = 0;
    QString kind; // start, continue:<mode>, resume, poll
};

struct GenerationFinished {
    qint64 generationId = 0;
    qint64 conversationId = 0;
    qint64 messageId = 0;
    GenerationStatus status = GenerationStatus::Completed;
    Error error;
    QString finishReason;
    Timings timings;
    // A completed reply's tool calls, journaled as waiting: a tool loop asks and runs them.
    QList<ToolCallRecord> toolCalls;
};

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::Error)
Q_DECLARE_METATYPE(tether::engine::SendRequest)
Q_DECLARE_METATYPE(tether::engine::ConversationSettings)
Q_DECLARE_METATYPE(tether::engine::GenerationStarted)
Q_DECLARE_METATYPE(tether::engine::GenerationRoute)
Q_DECLARE_METATYPE(tether::engine::ChunkBatch)
Q_DECLARE_METATYPE(tether::engine::GenerationFinished)
Q_DECLARE_METATYPE(tether::engine::RetryInfo)
Q_DECLARE_METATYPE(tether::engine::AttemptStarted)
