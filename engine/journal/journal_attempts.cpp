// SPDX-License-Identifier: GPL-3.0-or-later
// The journal's record of attempts (the generation timeline) and of who streams what, used to
// resume after drops and after crashes.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"

#include <QDateTime>
#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

Result<void> Journal::beginAttempt(qint64 generationId, int attempt, const QString& kind)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR REPLACE INTO attempts(generation_id, attempt, kind, started_at) "
              "VALUES(?, ?, ?, ?)"_s);
    q.addBindValue(generationId);
    q.addBindValue(attempt);
    q.addBindValue(kind);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return sqlError(q);
    q.prepare(u"UPDATE generations SET attempts = ? WHERE id = ?"_s);
    q.addBindValue(attempt);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    return tx.commit();
}

Result<void> Journal::endAttempt(qint64 generationId, int attempt, const QString& cause,
                                 int httpStatus, qint64 retryDelayMs)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE attempts SET ended_at = ?, cause = ?, http_status = ?, retry_delay_ms = ? "
              "WHERE generation_id = ? AND attempt = ?"_s);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(orNull(cause, cause.isEmpty()));
    q.addBindValue(orNull(httpStatus, httpStatus == 0));
    q.addBindValue(orNull(retryDelayMs, retryDelayMs < 0));
    q.addBindValue(generationId);
    q.addBindValue(attempt);
    return exec(q);
}

Result<void> Journal::supersedeAttempts(qint64 generationId, int upToAttempt)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE attempts SET superseded = 1 WHERE generation_id = ? AND attempt <= ?"_s);
    q.addBindValue(generationId);
    q.addBindValue(upToAttempt);
    return exec(q);
}

Result<QList<AttemptRecord>> Journal::attempts(qint64 generationId)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT attempt, kind, started_at, ended_at, cause, http_status, retry_delay_ms, "
              "superseded FROM attempts WHERE generation_id = ? ORDER BY attempt"_s);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    QList<AttemptRecord> out;
    while (q.next()) {
        AttemptRecord a;
        a.attempt = q.value(0).toInt();
        a.kind = q.value(1).toString();
        a.startedAt = q.value(2).toLongLong();
        a.endedAt = q.isNull(3) ? 0 : q.value(3).toLongLong();
        a.cause = q.value(4).toString();
        a.httpStatus = q.value(5).toInt();
        a.retryDelayMs = q.isNull(6) ? -1 : q.value(6).toLongLong();
        a.superseded = q.value(7).toBool();
        out.append(a);
    }
    return out;
}

Result<void> Journal::claim(qint64 generationId, const QString& owner, const QString& continuation)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE generations SET status = 'streaming', error = NULL, owner = ?, "
              "continuation = coalesce(?, continuation) WHERE id = ?"_s);
    q.addBindValue(owner);
    q.addBindValue(orNull(continuation, continuation.isEmpty()));
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    q.prepare(u"UPDATE messages SET status = 'streaming' "
              "WHERE id = (SELECT message_id FROM generations WHERE id = ?)"_s);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    return tx.commit();
}

Result<QList<QPair<qint64, QString>>> Journal::streamingGenerations()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT id, coalesce(owner, '') FROM generations WHERE status = 'streaming' "
                "ORDER BY id"_s))
        return sqlError(q);
    QList<QPair<qint64, QString>> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString()});
    return out;
}

Result<QList<qint64>> Journal::interruptedGenerations()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT id FROM generations WHERE status = 'interrupted' ORDER BY id"_s))
        return sqlError(q);
    QList<qint64> out;
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

} // namespace tether::engine
