// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/jobs/job.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QSet>

class QDateTime;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// The sidebar's conversations, newest first, fetched from the engine a page at a time: the GUI
// thread never reads the journal itself.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        UpdatedAtRole,
        ActivityRole,
        TitleRole,
        PinnedRole,
        // "Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days", "March 2026"
        SectionRole,
        // Pinned first, then newest first: what the sidebar sorts by, descending.
        OrderRole,
    };
    // What a conversation is doing now, shown in the sidebar: several can stream at once.
    enum class Activity { Idle, Streaming, Reconnecting, WaitingForNetwork };
    static constexpr int PageSize = 100;

    explicit ConversationListModel(engine::Engine& engine, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Reloads the first page (after the engine opened, or a new conversation appeared).
    void reload();
    int rowOf(qint64 conversationId) const;
    void setActivity(qint64 conversationId, Activity activity);
    // Pinned conversations stay on top; which ones is this device's choice (QSettings).
    void setPinned(qint64 conversationId, bool pinned);
    bool isPinned(qint64 conversationId) const { return m_pinned.contains(conversationId); }
    // The sidebar's heading for a conversation last changed at `updatedAt` (ms), seen `now`.
    static QString section(qint64 updatedAt, const QDateTime& now);

    // Delete with undo: the row leaves the list at once (and stays out of reloads) while the
    // journal still has it; restore() puts it back.
    void hide(qint64 conversationId);
    void restore(qint64 conversationId);

private:
    void request(int offset);
    void onListed(int offset, const QList<engine::ConversationSummary>& page);
    // A conversation got a new message: it moves to the top, or appears there.
    void touch(qint64 conversationId);

    engine::Engine& m_engine;
    QList<engine::ConversationSummary> m_rows;
    QHash<qint64, Activity> m_activity;
    QHash<qint64, engine::ConversationSummary> m_hidden;
    QSet<qint64> m_pinned;
    QPointer<engine::ListConversationsJob> m_pending;
    bool m_atEnd = false;
};

} // namespace tether::ui
