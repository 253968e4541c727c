// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace tether::engine {

class McpClient;
class SecretStore;

// The worker on the "tether-tools" thread: owns every MCP server connection. Servers start
// when first needed and stop with the engine (or when their configuration changes). Reached
// only through queued calls; answers with the request's number (see Engine).
class ToolHost : public QObject {
    Q_OBJECT
public:
    ToolHost();
    ~ToolHost() override;

    void configure(const QList<tether::engine::McpServerConfig>& servers);
    // The tools of `servers` by name (empty: every enabled one), qualified for the model; a
    // server that cannot be reached is in `status` with its error, and the others still answer.
    void listTools(quint64 requestId, const QStringList& servers);
    // tools/call with `arguments` (JSON text as the model wrote it) and Tether's stable id in
    // `_meta`.
    void callTool(quint64 requestId, const QString& server, const QString& tool,
                  const QString& arguments, const QString& stableId);
    void cancelCall(const QString& stableId);
    // Where sign-ins are kept (the keychain); before any server is used.
    void setSecretStore(std::shared_ptr<tether::engine::SecretStore> store);
    // Signs in to an HTTP server whether or not it asked (tether-cli mcp login), or forgets its
    // sign-in.
    void signIn(quint64 requestId, const QString& server);
    void signOut(quint64 requestId, const QString& server);
    void cancelSignIn(const QString& server);
    void answerElicitation(quint64 id, const tether::engine::ElicitationAnswer& answer);

Q_SIGNALS:
    void toolsListed(quint64 requestId, const QList<tether::engine::ToolSpec>& tools,
                     const QList<tether::engine::ToolServerStatus>& status);
    void toolCalled(quint64 requestId, const tether::engine::ToolOutcome& outcome);
    // A server's tool list changed (list_changed): the offered tools should be listed again.
    void toolsChanged(const QString& server);
    // A server needs the user to sign in in the browser; `again`: a sign-in it no longer takes.
    void signInRequested(const QString& server, const QUrl& url, bool again);
    void signedIn(quint64 requestId, const tether::engine::Error& error);
    void signInEnded(const QString& server, const QString& error);
    // A server asks the user something; answerElicitation() with its id. Unanswered after
    // limits::MaxSignInMs it is cancelled.
    void elicitationRequested(const tether::engine::Elicitation& request);

private:
    McpClient* client(const QString& name);
    QNetworkAccessManager* nam();

    QList<McpServerConfig> m_config;
    QHash<QString, McpClient*> m_clients;
    QHash<QString, QString> m_callServer; // stable id -> server, while a call runs
    QNetworkAccessManager* m_nam = nullptr;
    std::shared_ptr<SecretStore> m_secrets;
    QHash<quint64, std::function<void(ElicitationAnswer)>> m_elicitations;
    quint64 m_lastElicitation = 0;
};

} // namespace tether::engine
