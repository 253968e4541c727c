// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sidebar.h"

#include "engine/engine.h"
#include "ui/icons.h"
#include "ui/models/conversationdelegate.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/models/searchresults.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

Sidebar::Sidebar(Engine& engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_conversations(new ConversationListModel(engine, this))
    , m_search(new QLineEdit(this))
    , m_searchDelay(new QTimer(this))
    , m_results(new SearchResultsModel(this))
    , m_resultsView(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_list(new QListView(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_empty(new QLabel(this))
    , m_undoBar(new QWidget(this))
    , m_undoLabel(new QLabel(m_undoBar))
    , m_undoTimer(new QTimer(this))
{
    auto* newChat = paneButton(tr("New chat"), icons::newChat());
    newChat->setObjectName(u"newChat"_s);
    newChat->setToolTip(
        tr("New chat (%1)")
            .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(newChat, &QToolButton::clicked, this, &Sidebar::newChatRequested);

    m_search->setObjectName(u"search"_s);
    m_search->setClearButtonEnabled(true);
    m_search->addAction(icons::search(), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setPlaceholderText(
        tr("Search (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
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
        Q_EMIT conversationActivated(
            index.data(SearchResultsModel::ConversationIdRole).toLongLong(),
            index.data(SearchResultsModel::MessageIdRole).toLongLong());
    };
    connect(m_resultsView, &QListView::activated, this, openHit);
    connect(m_resultsView, &QListView::clicked, this, openHit);

    // Pinned on top, then newest first, under a heading per group (Today, Yesterday…).
    m_sorted->setSourceModel(m_conversations);
    m_sorted->setSortRole(ConversationListModel::OrderRole);
    m_sorted->sort(0, Qt::DescendingOrder);
    m_list->setModel(m_sorted);
    m_list->setItemDelegate(new ConversationDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setMouseTracking(true);
    m_list->viewport()->setAutoFillBackground(false);
    m_list->setObjectName(u"conversations"_s);
    m_list->setAccessibleName(tr("Conversations"));
    // A row's heading depends on the row above: any move lays the rows out again, once.
    auto* relayout = new QTimer(this);
    relayout->setSingleShot(true);
    relayout->setInterval(0);
    connect(relayout, &QTimer::timeout, m_list, &QListView::doItemsLayout);
    connect(m_sorted, &QAbstractItemModel::rowsInserted, relayout, qOverload<>(&QTimer::start));
    connect(m_sorted, &QAbstractItemModel::rowsRemoved, relayout, qOverload<>(&QTimer::start));
    connect(m_sorted, &QAbstractItemModel::rowsMoved, relayout, qOverload<>(&QTimer::start));
    connect(m_sorted, &QAbstractItemModel::layoutChanged, relayout, qOverload<>(&QTimer::start));
    connect(m_sorted, &QAbstractItemModel::dataChanged, relayout, qOverload<>(&QTimer::start));
    connect(m_sorted, &QAbstractItemModel::modelReset, relayout, qOverload<>(&QTimer::start));
    // With nothing in it yet, the list says what it will hold.
    m_empty->setObjectName(u"noConversations"_s);
    m_empty->setText(tr("No conversations yet.\nYour chats appear here, kept on this computer "
                        "and searchable offline."));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setMargin(16);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->installEventFilter(this);
    connect(m_list, &QListView::customContextMenuRequested, this, [this](const QPoint& at) {
        const qint64 id = m_list->indexAt(at).data(ConversationListModel::IdRole).toLongLong();
        if (id <= 0)
            return;
        QMenu menu(this);
        const bool pinned = m_conversations->isPinned(id);
        menu.addAction(pinned ? tr("Unpin") : tr("Pin to Top"), this,
                       [this, id, pinned] { m_conversations->setPinned(id, !pinned); });
        menu.addAction(tr("Rename…"), this, [this, id] { renameConversation(id); });
        menu.addAction(tr("Delete"), this, [this, id] { deleteConversation(id); });
        menu.exec(m_list->viewport()->mapToGlobal(at));
    });
    const auto open = [this](const QModelIndex& index) {
        Q_EMIT conversationActivated(index.data(ConversationListModel::IdRole).toLongLong(), 0);
    };
    connect(m_list, &QListView::activated, this, open);
    connect(m_list, &QListView::clicked, this, open);

    auto* settings = paneButton(tr("Providers…"), icons::settings());
    settings->setObjectName(u"settings"_s);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setToolTip(
        tr("Providers and keys (%1)")
            .arg(QKeySequence(Qt::CTRL | Qt::Key_Comma).toString(QKeySequence::NativeText)));
    connect(settings, &QToolButton::clicked, this, &Sidebar::settingsRequested);

    // "Deleted · Undo", for a few seconds after a delete.
    m_undoBar->setObjectName(u"undoBar"_s);
    auto* undo = new QPushButton(tr("Undo"), m_undoBar);
    undo->setObjectName(u"undo"_s);
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(0, 0, 0, 0);
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(undo);
    m_undoBar->hide();
    m_undoTimer->setObjectName(u"undoTimer"_s);
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(8000);
    connect(m_undoTimer, &QTimer::timeout, this, &Sidebar::commitPendingDelete);
    connect(undo, &QPushButton::clicked, this, &Sidebar::undoDelete);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(newChat);
    layout->addWidget(m_search);
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_resultsView);
    m_stack->addWidget(m_empty);
    const auto showEmpty = [this] {
        if (m_stack->currentWidget() != m_resultsView)
            showConversations();
    };
    connect(m_conversations, &QAbstractItemModel::modelReset, this, showEmpty);
    connect(m_conversations, &QAbstractItemModel::rowsInserted, this, showEmpty);
    connect(m_conversations, &QAbstractItemModel::rowsRemoved, this, showEmpty);
    showEmpty();
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_undoBar);
    layout->addWidget(settings);
}

QToolButton* Sidebar::paneButton(const QString& text, const QIcon& icon)
{
    // Flat, the pane's width, the icon before the words: the sidebar's two buttons.
    auto* button = new QToolButton(this);
    button->setText(text);
    button->setIcon(icon);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return button;
}

void Sidebar::showConversations()
{
    // The list, or before the first conversation what it will hold.
    m_stack->setCurrentWidget(m_conversations->rowCount() > 0 ? static_cast<QWidget*>(m_list)
                                                              : m_empty);
}

void Sidebar::search(const QString& query)
{
    m_searchDelay->stop();
    if (m_search->text() != query) { // asked for directly: the field shows what is searched
        const QSignalBlocker quiet(m_search);
        m_search->setText(query);
    }
    if (query.trimmed().isEmpty()) {
        m_searchJob = nullptr;
        m_results->setHits({});
        showConversations();
        return;
    }
    SearchJob* job = m_engine.search(query.trimmed(), 50);
    m_searchJob = job;
    connect(job, &Job::succeeded, this, [this, job] {
        if (job != m_searchJob)
            return; // the user typed on (or cleared the field) meanwhile
        m_results->setHits(job->hits());
        m_stack->setCurrentWidget(m_resultsView);
        Q_EMIT message(job->hits().isEmpty() ? tr("No message matches “%1”.").arg(job->query())
                                             : QString());
    });
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT message(e.message); });
}

bool Sidebar::leaveSearch()
{
    if (!m_search->hasFocus() || m_search->text().isEmpty())
        return false;
    m_search->clear();
    search(QString());
    return true;
}

void Sidebar::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void Sidebar::clearSelection()
{
    m_list->clearSelection();
}

void Sidebar::renameConversation(qint64 id)
{
    const int row = m_conversations->rowOf(id);
    if (row < 0)
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(
        this, tr("Rename conversation"), tr("Title:"), QLineEdit::Normal,
        m_conversations->index(row).data(ConversationListModel::TitleRole).toString(), &ok);
    if (!ok || title.trimmed().isEmpty())
        return;
    ChangeConversationJob* job = m_engine.renameConversation(id, title);
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT message(e.message); });
}

void Sidebar::deleteConversation(qint64 id)
{
    Q_EMIT aboutToDelete(id);
    commitPendingDelete();
    const int row = m_conversations->rowOf(id);
    const QString title =
        m_conversations->index(row).data(ConversationListModel::TitleRole).toString();
    m_conversations->hide(id);
    m_pendingDelete = id;
    m_undoLabel->setText(tr("Deleted “%1”").arg(title));
    m_undoBar->show();
    m_undoTimer->start();
}

void Sidebar::undoDelete()
{
    if (!m_pendingDelete)
        return;
    m_undoTimer->stop();
    m_undoBar->hide();
    m_conversations->restore(std::exchange(m_pendingDelete, 0));
}

void Sidebar::commitPendingDelete()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    if (!m_pendingDelete)
        return;
    const qint64 id = std::exchange(m_pendingDelete, 0);
    ChangeConversationJob* job = m_engine.deleteConversation(id);
    connect(job, &Job::failed, this, [this, id](const Error& e) {
        m_conversations->restore(id); // still in the journal: show it again
        Q_EMIT message(e.message);
    });
}

bool Sidebar::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_search && key->key() == Qt::Key_Escape) {
        m_search->clear();
        search(QString());
        Q_EMIT searchLeft();
        return true;
    }
    if (watched == m_list) {
        const qint64 id = m_list->currentIndex().data(ConversationListModel::IdRole).toLongLong();
        if (id > 0 && key->key() == Qt::Key_F2) {
            renameConversation(id);
            return true;
        }
        if (id > 0 && key->matches(QKeySequence::Delete)) {
            deleteConversation(id);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace tether::ui
