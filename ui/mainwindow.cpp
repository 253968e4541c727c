// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "conversationlistmodel.h"
#include "demoserver.h"
#include "engine.h"
#include "keystore.h"
#include "markdownstream.h"
#include "providerprofiles.h"
#include "requestbuilder.h"
#include "resumerouter.h"
#include "searchresults.h"
#include "settingsdialog.h"
#include "timelinedialog.h"
#include "transcript.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
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
    , m_search(new QLineEdit(this))
    , m_searchDelay(new QTimer(this))
    , m_results(new SearchResultsModel(this))
    , m_resultsView(new QListView(this))
    , m_sideStack(new QStackedWidget(this))
    , m_sidebar(new QListView(this))
    , m_transcript(new Transcript(this))
    , m_frame(new QTimer(this))
    , m_tick(new QTimer(this))
    , m_composer(new QPlainTextEdit(this))
    , m_sendButton(new QPushButton(tr("Send"), this))
    , m_stopButton(new QPushButton(tr("Stop"), this))
    , m_status(new QLabel(this))
    , m_undoBar(new QWidget(this))
    , m_undoLabel(new QLabel(this))
    , m_undoTimer(new QTimer(this))
    , m_keys(new KeyStore(this))
    , m_router(new ResumeRouter(engine, *m_keys, this))
{
    buildUi();
    buildMenus();
    connectEngine();
}

void MainWindow::buildUi()
{
    setWindowTitle(tr("Tether"));
    m_transcript->setObjectName(u"transcript"_s);
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
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &MainWindow::refreshLiveState);

    m_composer->setObjectName(u"composer"_s);
    m_enterSends = QSettings().value(u"composer/enterSends"_s, true).toBool();
    updatePlaceholder();
    m_composer->setAccessibleName(tr("Message"));
    m_composer->setMaximumHeight(120);
    m_composer->installEventFilter(this);
    // Enter sends (Shift+Enter: new line), or Ctrl+Enter sends and Enter is a new line.
    m_composer->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_composer, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        std::unique_ptr<QMenu> menu(m_composer->createStandardContextMenu());
        menu->addSeparator();
        QAction* enterSends = menu->addAction(tr("Enter sends (Shift+Enter for a new line)"));
        enterSends->setCheckable(true);
        enterSends->setChecked(m_enterSends);
        connect(enterSends, &QAction::toggled, this, &MainWindow::setEnterSends);
        menu->exec(m_composer->mapToGlobal(at));
    });
    m_sendButton->setObjectName(u"send"_s);
    m_stopButton->setObjectName(u"stop"_s);
    m_stopButton->setEnabled(false);
    m_stopButton->setToolTip(tr("Stop (Esc)"));
    m_status->setObjectName(u"status"_s);
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
    // An action, not the button's shortcut: a button's shortcut clicks it 100 ms later, after
    // what the user typed next.
    auto* newAction = new QAction(this);
    newAction->setShortcut(QKeySequence::New);
    connect(newAction, &QAction::triggered, this, &MainWindow::newConversation);
    addAction(newAction);
    newChat->setToolTip(
        tr("New chat (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_search->setObjectName(u"search"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setPlaceholderText(
        tr("Search (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(120);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { search(m_search->text()); });
    m_search->installEventFilter(this);
    m_resultsView->setObjectName(u"searchResults"_s);
    m_resultsView->setAccessibleName(tr("Search results"));
    m_resultsView->setModel(m_results);
    m_resultsView->setItemDelegate(new SearchResultDelegate(m_resultsView));
    m_resultsView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_resultsView->setResizeMode(QListView::Adjust); // rows re-wrap to the sidebar's width
    m_resultsView->setWordWrap(true);
    const auto openHit = [this](const QModelIndex& index) {
        openConversationAt(index.data(SearchResultsModel::ConversationIdRole).toLongLong(),
                           index.data(SearchResultsModel::MessageIdRole).toLongLong());
    };
    connect(m_resultsView, &QListView::activated, this, openHit);
    connect(m_resultsView, &QListView::clicked, this, openHit);
    m_sidebar->setModel(m_conversations);
    m_sidebar->setObjectName(u"conversations"_s);
    m_sidebar->setAccessibleName(tr("Conversations"));
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sidebar->setTextElideMode(Qt::ElideRight);
    m_sidebar->setContextMenuPolicy(Qt::CustomContextMenu);
    m_sidebar->installEventFilter(this);
    connect(m_sidebar, &QListView::customContextMenuRequested, this, [this](const QPoint& at) {
        const qint64 id = m_sidebar->indexAt(at).data(ConversationListModel::IdRole).toLongLong();
        if (id <= 0)
            return;
        QMenu menu(this);
        menu.addAction(tr("Rename…"), this, [this, id] { renameConversation(id); });
        menu.addAction(tr("Delete"), this, [this, id] { deleteConversation(id); });
        menu.exec(m_sidebar->viewport()->mapToGlobal(at));
    });
    auto* settings = new QPushButton(tr("Providers…"), this);
    settings->setObjectName(u"settings"_s);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setToolTip(
        tr("Providers and keys (%1)")
            .arg(QKeySequence(Qt::CTRL | Qt::Key_Comma).toString(QKeySequence::NativeText)));

    // "Deleted · Undo", for a few seconds after a delete.
    m_undoBar->setObjectName(u"undoBar"_s);
    auto* undo = new QPushButton(tr("Undo"), m_undoBar);
    undo->setObjectName(u"undo"_s);
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(0, 0, 0, 0);
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(undo);
    m_undoLabel->setParent(m_undoBar);
    m_undoBar->hide();
    m_undoTimer->setObjectName(u"undoTimer"_s);
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(8000);
    connect(m_undoTimer, &QTimer::timeout, this, &MainWindow::commitPendingDelete);
    connect(undo, &QPushButton::clicked, this, &MainWindow::undoDelete);

    auto* side = new QVBoxLayout;
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(newChat);
    side->addWidget(m_search);
    m_sideStack->addWidget(m_sidebar);
    m_sideStack->addWidget(m_resultsView);
    side->addWidget(m_sideStack, 1);
    side->addWidget(m_undoBar);
    side->addWidget(settings);
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

    connect(settings, &QPushButton::clicked, this, &MainWindow::openSettings);
    connect(newChat, &QPushButton::clicked, this, &MainWindow::newConversation);
    const auto open = [this](const QModelIndex& index) {
        openConversation(index.data(ConversationListModel::IdRole).toLongLong());
    };
    connect(m_sidebar, &QListView::activated, this, open);
    connect(m_sidebar, &QListView::clicked, this, open);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::send);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stop);
    connect(m_transcript, &Transcript::actionRequested, this, &MainWindow::onAction);
    connect(m_transcript, &Transcript::copied, m_status, &QLabel::setText);
    auto* stopShortcut = new QAction(this);
    stopShortcut->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(stopShortcut, &QAction::triggered, this, [this] {
        // Esc leaves the search first, when that is where the user is.
        if (m_search->hasFocus() && !m_search->text().isEmpty()) {
            m_search->clear();
            search(QString());
            return;
        }
        stop();
    });
    addAction(stopShortcut);
}

