#pragma once

#include "journal.h"
#include "types.h"

#include <QMainWindow>

#include <memory>

class QTimer;

class QLabel;
class QListView;
class QSplitter;
class QPlainTextEdit;
class QPushButton;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ConversationListModel;
class DemoServer;
class KeyStore;
struct ProviderProfile;
class MarkdownStream;
class SafeBrowser;

// A plain chat window: send a message, watch the reply stream in. The full UI comes later.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(engine::Engine& engine, engine::ProviderConfig provider, QWidget* parent = nullptr);
    ~MainWindow() override;

    void send();
    void stop();
    // Picks up replies a crash or a closed window cut off (if the setting allows, it does on
    // start), one after the other.
    void resumeInterrupted(const QList<qint64>& generations);
    void newConversation();
    void openSettings();
    // Uses `profile`; its key comes from the keychain (asynchronously) or the environment.
    void useProfile(const ProviderProfile& profile);
    void openConversation(qint64 id);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void appendBlock(const QString& heading, const QString& text);
    void setStreaming(bool streaming);
    void resumeNext();
    void showConversation(const engine::ConversationRecord& conversation);
    // The line under a reply: model, tokens, speed; or what went wrong, with Continue and
    // Regenerate.
    void appendFooter(const QString& model, engine::GenerationStatus status,
                      const engine::Timings& timings, const QString& error, qint64 generationId);
    void onInternalLink(const QUrl& url);

    engine::Engine& m_engine;
    engine::ProviderConfig m_provider;
    ConversationListModel* m_conversations;
    QListView* m_sidebar;
    QSplitter* m_splitter;
    SafeBrowser* m_transcript;
    std::unique_ptr<MarkdownStream> m_reply; // the assistant reply being streamed
    QTimer* m_frame;                         // coalesces tokens into one render per frame
    QPlainTextEdit* m_composer;
    QPushButton* m_sendButton;
    QPushButton* m_stopButton;
    QLabel* m_status;
    qint64 m_conversationId = 0;
    qint64 m_generationId = 0;
    quint64 m_nextTag = 1;
    quint64 m_pendingTag = 0;
    QList<qint64> m_resumeQueue;
    quint64 m_loadTag = 0;
    bool m_streamingResume = false; // the reply on screen continues one from the journal
    KeyStore* m_keys;
    DemoServer* m_demo = nullptr;
    QString m_profileId;       // the profile in use, empty for the one given at construction
    bool m_keyPending = false; // a send waits for the keychain
    bool m_sendWhenKeyArrives = false;
};

} // namespace tether::ui
