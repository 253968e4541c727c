// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: the local side of sync. What this device must send is queued by triggers (schema 10)
// in the transaction of the change itself, so a crash can never lose a change or send half of
// one; here it becomes records, and other devices' records are merged in. The merge is the same
// whatever order records arrive in: each conversation and message keeps the stamp (hybrid
// logical clock, then device id) of the version it holds and only a later one replaces it;
// deleted ids are remembered; a message whose parent has not arrived waits as an orphan.
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

QString text(const QJsonObject& o, QLatin1StringView key)
{
    return o.value(key).toString();
}

// A value for a nullable text column: NULL when the record has none.
QVariant nullable(const QJsonObject& o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? QVariant(v.toString()) : QVariant(QMetaType::fromType<QString>());
}

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
    QSqlQuery q(m_db);
    q.prepare(u"SELECT value FROM sync_state WHERE key = ?"_s);
    q.addBindValue(key);
    if (!q.exec())
        return sqlError(q);
    return q.next() ? q.value(0).toString() : QString();
}

Result<void> Journal::saveSyncValues(const QHash<QString, QString>& values)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR REPLACE INTO sync_state(key, value) VALUES(?, ?)"_s);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        q.addBindValue(it.key());
        q.addBindValue(it.value());
        if (!q.exec())
            return sqlError(q);
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
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (kind == "c"_L1) {
        q.prepare(u"SELECT gid, title, created_at, updated_at, system_prompt, model, params, "
                  "source, external_id FROM conversations WHERE id = ?"_s);
        q.addBindValue(ref);
        if (!q.exec())
            return sqlError(q);
        if (!q.next())
            return QJsonObject(); // deleted since: its tombstone follows
        const Row row(q);
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
    q.prepare(u"SELECT m.gid, c.gid AS conversation, p.gid AS parent, m.role, m.content, "
              "m.reasoning, m.refusal, m.tool_calls, m.status, m.created_at, m.context, "
              // A reply's model is its generation's here; the other device has no generation.
              "coalesce((SELECT g.model FROM generations g WHERE g.message_id = m.id "
              "ORDER BY g.id DESC LIMIT 1), m.model) AS model, "
              "m.hidden, m.external_id FROM messages m "
              "JOIN conversations c ON c.id = m.conversation_id "
              "LEFT JOIN messages p ON p.id = m.parent_id WHERE m.id = ?"_s);
    q.addBindValue(ref);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return QJsonObject();
    const Row row(q);
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
        QSqlQuery files(m_db);
        files.setForwardOnly(true);
        files.prepare(u"SELECT ma.name, ma.sha256, a.mime, a.size FROM message_attachments ma "
                      "JOIN attachments a ON a.sha256 = ma.sha256 WHERE ma.message_id = ? "
                      "ORDER BY ma.position"_s);
        files.addBindValue(ref);
        if (!files.exec())
            return sqlError(files);
        QJsonArray list;
        const Row f(files);
        while (files.next()) {
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
        QSqlQuery calls(m_db);
        calls.setForwardOnly(true);
        calls.prepare(u"SELECT stable_id, position, call_id, name, server, tool, arguments, "
                      "status, approval, result, error, started_at, ended_at FROM tool_calls "
                      "WHERE message_id = ? ORDER BY position"_s);
        calls.addBindValue(ref);
        if (!calls.exec())
            return sqlError(calls);
        QJsonArray list;
        const Row t(calls);
        while (calls.next()) {
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
    q.addBindValue(maxRecords);
    if (!q.exec())
        return sqlError(q);
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
        q.addBindValue(stamp);
        q.addBindValue(batch.lastPending);
        if (!q.exec())
            return sqlError(q);
    }
    q.prepare(u"DELETE FROM sync_pending WHERE n <= ?"_s);
    q.addBindValue(batch.lastPending);
    if (!q.exec())
        return sqlError(q);
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
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR IGNORE INTO sync_blobs(sha256) VALUES(?)"_s);
    q.addBindValue(sha256);
    return exec(q);
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
        q.addBindValue(sha);
        if (!q.exec())
            return sqlError(q);
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
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR IGNORE INTO attachments(sha256, mime, size, data, text) "
              "VALUES(?, ?, ?, ?, ?)"_s);
    q.addBindValue(a.sha256);
    q.addBindValue(a.mime);
    q.addBindValue(qint64(a.data.size()));
    q.addBindValue(a.data);
    q.addBindValue(orNull(a.text, a.text.isEmpty()));
    return exec(q);
}

