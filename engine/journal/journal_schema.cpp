// SPDX-License-Identifier: GPL-3.0-or-later
// Schema migrations of the journal, keyed on PRAGMA user_version: step N brings a database from
// version N-1 to N. An upgrade copies the journal first, then runs its steps in one transaction.
// Never edit a released step; append a new one.
#include "engine/core/logging.h"
#include "engine/core/privatefiles.h"
#include "engine/journal/journal.h"
#include "engine/journal/row.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSqlError>
#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        // 1: the journal itself.
        {
            u"CREATE TABLE conversations("
            "  id INTEGER PRIMARY KEY,"
            "  title TEXT NOT NULL DEFAULT '',"
            "  created_at INTEGER NOT NULL,"
            "  updated_at INTEGER NOT NULL)"_s,
            u"CREATE INDEX conversations_by_update ON conversations(updated_at DESC)"_s,
            u"CREATE TABLE messages("
            "  id INTEGER PRIMARY KEY,"
            "  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
            "  role TEXT NOT NULL,"
            "  content TEXT NOT NULL DEFAULT '',"
            "  status TEXT NOT NULL DEFAULT 'completed',"
            "  created_at INTEGER NOT NULL)"_s,
            u"CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"_s,
            u"CREATE TABLE generations("
            "  id INTEGER PRIMARY KEY,"
            "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
            "  provider TEXT NOT NULL DEFAULT '',"
            "  model TEXT NOT NULL DEFAULT '',"
            "  api TEXT NOT NULL DEFAULT 'chat',"
            "  request TEXT,"
            "  remote_id TEXT,"
            "  status TEXT NOT NULL DEFAULT 'streaming',"
            "  attempts INTEGER NOT NULL DEFAULT 0,"
            "  error TEXT,"
            "  created_at INTEGER NOT NULL,"
            "  finished_at INTEGER,"
            "  last_seq INTEGER NOT NULL DEFAULT 0,"
            "  last_provider_seq INTEGER NOT NULL DEFAULT -1)"_s,
            u"CREATE INDEX generations_by_message ON generations(message_id)"_s,
            u"CREATE INDEX generations_by_status ON generations(status)"_s,
            u"CREATE TABLE chunks("
            "  generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,"
            "  seq INTEGER NOT NULL,"
            "  kind INTEGER NOT NULL,"
            "  text TEXT NOT NULL,"
            "  provider_seq INTEGER,"
            "  received_at INTEGER NOT NULL,"
            "  PRIMARY KEY (generation_id, seq)) WITHOUT ROWID"_s,
        },
        // 2: reasoning/refusal/tool calls on messages, timings and usage on generations,
        //    the attempt that produced each chunk.
        {
            u"ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE messages ADD COLUMN refusal TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE messages ADD COLUMN tool_calls TEXT"_s,
            u"ALTER TABLE generations ADD COLUMN base_url TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE generations ADD COLUMN finish_reason TEXT"_s,
            u"ALTER TABLE generations ADD COLUMN usage TEXT"_s,
            u"ALTER TABLE generations ADD COLUMN ttfb_ms INTEGER"_s,
            u"ALTER TABLE generations ADD COLUMN first_token_ms INTEGER"_s,
            u"ALTER TABLE generations ADD COLUMN duration_ms INTEGER"_s,
            u"ALTER TABLE generations ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0"_s,
            u"ALTER TABLE generations ADD COLUMN output_tokens INTEGER"_s,
            u"ALTER TABLE generations ADD COLUMN tokens_per_second REAL"_s,
            u"ALTER TABLE chunks ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1"_s,
        },
        // 3: the attempts of each generation (the timeline of drops, retries and resumes), who is
        //    streaming a generation, and how a cut Chat Completions reply is continued.
        {
            u"CREATE TABLE attempts("
            "  generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,"
            "  attempt INTEGER NOT NULL,"
            "  kind TEXT NOT NULL,"
            "  started_at INTEGER NOT NULL,"
            "  ended_at INTEGER,"
            "  cause TEXT,"
            "  http_status INTEGER,"
            "  retry_delay_ms INTEGER,"
            "  superseded INTEGER NOT NULL DEFAULT 0,"
            "  PRIMARY KEY (generation_id, attempt)) WITHOUT ROWID"_s,
            u"ALTER TABLE generations ADD COLUMN owner TEXT"_s,
            u"ALTER TABLE generations ADD COLUMN continuation TEXT"_s,
        },
        // 4: edit and resend hides the replaced messages instead of deleting them.
        {
            u"ALTER TABLE messages ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0"_s,
        },
        // 5: offline history. Full-text search over message text (FTS5, trigram: substrings in
        //    any script, Chinese and Japanese included), kept in sync by triggers in the same
        //    transaction as every write; imported conversations keyed on their source's ids
        //    (re-importing adds nothing twice), with their message tree (parent) and model.
        {
            u"ALTER TABLE conversations ADD COLUMN source TEXT"_s,
            u"ALTER TABLE conversations ADD COLUMN external_id TEXT"_s,
            u"CREATE UNIQUE INDEX conversations_by_source ON conversations(source, external_id) "
            "WHERE external_id IS NOT NULL"_s,
            u"ALTER TABLE messages ADD COLUMN external_id TEXT"_s,
            u"ALTER TABLE messages ADD COLUMN parent_id INTEGER"_s,
            u"ALTER TABLE messages ADD COLUMN model TEXT"_s,
            u"CREATE UNIQUE INDEX messages_by_external ON messages(conversation_id, external_id) "
            "WHERE external_id IS NOT NULL"_s,
            u"CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', "
            "content_rowid='id', tokenize='trigram')"_s,
            u"CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN "
            "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END"_s,
            u"CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
            "INSERT INTO messages_fts(messages_fts, rowid, content) "
            "VALUES ('delete', old.id, old.content); END"_s,
            u"CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN "
            "INSERT INTO messages_fts(messages_fts, rowid, content) "
            "VALUES ('delete', old.id, old.content); "
            "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END"_s,
            u"INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')"_s,
        },
        // 6: the provider profile each generation was sent through: a resume goes through it as
        //    it is configured now, not to the URL it had then.
        {
            u"ALTER TABLE generations ADD COLUMN profile TEXT"_s,
        },
        // 7: each conversation remembers its profile, model, system prompt and sampling
        //    parameters. The system prompts sent so far as messages become the conversation's
        //    (joined, in order) and those messages are hidden: requests put the conversation's
        //    prompt first. The profile and model are those of its latest generation.
        {
            u"ALTER TABLE conversations ADD COLUMN profile TEXT"_s,
            u"ALTER TABLE conversations ADD COLUMN model TEXT"_s,
            u"ALTER TABLE conversations ADD COLUMN system_prompt TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE conversations ADD COLUMN params TEXT"_s,
            u"UPDATE conversations SET system_prompt = coalesce((SELECT group_concat(content, "
            "char(10) || char(10)) FROM (SELECT content FROM messages m WHERE m.conversation_id "
            "= conversations.id AND m.role = 'system' AND m.hidden = 0 AND m.content != '' "
            "ORDER BY m.id)), '')"_s,
            u"UPDATE messages SET hidden = 1 WHERE role = 'system' AND hidden = 0"_s,
            u"UPDATE conversations SET (profile, model) = (SELECT g.profile, nullif(g.model, '') "
            "FROM generations g JOIN messages m ON m.id = g.message_id "
            "WHERE m.conversation_id = conversations.id ORDER BY g.id DESC LIMIT 1)"_s,
        },
        // 8: attachments, each stored once by the sha256 of its bytes (PDFs with their text), and
        //    the messages that carry them; alternatives. Every user or assistant message hangs
        //    from the one it answers or follows (parent_id), so regenerated replies and edited
        //    messages are siblings; the shown thread is still hidden = 0. Messages never shown
        //    on any branch (system, tool, hidden context) are marked context. Tether's own
        //    messages get their parents here: a shown one follows the shown message before it,
        //    a hidden one (an edit replaced it) the message before it.
        {
            u"CREATE TABLE attachments("
            "  sha256 TEXT PRIMARY KEY,"
            "  mime TEXT NOT NULL,"
            "  size INTEGER NOT NULL,"
            "  data BLOB NOT NULL,"
            "  text TEXT) WITHOUT ROWID"_s,
            u"CREATE TABLE message_attachments("
            "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
            "  position INTEGER NOT NULL,"
            "  name TEXT NOT NULL,"
            "  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
            "  PRIMARY KEY (message_id, position)) WITHOUT ROWID"_s,
            u"CREATE INDEX message_attachments_by_sha ON message_attachments(sha256)"_s,
            u"ALTER TABLE messages ADD COLUMN context INTEGER NOT NULL DEFAULT 0"_s,
            u"UPDATE messages SET context = 1 WHERE role NOT IN ('user', 'assistant')"_s,
            u"UPDATE messages SET parent_id = (SELECT max(p.id) FROM messages p "
            "WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id "
            "AND p.context = 0 AND (messages.hidden = 1 OR p.hidden = 0)) "
            "WHERE parent_id IS NULL AND external_id IS NULL AND context = 0"_s,
            u"CREATE INDEX messages_by_parent ON messages(parent_id)"_s,
        },
        // 9: tools. Each call a reply asks for is a row that walks waiting -> running -> done |
        //    failed, or waiting -> declined; a call found running with nobody running it (a
        //    crash) is interrupted, and never started again without asking. stable_id is sent
        //    to the server in `_meta`. generations.tools maps the names offered to the model to
        //    their servers' tools. The next round's reply follows the asking reply
        //    (messages.parent_id), with the results between them in the request.
        {
            u"CREATE TABLE tool_calls("
            "  id INTEGER PRIMARY KEY,"
            "  stable_id TEXT NOT NULL UNIQUE,"
            "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
            "  position INTEGER NOT NULL,"
            "  call_id TEXT NOT NULL,"
            "  name TEXT NOT NULL,"
            "  server TEXT,"
            "  tool TEXT,"
            "  arguments TEXT NOT NULL,"
            "  status TEXT NOT NULL,"
            "  approval TEXT,"
            "  result TEXT,"
            "  error TEXT,"
            "  owner TEXT,"
            "  started_at INTEGER,"
            "  ended_at INTEGER)"_s,
            u"CREATE INDEX tool_calls_by_message ON tool_calls(message_id)"_s,
            u"ALTER TABLE generations ADD COLUMN tools TEXT"_s,
        },
        // 10: sync. Conversations and messages get global ids (UUIDv7, from their creation time),
        //    kept by triggers for every new row. Once this journal syncs (sync_state has a
        //    device), triggers queue every change a device must hear of in sync_pending, in the
        //    transaction that makes it: a conversation added or changed (title, prompt, model,
        //    parameters), a message stored or finished (never while streaming), a tool call's
        //    progress, and a deleted conversation as a tombstone that lists the messages it saw.
        //    sync_deleted remembers what was deleted, so a late copy cannot bring it back.
        //    While a sync applies another device's changes (a row in sync_applying, inside its
        //    write transaction) nothing is queued: they are not this device's to send.
        {
            u"CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"_s,
            u"CREATE TABLE sync_applying(x INTEGER)"_s,
            u"CREATE TABLE sync_pending(n INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
            "ref INTEGER, body TEXT, UNIQUE(kind, ref))"_s,
            u"CREATE TABLE sync_deleted(gid TEXT PRIMARY KEY, title TEXT) WITHOUT ROWID"_s,
            u"CREATE TABLE sync_blobs(sha256 TEXT PRIMARY KEY) WITHOUT ROWID"_s,
            u"CREATE TABLE sync_orphans(message_id INTEGER PRIMARY KEY, parent_gid TEXT NOT NULL)"_s,
            u"ALTER TABLE conversations ADD COLUMN gid TEXT"_s,
            u"ALTER TABLE conversations ADD COLUMN sync_hlc TEXT"_s,
            u"ALTER TABLE messages ADD COLUMN gid TEXT"_s,
            u"ALTER TABLE messages ADD COLUMN sync_hlc TEXT"_s,
            u"UPDATE conversations SET gid = lower(substr(printf('%012x', created_at), 1, 8) || "
            "'-' || substr(printf('%012x', created_at), 9, 4) || '-7' || "
            "substr(hex(randomblob(2)), 2, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) "
            "|| substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))"_s,
            u"UPDATE messages SET gid = lower(substr(printf('%012x', created_at), 1, 8) || '-' || "
            "substr(printf('%012x', created_at), 9, 4) || '-7' || substr(hex(randomblob(2)), 2, "
            "3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), "
            "2, 3) || '-' || hex(randomblob(6)))"_s,
            u"CREATE UNIQUE INDEX conversations_by_gid ON conversations(gid)"_s,
            u"CREATE UNIQUE INDEX messages_by_gid ON messages(gid)"_s,
            u"CREATE TRIGGER conversations_gid AFTER INSERT ON conversations WHEN new.gid IS NULL "
            "BEGIN UPDATE conversations SET gid = lower(substr(printf('%012x', new.created_at), "
            "1, 8) || '-' || substr(printf('%012x', new.created_at), 9, 4) || '-7' || "
            "substr(hex(randomblob(2)), 2, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) "
            "|| substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6))) WHERE id = new.id; "
            "END"_s,
            u"CREATE TRIGGER messages_gid AFTER INSERT ON messages WHEN new.gid IS NULL BEGIN "
            "UPDATE messages SET gid = lower(substr(printf('%012x', new.created_at), 1, 8) || '-' "
            "|| substr(printf('%012x', new.created_at), 9, 4) || '-7' || "
            "substr(hex(randomblob(2)), 2, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) "
            "|| substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6))) WHERE id = new.id; "
            "END"_s,
            u"CREATE TRIGGER sync_conversation_added AFTER INSERT ON conversations WHEN EXISTS "
            "(SELECT 1 FROM sync_state WHERE key = 'device') AND NOT EXISTS (SELECT 1 FROM "
            "sync_applying) BEGIN INSERT OR REPLACE INTO sync_pending(kind, ref) VALUES ('c', "
            "new.id); END"_s,
            u"CREATE TRIGGER sync_conversation_changed AFTER UPDATE OF title, system_prompt, "
            "model, params ON conversations WHEN (new.title IS NOT old.title OR new.system_prompt "
            "IS NOT old.system_prompt OR new.model IS NOT old.model OR new.params IS NOT "
            "old.params) AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'device') AND NOT "
            "EXISTS (SELECT 1 FROM sync_applying) BEGIN INSERT OR REPLACE INTO sync_pending(kind, "
            "ref) VALUES ('c', new.id); END"_s,
            u"CREATE TRIGGER sync_conversation_deleted BEFORE DELETE ON conversations WHEN old.gid "
            "IS NOT NULL AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'device') BEGIN INSERT "
            "OR REPLACE INTO sync_deleted(gid, title) VALUES (old.gid, old.title); INSERT INTO "
            "sync_pending(kind, ref, body) SELECT 'x', NULL, json_object('g', old.gid, 't', "
            "old.title, 'm', (SELECT json_group_array(gid) FROM messages WHERE conversation_id = "
            "old.id AND gid IS NOT NULL)) WHERE NOT EXISTS (SELECT 1 FROM sync_applying); END"_s,
            u"CREATE TRIGGER sync_message_deleted AFTER DELETE ON messages WHEN old.gid IS NOT "
            "NULL AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'device') BEGIN INSERT OR "
            "IGNORE INTO sync_deleted(gid) VALUES (old.gid); DELETE FROM sync_pending WHERE kind "
            "= 'm' AND ref = old.id; END"_s,
            u"CREATE TRIGGER sync_message_added AFTER INSERT ON messages WHEN new.status != "
            "'streaming' AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'device') AND NOT "
            "EXISTS (SELECT 1 FROM sync_applying) BEGIN INSERT OR REPLACE INTO sync_pending(kind, "
            "ref) VALUES ('m', new.id); END"_s,
            u"CREATE TRIGGER sync_message_changed AFTER UPDATE OF content, status, reasoning, "
            "refusal, tool_calls ON messages WHEN new.status != 'streaming' AND EXISTS (SELECT 1 "
            "FROM sync_state WHERE key = 'device') AND NOT EXISTS (SELECT 1 FROM sync_applying) "
            "BEGIN INSERT OR REPLACE INTO sync_pending(kind, ref) VALUES ('m', new.id); END"_s,
            u"CREATE TRIGGER sync_tool_call_added AFTER INSERT ON tool_calls WHEN EXISTS (SELECT 1 "
            "FROM sync_state WHERE key = 'device') AND NOT EXISTS (SELECT 1 FROM sync_applying) "
            "BEGIN INSERT OR REPLACE INTO sync_pending(kind, ref) VALUES ('m', new.message_id); "
            "END"_s,
            u"CREATE TRIGGER sync_tool_call_changed AFTER UPDATE OF status, result, error ON "
            "tool_calls WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'device') AND NOT "
            "EXISTS (SELECT 1 FROM sync_applying) BEGIN INSERT OR REPLACE INTO sync_pending(kind, "
            "ref) VALUES ('m', new.message_id); END"_s,
        },
    };
    static_assert(Journal::LatestVersion == 10, "add the migration step for the new version");
    return steps;
}

} // namespace

