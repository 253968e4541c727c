// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"
#include "ui/serverprompts.h"

#include "engine/engine.h"
#include "engine/stream/requestbuilder.h"
#include "ui/archiveactions.h"
#include "ui/attachmenttray.h"
#include "ui/composer.h"
#include "ui/conversationheader.h"
#include "ui/conversationview.h"
#include "ui/dialogs/keypromptdialog.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/dialogs/syncdialog.h"
#include "ui/dialogs/timelinedialog.h"
#include "ui/dialogs/toolserversdialog.h"
#include "ui/elidedlabel.h"
#include "ui/helpmenu.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/serverprompts.h"
#include "ui/session/generationtracker.h"
#include "ui/session/keystore.h"
#include "ui/session/providerprofiles.h"
#include "ui/session/providersession.h"
#include "ui/session/syncsession.h"
#include "ui/session/toolsession.h"
#include "ui/sidebar.h"
#include "ui/syncstatus.h"
#include "ui/toolapprovalpanel.h"
#include "ui/transcript/transcript.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

MainWindow::~MainWindow() = default;

MainWindow::MainWindow(Engine& engine, ProviderConfig provider, QWidget* parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_keys(new KeyStore(this))
    , m_session(new ProviderSession(std::move(provider), *m_keys, this))
    , m_sidebar(new Sidebar(engine, this))
    , m_tracker(new GenerationTracker(engine, *m_session, m_sidebar->conversations(), this))
    , m_view(new ConversationView(engine, *m_tracker, this))
    , m_header(new ConversationHeader(engine, *m_session, this))
    , m_composer(new Composer(this))
    , m_status(new ElidedLabel(this))
    , m_archive(new ArchiveActions(
          engine, this,
          [this] {
              return ArchiveActions::Shown{m_view->conversationId(), m_header->title()};
          }))
    , m_tools(new ToolSession(engine, *m_tracker, this))
    , m_approval(new ToolApprovalPanel(this))
    , m_sync(new SyncSession(engine, *m_keys, this))
    , m_syncStatus(new SyncStatus(*m_sync, this))
{
    buildUi();
    buildActions();
    connectParts();
    m_composer->setModelName(m_session->provider().model);
}

void MainWindow::buildUi()
{
    setWindowTitle(tr("Tether"));
    m_status->setObjectName(u"status"_s);
    m_composer->setStatusWidget(m_status);

    auto* chatPane = new QWidget(this);
    // The conversation on the page colour, the sidebar on the window's: two panes at a glance.
    chatPane->setBackgroundRole(QPalette::Base);
    chatPane->setAutoFillBackground(true);
    auto* chat = new QVBoxLayout(chatPane);
    chat->setContentsMargins(0, 0, 0, 0);
    chat->setSpacing(0);
    chat->addWidget(m_header);
    chat->addWidget(m_view, 1);
    chat->addWidget(m_approval);
    chat->addWidget(m_composer);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(chatPane);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({220, 640});
    setCentralWidget(m_splitter);
    statusBar()->addPermanentWidget(m_syncStatus, 1);
    statusBar()->setSizeGripEnabled(false);
    statusBar()->setVisible(m_sync->isConfigured()); // an empty bar is noise
    resize(900, 620);
    // UI state lives in QSettings; data lives in the journal.
    const QSettings state;
    restoreGeometry(state.value(u"window/geometry"_s).toByteArray());
    m_splitter->restoreState(state.value(u"window/splitter"_s).toByteArray());
    m_composer->setFocus();
}

void MainWindow::buildActions()
{
    // Actions, not a button's shortcut: a button's shortcut clicks it 100 ms later, after what
    // the user typed next.
    auto* newChat = new QAction(this);
    newChat->setShortcut(QKeySequence::New);
    connect(newChat, &QAction::triggered, this, &MainWindow::newConversation);
    addAction(newChat);
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_sidebar, &Sidebar::focusSearch);
    addAction(find);
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(escape, &QAction::triggered, this, [this] {
        if (!m_sidebar->leaveSearch()) // Esc leaves the search first, when the user is there
            stop();
    });
    addAction(escape);
    auto* pickModel = new QAction(this);
    pickModel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    connect(pickModel, &QAction::triggered, m_header, &ConversationHeader::focusModel);
    addAction(pickModel);
    auto* editPrompt = new QAction(this);
    editPrompt->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(editPrompt, &QAction::triggered, m_header, &ConversationHeader::editSettings);
    addAction(editPrompt);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_archive->addTo(file);
    file->addSeparator();
    QAction* autoTitle = file->addAction(tr("Let the Model &Name New Chats"));
    autoTitle->setObjectName(u"autoTitle"_s);
    autoTitle->setCheckable(true);
    autoTitle->setChecked(QSettings().value(u"chat/autoTitle"_s, false).toBool());
    connect(autoTitle, &QAction::toggled, this,
            [](bool on) { QSettings().setValue(u"chat/autoTitle"_s, on); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // The reply at the end of the conversation on screen, and what goes with the next message.
    QMenu* reply = menuBar()->addMenu(tr("&Reply"));
    QAction* attach = reply->addAction(tr("&Attach Files…"), m_composer, &Composer::chooseFiles);
    attach->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    reply->addSeparator();
    QAction* again = reply->addAction(tr("&Regenerate"), this, [this] {
        if (const MessageRecord* last = m_view->lastReply())
            regenerate(last->id);
    });
    again->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    const auto step = [this](int by) {
        const MessageRecord* last = m_view->lastReply();
        if (!last)
            return;
        const qsizetype at = last->alternativeIds.indexOf(last->id) + by;
        if (at >= 0 && at < last->alternativeIds.size())
            m_view->showBranch(last->alternativeIds.at(at));
    };
    QAction* previous = reply->addAction(tr("&Previous Alternative"), this, [step] { step(-1); });
    previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    QAction* next = reply->addAction(tr("&Next Alternative"), this, [step] { step(+1); });
    next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Providers…"), this, &MainWindow::openSettings);
    QAction* syncSettings = settings->addAction(tr("&Sync…"), this, &MainWindow::openSync);
    syncSettings->setObjectName(u"syncSettings"_s);
    QAction* syncNow = settings->addAction(tr("Sync &Now"), m_sync, &SyncSession::syncNow);
    syncNow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    syncNow->setEnabled(m_sync->isConfigured());
    connect(m_sync, &SyncSession::statusChanged, syncNow,
            [this, syncNow] { syncNow->setEnabled(m_sync->isConfigured()); });

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    QAction* servers = tools->addAction(tr("Tool &Servers…"), this, &MainWindow::openToolServers);
    servers->setObjectName(u"toolServers"_s);

    (new HelpMenu(m_engine.journalPath(), this))->addTo(menuBar()->addMenu(tr("&Help")));
}

void MainWindow::connectParts()
{
    connect(&m_engine, &Engine::ready, this, [this](const QList<qint64>& resumable) {
        if (QSettings().value(u"engine/resumeOnStart"_s, true).toBool()) {
            // The window opens on the reply it finishes, not on an empty chat.
            m_showResumed = !resumable.isEmpty();
            resumeInterrupted(resumable);
        }
    });
    // A chat sent from a terminal (tether-cli) shows up here as it is written.
    connect(&m_engine, &Engine::changedElsewhere, this, [this] {
        m_sidebar->conversations().reload();
        if (m_view->conversationId() != 0 && !m_view->live())
            m_view->reload();
    });
    connect(m_tracker, &GenerationTracker::started, this,
            [this](const LiveReply&, const GenerationStarted& s) {
                if (std::exchange(m_showResumed, false) && m_view->conversationId() == 0 &&
                    m_composer->text().isEmpty())
                    openConversationAt(s.conversationId, 0);
            });
    connect(&m_engine, &Engine::openFailed, this, [this](const Error& e) {
        m_status->setText(tr("Cannot open the journal: %1").arg(e.message));
        m_composer->setBusy(true, false);
    });

    // The composer names the model the next message goes to: the picker's.
    connect(m_header, &ConversationHeader::modelShown, this, [this](const QString& model) {
        if (!m_session->isDemo() && !model.isEmpty())
            m_composer->setModelName(model);
    });
    connect(m_session, &ProviderSession::changed, this, [this] {
        m_composer->setModelName(m_header->model().isEmpty() ? m_session->provider().model
                                                             : m_header->model());
        if (m_session->isDemo())
            m_composer->setPlaceholder(
                tr("Try the demo: send anything (Enter). Add a real provider in Providers…"));
    });
    connect(m_session, &ProviderSession::problem, m_status, &QLabel::setText);
    connect(m_session, &ProviderSession::ready, this, [this] {
        if (std::exchange(m_sendWhenKeyArrives, false))
            send();
    });

    connect(m_sidebar, &Sidebar::newChatRequested, this, &MainWindow::newConversation);
    connect(m_sidebar, &Sidebar::settingsRequested, this, &MainWindow::openSettings);
    connect(m_sidebar, &Sidebar::conversationActivated, this, &MainWindow::openConversationAt);
    connect(m_sidebar, &Sidebar::message, m_status, &QLabel::setText);
    connect(m_sidebar, &Sidebar::searchLeft, m_composer, qOverload<>(&QWidget::setFocus));
    connect(m_sidebar, &Sidebar::aboutToDelete, this, [this](qint64 id) {
        m_tracker->cancelConversation(id); // stopped first; deleted when Undo expires
        if (id == m_view->conversationId())
            newConversation();
    });

    connect(m_composer, &Composer::submitted, this, &MainWindow::send);
    connect(m_composer, &Composer::stopRequested, this, &MainWindow::stop);
    connect(m_composer, &Composer::editCancelled, this,
            [this] { m_status->setText(tr("Edit cancelled.")); });

    Transcript* transcript = m_view->transcript();
    connect(transcript, &Transcript::continueRequested, this,
            [this](qint64 id) { resume(id, ContinuationMode::Auto); });
    connect(transcript, &Transcript::regenerateRequested, this, &MainWindow::regenerate);
    connect(transcript, &Transcript::providersRequested, this, &MainWindow::openSettings,
            Qt::QueuedConnection);
    connect(transcript, &Transcript::alternativeRequested, m_view, &ConversationView::showBranch);
    connect(m_composer->attachments(), &AttachmentTray::refused, m_status, &QLabel::setText);
    connect(transcript, &Transcript::timelineRequested, this, &MainWindow::showTimeline);
    connect(transcript, &Transcript::editRequested, this, &MainWindow::startEdit);
    connect(transcript, &Transcript::copied, m_status, &QLabel::setText);
    connect(m_view, &ConversationView::shown, this, &MainWindow::updateControls);
    connect(m_view, &ConversationView::loaded, m_header, &ConversationHeader::showConversation);
    connect(m_header, &ConversationHeader::message, m_status, &QLabel::setText);
    connect(m_header, &ConversationHeader::profileWanted, this, &MainWindow::useProfile);
    connect(m_session, &ProviderSession::keyNeeded, this,
            [this](const QString& id, const QString& name, const QString& why) {
                KeyPromptDialog::ask(*m_session, id, name, why, this);
            });
    connect(m_view, &ConversationView::rendered, m_composer, qOverload<>(&QWidget::setFocus));
    connect(m_view, &ConversationView::failed, m_status, &QLabel::setText);

    connect(m_tracker, &GenerationTracker::started, m_view, &ConversationView::onStarted);
    connect(m_tracker, &GenerationTracker::chunksAdded, m_view, &ConversationView::onChunks);
    connect(m_tracker, &GenerationTracker::stateChanged, this, &MainWindow::showLiveState);
    connect(m_tracker, &GenerationTracker::refused, this, &MainWindow::onRefused);
    connect(m_tracker, &GenerationTracker::finished, this, &MainWindow::onFinished);
    connect(m_tracker, &GenerationTracker::profileGone, this, &MainWindow::askToResumeAtOldAddress);
    connect(m_tracker, &GenerationTracker::message, m_status, &QLabel::setText);

    connect(m_tools, &ToolSession::approvalNeeded, this,
            [this](const ToolCallRecord& call, bool interrupted) {
                m_approval->ask(call, interrupted);
                m_status->setText(tr("The model wants to use a tool: allow or deny it above."));
            });
    connect(m_approval, &ToolApprovalPanel::decided, m_tools, &ToolSession::decide);
    connect(m_approval, &ToolApprovalPanel::openConversation, this, &MainWindow::openConversation);
    connect(m_tools, &ToolSession::callChanged, this, [this](const ToolCallRecord& call) {
        if (call.status != ToolCallStatus::Waiting && call.status != ToolCallStatus::Interrupted)
            m_approval->forget(call.id); // settled without the panel (the reply was stopped)
        m_view->updateToolCall(call);
        if (call.conversationId != m_view->conversationId())
            return;
        if (call.status == ToolCallStatus::Running)
            m_status->setText(tr("Running %1…").arg(toolLabel(call)));
        else if (isFinal(call.status))
            m_status->setText(toolLabel(call) + u": "_s + Transcript::toolStatusText(call));
    });
    connect(m_tools, &ToolSession::loopEnded, this,
            [this](qint64 conversationId, const QString& note) {
                if (!note.isEmpty() && conversationId == m_view->conversationId())
                    m_status->setText(note);
                updateControls();
            });
    connect(m_tools, &ToolSession::message, m_status, &QLabel::setText);
    connect(new ServerPrompts(m_engine, this), &ServerPrompts::message, m_status, &QLabel::setText);
    connect(m_view, &ConversationView::shown, this,
            [this] { m_approval->setConversation(m_view->conversationId()); });

    connect(&m_engine, &Engine::ready, m_sync, [this] {
        if (m_sync->isConfigured() && m_sync->config().automatic)
            m_sync->syncNow();
    });
    connect(&m_engine, &Engine::conversationsSynced, this, &MainWindow::onSynced);
    connect(m_syncStatus, &SyncStatus::settingsRequested, this, &MainWindow::openSync);
    connect(m_sync, &SyncSession::configChanged, this, [this] {
        m_syncStatus->refresh();
        statusBar()->setVisible(m_sync->isConfigured());
    });

    connect(m_archive, &ArchiveActions::message, m_status, &QLabel::setText);
    connect(m_archive, &ArchiveActions::imported, &m_sidebar->conversations(),
            &ConversationListModel::reload);
}

void MainWindow::onRefused(const LiveReply& live, const Error& error)
{
    if (m_view->shows(live)) {
        m_status->setText(error.message);
        if (m_composer->text().isEmpty())
            m_composer->setText(live.text); // nothing typed is lost
        if (m_composer->attachments()->attachments().isEmpty())
            m_composer->attachments()->restore(live.attachments); // nor anything attached
    }
    updateControls();
}

void MainWindow::onFinished(const LiveReply& live, const GenerationFinished& result, bool waiting)
{
    const GenerationFinished& f = result;
    if (f.conversationId == m_view->conversationId()) {
        if (f.status == GenerationStatus::Completed) {
            // A reply that came in one piece has no speed to speak of: none is shown.
            QStringList stats{tr("%n token(s)", nullptr, int(f.timings.outputTokens))};
            if (f.timings.firstTokenMs >= 0)
                stats << tr("first token after %1 ms").arg(f.timings.firstTokenMs);
            if (f.timings.tokensPerSecond > 0)
                stats << tr("%1 tokens/s").arg(f.timings.tokensPerSecond, 0, 'f', 1);
            m_replyStats = stats.join(u" · "_s);
            m_status->setText(m_replyStats);
        } else {
            // The transcript's words for it, translated, as a sentence.
            const QString state = Transcript::stateText(f.status, f.error.message);
            m_status->setText(state.left(1).toUpper() + state.mid(1));
        }
    }
    // The model the conversation talks to, as its footer names it.
    const QString model = m_header->model();
    m_view->onFinished(live, f, waiting, model.isEmpty() ? m_session->provider().model : model);
    if (f.status == GenerationStatus::Completed)
        m_sync->replyFinished();
}

void MainWindow::showLiveState()
{
    m_view->refreshState();
    if (const LiveReply* live = m_view->live()) {
        const QString state = m_tracker->stateText(*live);
        m_status->setText(state.left(1).toUpper() + state.mid(1));
    }
}

void MainWindow::updateControls()
{
    const LiveReply* live = m_view->live();
    // Between a reply's tool calls and the next reply nothing streams, yet the message is not
    // answered: the composer waits, and Stop ends the tool loop.
    const bool tools = m_tools->isRunning(m_view->conversationId());
    m_composer->setBusy(live || tools || m_preparing,
                        tools || m_preparing || (live && live->generationId && !live->deferred));
}

void MainWindow::setEnterSends(bool enterSends)
{
    m_composer->setEnterSends(enterSends);
}

void MainWindow::useProfile(const ProviderProfile& profile)
{
    m_session->use(profile);
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

void MainWindow::openSync()
{
    SyncDialog dialog(*m_sync, this);
    dialog.exec();
}

void MainWindow::onSynced(const QList<qint64>& ids)
{
    m_sidebar->conversations().reload();
    // The conversation on screen is shown again, unless a reply streams into it here.
    if (ids.contains(m_view->conversationId()))
        m_view->reload();
}

void MainWindow::openToolServers()
{
    ToolServersDialog dialog(*m_tools, this);
    dialog.exec();
}

void MainWindow::showTimeline(qint64 generationId)
{
    auto* dialog = new TimelineDialog(m_engine, generationId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::startEdit(qint64 messageId)
{
    if (m_view->live())
        return;
    m_composer->startEdit(messageId, m_view->transcript()->userText(messageId));
    m_status->setText(tr("Editing: Enter resends and replaces this message and what followed it; "
                         "Esc cancels."));
}

void MainWindow::resume(qint64 generationId, ContinuationMode mode)
{
    m_tracker->resume(generationId, mode, true);
}

void MainWindow::askToResumeAtOldAddress(qint64 generationId, const GenerationRoute& route)
{
    const QString name = route.providerName.isEmpty() ? tr("a provider") : route.providerName;
    const QString address = route.baseUrl.toDisplayString();
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
            m_tracker->dropResume(generationId);
            return;
        }
        m_status->setText(tr("Continuing at %1, without a key.").arg(address));
        m_tracker->resumeThrough(generationId, ProviderConfig()); // empty: the journaled address
    });
    box->open();
}

void MainWindow::resumeInterrupted(const QList<qint64>& generations)
{
    m_tracker->resumeInterrupted(generations);
}

void MainWindow::setOnline(bool online)
{
    if (online == m_tracker->isOnline())
        return;
    m_tracker->setOnline(online);
    m_status->setText(online ? tr("Back online.")
                             : tr("Offline: messages are kept and sent when the network returns."));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_sidebar->commitPendingDelete();
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::clearReplyStats()
{
    // They belong to the conversation that was on screen.
    if (!m_replyStats.isEmpty() && m_status->text() == m_replyStats)
        m_status->clear();
}

void MainWindow::newConversation()
{
    clearReplyStats();
    m_composer->takeEditing();
    m_view->clear();
    m_header->showNewChat();
    m_sidebar->clearSelection();
    m_composer->setFocus();
}

void MainWindow::openConversation(qint64 id)
{
    openConversationAt(id, 0);
}

void MainWindow::openConversationAt(qint64 id, qint64 messageId)
{
    if (id != m_view->conversationId()) {
        clearReplyStats();
        m_composer->takeEditing();
    }
    m_view->open(id, messageId);
}

void MainWindow::search(const QString& query)
{
    m_sidebar->search(query);
}

void MainWindow::importFile(const QString& path)
{
    m_archive->importFile(path);
}

void MainWindow::exportConversations(const QList<qint64>& ids, const QString& path)
{
    m_archive->exportConversations(ids, path);
}

void MainWindow::renameConversation(qint64 id)
{
    m_sidebar->renameConversation(id);
}

void MainWindow::deleteConversation(qint64 id)
{
    m_sidebar->deleteConversation(id);
}

void MainWindow::undoDelete()
{
    m_sidebar->undoDelete();
}

} // namespace tether::ui
