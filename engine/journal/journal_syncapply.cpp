// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: other devices' records merged in. The merge is the same whatever order records
// arrive in: each conversation and message keeps the stamp (hybrid logical clock, then device
// id) of the version it holds and only a later one replaces it; deleted ids are remembered; a
// message whose parent has not arrived waits as an orphan.
#include "engine/journal/journal.h"
#include "engine/journal/row.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

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

} // namespace

Result<qint64> Journal::conversationForSync(const QString& gid, qint64 createdAt)
{
    auto known = run(u"SELECT id FROM conversations WHERE gid = ?"_s, {gid});
    if (!known)
        return known.error();
    if (known.value().next())
        return known.value().value(0).toLongLong();
    // Its record has not arrived yet, or it was deleted here before this message was written
    // there: a delete removes what it saw, so the conversation comes back with what it had not.
    auto deleted = run(u"SELECT coalesce(title, '') FROM sync_deleted WHERE gid = ?"_s, {gid});
    if (!deleted)
        return deleted.error();
    const QString title = deleted.value().next() ? deleted.value().value(0).toString() : QString();
    if (auto r = run(u"DELETE FROM sync_deleted WHERE gid = ?"_s, {gid}); !r)
        return r.error();
    auto inserted = run(u"INSERT INTO conversations(gid, title, created_at, updated_at) "
                        "VALUES(?, coalesce(?, ''), ?, ?)"_s,
                        {gid, title, createdAt, createdAt});
    if (!inserted)
        return inserted.error();
    return inserted.value().lastInsertId().toLongLong();
}

Result<bool> Journal::isDeletedHere(const QString& gid)
{
    auto q = run(u"SELECT 1 FROM sync_deleted WHERE gid = ?"_s, {gid});
    if (!q)
        return q.error();
    return q.value().next();
}

Result<bool> Journal::applyConversation(const QJsonObject& c, const QString& stamp)
{
    const QString gid = text(c, "g"_L1);
    auto id = conversationForSync(gid, c.value("created"_L1).toInteger());
    if (!id)
        return id.error();
    auto q =
        run(u"UPDATE conversations SET title = coalesce(?, ''), system_prompt = coalesce(?, ''), "
            "model = ?, params = ?, "
            "source = ?, external_id = ?, created_at = ?, "
            "updated_at = max(updated_at, ?), sync_hlc = ? "
            "WHERE id = ? AND (sync_hlc IS NULL OR sync_hlc < ?) "
            "AND NOT EXISTS (SELECT 1 FROM sync_pending WHERE kind = 'c' AND ref = ?)"_s,
            {text(c, "title"_L1), text(c, "prompt"_L1), nullable(c, "model"_L1),
             nullable(c, "params"_L1), nullable(c, "source"_L1), nullable(c, "ext"_L1),
             c.value("created"_L1).toInteger(), c.value("updated"_L1).toInteger(), stamp,
             id.value(), stamp, id.value()});
    if (!q)
        return q.error();
    return q.value().numRowsAffected() > 0;
}

Result<bool> Journal::applyMessage(const QJsonObject& m, const QString& stamp, qint64& conversation)
{
    const QString gid = text(m, "g"_L1);
    auto known = run(u"SELECT id, conversation_id, coalesce(sync_hlc, '') AS stamp, "
                     "EXISTS (SELECT 1 FROM sync_pending WHERE kind = 'm' AND ref = messages.id) "
                     "AS pending FROM messages WHERE gid = ?"_s,
                     {gid});
    if (!known)
        return known.error();
    qint64 id = 0;
    if (known.value().next()) {
        const Row row(known.value());
        if (row["pending"_L1].toBool() || row["stamp"_L1].toString() >= stamp)
            return false;
        id = row["id"_L1].toLongLong();
        conversation = row["conversation_id"_L1].toLongLong();
    } else {
        auto c = conversationForSync(text(m, "c"_L1), m.value("created"_L1).toInteger());
        if (!c)
            return c.error();
        conversation = c.value();
    }
    // Text columns are NOT NULL, and QtSql binds an empty QString as NULL.
    QVariantList values{text(m, "content"_L1),
                        text(m, "reasoning"_L1),
                        text(m, "refusal"_L1),
                        nullable(m, "toolCalls"_L1),
                        text(m, "status"_L1),
                        nullable(m, "model"_L1),
                        stamp};
    if (id != 0) {
        values.append(id);
        if (auto r = run(u"UPDATE messages SET content = coalesce(?, ''), "
                         "reasoning = coalesce(?, ''), refusal = coalesce(?, ''), tool_calls = ?, "
                         "status = ?, model = ?, sync_hlc = ? WHERE id = ?"_s,
                         values);
            !r)
            return r.error();
    } else {
        const bool context = m.value("context"_L1).toBool();
        // Hidden until revealSynced decides: the thread shown here stays as it is, and a
        // concurrent follow-up becomes an alternative beside it.
        values += {gid,
                   conversation,
                   text(m, "role"_L1),
                   m.value("created"_L1).toInteger(),
                   context,
                   context ? m.value("hidden"_L1).toBool() : true,
                   nullable(m, "ext"_L1),
                   nullable(m, "p"_L1)};
        auto inserted =
            run(u"INSERT INTO messages(content, reasoning, refusal, tool_calls, status, model, "
                "sync_hlc, gid, conversation_id, role, created_at, context, hidden, external_id, "
                "parent_id) VALUES(coalesce(?, ''), coalesce(?, ''), coalesce(?, ''), ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM messages WHERE gid = ?))"_s,
                values);
        if (!inserted)
            return inserted.error();
        id = inserted.value().lastInsertId().toLongLong();
        if (auto r = linkSyncedMessage(m, id); !r)
            return r.error();
    }
    if (auto r = applyToolCalls(m.value("calls"_L1).toArray(), id); !r)
        return r.error();
    if (auto r = run(u"UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?"_s,
                     {m.value("created"_L1).toInteger(), conversation});
        !r)
        return r.error();
    return true;
}

