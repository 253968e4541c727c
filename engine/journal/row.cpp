// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/journal/row.h"

#include "engine/core/logging.h"

#include <QSqlRecord>

namespace tether::engine {

Row::Row(const QSqlQuery& query)
    : m_query(query)
{
    const QSqlRecord record = query.record();
    m_names.reserve(record.count());
    for (int i = 0; i < record.count(); ++i)
        m_names.append(record.fieldName(i));
}

int Row::index(QLatin1StringView column) const
{
    // Linear: a handful of columns, compared without allocating.
    for (int i = 0; i < m_names.size(); ++i) {
        if (m_names.at(i) == column)
            return i;
    }
    qCWarning(lcStore) << "no column" << column << "in" << m_names;
    return -1;
}

QVariant Row::operator[](QLatin1StringView column) const
{
    const int i = index(column);
    return i < 0 ? QVariant() : m_query.value(i);
}

bool Row::isNull(QLatin1StringView column) const
{
    const int i = index(column);
    return i < 0 || m_query.isNull(i);
}

qint64 Row::integerOr(QLatin1StringView column, qint64 ifNull) const
{
    const int i = index(column);
    return i < 0 || m_query.isNull(i) ? ifNull : m_query.value(i).toLongLong();
}

} // namespace tether::engine
