#include "conversationlistmodel.h"

#include "engine.h"

#include <QDateTime>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

// Tags for list requests live in their own high range, apart from the window's send tags.
quint64 ConversationListModel::s_nextTag = quint64(1) << 62;

ConversationListModel::ConversationListModel(Engine& engine, QObject* parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::conversationsListed, this, &ConversationListModel::onListed);
    connect(&engine, &Engine::ready, this, &ConversationListModel::reload);
    connect(&engine, &Engine::generationStarted, this,
            [this](const GenerationStarted& s) { touch(s.conversationId); });
    connect(&engine, &Engine::generationFinished, this,
            [this](const GenerationFinished& f) { touch(f.conversationId); });
}

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationSummary& c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return c.title.isEmpty() ? tr("New conversation") : c.title;
    case Qt::ToolTipRole:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.updatedAt),
                                  QLocale::ShortFormat);
    case IdRole:
        return c.id;
    case UpdatedAtRole:
        return c.updatedAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(UpdatedAtRole, "updatedAt");
    return names;
}

bool ConversationListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && m_pendingTag == 0 && !m_rows.isEmpty();
}

void ConversationListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_pendingTag = s_nextTag++;
    m_engine.listConversations(m_pendingTag, int(m_rows.size()), PageSize);
}

void ConversationListModel::reload()
{
    m_pendingTag = s_nextTag++;
    m_engine.listConversations(m_pendingTag, 0, PageSize);
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == conversationId)
            return int(i);
    }
    return -1;
}

void ConversationListModel::onListed(quint64 tag, int offset,
                                     const QList<ConversationSummary>& page)
{
    if (tag != m_pendingTag)
        return;
    m_pendingTag = 0;
    m_atEnd = page.size() < PageSize;
    if (offset == 0) {
        beginResetModel();
        m_rows = page;
        endResetModel();
        return;
    }
    if (page.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size() - 1));
    m_rows += page;
    endInsertRows();
}

void ConversationListModel::touch(qint64 conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0) {
        reload(); // new: its title and time come from the journal
        return;
    }
    m_rows[row].updatedAt = QDateTime::currentMSecsSinceEpoch();
    if (row > 0) {
        beginMoveRows({}, row, row, {}, 0);
        m_rows.move(row, 0);
        endMoveRows();
    }
    Q_EMIT dataChanged(index(0), index(0), {Qt::ToolTipRole, UpdatedAtRole});
}

} // namespace tether::ui
