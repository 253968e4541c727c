// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: the local side of sync, what this device sends. What it must send is queued by
// triggers (schema 10) in the transaction of the change itself, so a crash can never lose a
// change or send half of one; here it becomes records. journal_syncapply.cpp merges other
// devices' records in.
#include "engine/core/attachment.h"
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

void putIf(QJsonObject& o, QLatin1StringView key, const QVariant& value)
{
    if (!value.isNull() && !value.toString().isEmpty())
        o.insert(key, value.toString());
}

const QSet<QString>& finalToolStates()
{
    static const QSet<QString> states = {u"done"_s, u"failed"_s, u"declined"_s, u"interrupted"_s};
    return states;
}

} // namespace

Result<QString> Journal::syncValue(const QString& key)
{
    auto q = run(u"SELECT value FROM sync_state WHERE key = ?"_s, {key});
    if (!q)
        return q.error();
    return q.value().next() ? q.value().value(0).toString() : QString();
}

Result<void> Journal::saveSyncValues(const QHash<QString, QString>& values)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR REPLACE INTO sync_state(key, value) VALUES(?, ?)"_s);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (auto r = exec(q, {it.key(), it.value()}); !r)
            return r;
    }
    return {};
}

Result<void> Journal::setSyncValues(const QHash<QString, QString>& values)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    if (auto r = saveSyncValues(values); !r)
        return r;
    return tx.commit();
}

Result<QString> Journal::syncDevice(bool create)
{
    auto known = syncValue(u"device"_s);
    if (!known || !known.value().isEmpty() || !create)
        return known;
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    // Everything there is goes out with the first sync: conversations before their messages,
    // messages in the order they were written (parents first).
    for (const QString& statement :
         {u"INSERT OR IGNORE INTO sync_pending(kind, ref) SELECT 'c', id FROM conversations "
          "ORDER BY id"_s,
          u"INSERT OR IGNORE INTO sync_pending(kind, ref) SELECT 'm', id FROM messages "
          "WHERE status != 'streaming' ORDER BY id"_s}) {
        if (!q.exec(statement))
            return sqlError(q);
    }
    const QString device = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (auto r = saveSyncValues({{u"device"_s, device}}); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return device;
}

Result<QJsonObject> Journal::syncRecord(const QString& kind, qint64 ref, const QString& body,
                                        QStringList& blobs)
{
    if (kind == "x"_L1) {
        QJsonObject tomb = QJsonDocument::fromJson(body.toUtf8()).object();
        tomb.insert("k"_L1, u"x"_s);
        return tomb;
    }
    if (kind == "c"_L1) {
        auto q = run(u"SELECT gid, title, created_at, updated_at, system_prompt, model, params, "
                     "source, external_id FROM conversations WHERE id = ?"_s,
                     {ref});
        if (!q)
            return q.error();
        if (!q.value().next())
            return QJsonObject(); // deleted since: its tombstone follows
        const Row row(q.value());
        QJsonObject c{{"k"_L1, u"c"_s},
                      {"g"_L1, row["gid"_L1].toString()},
                      {"title"_L1, row["title"_L1].toString()},
                      {"created"_L1, row["created_at"_L1].toLongLong()},
                      {"updated"_L1, row["updated_at"_L1].toLongLong()},
                      {"prompt"_L1, row["system_prompt"_L1].toString()}};
        putIf(c, "model"_L1, row["model"_L1]);
        putIf(c, "params"_L1, row["params"_L1]);
        putIf(c, "source"_L1, row["source"_L1]);
        putIf(c, "ext"_L1, row["external_id"_L1]);
        return c;
    }
    auto q = run(u"SELECT m.gid, c.gid AS conversation, p.gid AS parent, m.role, m.content, "
                 "m.reasoning, m.refusal, m.tool_calls, m.status, m.created_at, m.context, "
                 // A reply's model is its generation's here; the other device has no generation.
                 "coalesce((SELECT g.model FROM generations g WHERE g.message_id = m.id "
                 "ORDER BY g.id DESC LIMIT 1), m.model) AS model, "
                 "m.hidden, m.external_id FROM messages m "
                 "JOIN conversations c ON c.id = m.conversation_id "
                 "LEFT JOIN messages p ON p.id = m.parent_id WHERE m.id = ?"_s,
                 {ref});
    if (!q)
        return q.error();
    if (!q.value().next())
        return QJsonObject();
    const Row row(q.value());
    if (row["gid"_L1].toString().isEmpty())
        return QJsonObject();
    QJsonObject m{{"k"_L1, u"m"_s},
                  {"g"_L1, row["gid"_L1].toString()},
                  {"c"_L1, row["conversation"_L1].toString()},
                  {"role"_L1, row["role"_L1].toString()},
                  {"content"_L1, row["content"_L1].toString()},
                  {"status"_L1, row["status"_L1].toString()},
                  {"created"_L1, row["created_at"_L1].toLongLong()}};
    putIf(m, "p"_L1, row["parent"_L1]);
    putIf(m, "reasoning"_L1, row["reasoning"_L1]);
    putIf(m, "refusal"_L1, row["refusal"_L1]);
    putIf(m, "toolCalls"_L1, row["tool_calls"_L1]);
    putIf(m, "model"_L1, row["model"_L1]);
    putIf(m, "ext"_L1, row["external_id"_L1]);
    if (row["context"_L1].toBool()) {
        m.insert("context"_L1, true);
        m.insert("hidden"_L1, row["hidden"_L1].toBool());
    }
    const QString role = m.value("role"_L1).toString();
    if (role == "user"_L1) {
        auto files = run(u"SELECT ma.name, ma.sha256, a.mime, a.size FROM message_attachments ma "
                         "JOIN attachments a ON a.sha256 = ma.sha256 WHERE ma.message_id = ? "
                         "ORDER BY ma.position"_s,
                         {ref});
        if (!files)
            return files.error();
        QJsonArray list;
        const Row f(files.value());
        while (files.value().next()) {
            const QString sha = f["sha256"_L1].toString();
            list.append(QJsonObject{{"name"_L1, f["name"_L1].toString()},
                                    {"sha"_L1, sha},
                                    {"mime"_L1, f["mime"_L1].toString()},
                                    {"size"_L1, f["size"_L1].toLongLong()}});
            blobs.append(sha);
        }
        if (!list.isEmpty())
            m.insert("files"_L1, list);
    } else if (role == "assistant"_L1) {
        auto calls = run(u"SELECT stable_id, position, call_id, name, server, tool, arguments, "
                         "status, approval, result, error, started_at, ended_at FROM tool_calls "
                         "WHERE message_id = ? ORDER BY position"_s,
                         {ref});
        if (!calls)
            return calls.error();
        QJsonArray list;
        const Row t(calls.value());
        while (calls.value().next()) {
            QString status = t["status"_L1].toString();
            QString error = t["error"_L1].toString();
            // Waiting and running belong to the device that asked: elsewhere the call shows as
            // interrupted until that device sends how it ended. No device runs it twice.
            if (!finalToolStates().contains(status)) {
                status = u"interrupted"_s;
                error = u"Not finished on the device that asked for it."_s;
            }
            QJsonObject call{{"id"_L1, t["stable_id"_L1].toString()},
                             {"position"_L1, t["position"_L1].toInt()},
                             {"callId"_L1, t["call_id"_L1].toString()},
                             {"name"_L1, t["name"_L1].toString()},
                             {"arguments"_L1, t["arguments"_L1].toString()},
                             {"status"_L1, status}};
            putIf(call, "server"_L1, t["server"_L1]);
            putIf(call, "tool"_L1, t["tool"_L1]);
            putIf(call, "approval"_L1, t["approval"_L1]);
            putIf(call, "result"_L1, t["result"_L1]);
            putIf(call, "error"_L1, error);
            if (!t.isNull("started_at"_L1))
                call.insert("started"_L1, t["started_at"_L1].toLongLong());
            if (!t.isNull("ended_at"_L1))
                call.insert("ended"_L1, t["ended_at"_L1].toLongLong());
            list.append(call);
        }
        if (!list.isEmpty())
            m.insert("calls"_L1, list);
    }
    return m;
}

Result<qint64> Journal::syncPendingCount()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT count(*) FROM sync_pending"_s) || !q.next())
        return sqlError(q);
    return q.value(0).toLongLong();
}

