// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/mcpclient.h"

#include "engine/core/logging.h"
#include "engine/core/version.h"
#include "engine/mcp/auth/mcpauth.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

McpClient::McpClient(McpServerConfig config, QNetworkAccessManager* nam, SecretStore* secrets,
                     QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(nam)
{
    if (m_config.isHttp()) {
        m_auth = new McpAuth(m_config, nam, secrets, this);
        connect(m_auth, &McpAuth::signInRequested, this, &McpClient::signInRequested);
        connect(m_auth, &McpAuth::busyChanged, this, &McpClient::hold);
    }
}

bool McpClient::supportsVersion(QStringView version)
{
    return version == LatestVersion || version == u"2025-06-18" || version == u"2025-03-26" ||
           version == u"2024-11-05";
}

void McpClient::hold(bool on)
{
    m_holds = std::max(0, m_holds + (on ? 1 : -1));
    for (const auto& p : std::as_const(m_pending)) {
        if (m_holds > 0) {
            p->timer->stop();
            p->deadline->stop();
        } else {
            p->timer->start(p->timeoutMs);
            p->deadline->start(std::max(m_config.totalTimeoutMs, p->timeoutMs));
        }
    }
}

McpClient::~McpClient()
{
    stop();
}

void McpClient::whenReady(std::function<void()> done)
{
    if (m_state == State::Ready) {
        done();
        return;
    }
    m_waiting.append(std::move(done));
    // Lazily, and again after a crash: the next use starts a failed server anew.
    if (m_state == State::Idle || m_state == State::Failed)
        start();
}

void McpClient::start()
{
    m_state = State::Starting;
    m_error.clear();
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->close();
    }
    m_transport = makeTransport(m_config, m_nam, m_auth);
    connect(m_transport.get(), &McpTransport::received, this, &McpClient::onMessage);
    connect(m_transport.get(), &McpTransport::failed, this, &McpClient::fail);
    connect(m_transport.get(), &McpTransport::sessionExpired, this, [this] {
        qCInfo(lcMcp) << m_config.name << "forgot the session; initializing again";
        const auto pending = std::exchange(m_pending, {});
        for (const auto& p : pending)
            p->done(Error{ErrorCode::Network,
                          u"The MCP server \"%1\" ended the session."_s.arg(m_config.name)});
        m_state = State::Starting;
        initialize();
    });
    Q_EMIT stateChanged();
    m_transport->open();
    // A sign-in kept in the keychain is read first: the first request carries its token.
    if (m_auth)
        m_auth->whenLoaded([this, t = m_transport.get()] {
            if (m_transport.get() == t)
                initialize();
        });
    else
        initialize();
}

void McpClient::initialize()
{
    const QJsonObject params{
        {"protocolVersion"_L1, QString(LatestVersion)},
        {"capabilities"_L1,
         QJsonObject{{"elicitation"_L1,
                      QJsonObject{{"form"_L1, QJsonObject{}}, {"url"_L1, QJsonObject{}}}}}},
        {"clientInfo"_L1,
         QJsonObject{{"name"_L1, u"Tether"_s}, {"version"_L1, QString::fromLatin1(Version)}}}};
    sendRequest(u"initialize"_s, params,
                [this](Result<QJsonObject> r) {
                    if (!r) {
                        fail(r.error().message);
                        return;
                    }
                    const QString version = r.value().value("protocolVersion"_L1).toString();
                    if (!supportsVersion(version)) {
                        fail(u"The MCP server \"%1\" speaks protocol version %2; Tether speaks "
                             "2025-11-25, 2025-06-18, 2025-03-26 and 2024-11-05."_s.arg(
                                 m_config.name, version));
                        return;
                    }
                    m_version = version;
                    const QJsonObject info = r.value().value("serverInfo"_L1).toObject();
                    m_serverInfo = QString(info.value("name"_L1).toString() + u' ' +
                                           info.value("version"_L1).toString())
                                       .trimmed();
                    m_transport->setProtocolVersion(version);
                    notify(u"notifications/initialized"_s);
                    m_transport->listen();
                    listTools(QString(), {}, [this] { becomeReady(); });
                },
                m_config.timeoutMs, {});
}

