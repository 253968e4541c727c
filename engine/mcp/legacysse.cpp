// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/legacysse.h"

#include "engine/core/logging.h"
#include "engine/mcp/auth/mcpauth.h"
#include "engine/mcp/jsonrpcreader.h"
#include "engine/net/replyguard.h"
#include "engine/stream/requestbuilder.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

LegacySseTransport::LegacySseTransport(McpServerConfig config, QNetworkAccessManager* nam,
                                       McpAuth* auth, QObject* parent)
    : McpTransport(parent)
    , m_config(std::move(config))
    , m_nam(nam)
    , m_auth(auth)
{}

LegacySseTransport::~LegacySseTransport()
{
    close();
}

QNetworkRequest LegacySseTransport::request(const QUrl& url) const
{
    QNetworkRequest r(url);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                   QNetworkRequest::UserVerifiedRedirectPolicy);
    for (const auto& [k, v] : m_config.headers)
        r.setRawHeader(k, v);
    if (m_auth && !m_auth->authorization().isEmpty())
        r.setRawHeader("Authorization", m_auth->authorization());
    return r;
}

void LegacySseTransport::open()
{
    QNetworkRequest r = request(m_config.url);
    r.setRawHeader("Accept", "text/event-stream");
    QNetworkReply* reply = m_nam->get(r);
    m_stream = reply;
    guardRedirects(reply, m_config.url, reply, [reply](const QUrl&) { reply->abort(); });
    const ReplyGuard* guard =
        ReplyGuard::watch(reply, Edge::McpEvents, u"The MCP server \"%1\""_s.arg(m_config.name));
    connect(reply, &QNetworkReply::readyRead, this, &LegacySseTransport::read);
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard] {
        reply->deleteLater();
        if (m_closed)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString why = guard->stopped() ? guard->error().message
                            : status != 200  ? u"HTTP %1 from %2"_s.arg(QString::number(status),
                                                                        publicUrl(m_config.url))
                                             : u"it closed its event stream"_s;
        m_closed = true;
        Q_EMIT failed(
            u"The MCP server \"%1\" (HTTP+SSE) ended the session: %2"_s.arg(m_config.name, why));
    });
}

void LegacySseTransport::read()
{
    if (!m_stream || m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return;
    std::vector<SseEvent> events;
    const bool ok = m_parser.feed(m_stream->readAll(), events);
    for (const SseEvent& e : events) {
        if (e.type == "endpoint") {
            const QUrl endpoint = m_config.url.resolved(QUrl(QString::fromUtf8(e.data.trimmed())));
            // Messages carry the same headers (a token): never to another origin.
            if (endpoint.scheme() != m_config.url.scheme() ||
                endpoint.host() != m_config.url.host() || endpoint.port() != m_config.url.port()) {
                m_closed = true;
                m_stream->abort();
                Q_EMIT failed(
                    u"The MCP server \"%1\" named another server (%2) to send "
                    "messages to; Tether does not."_s.arg(m_config.name, publicUrl(endpoint)));
                return;
            }
            m_endpoint = endpoint;
            for (const QByteArray& body : std::exchange(m_queued, {}))
                post(body);
        } else if (!e.data.isEmpty()) {
            for (const QJsonObject& m : jsonRpcMessages(e.data)) {
                Q_EMIT received(m);
                if (m_closed)
                    return;
            }
        }
    }
    if (!ok && m_stream)
        m_stream->abort();
}

void LegacySseTransport::send(const QJsonObject& message,
                              const QList<QPair<QByteArray, QByteArray>>&)
{
    if (m_closed)
        return;
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (m_endpoint.isEmpty())
        m_queued.append(body);
    else
        post(body);
}

void LegacySseTransport::post(const QByteArray& body)
{
    QNetworkRequest r = request(m_endpoint);
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QNetworkReply* reply = m_nam->post(r, body);
    guardRedirects(reply, m_config.url, reply, [reply](const QUrl&) { reply->abort(); });
    const ReplyGuard* guard =
        ReplyGuard::watch(reply, Edge::McpMessage, u"The MCP server \"%1\""_s.arg(m_config.name));
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // The answer comes on the event stream; the POST says only whether it was taken.
        if (!m_closed && (guard->stopped() || status < 200 || status >= 300)) {
            m_closed = true;
            Q_EMIT failed(u"The MCP server \"%1\" refused a message: %2"_s.arg(
                m_config.name,
                guard->stopped() ? guard->error().message : u"HTTP %1"_s.arg(status)));
        }
    });
}

void LegacySseTransport::close()
{
    m_closed = true;
    if (m_stream)
        m_stream->abort();
}

} // namespace tether::engine