void MainWindow::connectEngine()
{
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
    connect(&m_engine, &Engine::conversationLoaded, this,
            [this](quint64 tag, const ConversationRecord& c) {
                if (tag == m_loadTag)
                    showConversation(c);
            });
    m_router->setCurrentProvider([this]() -> std::optional<ProviderConfig> {
        if (m_keyPending)
            return std::nullopt;
        return m_provider;
    });
    connect(m_router, &ResumeRouter::routed, this, &MainWindow::resumeThrough);
    connect(m_router, &ResumeRouter::profileGone, this, &MainWindow::onProfileGone);
    connect(m_router, &ResumeRouter::failed, this, [this](qint64 id, const QString& message) {
        m_routing.remove(id);
        m_status->setText(message);
    });
    connect(&m_engine, &Engine::ready, this, [this](const QList<qint64>& resumable) {
        if (QSettings().value(u"engine/resumeOnStart"_s, true).toBool())
            resumeInterrupted(resumable);
    });
    connect(&m_engine, &Engine::openFailed, this, [this](const Error& e) {
        m_status->setText(tr("Cannot open the journal: %1").arg(e.message));
        m_sendButton->setEnabled(false);
    });
    connect(&m_engine, &Engine::queryFailed, this, [this](quint64 tag, const Error& e) {
        if (tag == m_importTag) {
            m_importTag = 0;
            m_importProgress->reset();
            QMessageBox::warning(this, tr("Import"), e.message);
        }
        m_status->setText(e.message);
    });
    connect(&m_engine, &Engine::searchFinished, this,
            [this](quint64 tag, const QString& query, const QList<SearchHit>& hits) {
                if (tag != m_searchTag)
                    return;
                m_results->setHits(hits);
                m_sideStack->setCurrentWidget(m_resultsView);
                m_status->setText(hits.isEmpty() ? tr("No message matches “%1”.").arg(query)
                                                 : QString());
            });
    connect(&m_engine, &Engine::importProgress, this, [this](quint64 tag, const ImportProgress& p) {
        if (tag != m_importTag || !m_importProgress)
            return;
        if (p.bytesTotal > 0)
            m_importProgress->setValue(int(p.bytesRead * 1000 / p.bytesTotal));
        m_importProgress->setLabelText(tr("Importing… %1 conversations").arg(p.conversations));
    });
    connect(&m_engine, &Engine::importFinished, this, [this](quint64 tag, const ImportReport& r) {
        if (tag != m_importTag)
            return;
        m_importTag = 0;
        m_importProgress->reset();
        m_conversations->reload();
        const QString summary =
            tr("Imported %1 new conversations (%2 messages); %3 updated, %4 already "
               "here; %5 skipped.")
                .arg(r.conversationsAdded)
                .arg(r.messagesAdded)
                .arg(r.conversationsUpdated)
                .arg(r.conversationsUnchanged)
                .arg(r.skipped);
        m_status->setText(summary);
        if (r.skipped > 0) {
            auto* box = new QMessageBox(QMessageBox::Information, tr("Import"), summary,
                                        QMessageBox::Ok, this);
            box->setObjectName(u"importReport"_s);
            box->setDetailedText(r.reasons.join(u'\n'));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    connect(&m_engine, &Engine::exportFinished, this,
            [this](quint64 tag, int count, const QString& path) {
                if (tag == m_exportTag)
                    m_status->setText(tr("Exported %1 conversations to %2.").arg(count).arg(path));
            });
    connect(&m_engine, &Engine::sendFailed, this, [this](quint64 tag, const Error& e) {
        const auto it = m_live.find(tag);
        if (it == m_live.end())
            return;
        if (inView(*it)) {
            m_status->setText(e.message);
            if (m_composer->toPlainText().isEmpty())
                m_composer->setPlainText(it->text); // nothing typed is lost
        }
        m_live.erase(it);
        updateControls();
    });
    connect(&m_engine, &Engine::generationStarted, this, [this](const GenerationStarted& s) {
        const auto it = m_live.find(s.tag);
        if (it == m_live.end())
            return;
        Live& live = *it;
        live.conversationId = s.conversationId;
        live.generationId = s.generationId;
        if (m_conversationId == 0 && m_newChatTag == s.tag)
            m_conversationId = s.conversationId;
        m_conversations->setActivity(
            s.conversationId, live.deferred ? ConversationListModel::Activity::WaitingForNetwork
                                            : ConversationListModel::Activity::Streaming);
        if (!inView(live))
            return;
        if (s.userMessageId == 0 || live.reload) {
            // A resume or an edit: the conversation on screen changes shape; show it again from
            // the journal, which attaches this stream to its message.
            m_conversationId = 0;
            openConversation(s.conversationId);
            return;
        }
        m_transcript->addUser(s.userMessageId, live.text);
        m_transcript->addAssistant(s.generationId, liveState(live));
        m_reply = std::make_unique<MarkdownStream>(m_transcript->document());
        m_replyGeneration = s.generationId;
        m_transcript->ensureCursorVisible();
        updateControls();
    });
    connect(&m_engine, &Engine::chunksAdded, this, [this](const ChunkBatch& b) {
        if (b.generationId != m_replyGeneration || !m_reply)
            return;
        m_transcript->addReasoning(b.generationId, b.reasoning);
        m_reply->append(b.text + b.refusal);
        if (!m_frame->isActive())
            m_frame->start();
    });
    connect(&m_engine, &Engine::retryScheduled, this, [this](const RetryInfo& r) {
        Live* live = liveOf(r.generationId);
        if (!live)
            return;
        live->retryWait.start();
        live->retryDelayMs = r.delayMs;
        live->retryWhy =
            tr("attempt %1 of %2: %3").arg(r.nextAttempt).arg(r.maxAttempts).arg(r.cause);
        if (r.rateLimit.remainingRequests >= 0)
            live->retryWhy += tr(" · %1 of %2 requests left")
                                  .arg(r.rateLimit.remainingRequests)
                                  .arg(r.rateLimit.limitRequests);
        m_conversations->setActivity(live->conversationId,
                                     ConversationListModel::Activity::Reconnecting);
        m_tick->start();
        refreshLiveState();
    });
    connect(&m_engine, &Engine::attemptStarted, this, [this](const AttemptStarted& a) {
        Live* live = liveOf(a.generationId);
        if (!live || a.attempt <= 1)
            return;
        live->retryWait.invalidate();
        m_conversations->setActivity(live->conversationId,
                                     ConversationListModel::Activity::Streaming);
        refreshLiveState();
    });
    connect(&m_engine, &Engine::generationFinished, this, [this](const GenerationFinished& f) {
        const auto it = m_live.find(f.tag);
        if (it == m_live.end() || it->generationId != f.generationId)
            return;
        const Live live = *it;
        m_live.erase(it);
        const bool waiting = live.deferred && f.status == GenerationStatus::Interrupted;
        if (waiting)
            m_waiting.append(f.generationId);
        m_conversations->setActivity(f.conversationId,
                                     waiting ? ConversationListModel::Activity::WaitingForNetwork
                                             : ConversationListModel::Activity::Idle);
        if (f.conversationId == m_conversationId) {
            if (f.status == GenerationStatus::Completed) {
                m_status->setText(tr("%1 tokens · first token after %2 ms · %3 tokens/s")
                                      .arg(f.timings.outputTokens)
                                      .arg(f.timings.firstTokenMs)
                                      .arg(f.timings.tokensPerSecond, 0, 'f', 1));
            } else {
                m_status->setText(statusName(f.status) + u": "_s + f.error.message);
            }
        }
        if (f.generationId == m_replyGeneration && m_reply) {
            m_frame->stop();
            m_reply->finish();
            m_transcript->setState(f.generationId,
                                   waiting ? tr("waiting for the network")
                                           : Transcript::stateText(f.status, QString()));
            if (!waiting) {
                m_transcript->addFooter({f.generationId, m_provider.model, f.status, f.timings,
                                         f.error.message, m_reply->source()});
            }
            m_reply.reset();
            m_replyGeneration = 0;
        }
        updateControls();
    });
}

MainWindow::Live* MainWindow::liveOf(qint64 generationId)
{
    for (Live& live : m_live) {
        if (live.generationId == generationId)
            return &live;
    }
    return nullptr;
}

bool MainWindow::inView(const Live& live) const
{
    if (m_conversationId != 0)
        return live.conversationId == m_conversationId;
    return m_newChatTag != 0 && live.tag == m_newChatTag;
}

const MainWindow::Live* MainWindow::liveInView() const
{
    if (m_conversationId == 0)
        return m_newChatTag && m_live.contains(m_newChatTag) ? &*m_live.constFind(m_newChatTag)
                                                             : nullptr;
    for (const Live& live : m_live) {
        if (live.conversationId == m_conversationId)
            return &live;
    }
    return nullptr;
}

QString MainWindow::liveState(const Live& live) const
{
    if (live.deferred || !m_online)
        return tr("waiting for the network");
    if (live.retryWait.isValid()) {
        const qint64 left = std::max<qint64>(0, live.retryDelayMs - live.retryWait.elapsed());
        return tr("reconnecting in %1 s (%2)")
            .arg(double(left) / 1000.0, 0, 'f', 1)
            .arg(live.retryWhy);
    }
    return live.generationId ? tr("streaming") : tr("sending");
}

void MainWindow::refreshLiveState()
{
    bool counting = false;
    for (const Live& live : std::as_const(m_live)) {
        counting |= live.retryWait.isValid();
        if (live.generationId == m_replyGeneration && m_replyGeneration)
            m_transcript->setState(live.generationId, liveState(live));
    }
    if (const Live* live = liveInView()) {
        const QString state = liveState(*live);
        m_status->setText(state.left(1).toUpper() + state.mid(1));
    }
    if (!counting)
        m_tick->stop();
}

void MainWindow::updateControls()
{
    const Live* live = liveInView();
    m_sendButton->setEnabled(!live);
    m_stopButton->setEnabled(live && live->generationId && !live->deferred);
}

void MainWindow::setEnterSends(bool enterSends)
{
    m_enterSends = enterSends;
    QSettings().setValue(u"composer/enterSends"_s, enterSends);
    updatePlaceholder();
}

void MainWindow::updatePlaceholder()
{
    m_composer->setPlaceholderText(
        m_enterSends
            ? tr("Message %1 (Enter to send, Shift+Enter for a new line)").arg(m_provider.model)
            : tr("Message %1 (Ctrl+Enter to send)").arg(m_provider.model));
}

void MainWindow::useProfile(const ProviderProfile& profile)
{
    m_profileId = profile.id;
    m_provider = profile.config;
    updatePlaceholder();
    if (profile.preset == "demo"_L1) {
        DemoServer* demo = m_router->demo();
        if (!demo) {
            m_status->setText(tr("The demo could not start a local server."));
            return;
        }
        m_provider = ResumeRouter::demoConfig(*demo);
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
    SettingsDialog dialog(profiles, *m_keys, m_engine, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.profiles().save();
    useProfile(dialog.profiles().current());
}

void MainWindow::onAction(const QString& action, qint64 id)
{
    if (action == "continue"_L1)
        resumeGeneration(id, ContinuationMode::Auto, true);
    else if (action == "regenerate"_L1)
        resumeGeneration(id, ContinuationMode::Restart, true);
    else if (action == "timeline"_L1)
        showTimeline(id);
    else if (action == "edit"_L1)
        startEdit(id);
    else if (action == "earlier"_L1)
        showEarlier();
}

void MainWindow::showTimeline(qint64 generationId)
{
    auto* dialog = new TimelineDialog(m_engine, generationId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::startEdit(qint64 messageId)
{
    if (liveInView())
        return;
    m_editing = messageId;
    m_composer->setPlainText(m_transcript->userText(messageId));
    m_composer->moveCursor(QTextCursor::End);
    m_composer->setFocus();
    m_status->setText(tr("Editing: Enter resends and replaces this message and what followed it; "
                         "Esc cancels."));
}

void MainWindow::askToSendInClearText(const QString& consentKey)
{
    if (findChild<QMessageBox*>(u"clearText"_s))
        return;
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Unencrypted connection"),
        tr("%1 is reached over http://, without encryption. Your API key and your messages "
           "would cross the network readable by anyone on the way.\n\nUse https:// in Providers… "
           "unless you trust every network between you and this server.")
            .arg(m_provider.baseUrl.host()),
        QMessageBox::Cancel, this);
    box->setObjectName(u"clearText"_s);
    box->addButton(tr("Send Anyway"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, consentKey](int) {
        if (box->buttonRole(box->clickedButton()) != QMessageBox::AcceptRole) {
            m_status->setText(tr("Not sent: the connection is not encrypted."));
            return;
        }
        QSettings().setValue(consentKey, true);
        send();
    });
    box->open();
}

void MainWindow::resumeGeneration(qint64 generationId, ContinuationMode mode, bool asked)
{
    for (const Live& live : std::as_const(m_live)) {
        if (live.generationId == generationId)
            return;
    }
    m_waiting.removeAll(generationId);
    // Through the profile it was sent with, as configured now: the router finds it.
    m_routing.insert(generationId, {mode, asked});
    m_router->route(generationId);
}

void MainWindow::resumeThrough(qint64 generationId, ProviderConfig provider)
{
    const auto it = m_routing.constFind(generationId);
    if (it == m_routing.cend())
        return;
    const ContinuationMode mode = it->mode;
    m_routing.erase(it);
    provider.model.clear(); // the reply goes on with the model that began it
    if (mode == ContinuationMode::Restart)
        provider.continuation = mode;
    const quint64 tag = m_nextTag++;
    Live live;
    live.tag = tag;
    live.generationId = generationId;
    live.reload = true;
    m_live.insert(tag, live);
    m_engine.resume(tag, generationId, provider);
}

void MainWindow::onProfileGone(qint64 generationId, const GenerationRoute& route)
{
    const auto it = m_routing.constFind(generationId);
    if (it == m_routing.cend())
        return;
    const QString name = route.providerName.isEmpty() ? tr("a provider") : route.providerName;
    const QString address = route.baseUrl.toDisplayString();
    if (!it->asked) {
        // Nobody asked for it now: never send anything to an old address unasked.
        m_routing.erase(it);
        m_status->setText(tr("A reply sent through “%1” (%2), which is no longer set up, was left "
                             "as it is. Open it and choose Continue to decide.")
                              .arg(name, address));
        return;
    }
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Continue the reply"),
        tr("“%1”, the provider this reply was sent through, is no longer set up.\n\nContinue it "
           "at its old address, %2, without an API key?")
            .arg(name, address),
        QMessageBox::Cancel, this);
    box->setObjectName(u"profileGone"_s);
    box->addButton(tr("Continue There"), QMessageBox::AcceptRole);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, generationId, address](int) {
        if (box->buttonRole(box->clickedButton()) != QMessageBox::AcceptRole) {
            m_routing.remove(generationId);
            return;
        }
        m_status->setText(tr("Continuing at %1, without a key.").arg(address));
        resumeThrough(generationId, ProviderConfig()); // empty: the journaled address
    });
    box->open();
}

void MainWindow::resumeInterrupted(const QList<qint64>& generations)
{
    for (qint64 id : generations) {
        if (m_online)
            resumeGeneration(id, ContinuationMode::Auto);
        else if (!m_waiting.contains(id))
            m_waiting.append(id);
    }
}

void MainWindow::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    if (online) {
        const QList<qint64> waiting = std::exchange(m_waiting, {});
        for (qint64 id : waiting)
            resumeGeneration(id, ContinuationMode::Auto);
        m_status->setText(tr("Back online."));
    } else {
        m_status->setText(tr("Offline: messages are kept and sent when the network returns."));
    }
    refreshLiveState();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    commitPendingDelete();
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::newConversation()
{
    m_conversationId = 0;
    m_newChatTag = 0;
    m_editing = 0;
    m_reply.reset();
    m_replyGeneration = 0;
    m_transcript->reset();
    m_sidebar->clearSelection();
    m_composer->setFocus();
    updateControls();
}

void MainWindow::openConversation(qint64 id)
{
    if (id <= 0 || id == m_conversationId)
        return;
    m_conversationId = id;
    m_newChatTag = 0;
    m_editing = 0;
    m_reply.reset(); // a reply still streaming goes on in the journal, and here once loaded
    m_replyGeneration = 0;
    m_loadTag = m_nextTag++;
    m_engine.loadConversation(m_loadTag, id);
    updateControls();
}

void MainWindow::showConversation(const ConversationRecord& conversation)
{
    if (conversation.id != m_conversationId)
        return;
    m_shown = conversation;
    // A long conversation opens at its end: the last messages up to a budget are rendered, the
    // earlier ones on request. Rendering all 2,000 messages of a long chat costs most of a second.
    constexpr int MaxMessages = 60;
    constexpr qsizetype MaxCharacters = 60'000;
    qsizetype from = m_shown.messages.size();
    qsizetype characters = 0;
    while (from > 0 && m_shown.messages.size() - from < MaxMessages && characters < MaxCharacters) {
        --from;
        characters += m_shown.messages.at(from).content.size();
    }
    m_shownFrom = from;
    for (qsizetype i = 0; i < m_shown.messages.size(); ++i) {
        if (m_shown.messages.at(i).id == m_scrollToMessage)
            m_shownFrom = std::min(m_shownFrom, i); // a search result must be on screen
    }
    renderShown();
}

void MainWindow::showEarlier()
{
    if (m_shownFrom <= 0)
        return;
    const qint64 anchor = m_shown.messages.at(m_shownFrom).id;
    m_shownFrom = std::max<qsizetype>(0, m_shownFrom - 200);
    m_scrollToMessage = anchor; // where the reader was
    renderShown();
}

void MainWindow::renderShown()
{
    const ConversationRecord& conversation = m_shown;
    m_transcript->reset();
    m_reply.reset();
    m_replyGeneration = 0;
    if (m_shownFrom > 0)
        m_transcript->addEarlierLink(int(m_shownFrom));
    for (const MessageRecord& m : conversation.messages.sliced(m_shownFrom)) {
        if (m.role == "user"_L1) {
            m_transcript->addUser(m.id, m.content);
        } else if (m.role == "assistant"_L1) {
            const Live* live = liveOf(m.generationId);
            const QString text = m.content.isEmpty() ? m.refusal : m.content;
            if (live) {
                // Still streaming: what the journal has now, then live from here on.
                m_transcript->addAssistant(m.generationId, liveState(*live), m.id);
                m_transcript->addReasoning(m.generationId, m.reasoning);
                m_reply = std::make_unique<MarkdownStream>(m_transcript->document());
                m_reply->append(text);
                m_reply->flush();
                m_replyGeneration = m.generationId;
                continue;
            }
            const bool waiting = m_waiting.contains(m.generationId);
            m_transcript->addAssistant(m.generationId,
                                       waiting ? tr("waiting for the network")
                                               : Transcript::stateText(m.status, QString()),
                                       m.id);
            m_transcript->addReasoning(m.generationId, m.reasoning);
            MarkdownStream rendered(m_transcript->document());
            rendered.append(text);
            rendered.finish();
            if (m.generationId && !waiting) {
                m_transcript->addFooter(
                    {m.generationId, m.model, m.status, m.timings, m.error, text});
            }
        }
    }
    m_transcript->moveCursor(QTextCursor::End);
    m_transcript->ensureCursorVisible();
    if (const qint64 target = std::exchange(m_scrollToMessage, 0))
        m_transcript->scrollToMessage(target);
    m_composer->setFocus();
    updateControls();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QMainWindow::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_composer) {
        const bool newLineOnEnter = !m_enterSends;
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const bool shift = key->modifiers() & Qt::ShiftModifier;
        const bool ctrl = key->modifiers() & Qt::ControlModifier;
        if (enter && (newLineOnEnter ? ctrl : !shift)) {
            send();
            return true;
        }
        if (key->key() == Qt::Key_Escape && liveInView()) {
            stop();
            return true;
        }
        if (key->key() == Qt::Key_Escape && m_editing) {
            m_editing = 0;
            m_composer->clear();
            m_status->setText(tr("Edit cancelled."));
            return true;
        }
    } else if (watched == m_search && key->key() == Qt::Key_Escape) {
        m_search->clear();
        search(QString());
        m_composer->setFocus();
        return true;
    } else if (watched == m_sidebar) {
        const qint64 id =
            m_sidebar->currentIndex().data(ConversationListModel::IdRole).toLongLong();
        if (id > 0 && key->key() == Qt::Key_F2) {
            renameConversation(id);
            return true;
        }
        if (id > 0 && key->matches(QKeySequence::Delete)) {
            deleteConversation(id);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::send()
{
    const QString text = m_composer->toPlainText().trimmed();
    if (text.isEmpty() || liveInView())
        return;
    if (m_keyPending) {
        m_sendWhenKeyArrives = true;
        m_status->setText(tr("Waiting for the keychain…"));
        return;
    }
    if (!m_provider.apiKey.isEmpty() && sendsKeyInClearText(m_provider.baseUrl)) {
        // The first time a key would go out unencrypted, the user decides; remembered per
        // profile and host.
        const QString consent = u"providers/clearTextAllowed/%1@%2"_s.arg(
            m_provider.profileId, m_provider.baseUrl.host().toLower());
        if (!QSettings().value(consent).toBool()) {
            askToSendInClearText(consent);
            return;
        }
    }
    m_composer->clear();
    SendRequest request;
    request.conversationId = m_conversationId;
    request.userText = text;
    request.provider = m_provider;
    request.replacesMessageId = std::exchange(m_editing, 0);
    // A server on this machine (Ollama, the demo) is reachable with no network at all.
    const QString host = m_provider.baseUrl.host();
    const bool local = host == "localhost"_L1 || QHostAddress(host).isLoopback();
    request.deferred = !m_online && !(local && m_localIgnoresOffline);
    const quint64 tag = m_nextTag++;
    Live live;
    live.tag = tag;
    live.conversationId = m_conversationId;
    live.text = text;
    live.reload = request.replacesMessageId != 0;
    live.deferred = request.deferred;
    m_live.insert(tag, live);
    if (m_conversationId == 0)
        m_newChatTag = tag;
    m_status->setText(request.deferred ? tr("Offline: the message waits for the network.")
                                       : tr("Sending…"));
    updateControls();
    m_engine.send(tag, request);
}

void MainWindow::stop()
{
    const Live* live = liveInView();
    if (live && live->generationId)
        m_engine.cancel(live->generationId);
}

void MainWindow::openConversationAt(qint64 id, qint64 messageId)
{
    if (id == m_conversationId) {
        m_transcript->scrollToMessage(messageId);
        return;
    }
    m_scrollToMessage = messageId;
    openConversation(id);
}

void MainWindow::search(const QString& query)
{
    m_searchDelay->stop();
    if (m_search->text() != query) { // asked for directly: the field shows what is searched
        const QSignalBlocker quiet(m_search);
        m_search->setText(query);
    }
    if (query.trimmed().isEmpty()) {
        m_searchTag = 0;
        m_results->setHits({});
        m_sideStack->setCurrentWidget(m_sidebar);
        return;
    }
    m_searchTag = m_nextTag++;
    m_engine.search(m_searchTag, query.trimmed(), 50);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* import = file->addAction(tr("&Import ChatGPT export…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import conversations"), QString(),
            tr("ChatGPT or Tether export (*.zip *.json);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    import->setObjectName(u"importAction"_s);
    const auto askExport = [this](const QList<qint64>& ids, const QString& name) {
        QString filter;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export"), name, tr("Markdown (*.md);;JSON, to import again (*.json)"),
            &filter);
        if (!path.isEmpty())
            exportConversations(ids, path);
    };
    QAction* exportOne = file->addAction(tr("&Export conversation…"), this, [this, askExport] {
        if (m_conversationId > 0)
            askExport({m_conversationId}, u"conversation.md"_s);
    });
    exportOne->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &all conversations…"), this,
                    [askExport] { askExport({}, u"tether-export.json"_s); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::importFile(const QString& path)
{
    if (m_importTag)
        return; // one at a time
    m_importTag = m_nextTag++;
    if (!m_importProgress) {
        m_importProgress = new QProgressDialog(this);
        m_importProgress->setObjectName(u"importProgress"_s);
        m_importProgress->setWindowTitle(tr("Import"));
        m_importProgress->setMinimumDuration(400); // small files finish without a flash
        m_importProgress->setAutoClose(false);
        m_importProgress->setAutoReset(false);
        connect(m_importProgress, &QProgressDialog::canceled, this,
                [this] { m_engine.cancelImport(); });
    }
    m_importProgress->setLabelText(tr("Importing %1…").arg(QFileInfo(path).fileName()));
    m_importProgress->setRange(0, 1000);
    m_importProgress->setValue(0);
    m_status->setText(tr("Importing %1…").arg(QFileInfo(path).fileName()));
    m_engine.importFile(m_importTag, path);
}

void MainWindow::exportConversations(const QList<qint64>& ids, const QString& path)
{
    m_exportTag = m_nextTag++;
    m_status->setText(tr("Exporting…"));
    m_engine.exportTo(m_exportTag, ids, path,
                      path.endsWith(u".json"_s, Qt::CaseInsensitive) ? ExportFormat::Json
                                                                     : ExportFormat::Markdown);
}

void MainWindow::renameConversation(qint64 id)
{
    const int row = m_conversations->rowOf(id);
    if (row < 0)
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(
        this, tr("Rename conversation"), tr("Title:"), QLineEdit::Normal,
        m_conversations->index(row).data(ConversationListModel::TitleRole).toString(), &ok);
    if (ok && !title.trimmed().isEmpty())
        m_engine.renameConversation(m_nextTag++, id, title);
}

void MainWindow::deleteConversation(qint64 id)
{
    for (const Live& live : std::as_const(m_live)) {
        if (live.conversationId == id && live.generationId)
            m_engine.cancel(live.generationId); // stopped first; deleted when Undo expires
    }
    commitPendingDelete();
    const int row = m_conversations->rowOf(id);
    const QString title =
        m_conversations->index(row).data(ConversationListModel::TitleRole).toString();
    m_conversations->hide(id);
    m_pendingDelete = id;
    m_undoLabel->setText(tr("Deleted “%1”").arg(title));
    m_undoBar->show();
    m_undoTimer->start();
    if (id == m_conversationId)
        newConversation();
}

void MainWindow::undoDelete()
{
    if (!m_pendingDelete)
        return;
    m_undoTimer->stop();
    m_undoBar->hide();
    m_conversations->restore(std::exchange(m_pendingDelete, 0));
}

void MainWindow::commitPendingDelete()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    if (m_pendingDelete)
        m_engine.deleteConversation(m_nextTag++, std::exchange(m_pendingDelete, 0));
}

} // namespace tether::ui
