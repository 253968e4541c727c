// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QHash>
#include <QObject>

class QNetworkAccessManager;

namespace tether::engine {

class McpClient;

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

Q_SIGNALS:
    void toolsListed(quint64 requestId, const QList<tether::engine::ToolSpec>& tools,
                     const QList<tether::engine::ToolServerStatus>& status);
    void toolCalled(quint64 requestId, const tether::engine::ToolOutcome& outcome);
    // A server's tool list changed (list_changed): the offered tools should be listed again.
    void toolsChanged(const QString& server);

private:
    McpClient* client(const QString& name);
    QNetworkAccessManager* nam();

    QList<McpServerConfig> m_config;
    QHash<QString, McpClient*> m_clients;
    QHash<QString, QString> m_callServer; // stable id -> server, while a call runs
    QNetworkAccessManager* m_nam = nullptr;
};

} // namespace tether::engine
