// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/conversationlistmodel.h"

#include "engine/engine.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QSettings>
#include <QTimer>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ConversationListModel::ConversationListModel(Engine& engine, QObject* parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    for (const QVariant& id : QSettings().value(u"sidebar/pinned"_s).toList())
        m_pinned.insert(id.toLongLong());
    connect(&engine, &Engine::ready, this, &ConversationListModel::reload);
    connect(&engine, &Engine::generationStarted, this,
            [this](const GenerationStarted& s) { touch(s.conversationId); });
    connect(&engine, &Engine::generationFinished, this,
            [this](const GenerationFinished& f) { touch(f.conversationId); });
    connect(&engine, &Engine::conversationRenamed, this, [this](qint64 id, const QString& title) {
        const int row = rowOf(id);
        if (row < 0)
            return;
        m_rows[row].title = title;
        Q_EMIT dataChanged(index(row), index(row), {Qt::DisplayRole});
    });
    connect(&engine, &Engine::conversationDeleted, this, [this](qint64 id) {
        setPinned(id, false);
        m_hidden.remove(id);
        m_activity.remove(id);
        if (const int row = rowOf(id); row >= 0) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    });
}

void ConversationListModel::setActivity(qint64 conversationId, Activity activity)
{
    if (activity == Activity::Idle)
        m_activity.remove(conversationId);
    else
        m_activity.insert(conversationId, activity);
    if (const int row = rowOf(conversationId); row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {Qt::DisplayRole, ActivityRole});
}

void ConversationListModel::setPinned(qint64 conversationId, bool pinned)
{
    if (pinned == m_pinned.contains(conversationId))
        return;
    if (pinned)
        m_pinned.insert(conversationId);
    else
        m_pinned.remove(conversationId);
    QVariantList ids;
    for (const qint64 id : std::as_const(m_pinned))
        ids.append(id);
    QSettings().setValue(u"sidebar/pinned"_s, ids);
    if (const int row = rowOf(conversationId); row >= 0)
        Q_EMIT dataChanged(index(row), index(row), {PinnedRole, SectionRole, OrderRole});
}

QString ConversationListModel::section(qint64 updatedAt, const QDateTime& now)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(updatedAt).date();
    const qint64 days = day.daysTo(now.date());
    if (days <= 0)
        return tr("Today");
    if (days == 1)
        return tr("Yesterday");
    if (days < 7)
        return tr("Previous 7 days");
    if (days < 30)
        return tr("Previous 30 days");
    return QLocale().standaloneMonthName(day.month()) + u' ' + QString::number(day.year());
}

void ConversationListModel::hide(qint64 conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_hidden.insert(conversationId, m_rows.takeAt(row));
    endRemoveRows();
}

void ConversationListModel::restore(qint64 conversationId)
{
    const auto it = m_hidden.constFind(conversationId);
    if (it == m_hidden.cend())
        return;
    const ConversationSummary c = *it;
    m_hidden.erase(it);
    int row = 0; // newest first
    while (row < m_rows.size() && m_rows[row].updatedAt >= c.updatedAt)
        ++row;
    beginInsertRows({}, row, row);
    m_rows.insert(row, c);
    endInsertRows();
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
    case Qt::DisplayRole: {
        const QString title = c.title.isEmpty() ? tr("New conversation") : c.title;
        switch (m_activity.value(c.id)) {
        case Activity::Streaming:
            return QString(u"● "_s + title);
        case Activity::Reconnecting:
            return QString(u"↻ "_s + title);
        case Activity::WaitingForNetwork:
            return QString(u"⏸ "_s + title);
        case Activity::Idle:
            break;
        }
        return title;
    }
    case ActivityRole:
        return int(m_activity.value(c.id));
    case TitleRole:
        return c.title;
    case Qt::ToolTipRole:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(c.updatedAt),
                                  QLocale::ShortFormat);
    case IdRole:
        return c.id;
    case PinnedRole:
        return m_pinned.contains(c.id);
    case SectionRole:
        return m_pinned.contains(c.id) ? tr("Pinned")
                                       : section(c.updatedAt, QDateTime::currentDateTime());
    case OrderRole:
        return m_pinned.contains(c.id) ? c.updatedAt + (qint64(1) << 52) : c.updatedAt;
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
    names.insert(ActivityRole, "activity");
    names.insert(TitleRole, "title");
    names.insert(PinnedRole, "pinned");
    names.insert(SectionRole, "section");
    names.insert(OrderRole, "order");
    return names;
}

bool ConversationListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_pending && !m_rows.isEmpty();
}

void ConversationListModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    request(int(m_rows.size() + m_hidden.size()));
}

void ConversationListModel::reload()
{
    request(0);
}

void ConversationListModel::request(int offset)
{
    if (m_pending) // a reload overtakes a page still on its way
        m_pending->disconnect(this);
    m_pending = m_engine.listConversations(offset, PageSize);
    ListConversationsJob* job = m_pending;
    connect(job, &Job::succeeded, this,
            [this, job] { onListed(job->offset(), job->conversations()); });
    connect(job, &Job::failed, this, [this] { m_pending = nullptr; });
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == conversationId)
            return int(i);
    }
    return -1;
}

void ConversationListModel::onListed(int offset, const QList<ConversationSummary>& page)
{
    // The request stays pending until the rows are in: a view (or a model tester) that asks
    // for more from inside the insertion must not ask again for the page being inserted.
    const auto done = qScopeGuard([this] { m_pending = nullptr; });
    m_atEnd = page.size() < PageSize;
    QList<ConversationSummary> shown;
    shown.reserve(page.size());
    for (const ConversationSummary& c : page) {
        if (!m_hidden.contains(c.id))
            shown.append(c);
    }
    if (offset == 0) {
        beginResetModel();
        m_rows = shown;
        endResetModel();
    } else if (!shown.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + shown.size() - 1));
        m_rows += shown;
        endInsertRows();
    }
    // A pinned conversation is on top however old it is: pages come until every pinned one is
    // in (or the list ends).
    if (!m_atEnd && std::any_of(m_pinned.cbegin(), m_pinned.cend(),
                                [this](qint64 id) { return rowOf(id) < 0; })) {
        QTimer::singleShot(0, this, [this] { fetchMore({}); });
    }
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
    Q_EMIT dataChanged(index(0), index(0),
                       {Qt::ToolTipRole, UpdatedAtRole, SectionRole, OrderRole});
}

} // namespace tether::ui