Result<SyncOutgoing> Journal::syncOutgoing(qint64 maxBytes, int maxRecords)
{
    SyncOutgoing out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A read transaction: the records agree with each other even while the engine writes.
    if (!q.exec(u"BEGIN"_s))
        return sqlError(q);
    const auto end = qScopeGuard([this] { QSqlQuery(m_db).exec(u"COMMIT"_s); });
    q.prepare(u"SELECT n, kind, ref, body FROM sync_pending ORDER BY n LIMIT ?"_s);
    if (auto r = exec(q, {maxRecords}); !r)
        return r.error();
    while (q.next()) {
        const Row row(q);
        auto record = syncRecord(row["kind"_L1].toString(), row["ref"_L1].toLongLong(),
                                 row["body"_L1].toString(), out.blobs);
        if (!record)
            return record.error();
        out.lastPending = row["n"_L1].toLongLong();
        if (record.value().isEmpty())
            continue;
        out.lines += QJsonDocument(record.value()).toJson(QJsonDocument::Compact);
        out.lines += '\n';
        ++out.records;
        if (out.lines.size() >= maxBytes)
            break;
    }
    out.blobs.removeDuplicates();
    return out;
}

Result<void> Journal::syncSent(const SyncOutgoing& batch, const QString& stamp,
                               const QHash<QString, QString>& values)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    // Rows changed again since they were read were queued again under a later n: they stay.
    for (const QString& statement :
         {u"UPDATE conversations SET sync_hlc = ? WHERE id IN "
          "(SELECT ref FROM sync_pending WHERE kind = 'c' AND n <= ?)"_s,
          u"UPDATE messages SET sync_hlc = ? WHERE id IN "
          "(SELECT ref FROM sync_pending WHERE kind = 'm' AND n <= ?)"_s}) {
        q.prepare(statement);
        if (auto r = exec(q, {stamp, batch.lastPending}); !r)
            return r;
    }
    if (auto r = run(u"DELETE FROM sync_pending WHERE n <= ?"_s, {batch.lastPending}); !r)
        return r.error();
    if (auto r = saveSyncValues(values); !r)
        return r;
    return tx.commit();
}

