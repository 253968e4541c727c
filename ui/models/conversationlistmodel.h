// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/jobs/job.h"

#include <QAbstractListModel>
#include <QPointer>

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// The sidebar's conversations, newest first, fetched from the engine a page at a time: the GUI
// thread never reads the journal itself.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, UpdatedAtRole, ActivityRole, TitleRole };
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
    QPointer<engine::ListConversationsJob> m_pending;
    bool m_atEnd = false;
};

} // namespace tether::ui
