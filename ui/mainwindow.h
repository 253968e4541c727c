// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "journal.h"
#include "types.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMainWindow>

#include <memory>

class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QProgressDialog;
class QSplitter;
class QStackedWidget;
class QTimer;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ConversationListModel;
class DemoServer;
class KeyStore;
class MarkdownStream;
class ResumeRouter;
struct ProviderProfile;
class SearchResultsModel;
class Transcript;

// The chat window: conversations on the left, the shown one on the right. Any number of
// conversations may stream at once; the one on screen renders live, the others show their state
// in the sidebar and pick up live rendering when opened.
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
    // Uses `profile`; its key comes from the keychain (asynchronously) or the environment.
    void useProfile(const ProviderProfile& profile);
    void openConversation(qint64 id);
    // Opens the conversation scrolled to one of its messages (a search result).
    void openConversationAt(qint64 id, qint64 messageId);
    // Full-text search of every message; an empty query shows the conversations again.
    void search(const QString& query);
    // File ▸ Import: a ChatGPT export (.zip or conversations.json) or a Tether JSON export,
    // read on the engine's archive thread with a progress dialog.
    void importFile(const QString& path);
    // File ▸ Export: `ids` empty is everything; Markdown or JSON by the file's extension.
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
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    // A send or resume from the moment it is asked for until its generation ends.
    struct Live {
        quint64 tag = 0;
        qint64 conversationId = 0;
        qint64 generationId = 0;
        QString text;            // the user's text, given back to the composer if the send fails
        bool reload = false;     // show the conversation again from the journal when it ends
        bool deferred = false;   // stored offline, waits for the network
        QElapsedTimer retryWait; // running while a retry is scheduled
        qint64 retryDelayMs = 0;
        QString retryWhy;
    };

    void buildUi();
    void buildMenus();
    void updatePlaceholder();
    void connectEngine();
    void showConversation(const engine::ConversationRecord& conversation);
    void renderShown();
    void showEarlier();
    void onAction(const QString& action, qint64 id);
    // `asked`: the user chose Continue or Regenerate (not the start-up or back-online resume).
    void resumeGeneration(qint64 generationId, engine::ContinuationMode mode, bool asked = false);
    void resumeThrough(qint64 generationId, engine::ProviderConfig provider);
    // A key about to go out over http:// beyond this machine and the user's network.
    void askToSendInClearText(const QString& consentKey);
    void onProfileGone(qint64 generationId, const engine::GenerationRoute& route);
    void startEdit(qint64 messageId);
    void showTimeline(qint64 generationId);
    void commitPendingDelete();

    Live* liveOf(qint64 generationId);
    // The send or resume running in the conversation on screen, if any.
    const Live* liveInView() const;
    bool inView(const Live& live) const;
    QString liveState(const Live& live) const;
    void refreshLiveState();
    void updateControls();

    engine::Engine& m_engine;
    engine::ProviderConfig m_provider;
    ConversationListModel* m_conversations;
    QLineEdit* m_search;
    QTimer* m_searchDelay; // one query per pause in typing
    quint64 m_searchTag = 0;
    SearchResultsModel* m_results;
    QListView* m_resultsView;
    QStackedWidget* m_sideStack;
    QListView* m_sidebar;
    QSplitter* m_splitter;
    Transcript* m_transcript;
    std::unique_ptr<MarkdownStream> m_reply; // the reply streaming on screen
    qint64 m_replyGeneration = 0;
    QTimer* m_frame; // coalesces tokens into one render per frame
    QTimer* m_tick;  // counts down "reconnecting in N s"
    QPlainTextEdit* m_composer;
    QPushButton* m_sendButton;
    QPushButton* m_stopButton;
    QLabel* m_status;
    QWidget* m_undoBar;
    QLabel* m_undoLabel;
    QTimer* m_undoTimer;
    qint64 m_pendingDelete = 0;
    qint64 m_scrollToMessage = 0;       // once the conversation being opened is shown
    engine::ConversationRecord m_shown; // the conversation on screen, as last loaded
    qsizetype m_shownFrom = 0;          // its first message rendered
    quint64 m_importTag = 0;
    QProgressDialog* m_importProgress = nullptr;
    quint64 m_exportTag = 0;

    QHash<quint64, Live> m_live; // by tag
    qint64 m_conversationId = 0; // on screen; 0 is a new chat
    quint64 m_newChatTag = 0;    // the send that creates the new chat on screen
    quint64 m_nextTag = 1;
    quint64 m_loadTag = 0;
    qint64 m_editing = 0; // the user message the composer replaces
    bool m_online = true;
    bool m_localIgnoresOffline = true;
    bool m_enterSends = true;
    QList<qint64> m_waiting; // generations waiting for the network
    KeyStore* m_keys;
    ResumeRouter* m_router;
    struct Routing {
        engine::ContinuationMode mode = engine::ContinuationMode::Auto;
        bool asked = false;
    };
    QHash<qint64, Routing> m_routing; // resumes waiting for their provider, by generation
    QString m_profileId;              // the profile in use, empty for the one given at construction
    bool m_keyPending = false;        // a send waits for the keychain
    bool m_sendWhenKeyArrives = false;
};

} // namespace tether::ui