void McpClient::listTools(const QString& cursor, QList<ToolSpec> soFar, std::function<void()> then)
{
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert("cursor"_L1, cursor);
    sendRequest(
        u"tools/list"_s, params,
        [this, soFar = std::move(soFar), then = std::move(then)](Result<QJsonObject> r) mutable {
            if (!r) {
                fail(r.error().message);
                return;
            }
            for (const QJsonValue v : r.value().value("tools"_L1).toArray()) {
                const QJsonObject t = v.toObject();
                ToolSpec spec;
                spec.server = m_config.name;
                spec.tool = t.value("name"_L1).toString();
                spec.title = t.value("title"_L1).toString();
                spec.description = t.value("description"_L1).toString();
                spec.inputSchema = t.value("inputSchema"_L1).toObject();
                if (!spec.tool.isEmpty())
                    soFar.append(spec);
            }
            const QString next = r.value().value("nextCursor"_L1).toString();
            if (!next.isEmpty() && soFar.size() < 10'000) {
                listTools(next, std::move(soFar), std::move(then));
                return;
            }
            m_tools = std::move(soFar);
            then();
        },
        m_config.timeoutMs, {});
}

void McpClient::becomeReady()
{
    m_state = State::Ready;
    qCInfo(lcMcp) << m_config.name << "ready:" << m_serverInfo << m_version << m_tools.size()
                  << "tools";
    Q_EMIT stateChanged();
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto& w : waiting)
        w();
}

void McpClient::request(const QString& method, QJsonObject params, Done done, int timeoutMs,
                        Progress progress, const QString& key)
{
    whenReady([this, method, params = std::move(params), done = std::move(done), timeoutMs,
               progress = std::move(progress), key]() mutable {
        if (!key.isEmpty() && m_cancelled.remove(key)) {
            done(Error{ErrorCode::Cancelled, u"Cancelled before it was sent."_s});
            return;
        }
        if (m_state != State::Ready) {
            done(Error{ErrorCode::Network, m_error});
            return;
        }
        sendRequest(method, std::move(params), std::move(done), timeoutMs, std::move(progress),
                    key);
    });
}

qint64 McpClient::sendRequest(const QString& method, QJsonObject params, Done done, int timeoutMs,
                              Progress progress, const QString& key)
{
    const qint64 id = ++m_nextId;
    auto p = std::make_shared<Pending>();
    p->key = key;
    p->done = std::move(done);
    p->progress = std::move(progress);
    p->method = method;
    p->timeoutMs = timeoutMs > 0 ? timeoutMs : m_config.timeoutMs;
    if (p->progress) {
        QJsonObject meta = params.value("_meta"_L1).toObject();
        meta.insert("progressToken"_L1, id);
        params.insert("_meta"_L1, meta);
    }
    p->timer = std::make_unique<QTimer>();
    p->timer->setSingleShot(true);
    connect(p->timer.get(), &QTimer::timeout, this,
            [this, id, timeoutMs = p->timeoutMs] { expire(id, false, timeoutMs); });
    if (m_holds == 0)
        p->timer->start(p->timeoutMs);
    const int totalMs = std::max(m_config.totalTimeoutMs, p->timeoutMs);
    p->deadline = std::make_unique<QTimer>();
    p->deadline->setSingleShot(true);
    connect(p->deadline.get(), &QTimer::timeout, this,
            [this, id, totalMs] { expire(id, true, totalMs); });
    if (m_holds == 0)
        p->deadline->start(totalMs);
    m_pending.insert(id, p);
    QJsonObject message{{"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"method"_L1, method}};
    if (!params.isEmpty())
        message.insert("params"_L1, params);
    m_transport->send(message);
    return id;
}

void McpClient::expire(qint64 id, bool whole, int ms)
{
    const auto pending = m_pending.take(id);
    if (!pending)
        return;
    const QString message =
        (whole ? u"The MCP server \"%1\" did not finish %2 within %3 s (its progress does not "
                 "extend a call past that)."_s
               : u"The MCP server \"%1\" did not answer %2 within %3 s."_s)
            .arg(m_config.name, pending->method, QString::number(ms / 1000.0));
    if (pending->method == "initialize"_L1 || pending->method == "tools/list"_L1) {
        fail(message);
        pending->done(Error{ErrorCode::Network, message});
        return;
    }
    notify(u"notifications/cancelled"_s, {{"requestId"_L1, id}, {"reason"_L1, u"timed out"_s}});
    pending->done(Error{ErrorCode::Network, message});
}

void McpClient::notify(const QString& method, const QJsonObject& params)
{
    QJsonObject message{{"jsonrpc"_L1, u"2.0"_s}, {"method"_L1, method}};
    if (!params.isEmpty())
        message.insert("params"_L1, params);
    if (m_transport)
        m_transport->send(message);
}

void McpClient::cancel(const QString& key, const QString& reason)
{
    qint64 requestId = 0;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value()->key == key)
            requestId = it.key();
    }
    const auto pending = m_pending.take(requestId);
    if (!pending) {
        m_cancelled.insert(key);
        return;
    }
    notify(u"notifications/cancelled"_s, {{"requestId"_L1, requestId}, {"reason"_L1, reason}});
    pending->done(Error{ErrorCode::Cancelled, reason});
}

