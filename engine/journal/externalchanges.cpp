// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/journal/externalchanges.h"

#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

ExternalChanges::ExternalChanges(const QSqlDatabase& db, QObject* parent)
    : QObject(parent)
    , m_connection(db.connectionName())
    , m_timer(new QTimer(this))
{
    m_version = version();
    m_timer->setInterval(IntervalMs);
    connect(m_timer, &QTimer::timeout, this, &ExternalChanges::poll);
    m_timer->start();
}

qint64 ExternalChanges::version() const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return -1;
    QSqlQuery q(db);
    if (!q.exec(u"PRAGMA data_version"_s) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

void ExternalChanges::poll()
{
    const qint64 now = version();
    if (now < 0 || now == m_version)
        return;
    m_version = now;
    Q_EMIT changed();
}

} // namespace tether::engine
