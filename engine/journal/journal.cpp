// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/journal/journal.h"

#include "engine/core/logging.h"
#include "engine/core/privatefiles.h"
#include "engine/journal/chunkinsert.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"
#include "engine/stream/requestbuilder.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QStandardPaths>
#include <QStorageInfo>

#include <atomic>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

QString Journal::defaultDataDir()
{
    QString env = QProcessEnvironment::systemEnvironment().value(u"TETHER_DATA_DIR"_s);
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString Journal::pathIn(const QString& dataDir)
{
    return QDir(dataDir).filePath(u"journal.sqlite"_s);
}

Journal::Journal(const QSqlDatabase& db)
    : m_db(db)
    , m_connection(m_db.connectionName())
{}

Journal::~Journal()
{
    m_rawInsert.reset(); // its statement is finalised before the connection closes
    m_insertChunk.reset();
    m_updateProgress.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

Result<std::unique_ptr<Journal>> Journal::open(const QString& path, int schemaVersion)
{
    static std::atomic<int> counter{0};
    // QtSql binds a null QString as NULL: text columns use coalesce(?, '') where that can happen.
    const QString dir = QFileInfo(path).absolutePath();
    const bool ownFolder = dir == QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!makePrivateDir(dir, ownFolder)) {
        return Error{ErrorCode::Storage,
                     u"Cannot create the data folder %1."_s.arg(QDir::toNativeSeparators(dir))};
    }
    // SQLite gives the -wal and -shm files the journal's own mode: create it 0600 first.
    makePrivateFile(path, true);
    const QString name = u"tether-journal-%1"_s.arg(counter.fetch_add(1));
    std::unique_ptr<Journal> journal(new Journal(QSqlDatabase::addDatabase(u"QSQLITE"_s, name)));
    QSqlDatabase& db = journal->m_db;
    db.setDatabaseName(path);
    // Another Tether process (GUI and CLI together) may hold the write lock for a moment.
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return journal->sqlError(db.lastError());

    // WAL lets readers (a second window, `tether-cli show`) run beside the streaming writer.
    // synchronous=NORMAL: a commit survives an application crash; a power loss may drop the last
    // commits since the previous checkpoint. FULL would fsync on every network read.
    {
        QSqlQuery pragma(db);
        for (const QString& statement :
             {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = NORMAL"_s,
              u"PRAGMA foreign_keys = ON"_s}) {
            if (!pragma.exec(statement))
                return journal->sqlError(pragma);
        }
    }
    for (const QString& file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s}) {
        if (QFileInfo::exists(file))
            makePrivateFile(file); // journals from before 0.2 were 0644
    }
    if (auto r = journal->migrate(qBound(0, schemaVersion, LatestVersion)); !r)
        return r.error();
    return journal;
}

Error Journal::sqlError(const QSqlError& error) const
{
    const int native = error.nativeErrorCode().toInt() & 0xff;
    const QString detail = error.text();
    if (native == 10 || native == 13 || native == 14) { // IOERR, FULL, CANTOPEN
        // SQLite often only knows that a write or an open failed; the file system says why.
        const QString dir = QFileInfo(m_db.databaseName()).absolutePath();
        const QStorageInfo storage(dir);
        if (storage.isValid() && storage.isReadOnly()) {
            return {ErrorCode::DatabaseReadOnly,
                    u"The journal's folder %1 is on a read-only disk: Tether cannot write to it "
                    "(%2)."_s.arg(QDir::toNativeSeparators(dir), detail)};
        }
        if (native == 13 || (storage.isValid() && storage.bytesAvailable() < qint64(1024) * 1024)) {
            return {ErrorCode::DiskFull,
                    u"The disk is full: the journal cannot grow (%1)."_s.arg(detail)};
        }
    }
    switch (native) {
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return {ErrorCode::DatabaseCorrupt,
                u"The journal file is damaged or not a Tether journal (%1)."_s.arg(detail)};
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return {ErrorCode::DatabaseLocked,
                u"The journal is locked by another program (%1)."_s.arg(detail)};
    case 8: // SQLITE_READONLY
        return {ErrorCode::DatabaseReadOnly, u"The journal is read-only (%1)."_s.arg(detail)};
    default:
        return {ErrorCode::Storage,
                u"The journal could not be written or read (%1)."_s.arg(detail)};
    }
}

Error Journal::sqlError(const QSqlQuery& query) const
{
    return sqlError(query.lastError());
}

