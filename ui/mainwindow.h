// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QMainWindow>

class QLabel;
class QSplitter;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ArchiveActions;
class Composer;
class ConversationHeader;
class ConversationView;
class GenerationTracker;
class KeyStore;
class ProviderSession;
class Sidebar;
class SyncSession;
class SyncStatus;
class ToolApprovalPanel;
class ToolSession;
struct LiveReply;
struct ProviderProfile;

// The chat window: assembles the sidebar, the conversation on screen, the composer and the
// status line, and wires them to the replies under way. Any number of conversations may stream
// at once; the one on screen renders live, the others show their state in the sidebar.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(engine::Engine& engine, engine::ProviderConfig provider, QWidget* parent = nullptr);
    ~MainWindow() override;

    void send();
    void stop();
    // Picks up replies a crash or a closed window cut off (if the setting allows, it does on
    // start); while offline they wait for the network.
    void resumeInterrupted(const QList<qint64>& generations);
    void newConversation();
    void openSettings();
    // Tools → Tool Servers: MCP servers, their tools, and the tools always allowed.
    void openToolServers();
    // Settings → Sync: the WebDAV folder, its password and the passphrase.
    void openSync();
    SyncSession* sync() const { return m_sync; }
    ToolSession* tools() const { return m_tools; }
    // Uses `profile`; its key comes from the keychain (asynchronously) or the environment.
    void useProfile(const ProviderProfile& profile);
    void openConversation(qint64 id);
    // Opens the conversation scrolled to one of its messages (a search result).
    void openConversationAt(qint64 id, qint64 messageId);
    // Full-text search of every message; an empty query shows the conversations again.
    void search(const QString& query);
    void importFile(const QString& path);
    void exportConversations(const QList<qint64>& ids, const QString& path);
    // Fed by QNetworkInformation where a backend exists. Offline, new messages are stored and
    // wait; back online, everything waiting starts.
    void setOnline(bool online);
    // Whether a server on this machine (Ollama, the demo) is used while offline; on by default.
    void setLocalServersIgnoreOffline(bool ignore) { m_localIgnoresOffline = ignore; }
    void renameConversation(qint64 id);
    // The conversation leaves the list at once; the journal forgets it when the Undo offer ends.
    void deleteConversation(qint64 id);
    void undoDelete();
    // Enter sends and Shift+Enter is a new line; or Ctrl+Enter sends and Enter is a new line.
    void setEnterSends(bool enterSends);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void buildActions();
    void connectParts();
    void resume(qint64 generationId, engine::ContinuationMode mode);
    // Sends it, with the enabled servers' tools when there are any (listed first, once), and
    // follows the tool loop the reply may start.
    void dispatch(engine::SendRequest request);
    void start(const engine::SendRequest& request);
    // A new alternative of this reply, sent with the same history.
    void regenerate(qint64 messageId);
    // The provider to send through now, the header's model on it; none (and the user told why)
    // while the key is still coming from the keychain or a clear-text send awaits consent.
    std::optional<engine::ProviderConfig> providerForSending();
    void startEdit(qint64 messageId);
    void showTimeline(qint64 generationId);
    // A key about to go out over http:// beyond this machine and the user's network.
    void askToSendInClearText(const QString& consentKey);
    void askToResumeAtOldAddress(qint64 generationId, const engine::GenerationRoute& route);
    void onRefused(const LiveReply& live, const engine::Error& error);
    void onFinished(const LiveReply& live, const engine::GenerationFinished& result, bool waiting);
    void showLiveState();
    // Other devices changed these conversations: the list and the one on screen show it.
    void onSynced(const QList<qint64>& ids);
    void updateControls();
    void clearReplyStats();

    engine::Engine& m_engine;
    KeyStore* m_keys;
    ProviderSession* m_session;
    Sidebar* m_sidebar;
    GenerationTracker* m_tracker;
    ConversationView* m_view;
    ConversationHeader* m_header;
    Composer* m_composer;
    QLabel* m_status;
    ArchiveActions* m_archive;
    ToolSession* m_tools;
    ToolApprovalPanel* m_approval;
    SyncSession* m_sync;
    SyncStatus* m_syncStatus;
    bool m_preparing = false;               // a send waits for the tool servers' lists
    engine::SendRequest m_preparingRequest; // given back to the composer if the user stops it
    quint64 m_prepareToken = 0;
    QSplitter* m_splitter = nullptr;
    bool m_localIgnoresOffline = true;
    bool m_sendWhenKeyArrives = false;
    bool m_showResumed = false; // the first reply resumed at start is shown
    QString m_replyStats;       // the last reply's figures, as the status line shows them
};

} // namespace tether::ui
