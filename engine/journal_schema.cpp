// Schema migrations of the journal, keyed on PRAGMA user_version: step N brings a database from
// version N-1 to N in one transaction. Never edit a released step; append a new one.
#include "journal.h"
#include "logging.h"

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
    };
    static_assert(Journal::LatestVersion == 5, "add the migration step for the new version");
    return steps;
}

} // namespace

Result<void> Journal::migrate(int targetVersion)
{
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
    for (int version = current + 1; version <= targetVersion; ++version) {
        qCDebug(lcStore) << "migrating journal to schema" << version;
        if (auto r = transaction(); !r)
            return r;
        QSqlQuery query(m_db);
        for (const QString& statement : migrations().at(version - 1)) {
            if (!query.exec(statement))
                return rollbackWith(query);
        }
        if (!query.exec(u"PRAGMA user_version = %1"_s.arg(version)))
            return rollbackWith(query);
        if (auto r = commit(); !r)
            return r;
    }
    return {};
}

int Journal::schemaVersion()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace tether::engine
