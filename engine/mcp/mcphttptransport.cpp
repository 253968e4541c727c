// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/mcphttptransport.h"

#include "engine/core/logging.h"
#include "engine/mcp/auth/mcpauth.h"
#include "engine/mcp/jsonrpcreader.h"
#include "engine/net/replyguard.h"
#include "engine/stream/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {
QString idOf(const QJsonObject& message)
{
    const QJsonValue id = message.value("id"_L1);
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}
} // namespace

HttpTransport::HttpTransport(McpServerConfig config, QNetworkAccessManager* nam, McpAuth* auth,
                             QObject* parent)
    : McpTransport(parent)
    , m_config(std::move(config))
    , m_nam(nam)
    , m_auth(auth)
{}

HttpTransport::~HttpTransport()
{
    m_closed = true;
}

QNetworkRequest HttpTransport::request(bool post) const
{
    QNetworkRequest r(m_config.url);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                   QNetworkRequest::UserVerifiedRedirectPolicy);
    r.setRawHeader("Accept", post ? "application/json, text/event-stream" : "text/event-stream");
    if (post)
        r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    for (const auto& [k, v] : m_config.headers)
        r.setRawHeader(k, v);
    if (!m_session.isEmpty())
        r.setRawHeader("Mcp-Session-Id", m_session);
    if (!m_version.isEmpty())
        r.setRawHeader("MCP-Protocol-Version", m_version);
    if (m_auth && !m_auth->authorization().isEmpty())
        r.setRawHeader("Authorization", m_auth->authorization());
    return r;
}

void HttpTransport::send(const QJsonObject& message)
{
    if (m_closed)
        return;
    auto stream = std::make_shared<Stream>();
    if (message.contains("method"_L1) && message.contains("id"_L1))
        stream->awaiting.insert(idOf(message));
    stream->body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    post(stream);
}

void HttpTransport::post(const std::shared_ptr<Stream>& stream)
{
    stream->parser.reset();
    stream->lastEventId.clear();
    watch(m_nam->post(request(true), stream->body), stream);
}

bool HttpTransport::authorizeAndRetry(QNetworkReply* reply, const std::shared_ptr<Stream>& stream,
                                      int status)
{
    const QByteArray challenge = reply->rawHeader("WWW-Authenticate");
    const bool refused =
        status == 401 || (status == 403 && challenge.contains("insufficient_scope"));
    if (!m_auth || stream->body.isEmpty() || !refused ||
        stream->authorizations >= limits::MaxAuthorizationsPerRequest)
        return false;
    ++stream->authorizations;
    QPointer<HttpTransport> self(this);
    m_auth->challenged(status, challenge, [self, stream](Result<void> r) {
        if (!self || self->m_closed)
            return;
        if (!r) {
            Q_EMIT self->failed(r.error().message);
            return;
        }
        self->post(stream);
    });
    return true;
}

void HttpTransport::listen()
{
    if (m_closed || m_session.isEmpty())
        return;
    auto stream = std::make_shared<Stream>();
    stream->listening = true;
    watch(m_nam->get(request(false)), stream);
}

void HttpTransport::watch(QNetworkReply* reply, const std::shared_ptr<Stream>& stream)
{
    m_replies.removeAll(nullptr);
    m_replies.append(reply);
    // A session's headers go only where they were configured.
    guardRedirects(reply, m_config.url, reply, [reply](const QUrl&) { reply->abort(); });
    // A JSON answer is read whole when it ends: never more than one message may be.
    const ReplyGuard* guard =
        ReplyGuard::watch(reply, stream->listening ? Edge::McpEvents : Edge::McpMessage,
                          u"The MCP server \"%1\""_s.arg(m_config.name));
    connect(reply, &QNetworkReply::readyRead, this,
            [this, reply, stream] { readStream(reply, stream); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, stream, guard] {
        reply->deleteLater();
        if (!guard->stopped()) {
            ended(reply, stream);
        } else if (!m_closed && (!stream->awaiting.isEmpty() || !stream->listening)) {
            Q_EMIT failed(guard->error().message);
        }
    });
}

