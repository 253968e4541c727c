// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStackedWidget;
class QIcon;
class QTimer;
class QToolButton;

namespace tether::engine {
class Engine;
class SearchJob;
} // namespace tether::engine

namespace tether::ui {

class ConversationListModel;
class SearchResultsModel;

// The left pane: New chat, full-text search with its results, the conversations (rename,
// delete with a few seconds to undo) and Providers….
class Sidebar : public QWidget {
    Q_OBJECT
public:
    Sidebar(engine::Engine& engine, QWidget* parent = nullptr);

    ConversationListModel& conversations() const { return *m_conversations; }

    // Full-text search of every message; an empty query shows the conversations again.
    void search(const QString& query);
    // Esc: leaves the search when that is where the user is.
    bool leaveSearch();
    void focusSearch();
    void clearSelection();

    void renameConversation(qint64 id);
    // The conversation leaves the list at once; the journal forgets it when the Undo offer ends.
    void deleteConversation(qint64 id);
    void undoDelete();
    void commitPendingDelete();

Q_SIGNALS:
    void newChatRequested();
    void settingsRequested();
    // `messageId`: a search result's message, 0 for the conversation itself.
    void conversationActivated(qint64 id, qint64 messageId);
    // Before it leaves the list: whatever streams there stops.
    void aboutToDelete(qint64 id);
    void message(const QString& text);
    // Esc in the search field: the user is back to writing.
    void searchLeft();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QToolButton* paneButton(const QString& text, const QIcon& icon);
    void showConversations();

    engine::Engine& m_engine;
    ConversationListModel* m_conversations;
    QLineEdit* m_search;
    QTimer* m_searchDelay;                   // one query per pause in typing
    QPointer<engine::SearchJob> m_searchJob; // the newest; older answers are not shown
    SearchResultsModel* m_results;
    QListView* m_resultsView;
    QStackedWidget* m_stack;
    QListView* m_list;
    QSortFilterProxyModel* m_sorted; // pinned first, then newest first
    QLabel* m_empty;                 // the list before the first conversation
    QWidget* m_undoBar;
    QLabel* m_undoLabel;
    QTimer* m_undoTimer;
    qint64 m_pendingDelete = 0;
};

} // namespace tether::ui
