// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QByteArray>
#include <QNetworkRequest>

#include <functional>

class QNetworkReply;

namespace tether::engine {

// One message of a request's history. A user message's attachments: text ones with their text,
// images by their sha256 only (the request names them by it until resolveAttachments).
// An assistant message's tool calls go with it (callId, name, arguments); each result is a
// message of its own, role "tool", answering `toolCallId`.
struct ChatMessage {
    QString role;
    QString content;
    QList<Attachment> attachments;
    QList<ToolCallRecord> toolCalls;
    QString toolCallId;
    bool operator==(const ChatMessage&) const = default;
};
using History = QList<ChatMessage>; // oldest first

// The streaming request that starts a generation. The API key goes only into the header.
QNetworkRequest streamRequest(const ProviderConfig& provider);
// Each of `params` goes in only when set, under the API's own name: Chat Completions
// `temperature`, `max_completion_tokens`, `reasoning_effort`; Responses `temperature`,
// `max_output_tokens`, `reasoning.effort`.
// A user message's text and PDF attachments go into its text, each fenced under its name; its
// images as image parts (Chat Completions `image_url`, Responses `input_image`) whose URL names
// the stored image ("tether-attachment:<sha256>"). That body is what the journal keeps: the bytes
// are stored once, not in every request.
// `tools` are offered as function tools (Chat Completions `{type, function}`, Responses flat);
// tool calls and their results go as each API wants them (`tool_calls` and `tool` messages;
// `function_call` and `function_call_output` items).
QByteArray streamBody(const ProviderConfig& provider, const History& history,
                      const GenerationParams& params = {}, const QList<ToolSpec>& tools = {});
// Tool specs as generations.tools keeps them, and back.
QByteArray toolSpecsJson(const QList<ToolSpec>& tools);
QList<ToolSpec> toolSpecsFromJson(const QByteArray& json);
// The body as it is sent: each image part's URL becomes the image's data: URL, its bytes from
// `load`. Fails when an image is not there.
Result<QByteArray>
resolveAttachments(const QByteArray& body,
                   const std::function<Result<Attachment>(const QString&)>& load);

// Responses API background runs: re-stream after sequence number `after`, poll, cancel.
QNetworkRequest resumeRequest(const ProviderConfig& provider, const QString& responseId,
                              qint64 after);
QNetworkRequest pollRequest(const ProviderConfig& provider, const QString& responseId);
QNetworkRequest cancelRequest(const ProviderConfig& provider, const QString& responseId);
// A short title for a conversation, asked of the model in one request that is not streamed
// (and not journaled: nothing the user sees depends on it).
QNetworkRequest titleRequest(const ProviderConfig& provider);
QByteArray titleBody(const ProviderConfig& provider, const QString& firstMessage);
// The title in the answer, on one line and at most 80 characters; empty if there is none.
QString titleFromAnswer(Api api, const QByteArray& json);
// GET {base}/models: the models a provider offers.
QNetworkRequest modelsRequest(const ProviderConfig& provider);
// The ids in a /models answer ({"data":[{"id":…}]}), sorted; empty if it is not one.
QStringList modelIds(const QByteArray& json);

// Loopback, link-local, private (RFC 1918, CGNAT, ULA) and .local/.lan names: this machine or
// the user's own network.
bool isLocalOrPrivateHost(const QString& host);
// This machine itself (localhost, a loopback address): reachable with no network at all.
bool isThisMachine(const QString& host);
// http:// to a host beyond that: a key (and every message) would travel unencrypted.
bool sendsKeyInClearText(const QUrl& baseUrl);
// Scheme, host and port alike: a key configured for one is only ever sent to the other.
bool sameOrigin(const QUrl& a, const QUrl& b);
// Whether a request carrying the key for `origin` may follow a redirect to `to`: the same origin
// (scheme, host, port), or the same host moving from http to https. Never to another host, and
// never from https to http. Every request here is sent with UserVerifiedRedirectPolicy, so
// QNetworkAccessManager follows nothing on its own (it would carry the key along).
bool mayFollowRedirect(const QUrl& origin, const QUrl& to);
// Follows the redirects of `reply` that mayFollowRedirect allows; for any other calls `refused`
// (in `context`), which must abort the reply.
void guardRedirects(QNetworkReply* reply, const QUrl& origin, QObject* context,
                    const std::function<void(const QUrl&)>& refused);

// `url` as it may be shown, logged or journaled: no user:password, and no query item that looks
// like a credential (api-key, key, token, secret, password, sig…); api-version and the like stay.
QString publicUrl(const QUrl& url);

// `base` + "/" + `path`, keeping the base's own path and query (Azure's api-version).
QUrl endpoint(const QUrl& base, const QString& path);

} // namespace tether::engine