Result<void> Journal::migrate(int targetVersion)
{
    // One migration at a time in this process (the engine, search and archive threads open the
    // journal at about the same moment); another process is kept out by the write lock below.
    static QMutex mutex;
    const QMutexLocker locker(&mutex);
    const int current = schemaVersion();
    if (current < 0)
        return Error{ErrorCode::DatabaseCorrupt, u"The journal cannot be read."_s};
    if (current > LatestVersion) {
        return Error{
            ErrorCode::DatabaseTooNew,
            u"The journal was written by a newer Tether (schema %1, this build knows %2)."_s
                .arg(current)
                .arg(LatestVersion)};
    }
    if (current >= targetVersion)
        return {};
    // An upgrade never costs the user their history: the journal as it is now is copied first,
    // and if that copy cannot be made, nothing is changed.
    QString backup;
    if (current > 0) {
        auto copied = backupBeforeMigration(current);
        if (!copied) {
            return Error{copied.error().code,
                         u"Tether could not copy the journal before upgrading it, so it was left "
                         "as it is (schema %1): %2"_s.arg(current)
                             .arg(copied.error().message)};
        }
        backup = copied.value();
    }
    // Every step in one transaction: a step that fails, even halfway, leaves the journal exactly
    // as it was before the upgrade, which the previous Tether can still open.
    const auto failed = [&](const Error& e) {
        if (backup.isEmpty())
            return e;
        return Error{e.code,
                     u"Upgrading the journal from schema %1 to %2 failed, and it was left as it "
                     "was: %3 A copy from before the upgrade is %4. To go back to it, quit "
                     "Tether and copy it over %5."_s.arg(current)
                         .arg(targetVersion)
                         .arg(e.message, QDir::toNativeSeparators(backup),
                              QDir::toNativeSeparators(m_db.databaseName()))};
    };
    Transaction tx(*this);
    if (!tx.begun())
        return failed(tx.begun().error());
    const int locked = schemaVersion(); // another process may have upgraded it meanwhile
    QSqlQuery query(m_db);
    for (int version = std::max(locked, current) + 1; version <= targetVersion; ++version) {
        qCDebug(lcStore) << "migrating journal to schema" << version;
        for (const QString& statement : migrations().at(version - 1)) {
            if (!query.exec(statement))
                return failed(sqlError(query));
        }
    }
    if (!query.exec(u"PRAGMA user_version = %1"_s.arg(targetVersion)))
        return failed(sqlError(query));
    if (auto r = tx.commit(); !r)
        return failed(r.error());
    return {};
}

