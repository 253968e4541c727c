#include "mainwindow.h"

#include "conversationlistmodel.h"
#include "demoserver.h"
#include "engine.h"
#include "keystore.h"
#include "markdownstream.h"
#include "providerprofiles.h"
#include "safebrowser.h"
#include "settingsdialog.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

MainWindow::~MainWindow() = default;

MainWindow::MainWindow(Engine& engine, ProviderConfig provider, QWidget* parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_provider(std::move(provider))
    , m_conversations(new ConversationListModel(engine, this))
    , m_sidebar(new QListView(this))
    , m_transcript(new SafeBrowser(this))
    , m_frame(new QTimer(this))
    , m_composer(new QPlainTextEdit(this))
    , m_sendButton(new QPushButton(tr("Send"), this))
    , m_stopButton(new QPushButton(tr("Stop"), this))
    , m_status(new QLabel(this))
    , m_keys(new KeyStore(this))
{
    setWindowTitle(tr("Tether"));
    m_transcript->setAccessibleName(tr("Conversation"));
    // Tokens arrive in bursts; the document is updated at most once per frame.
    m_frame->setSingleShot(true);
    m_frame->setInterval(16);
    connect(m_frame, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_reply->flush();
            m_transcript->ensureCursorVisible();
        }
    });
    m_composer->setPlaceholderText(
        tr("Message %1 (Enter to send, Shift+Enter for a new line)").arg(m_provider.model));
    m_composer->setAccessibleName(tr("Message"));
    m_composer->setMaximumHeight(120);
    m_stopButton->setEnabled(false);
    // Long messages (a server's error) must not push the layout around: they are cut.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setTextFormat(Qt::PlainText);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_sendButton);
    auto* chat = new QVBoxLayout;
    chat->setContentsMargins(0, 0, 0, 0);
    chat->addWidget(m_transcript, 1);
    chat->addWidget(m_composer);
    chat->addLayout(buttons);
    auto* chatPane = new QWidget(this);
    chatPane->setLayout(chat);

    auto* newChat = new QPushButton(tr("New chat"), this);
    newChat->setObjectName(u"newChat"_s);
    newChat->setShortcut(QKeySequence::New);
    newChat->setToolTip(
        tr("New chat (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_sidebar->setModel(m_conversations);
    m_sidebar->setObjectName(u"conversations"_s);
    m_sidebar->setAccessibleName(tr("Conversations"));
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setTextElideMode(Qt::ElideRight);
    auto* side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(newChat);
    side->addWidget(m_sidebar, 1);
    auto* sidePane = new QWidget(this);
    sidePane->setLayout(side);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(sidePane);
    m_splitter->addWidget(chatPane);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({220, 640});
    setCentralWidget(m_splitter);
    resize(900, 620);
    // UI state lives in QSettings; data lives in the journal.
    const QSettings state;
    restoreGeometry(state.value(u"window/geometry"_s).toByteArray());
    m_splitter->restoreState(state.value(u"window/splitter"_s).toByteArray());
    m_composer->setFocus();
    m_transcript->setObjectName(u"transcript"_s);
    m_composer->setObjectName(u"composer"_s);
    m_status->setObjectName(u"status"_s);
    m_sendButton->setObjectName(u"send"_s);
    m_stopButton->setObjectName(u"stop"_s);

    auto* settings = new QPushButton(tr("Providers…"), this);
    settings->setObjectName(u"settings"_s);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    side->addWidget(settings);
    connect(settings, &QPushButton::clicked, this, &MainWindow::openSettings);
    connect(m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& key, KeyStore::Outcome outcome,
                   const QString& message) {
                if (id != m_profileId)
                    return;
                m_keyPending = false;
                m_provider.apiKey = key;
                if (outcome != KeyStore::Outcome::Ok && outcome != KeyStore::Outcome::NotFound)
                    m_status->setText(tr("The keychain could not give the key: %1").arg(message));
                if (std::exchange(m_sendWhenKeyArrives, false))
                    send();
            });
    connect(m_transcript, &SafeBrowser::internalLinkActivated, this, &MainWindow::onInternalLink);
    connect(newChat, &QPushButton::clicked, this, &MainWindow::newConversation);
    connect(m_sidebar, &QListView::activated, this, [this](const QModelIndex& index) {
        openConversation(index.data(ConversationListModel::IdRole).toLongLong());
    });
    connect(m_sidebar, &QListView::clicked, this, [this](const QModelIndex& index) {
        openConversation(index.data(ConversationListModel::IdRole).toLongLong());
    });
    connect(&m_engine, &Engine::conversationLoaded, this,
            [this](quint64 tag, const ConversationRecord& c) {
                if (tag == m_loadTag)
                    showConversation(c);
            });
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::send);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stop);
    m_composer->installEventFilter(this);
    auto* stopShortcut = new QAction(this);
    stopShortcut->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(stopShortcut, &QAction::triggered, this, &MainWindow::stop);
    addAction(stopShortcut);

    connect(&m_engine, &Engine::ready, this, [this](const QList<qint64>& resumable) {
        if (QSettings().value(u"engine/resumeOnStart"_s, true).toBool())
            resumeInterrupted(resumable);
    });
    connect(&m_engine, &Engine::retryScheduled, this, [this](const RetryInfo& r) {
        if (r.generationId != m_generationId)
            return;
        QString text = tr("Reconnecting in %1 s (attempt %2 of %3): %4")
                           .arg(double(r.delayMs) / 1000.0, 0, 'f', 1)
                           .arg(r.nextAttempt)
                           .arg(r.maxAttempts)
                           .arg(r.cause);
        if (r.rateLimit.remainingRequests >= 0)
            text += tr(" · %1 of %2 requests left")
                        .arg(r.rateLimit.remainingRequests)
                        .arg(r.rateLimit.limitRequests);
        m_status->setText(text);
    });
    connect(&m_engine, &Engine::attemptStarted, this, [this](const AttemptStarted& a) {
        if (a.generationId == m_generationId && a.attempt > 1)
            m_status->setText(tr("Resuming (attempt %1)…").arg(a.attempt));
    });
    connect(&m_engine, &Engine::openFailed, this, [this](const Error& e) {
        m_status->setText(tr("Cannot open the journal: %1").arg(e.message));
        m_sendButton->setEnabled(false);
    });
    connect(&m_engine, &Engine::sendFailed, this, [this](quint64 tag, const Error& e) {
        if (tag != m_pendingTag)
            return;
        m_status->setText(e.message);
        setStreaming(false);
        resumeNext();
    });
    connect(&m_engine, &Engine::generationStarted, this, [this](const GenerationStarted& s) {
        if (s.tag != m_pendingTag)
            return;
        m_conversationId = s.conversationId;
        m_generationId = s.generationId;
        m_streamingResume = s.userMessageId == 0;
        appendBlock(s.userMessageId ? tr("Assistant") : tr("Assistant (resumed)"), QString());
        m_reply = std::make_unique<MarkdownStream>(m_transcript->document());
        m_status->setText(tr("Streaming…"));
    });
    connect(&m_engine, &Engine::chunksAdded, this, [this](const ChunkBatch& b) {
        if (b.generationId == m_generationId && m_reply) {
            m_reply->append(b.text + b.refusal);
            if (!m_frame->isActive())
                m_frame->start();
        }
    });
    connect(&m_engine, &Engine::generationFinished, this, [this](const GenerationFinished& f) {
        if (f.generationId != m_generationId)
            return;
        m_frame->stop();
        if (m_reply) {
            m_reply->finish();
            m_reply.reset();
        }
        if (f.status == GenerationStatus::Completed) {
            m_status->setText(tr("%1 tokens · first token after %2 ms · %3 tokens/s")
                                  .arg(f.timings.outputTokens)
                                  .arg(f.timings.firstTokenMs)
                                  .arg(f.timings.tokensPerSecond, 0, 'f', 1));
        } else {
            m_status->setText(statusName(f.status) + u": "_s + f.error.message);
        }
        if (m_streamingResume && f.conversationId == m_conversationId) {
            // Show the whole reply again, as one message, from the journal.
            m_conversationId = 0;
            openConversation(f.conversationId);
        } else if (f.conversationId == m_conversationId) {
            appendFooter(m_provider.model, f.status, f.timings, f.error.message, f.generationId);
        }
        m_streamingResume = false;
        setStreaming(false);
        resumeNext();
    });
}