Result<QSqlQuery> Journal::run(const QString& sql, const QVariantList& values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(query);
    if (auto r = exec(query, values); !r)
        return r.error();
    return query;
}

Result<void> Journal::exec(QSqlQuery& query, const QVariantList& values)
{
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query);
    return {};
}

Journal::Transaction::Transaction(Journal& journal)
    : m_journal(journal)
{
    // IMMEDIATE takes the write lock up front, so the busy timeout applies instead of a deadlock
    // error when another process writes at the same moment.
    QSqlQuery q(m_journal.m_db);
    if (q.exec(u"BEGIN IMMEDIATE"_s))
        m_open = true;
    else
        m_begun = m_journal.sqlError(q);
}

Journal::Transaction::~Transaction()
{
    if (!m_open)
        return;
    QSqlQuery q(m_journal.m_db);
    q.exec(u"ROLLBACK"_s);
}

Result<void> Journal::Transaction::commit()
{
    QSqlQuery q(m_journal.m_db);
    if (!q.exec(u"COMMIT"_s))
        return m_journal.sqlError(q); // still open: rolled back on leaving the scope
    m_open = false;
    return {};
}

Result<Exchange> Journal::beginExchange(const SendRequest& request)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    const qint64 t = now();
    Exchange ex;
    // The conversation's settings, with what the request sets on top; they become its own.
    ConversationSettings& settings = ex.settings;
    if (request.conversationId != 0) {
        auto stored = conversationSettings(request.conversationId);
        if (!stored)
            return stored.error();
        settings = stored.value();
    }
    if (request.systemPrompt)
        settings.systemPrompt = *request.systemPrompt;
    if (request.params.temperature)
        settings.params.temperature = request.params.temperature;
    if (request.params.maxOutputTokens)
        settings.params.maxOutputTokens = request.params.maxOutputTokens;
    if (!request.params.reasoningEffort.isEmpty())
        settings.params.reasoningEffort = request.params.reasoningEffort;
    if (!request.provider.model.isEmpty())
        settings.model = request.provider.model;
    if (!request.provider.profileId.isEmpty())
        settings.profileId = request.provider.profileId;
    if (settings.model.isEmpty())
        settings.model = request.fallbackModel;
    if (settings.model.isEmpty())
        return Error{ErrorCode::Usage, u"No model is chosen for this conversation."_s};
    QSqlQuery q(m_db);
    if (request.conversationId == 0) {
        q.prepare(
            u"INSERT INTO conversations(title, created_at, updated_at, profile, model, "
            "system_prompt, params) VALUES(coalesce(?, ''), ?, ?, ?, ?, coalesce(?, ''), ?)"_s);
        q.addBindValue(titleFor(request));
        q.addBindValue(t);
        q.addBindValue(t);
    } else {
        q.prepare(u"UPDATE conversations SET updated_at = ?, profile = ?, model = ?, "
                  "system_prompt = coalesce(?, ''), params = ? WHERE id = ?"_s);
        q.addBindValue(t);
    }
    q.addBindValue(orNull(settings.profileId, settings.profileId.isEmpty()));
    q.addBindValue(settings.model);
    q.addBindValue(settings.systemPrompt);
    q.addBindValue(paramsJson(settings.params));
    if (request.conversationId != 0)
        q.addBindValue(request.conversationId);
    if (!q.exec())
        return sqlError(q);
    ex.conversationId =
        request.conversationId != 0 ? request.conversationId : q.lastInsertId().toLongLong();
    // Edit and Regenerate: a message of this conversation's shown thread, of the right role, and
    // never under a reply still streaming. It is hidden with everything shown after it.
    const qint64 replaced =
        request.regeneratesMessageId ? request.regeneratesMessageId : request.replacesMessageId;
    qint64 parentId = 0;
    if (request.afterToolsOf) {
        // The next round of a tool loop answers the reply that asked, once every call of it
        // has its result (or was declined) in the journal.
        q.prepare(u"SELECT (SELECT role FROM messages WHERE id = ? AND conversation_id = ?) "
                  "AS role, (SELECT count(*) FROM tool_calls WHERE message_id = ?) AS calls, "
                  "(SELECT count(*) FROM tool_calls WHERE message_id = ? AND status NOT IN "
                  "('done', 'failed', 'declined')) AS open"_s);
        for (qint64 v :
             {request.afterToolsOf, ex.conversationId, request.afterToolsOf, request.afterToolsOf})
            q.addBindValue(v);
        if (!q.exec() || !q.next())
            return sqlError(q);
        const Row row(q);
        if (row["role"_L1].toString() != "assistant"_L1 || row["calls"_L1].toInt() == 0 ||
            row["open"_L1].toInt() > 0) {
            return Error{ErrorCode::Usage,
                         u"Message %1 has no tool calls that all have their results."_s.arg(
                             request.afterToolsOf)};
        }
        parentId = request.afterToolsOf;
    } else if (replaced) {
        const QString role = request.regeneratesMessageId ? u"assistant"_s : u"user"_s;
        q.prepare(u"SELECT (SELECT role FROM messages WHERE id = ? AND conversation_id = ? "
                  "AND hidden = 0) AS role, "
                  "(SELECT coalesce(parent_id, 0) FROM messages WHERE id = ?) AS parent_id, "
                  "(SELECT count(*) FROM messages WHERE conversation_id = ? AND id >= ? "
                  "AND hidden = 0 AND status = 'streaming') AS streaming"_s);
        for (qint64 v : {replaced, ex.conversationId, replaced, ex.conversationId, replaced})
            q.addBindValue(v);
        if (!q.exec() || !q.next())
            return sqlError(q);
        const Row row(q);
        parentId = row["parent_id"_L1].toLongLong();
        if (row["role"_L1].toString() != role || row["streaming"_L1].toInt() > 0 ||
            (request.regeneratesMessageId && parentId == 0)) {
            return Error{ErrorCode::Usage,
                         u"Message %1 cannot be %2: it is not a shown %3 message of this "
                         "conversation, or a reply after it is still streaming."_s.arg(
                             QString::number(replaced),
                             request.regeneratesMessageId ? u"regenerated"_s : u"edited"_s, role)};
        }
        q.prepare(u"UPDATE messages SET hidden = 1 WHERE conversation_id = ? AND id >= ? "
                  "AND hidden = 0"_s);
        q.addBindValue(ex.conversationId);
        q.addBindValue(replaced);
        if (!q.exec())
            return sqlError(q);
    } else if (request.conversationId != 0) {
        // A follow-up belongs to the branch it was sent on: the shown thread's last message.
        q.prepare(u"SELECT coalesce(max(id), 0) AS id FROM messages WHERE conversation_id = ? "
                  "AND hidden = 0 AND context = 0"_s);
        q.addBindValue(ex.conversationId);
        if (!q.exec() || !q.next())
            return sqlError(q);
        parentId = Row(q)["id"_L1].toLongLong();
    }

    q.prepare(u"INSERT INTO messages(conversation_id, role, content, status, created_at, "
              "parent_id) VALUES(?, ?, coalesce(?, ''), ?, ?, nullif(?, 0))"_s);
    auto addMessage = [&](const QString& role, const QString& content, GenerationStatus status,
                          qint64 parent, qint64* id) {
        q.addBindValue(ex.conversationId);
        q.addBindValue(role);
        q.addBindValue(content);
        q.addBindValue(statusName(status));
        q.addBindValue(t);
        q.addBindValue(parent);
        if (!q.exec())
            return false;
        *id = q.lastInsertId().toLongLong();
        return true;
    };
    if (request.regeneratesMessageId || request.afterToolsOf) {
        ex.userMessageId = parentId; // the reply answers the same message, or the tool round
    } else {
        if (!addMessage(u"user"_s, request.userText, GenerationStatus::Completed, parentId,
                        &ex.userMessageId))
            return sqlError(q);
        if (auto r = storeAttachments(ex.userMessageId, request.attachments); !r)
            return r.error();
        // An edit keeps the files of the message it replaces, unless it brings its own: the user
        // never attaches them again.
        if (request.replacesMessageId && request.attachments.isEmpty()) {
            QSqlQuery files(m_db);
            files.prepare(u"INSERT INTO message_attachments(message_id, position, name, sha256) "
                          "SELECT ?, position, name, sha256 FROM message_attachments "
                          "WHERE message_id = ?"_s);
            files.addBindValue(ex.userMessageId);
            files.addBindValue(request.replacesMessageId);
            if (!files.exec())
                return sqlError(files);
        }
    }
    if (!addMessage(u"assistant"_s, QString(), GenerationStatus::Streaming, ex.userMessageId,
                    &ex.assistantMessageId))
        return sqlError(q);

    q.prepare(u"INSERT INTO generations(message_id, provider, base_url, model, api, status, "
              "attempts, created_at, profile, tools) VALUES(?, coalesce(?, ''), coalesce(?, ''), "
              "coalesce(?, ''), ?, 'streaming', 1, ?, nullif(?, ''), ?)"_s);
    q.addBindValue(ex.assistantMessageId);
    q.addBindValue(request.provider.name);
    q.addBindValue(publicUrl(request.provider.baseUrl)); // no credentials in the journal
    q.addBindValue(settings.model);
    q.addBindValue(apiName(request.provider.api));
    q.addBindValue(t);
    q.addBindValue(request.provider.profileId);
    q.addBindValue(
        orNull(QString::fromUtf8(toolSpecsJson(request.tools)), request.tools.isEmpty()));
    if (!q.exec())
        return sqlError(q);
    ex.generationId = q.lastInsertId().toLongLong();

    auto history = historyBefore(ex.conversationId, ex.assistantMessageId);
    if (!history) {
        return history.error();
    }
    ex.history = std::move(history).value();
    if (auto r = tx.commit(); !r)
        return r.error();
    return ex;
}