Result<QStringList> Journal::syncUnsentBlobs(const QStringList& sha256s)
{
    return shasNotIn(u"sync_blobs"_s, sha256s);
}

Result<void> Journal::syncBlobSent(const QString& sha256)
{
    if (auto r = run(u"INSERT OR IGNORE INTO sync_blobs(sha256) VALUES(?)"_s, {sha256}); !r)
        return r.error();
    return {};
}

Result<QStringList> Journal::syncMissingBlobs(const QStringList& sha256s)
{
    return shasNotIn(u"attachments"_s, sha256s);
}

Result<QStringList> Journal::shasNotIn(const QString& table, const QStringList& sha256s)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT 1 FROM %1 WHERE sha256 = ?"_s.arg(table));
    QStringList out;
    for (const QString& sha : sha256s) {
        if (auto r = exec(q, {sha}); !r)
            return r.error();
        if (!q.next())
            out.append(sha);
    }
    return out;
}

Result<void> Journal::syncStoreBlob(const Attachment& a)
{
    // The name says what the bytes must be: anything else was not what the other device sent.
    if (QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex() != a.sha256.toLatin1())
        return Error{ErrorCode::Protocol,
                     u"An attachment from the sync folder does not match its checksum."_s};
    if (auto r = run(
            u"INSERT OR IGNORE INTO attachments(sha256, mime, size, data, text) "
            "VALUES(?, ?, ?, ?, ?)"_s,
            {a.sha256, a.mime, qint64(a.data.size()), a.data, orNull(a.text, a.text.isEmpty())});
        !r)
        return r.error();
    return {};
}

Result<bool> Journal::syncHasRead()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT 1 FROM sync_state WHERE key LIKE 'seen/%' LIMIT 1"_s))
        return sqlError(q);
    return q.next();
}

Result<SyncOutgoing> Journal::syncSnapshotPage(SyncSnapshotCursor& cursor, qint64 maxBytes)
{
    SyncOutgoing out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"BEGIN"_s))
        return sqlError(q);
    const auto end = qScopeGuard([this] { QSqlQuery(m_db).exec(u"COMMIT"_s); });
    while (cursor.phase < 3 && out.lines.size() < maxBytes) {
        if (cursor.phase == 2) {
            q.prepare(u"SELECT gid FROM sync_deleted WHERE gid > ? ORDER BY gid LIMIT 1000"_s);
        } else {
            q.prepare(u"SELECT id, sync_hlc FROM %1 WHERE id > ? AND sync_hlc IS NOT NULL "
                      "AND id NOT IN (SELECT ref FROM sync_pending WHERE kind = '%2') "
                      "ORDER BY id LIMIT 1000"_s.arg(cursor.phase == 0 ? u"conversations"_s
                                                                       : u"messages"_s,
                                                     cursor.phase == 0 ? u"c"_s : u"m"_s));
        }
        const QVariant after = cursor.phase == 2 ? QVariant(cursor.gid) : QVariant(cursor.id);
        if (auto r = exec(q, {after}); !r)
            return r.error();
        QList<QPair<qint64, QString>> rows;
        QStringList gids;
        while (q.next()) {
            if (cursor.phase == 2)
                gids.append(q.value(0).toString());
            else
                rows.append({q.value(0).toLongLong(), q.value(1).toString()});
        }
        if (rows.isEmpty() && gids.isEmpty()) {
            ++cursor.phase;
            cursor.id = 0;
            continue;
        }
        for (const QString& gid : gids) {
            const QJsonObject d{{"k"_L1, u"d"_s}, {"g"_L1, gid}};
            out.lines += QJsonDocument(d).toJson(QJsonDocument::Compact) + '\n';
            ++out.records;
            cursor.gid = gid;
            if (out.lines.size() >= maxBytes)
                break;
        }
        for (const auto& [id, stamp] : rows) {
            auto record = syncRecord(cursor.phase == 0 ? u"c"_s : u"m"_s, id, {}, out.blobs);
            if (!record)
                return record.error();
            cursor.id = id;
            if (record.value().isEmpty())
                continue;
            QJsonObject r = record.value();
            r.insert("s"_L1, stamp);
            out.lines += QJsonDocument(r).toJson(QJsonDocument::Compact) + '\n';
            ++out.records;
            if (out.lines.size() >= maxBytes)
                break;
        }
    }
    out.blobs.removeDuplicates();
    return out;
}

} // namespace tether::engine
