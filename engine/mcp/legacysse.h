// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/mcp/mcptransport.h"
#include "engine/stream/sseparser.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace tether::engine {

class McpAuth;

// The HTTP+SSE transport of MCP 2024-11-05, for servers that never moved to Streamable HTTP: a GET
// opens an event stream whose first `endpoint` event names where to POST messages (on the same
// origin only); every answer comes back on that stream as a `message` event. Used when a server
// refuses Streamable HTTP's POST with 400, 404 or 405 (the spec's fallback). The stream is bounded
// as Edge::McpEvents, each POST as Edge::McpMessage; when it ends, the session is over.
class LegacySseTransport : public McpTransport {
    Q_OBJECT
public:
    LegacySseTransport(McpServerConfig config, QNetworkAccessManager* nam, McpAuth* auth,
                       QObject* parent = nullptr);
    ~LegacySseTransport() override;
    void open() override;
    void send(const QJsonObject& message,
              const QList<QPair<QByteArray, QByteArray>>& headers = {}) override;
    void close() override;

private:
    QNetworkRequest request(const QUrl& url) const;
    void read();
    void post(const QByteArray& body);

    McpServerConfig m_config;
    QNetworkAccessManager* m_nam;
    QPointer<McpAuth> m_auth;
    QPointer<QNetworkReply> m_stream;
    SseParser m_parser;
    QUrl m_endpoint;
    QList<QByteArray> m_queued; // sent before the endpoint was known
    bool m_closed = false;
};

} // namespace tether::engine