void HttpTransport::readStream(QNetworkReply* reply, const std::shared_ptr<Stream>& stream)
{
    if (const QByteArray session = reply->rawHeader("Mcp-Session-Id"); !session.isEmpty())
        m_session = session;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 || !reply->header(QNetworkRequest::ContentTypeHeader)
                              .toString()
                              .startsWith("text/event-stream"_L1))
        return; // read whole when it ends
    std::vector<SseEvent> events;
    const bool ok = stream->parser.feed(reply->readAll(), events);
    for (const SseEvent& e : events) {
        if (!e.id.isEmpty())
            stream->lastEventId = e.id;
        if (!e.data.isEmpty())
            deliver(e.data, stream.get());
    }
    if (stream->parser.retryMs() >= 0)
        stream->retryMs = stream->parser.retryMs();
    if (!ok)
        reply->abort();
}

void HttpTransport::deliver(const QByteArray& json, Stream* stream)
{
    bool valid = false;
    const QList<QJsonObject> messages = jsonRpcMessages(json, &valid);
    if (!valid)
        qCWarning(lcMcp) << m_config.name
                         << "sent something that is not JSON-RPC:" << json.left(200);
    for (const QJsonObject& m : messages) {
        if (!m.contains("method"_L1))
            stream->awaiting.remove(idOf(m));
        Q_EMIT received(m);
        if (m_closed)
            return;
    }
}

void HttpTransport::ended(QNetworkReply* reply, const std::shared_ptr<Stream>& stream)
{
    if (m_closed)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (const QByteArray session = reply->rawHeader("Mcp-Session-Id"); !session.isEmpty())
        m_session = session;
    const bool sse = reply->header(QNetworkRequest::ContentTypeHeader)
                         .toString()
                         .startsWith("text/event-stream"_L1);
    if (authorizeAndRetry(reply, stream, status))
        return;
    if (status == 404 && !m_session.isEmpty()) {
        m_session.clear();
        Q_EMIT sessionExpired();
        return;
    }
    if (stream->listening && stream->lastEventId.isEmpty() && status != 200) {
        // 405: the server offers no stream of its own. Anything else: the same, for us.
        qCInfo(lcMcp) << m_config.name << "offers no GET stream, HTTP" << status;
        return;
    }
    if (status >= 200 && status < 300 && !sse) {
        const QByteArray body = reply->readAll();
        if (!body.trimmed().isEmpty())
            deliver(body, stream.get());
    } else if (status == 200 && sse) {
        readStream(reply, stream);
    } else if (status != 0 || stream->lastEventId.isEmpty()) {
        // Refused, or cut before anything could be resumed.
        const QString why =
            status != 0 ? u"HTTP %1 from %2"_s.arg(QString::number(status), publicUrl(m_config.url))
                        : u"%1 (%2)"_s.arg(reply->errorString(), publicUrl(m_config.url));
        if (!stream->awaiting.isEmpty() || !stream->listening)
            Q_EMIT failed(u"The MCP server \"%1\" failed: %2"_s.arg(m_config.name, why));
        return;
    }
    // A stream that ends owing responses, or the listening stream, resumes where it was.
    if ((!stream->awaiting.isEmpty() || stream->listening) && !stream->lastEventId.isEmpty())
        resume(stream);
    else if (!stream->awaiting.isEmpty())
        Q_EMIT failed(
            u"The MCP server \"%1\" closed the stream before answering."_s.arg(m_config.name));
}

void HttpTransport::resume(const std::shared_ptr<Stream>& stream)
{
    if (++stream->resumes > MaxResumes) {
        Q_EMIT failed(u"The MCP server \"%1\" dropped the stream %2 times."_s.arg(m_config.name)
                          .arg(MaxResumes));
        return;
    }
    qCInfo(lcMcp) << m_config.name << "resuming the stream after" << stream->lastEventId << "in"
                  << stream->retryMs << "ms";
    QTimer::singleShot(stream->retryMs, this, [this, stream] {
        if (m_closed)
            return;
        QNetworkRequest r = request(false);
        r.setRawHeader("Last-Event-ID", stream->lastEventId);
        stream->parser.reset();
        watch(m_nam->get(r), stream);
    });
}

void HttpTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (!m_session.isEmpty()) {
        QNetworkReply* reply = m_nam->sendCustomRequest(request(false), "DELETE");
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
    for (const QPointer<QNetworkReply>& r : std::as_const(m_replies)) {
        if (r)
            r->abort();
    }
}

} // namespace tether::engine
