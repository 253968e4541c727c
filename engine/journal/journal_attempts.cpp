// SPDX-License-Identifier: GPL-3.0-or-later
// The journal's record of attempts (the generation timeline) and of who streams what, used to
// resume after drops and after crashes.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"

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

Result<void> Journal::endOpenAttempts(qint64 generationId, const QString& cause)
{
    if (auto r = run(u"UPDATE attempts SET ended_at = ?, cause = ? "
                     "WHERE generation_id = ? AND ended_at IS NULL"_s,
                     {QDateTime::currentMSecsSinceEpoch(), cause, generationId});
        !r)
        return r.error();
    return {};
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
    const Row row(q);
    QList<AttemptRecord> out;
    while (q.next()) {
        AttemptRecord a;
        a.attempt = row["attempt"_L1].toInt();
        a.kind = row["kind"_L1].toString();
        a.startedAt = row["started_at"_L1].toLongLong();
        a.endedAt = row.integerOr("ended_at"_L1, 0);
        a.cause = row["cause"_L1].toString();
        a.httpStatus = row["http_status"_L1].toInt();
        a.retryDelayMs = row.integerOr("retry_delay_ms"_L1, -1);
        a.superseded = row["superseded"_L1].toBool();
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
    if (!q.exec(u"SELECT id, coalesce(owner, '') AS owner FROM generations "
                "WHERE status = 'streaming' ORDER BY id"_s))
        return sqlError(q);
    const Row row(q);
    QList<QPair<qint64, QString>> out;
    while (q.next())
        out.append({row["id"_L1].toLongLong(), row["owner"_L1].toString()});
    return out;
}

Result<QList<qint64>> Journal::interruptedGenerations()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT id FROM generations WHERE status = 'interrupted' ORDER BY id"_s))
        return sqlError(q);
    const Row row(q);
    QList<qint64> out;
    while (q.next())
        out.append(row["id"_L1].toLongLong());
    return out;
}

} // namespace tether::engine