Result<void> Journal::linkSyncedMessage(const QJsonObject& m, qint64 id)
{
    if (m.contains("p"_L1)) {
        // Its parent, from another device's log, may come later.
        if (auto r = run(u"INSERT INTO sync_orphans(message_id, parent_gid) SELECT id, ? "
                         "FROM messages WHERE id = ? AND parent_id IS NULL"_s,
                         {text(m, "p"_L1), id});
            !r)
            return r.error();
    }
    const QJsonArray files = m.value("files"_L1).toArray();
    QSqlQuery link(m_db);
    link.prepare(u"INSERT OR IGNORE INTO message_attachments(message_id, position, name, "
                 "sha256) SELECT ?, ?, ?, sha256 FROM attachments WHERE sha256 = ?"_s);
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QJsonObject f = files.at(i).toObject();
        if (auto r = exec(link, {id, int(i), text(f, "name"_L1), text(f, "sha"_L1)}); !r)
            return r;
    }
    return {};
}

Result<void> Journal::applyToolCalls(const QJsonArray& calls, qint64 messageId)
{
    QSqlQuery call(m_db);
    call.prepare(u"INSERT INTO tool_calls(stable_id, message_id, position, call_id, name, server, "
                 "tool, arguments, status, approval, result, error, started_at, ended_at) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(stable_id) DO "
                 "UPDATE SET status = excluded.status, approval = excluded.approval, "
                 "result = excluded.result, error = excluded.error, "
                 "started_at = excluded.started_at, ended_at = excluded.ended_at"_s);
    const auto time = [](const QJsonObject& t, QLatin1StringView key) {
        return t.contains(key) ? QVariant(t.value(key).toInteger())
                               : QVariant(QMetaType::fromType<qint64>());
    };
    for (const auto& value : calls) {
        const QJsonObject t = value.toObject();
        if (auto r =
                exec(call, {text(t, "id"_L1), messageId, t.value("position"_L1).toInt(),
                            text(t, "callId"_L1), text(t, "name"_L1), nullable(t, "server"_L1),
                            nullable(t, "tool"_L1), text(t, "arguments"_L1), text(t, "status"_L1),
                            nullable(t, "approval"_L1), nullable(t, "result"_L1),
                            nullable(t, "error"_L1), time(t, "started"_L1), time(t, "ended"_L1)});
            !r)
            return r;
    }
    return {};
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
        if (auto r = exec(q, {gid.toString()}); !r)
            return r.error();
        if (auto r = exec(del, {gid.toString()}); !r)
            return r.error();
    }
    const QString gid = text(x, "g"_L1);
    auto here = run(u"SELECT id FROM conversations WHERE gid = ?"_s, {gid});
    if (!here)
        return here.error();
    const qint64 id = here.value().next() ? here.value().value(0).toLongLong() : 0;
    if (auto r = run(u"DELETE FROM conversations WHERE gid = ? AND NOT EXISTS "
                     "(SELECT 1 FROM messages WHERE conversation_id = conversations.id)"_s,
                     {gid});
        !r)
        return r.error();
    if (id == 0) {
        // Never here (or deleted here too): it must not arrive later. One deleted here was
        // remembered by the delete's trigger; one that keeps unseen messages lives on.
        if (auto r = run(u"INSERT OR IGNORE INTO sync_deleted(gid, title) VALUES(?, ?)"_s,
                         {gid, text(x, "t"_L1)});
            !r)
            return r.error();
    }
    if (auto r = deleteUnusedAttachments(); !r)
        return r.error();
    return id;
}

Result<qint64> Journal::applyDeleted(const QString& gid)
{
    auto known = run(u"SELECT conversation_id FROM messages WHERE gid = ?"_s, {gid});
    if (!known)
        return known.error();
    const qint64 conversation = known.value().next() ? known.value().value(0).toLongLong() : 0;
    QSqlQuery q(m_db);
    for (const QString& statement : {u"INSERT OR IGNORE INTO sync_deleted(gid) VALUES(?)"_s,
                                     u"DELETE FROM messages WHERE gid = ?"_s,
                                     u"DELETE FROM conversations WHERE gid = ? AND NOT EXISTS "
                                     "(SELECT 1 FROM messages WHERE conversation_id = "
                                     "conversations.id)"_s}) {
        q.prepare(statement);
        if (auto r = exec(q, {gid}); !r)
            return r.error();
    }
    // The last statement's count: a conversation went, and the list changes.
    return q.numRowsAffected() > 0 ? -1 : conversation;
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