void McpClient::onMessage(const QJsonObject& message)
{
    const QString method = message.value("method"_L1).toString();
    if (!method.isEmpty() && message.contains("id"_L1)) {
        answer(message.value("id"_L1), method, message.value("params"_L1).toObject());
        return;
    }
    if (!method.isEmpty()) {
        const QJsonObject params = message.value("params"_L1).toObject();
        if (method == "notifications/tools/list_changed"_L1) {
            if (m_state == State::Ready)
                listTools(QString(), {}, [this] { Q_EMIT toolsChanged(); });
        } else if (method == "notifications/progress"_L1) {
            const auto p = m_pending.value(params.value("progressToken"_L1).toInteger());
            if (p && p->progress) {
                p->timer->start(p->timeoutMs);
                p->progress(params);
            }
        } else if (method == "notifications/message"_L1) {
            qCInfo(lcMcp) << m_config.name << params.value("level"_L1).toString()
                          << params.value("data"_L1);
        }
        return;
    }
    const QJsonValue idValue = message.value("id"_L1);
    const auto p = m_pending.take(idValue.toInteger());
    if (!p) {
        qCInfo(lcMcp) << m_config.name
                      << "answered a request Tether no longer waits for:" << idValue;
        return;
    }
    p->timer->stop();
    if (message.contains("error"_L1)) {
        const QJsonObject e = message.value("error"_L1).toObject();
        p->done(Error{ErrorCode::Protocol,
                      u"The MCP server \"%1\" refused %2: %3 (%4)"_s.arg(
                          m_config.name, p->method, e.value("message"_L1).toString(),
                          QString::number(e.value("code"_L1).toInt()))});
    } else if (message.value("result"_L1).isObject()) {
        p->done(message.value("result"_L1).toObject());
    } else {
        p->done(
            Error{ErrorCode::Protocol,
                  u"The MCP server \"%1\" answered %2 with neither a result nor an error."_s.arg(
                      m_config.name, p->method)});
    }
}

void McpClient::answer(const QJsonValue& id, const QString& method, const QJsonObject& params)
{
    // The server asks something of us.
    auto reply = [this, id, t = QPointer<McpTransport>(m_transport.get())](const QString& key,
                                                                           const QJsonValue& v) {
        if (t && t == m_transport.get())
            t->send({{"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {key, v}});
    };
    if (method == "ping"_L1) {
        reply(u"result"_s, QJsonObject{});
        return;
    }
    if (method == "elicitation/create"_L1 && m_elicit) {
        Elicitation e;
        e.server = m_config.name;
        e.mode = params.value("mode"_L1).toString(u"form"_s);
        e.message = params.value("message"_L1).toString().left(4000);
        e.schema = params.value("requestedSchema"_L1).toObject();
        e.url = QUrl(params.value("url"_L1).toString());
        if (e.mode == "form"_L1 ||
            (e.mode == "url"_L1 && (e.url.scheme() == "https"_L1 || e.url.scheme() == "http"_L1))) {
            hold(true);
            QPointer<McpClient> self(this);
            m_elicit(e, [self, reply, schema = e.schema](const ElicitationAnswer& a) {
                if (!self)
                    return;
                self->hold(false);
                QJsonObject result{{"action"_L1, nameIn(ElicitActionNames, a.action)}};
                if (a.action == ElicitAction::Accept && !schema.isEmpty())
                    result.insert("content"_L1, a.content);
                reply(u"result"_s, result);
            });
            return;
        }
    }
    reply(u"error"_s, QJsonObject{{"code"_L1, -32601},
                                  {"message"_L1, u"Tether does not support %1."_s.arg(method)}});
}

void McpClient::fail(const QString& message)
{
    if (m_state == State::Failed)
        return;
    qCWarning(lcMcp) << m_config.name << message;
    m_state = State::Failed;
    m_error = message;
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->close();
        // Deleted later: this may run inside one of its own signals.
        m_transport.release()->deleteLater();
    }
    const auto pending = std::exchange(m_pending, {});
    for (const auto& p : pending)
        p->done(Error{ErrorCode::Network, message});
    Q_EMIT stateChanged();
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto& w : waiting)
        w();
}

void McpClient::stop()
{
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->close();
        m_transport.reset();
    }
    const auto pending = std::exchange(m_pending, {});
    for (const auto& p : pending)
        p->done(Error{ErrorCode::Cancelled, u"Tether stopped the server."_s});
    m_state = State::Idle;
}

} // namespace tether::engine
