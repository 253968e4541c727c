// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace tether::ui {

class ToolSession;

// Tools → Tool Servers: the MCP servers in the mcpServers format of Claude Desktop, Cursor and
// LM Studio (pasted whole, or one server at a time), each enabled or not, with its status and
// its tools; and the tools the user chose to always allow, each revocable. Changes apply at once:
// secrets go to the keychain, the servers that changed restart.
class ToolServersDialog : public QDialog {
    Q_OBJECT
public:
    ToolServersDialog(ToolSession& tools, QWidget* parent = nullptr);

    void addServer();
    void editServer();
    void removeServer();
    // Forgets the selected remote server's sign-in (its next use asks for one).
    void signOut();
    void pasteConfiguration();
    // Lists every enabled server's tools again, starting them if need be.
    void check();

private:
    void apply(const QList<engine::McpServerConfig>& servers);
    void showServers();
    void showSelected();
    void showAllowed();
    // The server editor: `json` one server's object (or a whole mcpServers file when `name` is
    // null); the servers it holds, or none when cancelled.
    std::optional<QList<engine::McpServerConfig>> edit(const QString& title, QString* name,
                                                       const QByteArray& json);

    ToolSession& m_tools;
    QList<engine::McpServerConfig> m_servers;
    QList<engine::ToolSpec> m_toolList;
    QList<engine::ToolServerStatus> m_statuses;
    bool m_checking = false;
    QListWidget* m_list;
    QLabel* m_status;
    QLabel* m_clearText; // the selected server sends its headers over http://
    QListWidget* m_serverTools;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_signOut;
    QListWidget* m_allowed;
    QPushButton* m_revoke;
};

} // namespace tether::ui
