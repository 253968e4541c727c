// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/toolhost.h"

#include "engine/mcp/auth/mcpauth.h"
#include "engine/mcp/mcpclient.h"

#include <QTimer>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

ToolHost::ToolHost() = default;

ToolHost::~ToolHost()
{
    // Stops every server here, on the tools thread: a stdio server gets its stdin closed and
    // a moment to exit.
    qDeleteAll(m_clients);
}

QNetworkAccessManager* ToolHost::nam()
{
    if (!m_nam)
        m_nam = new QNetworkAccessManager(this); // on this thread
    return m_nam;
}

void ToolHost::configure(const QList<McpServerConfig>& servers)
{
    for (auto it = m_clients.begin(); it != m_clients.end();) {
        const auto now = findServer(servers, it.key());
        if (!now || !(*now == it.value()->config())) {
            delete it.value();
            it = m_clients.erase(it);
        } else {
            ++it;
        }
    }
    m_config = servers;
}

McpClient* ToolHost::client(const QString& name)
{
    if (McpClient* c = m_clients.value(name))
        return c;
    const auto config = findServer(m_config, name);
    if (!config)
        return nullptr;
    auto* c = new McpClient(*config, nam(), m_secrets.get(), this);
    connect(c, &McpClient::toolsChanged, this, [this, name] { Q_EMIT toolsChanged(name); });
    connect(c, &McpClient::signInRequested, this, [this, name](const QUrl& url, bool again) {
        Q_EMIT signInRequested(name, url, again);
    });
    if (c->auth())
        connect(c->auth(), &McpAuth::signInEnded, this,
                [this, name](const QString& error) { Q_EMIT signInEnded(name, error); });
    c->setElicitationHandler([this](Elicitation e, std::function<void(ElicitationAnswer)> respond) {
        e.id = ++m_lastElicitation;
        m_elicitations.insert(e.id, std::move(respond));
        QTimer::singleShot(limits::MaxSignInMs, this, [this, id = e.id] {
            answerElicitation(id, {ElicitAction::Cancel, {}});
        });
        Q_EMIT elicitationRequested(e);
    });
    m_clients.insert(name, c);
    return c;
}

void ToolHost::listTools(quint64 requestId, const QStringList& servers)
{
    QStringList names = servers;
    if (names.isEmpty()) {
        for (const McpServerConfig& c : std::as_const(m_config)) {
            if (c.enabled)
                names.append(c.name);
        }
    }
    struct Gather {
        QList<ToolSpec> tools;
        QList<ToolServerStatus> status;
        qsizetype left = 0;
    };
    auto gather = std::make_shared<Gather>();
    gather->left = names.size();
    auto finish = [this, requestId, gather] {
        if (--gather->left > 0)
            return;
        // In the order the servers were asked, whatever order they answered in.
        Q_EMIT toolsListed(requestId, qualifyTools(gather->tools), gather->status);
    };
    if (names.isEmpty()) {
        Q_EMIT toolsListed(requestId, {}, {});
        return;
    }
    for (const QString& name : std::as_const(names)) {
        McpClient* c = client(name);
        if (!c) {
            gather->status.append(
                {name, false, u"There is no MCP server \"%1\"."_s.arg(name), QString(), 0});
            finish();
            continue;
        }
        c->whenReady([c, name, gather, finish] {
            // A stateless server's list goes stale after its ttlMs.
            c->withFreshTools([c, name, gather, finish] {
                ToolServerStatus s{name, c->state() == McpClient::State::Ready, c->error(),
                                   c->serverInfo(), int(c->tools().size())};
                gather->status.append(s);
                if (s.ok)
                    gather->tools.append(c->tools());
                finish();
            });
        });
    }
}

void ToolHost::callTool(quint64 requestId, const QString& server, const QString& tool,
                        const QString& arguments, const QString& stableId)
{
    McpClient* c = client(server);
    if (!c) {
        Q_EMIT toolCalled(requestId,
                          ToolOutcome{false,
                                      {},
                                      Error{ErrorCode::NotFound,
                                            u"There is no MCP server \"%1\"."_s.arg(server)}});
        return;
    }
    QJsonParseError e;
    const QJsonDocument args =
        QJsonDocument::fromJson(arguments.trimmed().isEmpty() ? "{}"_ba : arguments.toUtf8(), &e);
    if (!args.isObject()) {
        Q_EMIT toolCalled(
            requestId,
            ToolOutcome{false,
                        {},
                        Error{ErrorCode::Usage,
                              u"The arguments are not a JSON object: %1"_s.arg(
                                  e.error == QJsonParseError::NoError ? u"not an object"_s
                                                                      : e.errorString())}});
        return;
    }
    QJsonObject params{{"name"_L1, tool}, {"arguments"_L1, args.object()}};
    if (!stableId.isEmpty()) {
        // A server that keeps track can tell a repeated call from a new one.
        params.insert("_meta"_L1, QJsonObject{{"tether/toolCallId"_L1, stableId}});
        m_callServer.insert(stableId, server);
    }
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    c->request(
        u"tools/call"_s, params,
        [this, requestId, stableId, timer](Result<QJsonObject> r) {
            m_callServer.remove(stableId);
            ToolOutcome out;
            out.durationMs = timer->elapsed();
            out.ok = r.ok();
            if (r)
                out.result = r.value();
            else
                out.error = r.error();
            Q_EMIT toolCalled(requestId, out);
        },
        0, [](const QJsonObject&) {}, stableId);
}

void ToolHost::setSecretStore(std::shared_ptr<SecretStore> store)
{
    m_secrets = std::move(store);
}

void ToolHost::signIn(quint64 requestId, const QString& server)
{
    McpClient* c = client(server);
    if (!c || !c->auth()) {
        Q_EMIT signedIn(
            requestId,
            Error{ErrorCode::Usage, c ? u"The MCP server \"%1\" runs on this computer; it has no "
                                        "sign-in."_s.arg(server)
                                      : u"There is no MCP server \"%1\"."_s.arg(server)});
        return;
    }
    McpAuth* auth = c->auth();
    auth->whenLoaded([this, auth, requestId] {
        auth->signIn([this, requestId](Result<void> r) { Q_EMIT signedIn(requestId, r.error()); });
    });
}

void ToolHost::signOut(quint64 requestId, const QString& server)
{
    McpClient* c = client(server);
    if (!c || !c->auth()) {
        Q_EMIT signedIn(requestId, {});
        return;
    }
    c->stop();
    McpAuth* auth = c->auth();
    auth->whenLoaded([this, auth, requestId] {
        auth->signOut([this, requestId] { Q_EMIT signedIn(requestId, {}); });
    });
}

void ToolHost::cancelSignIn(const QString& server)
{
    if (McpClient* c = m_clients.value(server); c && c->auth())
        c->auth()->cancel();
}

void ToolHost::answerElicitation(quint64 id, const ElicitationAnswer& answer)
{
    if (const auto respond = m_elicitations.take(id))
        respond(answer);
}

void ToolHost::cancelCall(const QString& stableId)
{
    if (McpClient* c = m_clients.value(m_callServer.value(stableId)))
        c->cancel(stableId, u"The user stopped the reply."_s);
}

} // namespace tether::engine
