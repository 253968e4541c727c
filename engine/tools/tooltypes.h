// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/nametable.h"
#include "engine/core/result.h"
#include "engine/net/limits.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

// Tools: what MCP servers offer, what the model asked for, and what came of it. Plain values,
// shared by the journal, the tool host, the tool loop, the window and the CLI.
namespace tether::engine {

// One server of an `mcpServers` config (Claude Desktop, Cursor, LM Studio): a command run over
// stdio, or a Streamable HTTP endpoint.
struct McpServerConfig {
    QString name;
    QString command;
    QStringList args;
    QList<QPair<QString, QString>> env;
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool enabled = true;
    // A request the server has not answered by then fails; a tool call's clock restarts with
    // each progress notification. Whatever the progress, a call ends after totalTimeoutMs.
    int timeoutMs = 60'000;
    int totalTimeoutMs = limits::MaxMcpCallMs;
    // OAuth: a pre-registered client (its secret from the command line only, then kept in the
    // keychain with the tokens), or Tether's client metadata document's URL.
    QString oauthClientId;
    QString oauthClientSecret;
    QUrl oauthClientMetadataUrl;

    bool isHttp() const { return !url.isEmpty(); }
    // Its headers (a token, a key) would cross the network unencrypted: http:// beyond this
    // machine. The window and tether-cli warn of it.
    bool sendsHeadersInClearText() const;
    bool operator==(const McpServerConfig&) const = default;
};

// Reads {"mcpServers": {NAME: {...}}} (or the inner object alone). `"disabled": true` and
// Tether's own `"enabled": false` turn a server off; `"timeout"` is in seconds.
Result<QList<McpServerConfig>> parseMcpConfig(const QByteArray& json);
QByteArray mcpConfigJson(const QList<McpServerConfig>& servers);
// A name the user may type: a configured server's name, or an http(s) URL as an unnamed server.
std::optional<McpServerConfig> findServer(const QList<McpServerConfig>& servers,
                                          const QString& nameOrUrl);

// A tool as offered to the model: `name` is unique among the tools offered (qualified with its
// server where two servers' tools share a name) and valid for both OpenAI APIs.
struct ToolSpec {
    QString name;
    QString server;
    QString tool;
    QString title;
    QString description;
    QJsonObject inputSchema;
    bool operator==(const ToolSpec&) const = default;
};
// The names each server's tools are offered under: the tool's own where it is unique and valid
// (^[a-zA-Z0-9_-]{1,64}$), else "server__tool" made valid.
QList<ToolSpec> qualifyTools(QList<ToolSpec> tools);

struct ToolServerStatus {
    QString server;
    bool ok = false;
    QString error;
    QString serverInfo; // name and version as the server gave them
    int tools = 0;
};

// Each tool call is journaled through these states; only Waiting and Interrupted ones may start.
enum class ToolCallStatus { Waiting, Running, Done, Failed, Declined, Interrupted };
inline constexpr NameTable<ToolCallStatus, 6> ToolCallStatusNames = {
    {{ToolCallStatus::Waiting, QLatin1StringView("waiting")},
     {ToolCallStatus::Running, QLatin1StringView("running")},
     {ToolCallStatus::Done, QLatin1StringView("done")},
     {ToolCallStatus::Failed, QLatin1StringView("failed")},
     {ToolCallStatus::Declined, QLatin1StringView("declined")},
     {ToolCallStatus::Interrupted, QLatin1StringView("interrupted")}}};
bool isFinal(ToolCallStatus status);

// How a call was allowed (journaled with it).
enum class ToolApproval { Once, Always, Listed, Declined };
inline constexpr NameTable<ToolApproval, 4> ToolApprovalNames = {
    {{ToolApproval::Once, QLatin1StringView("once")},
     {ToolApproval::Always, QLatin1StringView("always")},
     {ToolApproval::Listed, QLatin1StringView("allowed")},
     {ToolApproval::Declined, QLatin1StringView("declined")}}};

struct ToolCallRecord {
    qint64 id = 0;        // the journal's
    QString stableId;     // a UUID, sent in `_meta` so a server can deduplicate
    qint64 messageId = 0; // the assistant message that asked for it
    qint64 conversationId = 0;
    QString callId; // the provider's
    QString name;   // as the model named it
    QString server; // empty: no tool offered had that name
    QString tool;
    QString arguments; // JSON text as the model wrote it
    ToolCallStatus status = ToolCallStatus::Waiting;
    QString approval;
    QJsonObject result; // MCP CallToolResult, when there is one
    QString error;      // why it failed, or was declined
    qint64 startedAt = 0;
    qint64 endedAt = 0;
    bool operator==(const ToolCallRecord&) const = default;
};

// The calls a reply asked for, from its journaled tool-call chunks in order: Chat Completions
// fragments by `index`, Responses `output_item.added` and `function_call_arguments.delta` events
// by output index. Only callId, name and arguments are set.
QList<ToolCallRecord> assembleToolCalls(bool responses, const QStringList& fragments);

// What the model is told of a call: the result's text (other content named), the error, that it
// was declined, or that its result is unknown.
QString toolResultText(const ToolCallRecord& call);
// How a call is named to the user: "server.tool", or the name the model used for a tool nobody
// offered.
QString toolLabel(const ToolCallRecord& call);
// `arguments` as indented JSON, or as written when it is not JSON.
QString prettyArguments(const QString& arguments);

// A reply that asked for tools and whose round did not go on (Tether stopped meanwhile).
struct ToolRound {
    qint64 conversationId = 0;
    qint64 messageId = 0;
    qint64 generationId = 0;
};

// What a server answered to one tools/call.
struct ToolOutcome {
    bool ok = false;    // a result arrived (which may still be the tool's own isError)
    QJsonObject result; // CallToolResult
    Error error;        // transport or protocol failure
    qint64 durationMs = 0;
};

// A server asks the user for something while it works (MCP elicitation): a small form (its JSON
// schema: flat, strings, numbers, booleans and enums), or a page to open (URL mode).
struct Elicitation {
    quint64 id = 0; // the tool host's, to answer it
    QString server;
    QString mode; // "form" or "url"
    QString message;
    QJsonObject schema; // form: requestedSchema
    QUrl url;           // url: the page
};
enum class ElicitAction { Accept, Decline, Cancel };
inline constexpr NameTable<ElicitAction, 3> ElicitActionNames = {
    {{ElicitAction::Accept, QLatin1StringView("accept")},
     {ElicitAction::Decline, QLatin1StringView("decline")},
     {ElicitAction::Cancel, QLatin1StringView("cancel")}}};
struct ElicitationAnswer {
    ElicitAction action = ElicitAction::Cancel;
    QJsonObject content; // form mode, when accepted
};
// The schema's fields with their defaults (SEP-1034): what a form shows first, and what
// `--accept-elicitation-defaults` sends. Fields without a default are left out.
QJsonObject elicitationDefaults(const QJsonObject& schema);
// An answer the server may read: only the schema's fields, each of its type and within its enum;
// the error says which field is wrong.
Result<QJsonObject> validElicitationContent(const QJsonObject& schema, const QJsonObject& content);

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::Elicitation)
Q_DECLARE_METATYPE(tether::engine::ElicitationAnswer)
Q_DECLARE_METATYPE(tether::engine::McpServerConfig)
Q_DECLARE_METATYPE(tether::engine::ToolSpec)
Q_DECLARE_METATYPE(tether::engine::ToolServerStatus)
Q_DECLARE_METATYPE(tether::engine::ToolCallRecord)
Q_DECLARE_METATYPE(tether::engine::ToolOutcome)
Q_DECLARE_METATYPE(tether::engine::ToolRound)
