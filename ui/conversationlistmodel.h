#pragma once

#include "journal.h"

#include <QAbstractListModel>

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// The sidebar's conversations, newest first, fetched from the engine a page at a time: the GUI
// thread never reads the journal itself.
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, UpdatedAtRole };
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

private:
    void onListed(quint64 tag, int offset, const QList<engine::ConversationSummary>& page);
    // A conversation got a new message: it moves to the top, or appears there.
    void touch(qint64 conversationId);

    engine::Engine& m_engine;
    QList<engine::ConversationSummary> m_rows;
    quint64 m_pendingTag = 0;
    bool m_atEnd = false;
    static quint64 s_nextTag;
};

} // namespace tether::ui
