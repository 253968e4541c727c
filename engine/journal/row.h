// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace tether::engine {

// Reads the current row of a query by column name, so that a SELECT list and the code reading it
// cannot drift apart by one position. Construct it after exec(); the names are looked up in the
// query's record once, not per row. A name the query does not have is a programming error: it
// is logged (tests fail on it) and reads as NULL.
class Row {
public:
    explicit Row(const QSqlQuery& query);

    QVariant operator[](QLatin1StringView column) const;
    bool isNull(QLatin1StringView column) const;
    // NULL as `ifNull` (a timing never measured, an attempt not yet ended).
    qint64 integerOr(QLatin1StringView column, qint64 ifNull) const;

private:
    int index(QLatin1StringView column) const;

    const QSqlQuery& m_query;
    QStringList m_names;
};

} // namespace tether::engine