Result<qint64> Journal::conversationForSync(const QString& gid, qint64 createdAt)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT id FROM conversations WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    if (q.next())
        return q.value(0).toLongLong();
    // Its record has not arrived yet, or it was deleted here before this message was written
    // there: a delete removes what it saw, so the conversation comes back with what it had not.
    QString title;
    q.prepare(u"SELECT coalesce(title, '') FROM sync_deleted WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    if (q.next())
        title = q.value(0).toString();
    q.prepare(u"DELETE FROM sync_deleted WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    q.prepare(u"INSERT INTO conversations(gid, title, created_at, updated_at) "
              "VALUES(?, coalesce(?, ''), ?, ?)"_s);
    q.addBindValue(gid);
    q.addBindValue(title);
    q.addBindValue(createdAt);
    q.addBindValue(createdAt);
    if (!q.exec())
        return sqlError(q);
    return q.lastInsertId().toLongLong();
}

Result<bool> Journal::isDeletedHere(const QString& gid)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT 1 FROM sync_deleted WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    return q.next();
}

Result<bool> Journal::applyConversation(const QJsonObject& c, const QString& stamp)
{
    const QString gid = text(c, "g"_L1);
    auto id = conversationForSync(gid, c.value("created"_L1).toInteger());
    if (!id)
        return id.error();
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE conversations SET title = coalesce(?, ''), system_prompt = coalesce(?, ''), "
              "model = ?, params = ?, "
              "source = ?, external_id = ?, created_at = ?, "
              "updated_at = max(updated_at, ?), sync_hlc = ? "
              "WHERE id = ? AND (sync_hlc IS NULL OR sync_hlc < ?) "
              "AND NOT EXISTS (SELECT 1 FROM sync_pending WHERE kind = 'c' AND ref = ?)"_s);
    q.addBindValue(text(c, "title"_L1));
    q.addBindValue(text(c, "prompt"_L1));
    q.addBindValue(nullable(c, "model"_L1));
    q.addBindValue(nullable(c, "params"_L1));
    q.addBindValue(nullable(c, "source"_L1));
    q.addBindValue(nullable(c, "ext"_L1));
    q.addBindValue(c.value("created"_L1).toInteger());
    q.addBindValue(c.value("updated"_L1).toInteger());
    q.addBindValue(stamp);
    q.addBindValue(id.value());
    q.addBindValue(stamp);
    q.addBindValue(id.value());
    if (!q.exec())
        return sqlError(q);
    return q.numRowsAffected() > 0;
}