Result<QString> Journal::backupBeforeMigration(int version)
{
    const QFileInfo journal(m_db.databaseName());
    const QDir dir = journal.absoluteDir();
    const QString stem =
        u"%1-schema%2-%3"_s.arg(journal.completeBaseName(), QString::number(version),
                                QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s));
    QString path = dir.filePath(stem + u".sqlite"_s);
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(u"%1-%2.sqlite"_s.arg(stem).arg(n));
    // VACUUM INTO writes a consistent copy through SQLite itself (WAL content included).
    QSqlQuery q(m_db);
    QString quoted = path;
    quoted.replace(u'\'', u"''"_s);
    if (!q.exec(u"VACUUM INTO '%1'"_s.arg(quoted))) {
        QFile::remove(path); // a partial copy is no copy
        return sqlError(q);
    }
    makePrivateFile(path);
    qCInfo(lcStore) << "journal copied to" << path << "before upgrading it from schema" << version;
    // The last two copies are kept.
    const QFileInfoList copies = dir.entryInfoList(
        {journal.completeBaseName() + u"-schema*.sqlite"_s}, QDir::Files, QDir::Time);
    for (qsizetype i = 2; i < copies.size(); ++i)
        QFile::remove(copies.at(i).absoluteFilePath());
    return path;
}

int Journal::schemaVersion()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return Row(query)["user_version"_L1].toInt();
}

} // namespace tether::engine
