// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/mcpclient.h"

#include "engine/core/logging.h"
#include "engine/core/version.h"
#include "engine/mcp/auth/mcpauth.h"
#include "engine/mcp/legacysse.h"
#include "engine/mcp/stateless.h"

#include <QDateTime>

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
    watchTransport();
    Q_EMIT stateChanged();
    m_transport->open();
    // A sign-in kept in the keychain is read first: the first request carries its token.
    if (m_auth)
        m_auth->whenLoaded([this, t = m_transport.get()] {
            if (m_transport.get() == t)
                discover();
        });
    else
        discover();
}

void McpClient::watchTransport()
{
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
    connect(m_transport.get(), &McpTransport::oldHttpSuggested, this, [this] {
        // 2024-11-05's HTTP+SSE: the same initialize, on the transport of its day.
        qCInfo(lcMcp) << m_config.name << "refuses Streamable HTTP; trying HTTP+SSE (2024-11-05)";
        m_pending.clear();
        m_transport->disconnect(this);
        m_transport->close();
        m_transport.release()->deleteLater(); // inside its own signal
        m_transport = std::make_unique<LegacySseTransport>(m_config, m_nam, m_auth);
        watchTransport();
        m_transport->open();
        initialize();
    });
}

// "name version", as a server's Implementation object gives them.
QString McpClient::describe(const QJsonObject& info)
{
    return QString(info.value("name"_L1).toString() + u' ' + info.value("version"_L1).toString())
        .trimmed();
}

QJsonObject McpClient::capabilities()
{
    return {{"elicitation"_L1, QJsonObject{{"form"_L1, QJsonObject{}}, {"url"_L1, QJsonObject{}}}}};
}

void McpClient::discover()
{
    // The stateless revision first, as the SDKs do: a server that answers with its versions
    // speaks it; any other answer (an error, a refusal, silence) is an earlier one's.
    m_modern = false;
    sendRequest(u"server/discover"_s, stateless::withMeta({}, capabilities()),
                [this](Result<QJsonObject> r) {
                    if (m_state == State::Failed || !m_transport)
                        return; // unreachable, whatever its revision
                    const QJsonArray versions =
                        r ? r.value().value("supportedVersions"_L1).toArray() : QJsonArray();
                    if (!versions.contains(QString(stateless::Version))) {
                        initialize();
                        return;
                    }
                    m_modern = true;
                    m_version = stateless::Version;
                    m_serverInfo = describe(r.value()
                                                .value("_meta"_L1)
                                                .toObject()
                                                .value("io.modelcontextprotocol/serverInfo"_L1)
                                                .toObject());
                    m_transport->setProtocolVersion(m_version);
                    m_transport->setStateless(true);
                    listTools(QString(), {}, [this] { becomeReady(); });
                },
                std::min(m_config.timeoutMs, ProbeTimeoutMs), {});
}

void McpClient::initialize()
{
    const QJsonObject params{
        {"protocolVersion"_L1, QString(LatestVersion)},
        {"capabilities"_L1, capabilities()},
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
                    m_serverInfo = describe(r.value().value("serverInfo"_L1).toObject());
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
            // The stateless revision says how long the list stays fresh.
            const qint64 ttl = r.value().value("ttlMs"_L1).toInteger();
            m_toolsFreshUntil = m_modern && ttl > 0 ? QDateTime::currentMSecsSinceEpoch() + ttl : 0;
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
        sendWithInput(method, std::move(params), std::move(done), timeoutMs, std::move(progress),
                      key, 0, false);
    });
}

void McpClient::withFreshTools(std::function<void()> then)
{
    if (m_state != State::Ready || m_toolsFreshUntil == 0 ||
        QDateTime::currentMSecsSinceEpoch() < m_toolsFreshUntil) {
        then();
        return;
    }
    // Once, whether the listing works or the server fails meanwhile (fail() calls the waiting).
    auto once = std::make_shared<std::function<void()>>(std::move(then));
    auto call = [once] {
        if (*once)
            std::exchange(*once, {})();
    };
    m_waiting.append(call);
    listTools(QString(), {}, call);
}