Result<bool> Journal::applyMessage(const QJsonObject& m, const QString& stamp, qint64& conversation)
{
    const QString gid = text(m, "g"_L1);
    QSqlQuery q(m_db);
    q.prepare(u"SELECT id, conversation_id, coalesce(sync_hlc, '') AS stamp, "
              "EXISTS (SELECT 1 FROM sync_pending WHERE kind = 'm' AND ref = messages.id) "
              "AS pending FROM messages WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    qint64 id = 0;
    if (q.next()) {
        const Row row(q);
        if (row["pending"_L1].toBool() || row["stamp"_L1].toString() >= stamp)
            return false;
        id = row["id"_L1].toLongLong();
        conversation = row["conversation_id"_L1].toLongLong();
        q.prepare(u"UPDATE messages SET content = coalesce(?, ''), reasoning = coalesce(?, ''), "
                  "refusal = coalesce(?, ''), tool_calls = ?, status = ?, model = ?, sync_hlc = ? "
                  "WHERE id = ?"_s);
    } else {
        auto c = conversationForSync(text(m, "c"_L1), m.value("created"_L1).toInteger());
        if (!c)
            return c.error();
        conversation = c.value();
        q.prepare(u"INSERT INTO messages(content, reasoning, refusal, tool_calls, status, model, "
                  "sync_hlc, gid, conversation_id, role, created_at, context, hidden, external_id, "
                  "parent_id) VALUES(coalesce(?, ''), coalesce(?, ''), coalesce(?, ''), ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?, ?, "
                  "(SELECT id FROM messages WHERE gid = ?))"_s);
    }
    // Text columns are NOT NULL, and QtSql binds an empty QString as NULL.
    q.addBindValue(text(m, "content"_L1));
    q.addBindValue(text(m, "reasoning"_L1));
    q.addBindValue(text(m, "refusal"_L1));
    q.addBindValue(nullable(m, "toolCalls"_L1));
    q.addBindValue(text(m, "status"_L1));
    q.addBindValue(nullable(m, "model"_L1));
    q.addBindValue(stamp);
    if (id != 0) {
        q.addBindValue(id);
    } else {
        const bool context = m.value("context"_L1).toBool();
        q.addBindValue(gid);
        q.addBindValue(conversation);
        q.addBindValue(text(m, "role"_L1));
        q.addBindValue(m.value("created"_L1).toInteger());
        q.addBindValue(context);
        // Hidden until revealSynced decides: the thread shown here stays as it is, and a
        // concurrent follow-up becomes an alternative beside it.
        q.addBindValue(context ? m.value("hidden"_L1).toBool() : true);
        q.addBindValue(nullable(m, "ext"_L1));
        q.addBindValue(nullable(m, "p"_L1));
    }
    if (!q.exec())
        return sqlError(q);
    if (id == 0) {
        id = q.lastInsertId().toLongLong();
        if (m.contains("p"_L1)) {
            // Its parent, from another device's log, may come later.
            q.prepare(u"INSERT INTO sync_orphans(message_id, parent_gid) SELECT id, ? "
                      "FROM messages WHERE id = ? AND parent_id IS NULL"_s);
            q.addBindValue(text(m, "p"_L1));
            q.addBindValue(id);
            if (!q.exec())
                return sqlError(q);
        }
        const QJsonArray files = m.value("files"_L1).toArray();
        QSqlQuery link(m_db);
        link.prepare(u"INSERT OR IGNORE INTO message_attachments(message_id, position, name, "
                     "sha256) SELECT ?, ?, ?, sha256 FROM attachments WHERE sha256 = ?"_s);
        for (qsizetype i = 0; i < files.size(); ++i) {
            const QJsonObject f = files.at(i).toObject();
            link.addBindValue(id);
            link.addBindValue(int(i));
            link.addBindValue(text(f, "name"_L1));
            link.addBindValue(text(f, "sha"_L1));
            if (!link.exec())
                return sqlError(link);
        }
    }
    QSqlQuery call(m_db);
    call.prepare(u"INSERT INTO tool_calls(stable_id, message_id, position, call_id, name, server, "
                 "tool, arguments, status, approval, result, error, started_at, ended_at) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(stable_id) DO "
                 "UPDATE SET status = excluded.status, approval = excluded.approval, "
                 "result = excluded.result, error = excluded.error, "
                 "started_at = excluded.started_at, ended_at = excluded.ended_at"_s);
    const QJsonArray calls = m.value("calls"_L1).toArray();
    for (const auto& value : calls) {
        const QJsonObject t = value.toObject();
        call.addBindValue(text(t, "id"_L1));
        call.addBindValue(id);
        call.addBindValue(t.value("position"_L1).toInt());
        call.addBindValue(text(t, "callId"_L1));
        call.addBindValue(text(t, "name"_L1));
        call.addBindValue(nullable(t, "server"_L1));
        call.addBindValue(nullable(t, "tool"_L1));
        call.addBindValue(text(t, "arguments"_L1));
        call.addBindValue(text(t, "status"_L1));
        call.addBindValue(nullable(t, "approval"_L1));
        call.addBindValue(nullable(t, "result"_L1));
        call.addBindValue(nullable(t, "error"_L1));
        call.addBindValue(t.contains("started"_L1) ? QVariant(t.value("started"_L1).toInteger())
                                                   : QVariant(QMetaType::fromType<qint64>()));
        call.addBindValue(t.contains("ended"_L1) ? QVariant(t.value("ended"_L1).toInteger())
                                                 : QVariant(QMetaType::fromType<qint64>()));
        if (!call.exec())
            return sqlError(call);
    }
    q.prepare(u"UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?"_s);
    q.addBindValue(m.value("created"_L1).toInteger());
    q.addBindValue(conversation);
    if (!q.exec())
        return sqlError(q);
    return true;
}

Result<qint64> Journal::applyTombstone(const QJsonObject& x)
{
    // What the deleting device saw goes; what it had not seen (a follow-up written meanwhile
    // elsewhere) stays, and keeps the conversation.
    QSqlQuery q(m_db);
    q.prepare(u"INSERT OR IGNORE INTO sync_deleted(gid) VALUES(?)"_s);
    QSqlQuery del(m_db);
    del.prepare(u"DELETE FROM messages WHERE gid = ?"_s);
    const QJsonArray seen = x.value("m"_L1).toArray();
    for (const auto& gid : seen) {
        q.addBindValue(gid.toString());
        if (!q.exec())
            return sqlError(q);
        del.addBindValue(gid.toString());
        if (!del.exec())
            return sqlError(del);
    }
    const QString gid = text(x, "g"_L1);
    q.prepare(u"SELECT id FROM conversations WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    const qint64 id = q.next() ? q.value(0).toLongLong() : 0;
    q.prepare(u"DELETE FROM conversations WHERE gid = ? "
              "AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = conversations.id)"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    if (id == 0) {
        // Never here (or deleted here too): it must not arrive later. One deleted here was
        // remembered by the delete's trigger; one that keeps unseen messages lives on.
        q.prepare(u"INSERT OR IGNORE INTO sync_deleted(gid, title) VALUES(?, ?)"_s);
        q.addBindValue(gid);
        q.addBindValue(text(x, "t"_L1));
        if (!q.exec())
            return sqlError(q);
    }
    if (auto r = deleteUnusedAttachments(); !r)
        return r.error();
    return id;
}

Result<qint64> Journal::applyDeleted(const QString& gid)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT conversation_id FROM messages WHERE gid = ?"_s);
    q.addBindValue(gid);
    if (!q.exec())
        return sqlError(q);
    const qint64 conversation = q.next() ? q.value(0).toLongLong() : 0;
    for (const QString& statement : {u"INSERT OR IGNORE INTO sync_deleted(gid) VALUES(?)"_s,
                                     u"DELETE FROM messages WHERE gid = ?"_s,
                                     u"DELETE FROM conversations WHERE gid = ? AND NOT EXISTS "
                                     "(SELECT 1 FROM messages WHERE conversation_id = "
                                     "conversations.id)"_s}) {
        q.prepare(statement);
        q.addBindValue(gid);
        if (!q.exec())
            return sqlError(q);
    }
    // The last statement's count: a conversation went, and the list changes.
    return q.numRowsAffected() > 0 ? -1 : conversation;
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
            q.addBindValue(cursor.gid);
        } else if (cursor.phase == 0) {
            q.prepare(u"SELECT id, sync_hlc FROM conversations WHERE id > ? AND sync_hlc IS NOT "
                      "NULL AND id NOT IN (SELECT ref FROM sync_pending WHERE kind = 'c') "
                      "ORDER BY id LIMIT 1000"_s);
            q.addBindValue(cursor.id);
        } else {
            q.prepare(u"SELECT id, sync_hlc FROM messages WHERE id > ? AND sync_hlc IS NOT NULL "
                      "AND id NOT IN (SELECT ref FROM sync_pending WHERE kind = 'm') "
                      "ORDER BY id LIMIT 1000"_s);
            q.addBindValue(cursor.id);
        }
        if (!q.exec())
            return sqlError(q);
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

Result<void> Journal::revealSynced(const QList<qint64>& conversations)
{
    QSqlQuery q(m_db);
    // Orphans whose parents arrived hang from them now.
    if (!q.exec(u"UPDATE messages SET parent_id = (SELECT p.id FROM sync_orphans o "
                "JOIN messages p ON p.gid = o.parent_gid WHERE o.message_id = messages.id) "
                "WHERE id IN (SELECT o.message_id FROM sync_orphans o "
                "JOIN messages p ON p.gid = o.parent_gid)"_s) ||
        !q.exec(u"DELETE FROM sync_orphans WHERE parent_gid IN (SELECT gid FROM messages) "
                "OR message_id NOT IN (SELECT id FROM messages)"_s))
        return sqlError(q);
    for (qint64 conversation : conversations) {
        auto t = tree(conversation);
        if (!t)
            return t.error();
        const Tree& tree = t.value();
        // The thread shown here goes on down to the newest message below its end; with nothing
        // shown (a conversation new here), from its newest root.
        qint64 tip = 0;
        QSet<qint64> parents;
        for (auto it = tree.nodes().cbegin(); it != tree.nodes().cend(); ++it) {
            if (!it->hidden && !it->context)
                parents.insert(it->parent);
        }
        for (auto it = tree.nodes().cbegin(); it != tree.nodes().cend(); ++it) {
            if (!it->hidden && !it->context && !parents.contains(it.key()))
                tip = std::max(tip, it.key());
        }
        if (tip == 0) {
            const QList<qint64> roots = tree.alternatives(0);
            if (roots.isEmpty())
                continue;
            tip = roots.last();
        }
        if (auto r = showThread(tree, tree.threadThrough(tip)); !r)
            return r;
    }
    return {};
}

Result<SyncApplied> Journal::syncApply(const QList<QJsonObject>& records,
                                       const QString& segmentStamp,
                                       const QHash<QString, QString>& values)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    if (!q.exec(u"INSERT INTO sync_applying(x) VALUES(1)"_s))
        return sqlError(q);
    SyncApplied applied;
    QSet<qint64> touched;
    for (const QJsonObject& record : records) {
        const QString kind = text(record, "k"_L1);
        // A snapshot's records carry the stamps of the versions they are.
        const QString stamp = record.contains("s"_L1) ? text(record, "s"_L1) : segmentStamp;
        if (kind == "c"_L1 || kind == "m"_L1) {
            // What was deleted here stays deleted, whatever copy of it arrives later.
            auto deleted = isDeletedHere(text(record, "g"_L1));
            if (!deleted)
                return deleted.error();
            if (deleted.value()) {
                ++applied.ignored;
                continue;
            }
        }
        bool changed = false;
        if (kind == "d"_L1) {
            auto r = applyDeleted(text(record, "g"_L1));
            if (!r)
                return r.error();
            changed = r.value() != 0;
            if (changed) // 0 stands for a conversation that went: the list changes
                applied.conversations.append(qMax<qint64>(0, r.value()));
        } else if (kind == "c"_L1) {
            auto r = applyConversation(record, stamp);
            if (!r)
                return r.error();
            changed = r.value();
        } else if (kind == "m"_L1) {
            qint64 conversation = 0;
            auto r = applyMessage(record, stamp, conversation);
            if (!r)
                return r.error();
            changed = r.value();
            if (changed)
                touched.insert(conversation);
        } else if (kind == "x"_L1) {
            auto r = applyTombstone(record);
            if (!r)
                return r.error();
            changed = true;
            if (r.value() != 0)
                applied.conversations.append(r.value());
        } // a kind from a newer Tether is passed over
        changed ? ++applied.records : ++applied.ignored;
    }
    QList<qint64> conversations(touched.cbegin(), touched.cend());
    std::sort(conversations.begin(), conversations.end());
    if (auto r = revealSynced(conversations); !r)
        return r.error();
    applied.conversations += conversations;
    if (auto r = saveSyncValues(values); !r)
        return r.error();
    if (!q.exec(u"DELETE FROM sync_applying"_s))
        return sqlError(q);
    if (auto r = tx.commit(); !r)
        return r.error();
    return applied;
}

} // namespace tether::engine