Result<void> Journal::setGenerationRequest(qint64 generationId, const QByteArray& requestJson)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE generations SET request = ? WHERE id = ?"_s);
    q.addBindValue(QString::fromUtf8(requestJson));
    q.addBindValue(generationId);
    return exec(q);
}

Result<void> Journal::appendChunks(qint64 generationId, qint64 firstSeq,
                                   const std::vector<Delta>& deltas, qint64 lastProviderSeq,
                                   const QString& remoteId, qint64 bytes, int attempt)
{
    if (!m_updateProgress) {
        m_rawInsert = ChunkInsert::create(m_db);
        if (!m_rawInsert) {
            m_insertChunk = std::make_unique<QSqlQuery>(m_db);
            m_insertChunk->prepare(
                u"INSERT INTO chunks(generation_id, seq, kind, text, provider_seq, received_at, "
                "attempt) VALUES(?, ?, ?, coalesce(?, ''), ?, ?, ?)"_s);
        }
        m_updateProgress = std::make_unique<QSqlQuery>(m_db);
        m_updateProgress->prepare(
            u"UPDATE generations SET last_seq = ?, last_provider_seq = max(last_provider_seq, ?), "
            "remote_id = coalesce(?, remote_id), bytes = ? WHERE id = ?"_s);
    }
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    const qint64 t = now();
    qint64 seq = firstSeq;
    if (m_rawInsert) {
        for (const Delta& d : deltas) {
            if (!m_rawInsert->insert(generationId, seq++, int(d.kind), d.text, d.providerSeq, t,
                                     attempt)) {
                return sqlError(m_rawInsert->lastError());
            }
        }
    } else {
        QSqlQuery& insert = *m_insertChunk;
        for (const Delta& d : deltas) {
            insert.bindValue(0, generationId);
            insert.bindValue(1, seq++);
            insert.bindValue(2, int(d.kind));
            insert.bindValue(3, d.text);
            insert.bindValue(4, orNull(d.providerSeq, d.providerSeq < 0));
            insert.bindValue(5, t);
            insert.bindValue(6, attempt);
            if (!insert.exec())
                return sqlError(insert);
        }
    }
    QSqlQuery& update = *m_updateProgress;
    update.bindValue(0, seq - 1);
    update.bindValue(1, lastProviderSeq);
    update.bindValue(2, orNull(remoteId, remoteId.isEmpty()));
    update.bindValue(3, bytes);
    update.bindValue(4, generationId);
    if (!update.exec())
        return sqlError(update);
    return tx.commit();
}

