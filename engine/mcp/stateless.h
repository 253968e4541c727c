// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

// MCP 2026-07-28, the stateless revision: no initialize and no session; every request carries the
// protocol version, the client's capabilities and identity in `_meta`, and on HTTP mirrors its
// method, name and the parameters a tool marks with `x-mcp-header` in headers. A server asks the
// user for something by answering `input_required`; the client asks and sends the request again.
namespace tether::engine::stateless {

inline constexpr QLatin1StringView Version{"2026-07-28"};

// `params` with the request metadata this revision requires.
QJsonObject withMeta(QJsonObject params, const QJsonObject& capabilities);
// Mcp-Method, Mcp-Name (tools/call, prompts/get, resources/read) and, for a tools/call, an
// Mcp-Param-NAME header for each argument the tool's `inputSchema` marks with x-mcp-header.
QList<QPair<QByteArray, QByteArray>> requestHeaders(const QJsonObject& message,
                                                    const QJsonObject& inputSchema = {});
// A header value: as is when it is plain visible ASCII, else =?base64?…?=.
QByteArray headerValue(const QString& value);
// An error only a server of this revision sends: its answer to a modern request is modern.
bool isModernError(const QJsonObject& error);

} // namespace tether::engine::stateless