void McpClient::sendWithInput(const QString& method, QJsonObject params, Done done, int timeoutMs,
                              Progress progress, const QString& key, int round, bool declined)
{
    auto retry = [this, method, params, done, timeoutMs, progress, key, round,
                  declined](Result<QJsonObject> r) mutable {
        if (!r || r.value().value("resultType"_L1).toString() != "input_required"_L1) {
            done(std::move(r));
            return;
        }
        if (round > 0 && declined) {
            done(Error{ErrorCode::Cancelled,
                       u"The MCP server \"%1\" asked again after its question was declined; "
                       "its %2 did not go on."_s.arg(m_config.name, method)});
            return;
        }
        if (round >= MaxInputRounds) {
            done(Error{ErrorCode::Protocol,
                       u"The MCP server \"%1\" asked for input %2 times for one %3; Tether "
                       "stopped asking."_s.arg(m_config.name)
                           .arg(MaxInputRounds)
                           .arg(method)});
            return;
        }
        // Ask what it asks, then send the same request again (a new id) with the answers and
        // its state, exactly as it gave it.
        const QJsonObject result = r.value();
        gatherInput(result.value("inputRequests"_L1).toObject(),
                    [this, method, params, result, done, timeoutMs, progress, key,
                     round](const QJsonObject& answers) mutable {
                        bool anyAccepted = answers.isEmpty();
                        for (const QJsonValue a : answers) {
                            const QString action = a.toObject().value("action"_L1).toString();
                            if (action == "cancel"_L1) {
                                // Cancel: the user wants none of it; nothing is sent again.
                                done(Error{ErrorCode::Cancelled,
                                           u"The question of the MCP server \"%1\" was "
                                           "cancelled; its %2 did not go on."_s.arg(m_config.name,
                                                                                    method)});
                                return;
                            }
                            anyAccepted = anyAccepted || action == "accept"_L1;
                        }
                        params.insert("inputResponses"_L1, answers);
                        if (result.contains("requestState"_L1))
                            params.insert("requestState"_L1, result.value("requestState"_L1));
                        else
                            params.remove("requestState"_L1);
                        sendWithInput(method, params, std::move(done), timeoutMs,
                                      std::move(progress), key, round + 1, !anyAccepted);
                    });
    };
    sendRequest(method, std::move(params), std::move(retry), timeoutMs, std::move(progress), key);
}

void McpClient::gatherInput(QJsonObject requests, std::function<void(QJsonObject)> then,
                            QJsonObject answers)
{
    if (requests.isEmpty()) {
        then(answers);
        return;
    }
    const QString key = requests.constBegin().key();
    const QJsonObject request = requests.take(key).toObject();
    const QJsonObject params = request.value("params"_L1).toObject();
    // Only elicitation is declared; anything else is not answered, and the server decides.
    if (request.value("method"_L1).toString() != "elicitation/create"_L1 || answers.size() >= 20) {
        gatherInput(std::move(requests), std::move(then), std::move(answers));
        return;
    }
    elicit(params, [this, requests, then, answers, key](const QJsonObject& answer) mutable {
        answers.insert(key, answer);
        gatherInput(std::move(requests), std::move(then), std::move(answers));
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
    if (m_modern)
        params = stateless::withMeta(std::move(params), capabilities());
    QJsonObject message{{"jsonrpc"_L1, u"2.0"_s}, {"id"_L1, id}, {"method"_L1, method}};
    if (!params.isEmpty())
        message.insert("params"_L1, params);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (m_modern || method == "server/discover"_L1) {
        QJsonObject schema;
        for (const ToolSpec& t : std::as_const(m_tools)) {
            if (t.tool == params.value("name"_L1).toString())
                schema = t.inputSchema;
        }
        headers = stateless::requestHeaders(message, schema);
        headers.append({"MCP-Protocol-Version", QByteArray(stateless::Version.data())});
    }
    m_transport->send(message, headers);
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
        elicit(params, [reply](const QJsonObject& result) { reply(u"result"_s, result); });
        return;
    }
    reply(u"error"_s, QJsonObject{{"code"_L1, -32601},
                                  {"message"_L1, u"Tether does not support %1."_s.arg(method)}});
}

void McpClient::elicit(const QJsonObject& params, std::function<void(QJsonObject)> answer)
{
    Elicitation e;
    e.server = m_config.name;
    e.mode = params.value("mode"_L1).toString(u"form"_s);
    e.message = params.value("message"_L1).toString().left(4000);
    e.schema = params.value("requestedSchema"_L1).toObject();
    e.url = QUrl(params.value("url"_L1).toString());
    const bool web = e.url.scheme() == "https"_L1 || e.url.scheme() == "http"_L1;
    if (!m_elicit || (e.mode != "form"_L1 && (e.mode != "url"_L1 || !web))) {
        answer({{"action"_L1, u"decline"_s}});
        return;
    }
    hold(true);
    QPointer<McpClient> self(this);
    m_elicit(e, [self, answer, schema = e.schema](const ElicitationAnswer& a) {
        if (!self)
            return;
        self->hold(false);
        QJsonObject result{{"action"_L1, nameIn(ElicitActionNames, a.action)}};
        if (a.action == ElicitAction::Accept && !schema.isEmpty())
            result.insert("content"_L1, a.content);
        answer(result);
    });
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