Result<QString> Journal::chunkText(qint64 generationId, ChunkKind kind)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT text FROM chunks WHERE generation_id = ? AND kind = ? "_s + LiveChunks +
              u" ORDER BY seq"_s);
    q.addBindValue(generationId);
    q.addBindValue(int(kind));
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    QString text;
    while (q.next())
        text += row["text"_L1].toString();
    return text;
}

Result<Journal::Parts> Journal::parts(qint64 generationId)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT kind, text FROM chunks WHERE generation_id = ? AND kind <= 2 "_s +
              LiveChunks + u" ORDER BY seq"_s);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    Parts out;
    while (q.next()) {
        const QString text = row["text"_L1].toString();
        switch (ChunkKind(row["kind"_L1].toInt())) {
        case ChunkKind::Text:
            out.text += text;
            break;
        case ChunkKind::Reasoning:
            out.reasoning += text;
            break;
        default:
            out.refusal += text;
            break;
        }
    }
    return out;
}

Result<void> Journal::finishGeneration(qint64 generationId, const GenerationOutcome& o)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    auto live = parts(generationId);
    if (!live) {
        return live.error();
    }
    QSqlQuery q(m_db);
    const qint64 t = now();
    const QString status = statusName(o.status);
    q.prepare(u"UPDATE messages SET content = coalesce(?, ''), reasoning = coalesce(?, ''), "
              "refusal = coalesce(?, ''), "
              "status = ? WHERE id = (SELECT message_id FROM generations WHERE id = ?)"_s);
    q.addBindValue(live.value().text);
    q.addBindValue(live.value().reasoning);
    q.addBindValue(live.value().refusal);
    q.addBindValue(status);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    if (auto r = recordToolCalls(generationId, o.status == GenerationStatus::Completed); !r)
        return r;

    q.prepare(u"UPDATE generations SET status = ?, error = ?, finish_reason = ?, "
              "remote_id = coalesce(?, remote_id), usage = ?, finished_at = ?, ttfb_ms = ?, "
              "first_token_ms = ?, duration_ms = ?, bytes = ?, output_tokens = ?, "
              "tokens_per_second = ? WHERE id = ?"_s);
    const auto optText = [](const QString& s) { return orNull(s, s.isEmpty()); };
    q.addBindValue(status);
    q.addBindValue(optText(o.error));
    q.addBindValue(optText(o.finishReason));
    q.addBindValue(optText(o.remoteId));
    q.addBindValue(optText(usageJson(o.usage)));
    q.addBindValue(t);
    q.addBindValue(orNull(o.timings.ttfbMs, o.timings.ttfbMs < 0));
    q.addBindValue(orNull(o.timings.firstTokenMs, o.timings.firstTokenMs < 0));
    q.addBindValue(orNull(o.timings.durationMs, o.timings.durationMs < 0));
    q.addBindValue(o.timings.bytes);
    q.addBindValue(o.timings.outputTokens);
    q.addBindValue(o.timings.tokensPerSecond);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);

    q.prepare(u"UPDATE conversations SET updated_at = ? WHERE id = (SELECT m.conversation_id "
              "FROM messages m JOIN generations g ON g.message_id = m.id WHERE g.id = ?)"_s);
    q.addBindValue(t);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    return tx.commit();
}

