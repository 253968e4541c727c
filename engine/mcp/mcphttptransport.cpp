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

void HttpTransport::send(const QJsonObject& message,
                         const QList<QPair<QByteArray, QByteArray>>& headers)
{
    if (m_closed)
        return;
    auto stream = std::make_shared<Stream>();
    if (message.contains("method"_L1) && message.contains("id"_L1))
        stream->awaiting.insert(idOf(message));
    // The stateless revision's probe: a server of an earlier one refuses it any way it likes,
    // and that refusal is the answer.
    stream->probe = message.value("method"_L1).toString() == "server/discover"_L1;
    stream->initialize = message.value("method"_L1).toString() == "initialize"_L1;
    stream->body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    stream->headers = headers;
    post(stream);
}

bool HttpTransport::answerOwed(const std::shared_ptr<Stream>& stream, const QByteArray& body,
                               const QString& why)
{
    if (stream->awaiting.isEmpty())
        return false;
    QString message = why;
    for (const QJsonObject& m : jsonRpcMessages(body)) {
        if (m.contains("method"_L1))
            continue;
        if (stream->awaiting.remove(idOf(m))) {
            Q_EMIT received(m);
        } else if (m.value("id"_L1).isNull() && m.contains("error"_L1)) {
            // An error for no request in particular ("Server not initialized"): it is ours.
            message = why + u": "_s + m.value("error"_L1).toObject().value("message"_L1).toString();
        }
        if (m_closed)
            return true;
    }
    const auto owed = std::exchange(stream->awaiting, {});
    for (const QString& id : owed) {
        Q_EMIT received(
            {{"jsonrpc"_L1, u"2.0"_s},
             {"id"_L1, id.toLongLong()},
             {"error"_L1, QJsonObject{{"code"_L1, -32603}, {"message"_L1, message.left(500)}}}});
        if (m_closed)
            break;
    }
    return true;
}

void HttpTransport::post(const std::shared_ptr<Stream>& stream)
{
    stream->parser.reset();
    stream->lastEventId.clear();
    QNetworkRequest r = request(true);
    for (const auto& [k, v] : std::as_const(stream->headers))
        r.setRawHeader(k, v);
    watch(m_nam->post(r, stream->body), stream);
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
    if (m_closed || m_session.isEmpty() || m_stateless)
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
    if (const QByteArray session = reply->rawHeader("Mcp-Session-Id");
        !session.isEmpty() && !m_stateless)
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
    if (const QByteArray session = reply->rawHeader("Mcp-Session-Id");
        !session.isEmpty() && !m_stateless)
        m_session = session;
    const bool sse = reply->header(QNetworkRequest::ContentTypeHeader)
                         .toString()
                         .startsWith("text/event-stream"_L1);
    if (authorizeAndRetry(reply, stream, status))
        return;
    if (stream->initialize && (status == 400 || status == 404 || status == 405)) {
        const QByteArray body = reply->readAll();
        bool rpc = false;
        for (const QJsonObject& m : jsonRpcMessages(body))
            rpc = rpc || m.contains("error"_L1);
        if (!rpc) {
            Q_EMIT oldHttpSuggested();
            return;
        }
        answerOwed(stream, body,
                   u"HTTP %1 from %2"_s.arg(QString::number(status), publicUrl(m_config.url)));
        return;
    }
    if (status >= 400 && (m_stateless || stream->probe)) {
        if (answerOwed(stream, reply->readAll(),
                       u"HTTP %1 from %2"_s.arg(QString::number(status), publicUrl(m_config.url))))
            return;
    }
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
    } else if (m_stateless && status == 0 && !stream->awaiting.isEmpty()) {
        // Fall through: cut mid-answer, which this revision never resumes.
    } else if (status != 0 || stream->lastEventId.isEmpty()) {
        // Refused, or cut before anything could be resumed.
        const QString why =
            status != 0 ? u"HTTP %1 from %2"_s.arg(QString::number(status), publicUrl(m_config.url))
                        : u"%1 (%2)"_s.arg(reply->errorString(), publicUrl(m_config.url));
        if (!stream->awaiting.isEmpty() || !stream->listening)
            Q_EMIT failed(u"The MCP server \"%1\" failed: %2"_s.arg(m_config.name, why));
        return;
    }
    if (m_stateless && !stream->awaiting.isEmpty()) {
        // No resumption in this revision: what the stream owed is lost, and the server may have
        // acted on it.
        answerOwed(stream, QByteArray(),
                   u"The connection to the MCP server \"%1\" broke before it answered; it may "
                   "or may not have acted."_s.arg(m_config.name));
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
    QTimer::singleShot(stream->retryMs, Qt::PreciseTimer, this, [this, stream] {
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