void MainWindow::useProfile(const ProviderProfile& profile)
{
    m_profileId = profile.id;
    m_provider = profile.config;
    m_composer->setPlaceholderText(
        tr("Message %1 (Enter to send, Shift+Enter for a new line)").arg(m_provider.model));
    if (profile.preset == "demo"_L1) {
        if (!m_demo)
            m_demo = new DemoServer(this);
        if (!m_demo->start()) {
            m_status->setText(tr("The demo could not start a local server."));
            return;
        }
        m_provider.baseUrl = m_demo->baseUrl();
        m_provider.model = DemoServer::model();
        m_provider.apiKey.clear();
        m_keyPending = false;
        m_composer->setPlaceholderText(
            tr("Try the demo: send anything (Enter). Add a real provider in Providers…"));
        return;
    }
    if (profile.fromEnvironment) {
        m_provider.apiKey = ProviderConfig::fromEnvironment().apiKey;
        m_keyPending = false;
        return;
    }
    m_keyPending = true;
    m_keys->read(profile.id); // never blocks: a locked keychain may take its time
}

void MainWindow::openSettings()
{
    ProviderProfiles profiles;
    profiles.load();
    SettingsDialog dialog(profiles, *m_keys, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.profiles().save();
    useProfile(dialog.profiles().current());
}

void MainWindow::appendFooter(const QString& model, GenerationStatus status, const Timings& timings,
                              const QString& error, qint64 generationId)
{
    QStringList parts;
    if (!model.isEmpty())
        parts << model.toHtmlEscaped();
    if (status == GenerationStatus::Completed) {
        if (timings.outputTokens > 0)
            parts << tr("%1 tokens").arg(timings.outputTokens);
        if (timings.firstTokenMs >= 0)
            parts << tr("first token %1 ms").arg(timings.firstTokenMs);
        if (timings.tokensPerSecond > 0)
            parts << tr("%1 tokens/s").arg(timings.tokensPerSecond, 0, 'f', 1);
    } else {
        const QString id = QString::number(generationId);
        QString what = status == GenerationStatus::Cancelled     ? tr("Stopped")
                       : status == GenerationStatus::Interrupted ? tr("Interrupted")
                                                                 : tr("Failed");
        if (!error.isEmpty())
            what += u": "_s + error.toHtmlEscaped();
        parts << what;
        parts << u"<a href=\"tether:continue?generation=%1\">%2</a>"_s.arg(id, tr("Continue"));
        parts << u"<a href=\"tether:regenerate?generation=%1\">%2</a>"_s.arg(id, tr("Regenerate"));
    }
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertHtml(
        u"<span style=\"color:gray; font-size:small\">%1</span>"_s.arg(parts.join(u" · "_s)));
}

void MainWindow::onInternalLink(const QUrl& url)
{
    const qint64 generationId = QUrlQuery(url).queryItemValue(u"generation"_s).toLongLong();
    if (generationId <= 0 || m_pendingTag)
        return;
    ProviderConfig provider = m_provider;
    provider.baseUrl = QUrl(); // the journaled provider, with this profile's key
    provider.model.clear();
    if (url.path() == "regenerate"_L1)
        provider.continuation = ContinuationMode::Restart;
    else if (url.path() != "continue"_L1)
        return;
    m_pendingTag = m_nextTag++;
    setStreaming(true);
    m_status->setText(url.path() == "regenerate"_L1 ? tr("Regenerating…") : tr("Continuing…"));
    m_engine.resume(m_pendingTag, generationId, provider);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::newConversation()
{
    m_conversationId = 0;
    m_reply.reset();
    m_transcript->clear();
    m_sidebar->clearSelection();
    m_composer->setFocus();
}

void MainWindow::openConversation(qint64 id)
{
    if (id <= 0 || id == m_conversationId)
        return;
    m_conversationId = id;
    m_reply.reset(); // a reply still streaming goes on in the journal, just not on screen
    m_loadTag = m_nextTag++;
    m_engine.loadConversation(m_loadTag, id);
}

void MainWindow::showConversation(const ConversationRecord& conversation)
{
    m_transcript->clear();
    for (const MessageRecord& m : conversation.messages) {
        if (m.role == "user"_L1) {
            appendBlock(tr("You"), m.content);
        } else if (m.role == "assistant"_L1) {
            QString heading = tr("Assistant");
            if (m.status != GenerationStatus::Completed)
                heading += u" · "_s + statusName(m.status);
            appendBlock(heading, QString());
            MarkdownStream rendered(m_transcript->document());
            rendered.append(m.content.isEmpty() ? m.refusal : m.content);
            rendered.finish();
            if (m.generationId)
                appendFooter(m.model, m.status, m.timings, m.error, m.generationId);
        }
    }
    m_transcript->moveCursor(QTextCursor::End);
    m_transcript->ensureCursorVisible();
    m_composer->setFocus();
}

void MainWindow::resumeInterrupted(const QList<qint64>& generations)
{
    m_resumeQueue += generations;
    if (!m_pendingTag)
        resumeNext();
}

void MainWindow::resumeNext()
{
    if (m_pendingTag || m_resumeQueue.isEmpty())
        return;
    m_pendingTag = m_nextTag++;
    setStreaming(true);
    m_status->setText(tr("Resuming an interrupted reply…"));
    ProviderConfig provider = m_provider;
    provider.baseUrl = QUrl(); // the journaled provider, with this profile's key
    provider.model.clear();
    m_engine.resume(m_pendingTag, m_resumeQueue.takeFirst(), provider);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_composer && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !(key->modifiers() & Qt::ShiftModifier)) {
            send();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_pendingTag) {
            stop();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::send()
{
    const QString text = m_composer->toPlainText().trimmed();
    if (text.isEmpty() || m_pendingTag)
        return;
    if (m_keyPending) {
        m_sendWhenKeyArrives = true;
        m_status->setText(tr("Waiting for the keychain…"));
        return;
    }
    m_composer->clear();
    appendBlock(tr("You"), text);
    SendRequest request;
    request.conversationId = m_conversationId;
    request.userText = text;
    request.provider = m_provider;
    m_pendingTag = m_nextTag++;
    setStreaming(true);
    m_status->setText(tr("Sending…"));
    m_engine.send(m_pendingTag, request);
}

void MainWindow::stop()
{
    if (m_generationId && m_pendingTag)
        m_engine.cancel(m_generationId);
}

void MainWindow::appendBlock(const QString& heading, const QString& text)
{
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_transcript->document()->isEmpty())
        cursor.insertBlock();
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(heading, bold);
    if (!text.isEmpty()) {
        cursor.insertBlock();
        cursor.insertText(text, QTextCharFormat());
    }
}

void MainWindow::setStreaming(bool streaming)
{
    if (!streaming)
        m_pendingTag = 0;
    m_sendButton->setEnabled(!streaming);
    m_stopButton->setEnabled(streaming);
}

} // namespace tether::ui