Result<GenerationRecord> Journal::generation(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT g.id, m.conversation_id, g.message_id, g.provider, g.base_url, g.model, "
              "g.api, g.remote_id, g.status, g.attempts, g.last_seq, g.last_provider_seq, "
              "g.owner, g.continuation, g.request, coalesce(g.profile, '') AS profile, "
              "coalesce(g.tools, '') AS tools "
              "FROM generations g JOIN messages m ON m.id = g.message_id WHERE g.id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no generation %1."_s.arg(id)};
    const Row row(q);
    GenerationRecord g;
    g.id = row["id"_L1].toLongLong();
    g.conversationId = row["conversation_id"_L1].toLongLong();
    g.messageId = row["message_id"_L1].toLongLong();
    g.provider = row["provider"_L1].toString();
    g.baseUrl = row["base_url"_L1].toString();
    g.model = row["model"_L1].toString();
    apiFromName(row["api"_L1].toString(), &g.api);
    g.remoteId = row["remote_id"_L1].toString();
    g.status = statusFromName(row["status"_L1].toString());
    g.attempts = row["attempts"_L1].toInt();
    g.lastSeq = row["last_seq"_L1].toLongLong();
    g.lastProviderSeq = row["last_provider_seq"_L1].toLongLong();
    g.owner = row["owner"_L1].toString();
    g.continuation = row["continuation"_L1].toString();
    g.request = row["request"_L1].toString().toUtf8();
    g.profile = row["profile"_L1].toString();
    g.tools = row["tools"_L1].toString().toUtf8();
    return g;
}

Result<void> Journal::reroute(qint64 generationId, Api api, const QByteArray& requestJson)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE generations SET api = ?, request = ?, remote_id = NULL, "
              "last_provider_seq = -1 WHERE id = ?"_s);
    q.addBindValue(apiName(api));
    q.addBindValue(QString::fromUtf8(requestJson));
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<void> Journal::forgetRemote(qint64 generationId)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE generations SET remote_id = NULL, last_provider_seq = -1 WHERE id = ?"_s);
    q.addBindValue(generationId);
    if (!q.exec())
        return sqlError(q);
    return {};
}

} // namespace tether::engine
