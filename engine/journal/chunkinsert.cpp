// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/journal/chunkinsert.h"

#include "engine/core/logging.h"
#include "engine/journal/row.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#ifdef TETHER_RAW_SQLITE
#include <sqlite3.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

#ifdef TETHER_RAW_SQLITE

struct ChunkInsert::Statement {
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

std::unique_ptr<ChunkInsert> ChunkInsert::create(const QSqlDatabase& db)
{
    if (!db.driver() || db.driverName() != "QSQLITE"_L1)
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    // A handle made by another copy of SQLite (a Qt that bundles its own) must never meet this
    // one's functions: the same build, or QtSql for everything.
    QSqlQuery q(db);
    if (!q.exec(u"SELECT sqlite_source_id() AS source_id"_s) || !q.next() ||
        Row(q)["source_id"_L1].toString() != QString::fromLatin1(sqlite3_sourceid())) {
        qCInfo(lcStore) << "QtSql's SQLite is not the one Tether links; chunks go through QtSql";
        return nullptr;
    }
    auto statement = std::make_unique<Statement>();
    statement->db = *static_cast<sqlite3* const*>(handle.constData());
    if (!statement->db)
        return nullptr;
    const char* sql =
        "INSERT INTO chunks(generation_id, seq, kind, text, provider_seq, received_at, "
        "attempt) VALUES(?, ?, ?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v3(statement->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement->stmt,
                           nullptr) != SQLITE_OK)
        return nullptr;
    std::unique_ptr<ChunkInsert> insert(new ChunkInsert);
    insert->m_statement = std::move(statement);
    return insert;
}

ChunkInsert::~ChunkInsert() = default;

bool ChunkInsert::insert(qint64 generationId, qint64 seq, int kind, const QString& text,
                         qint64 providerSeq, qint64 receivedAt, int attempt)
{
    sqlite3_stmt* s = m_statement->stmt;
    sqlite3_bind_int64(s, 1, generationId);
    sqlite3_bind_int64(s, 2, seq);
    sqlite3_bind_int(s, 3, kind);
    // UTF-16 as QString holds it: SQLite converts once, as QtSql would.
    sqlite3_bind_text16(s, 4, text.isNull() ? static_cast<const void*>(u"") : text.utf16(),
                        int(text.size() * 2), SQLITE_STATIC);
    if (providerSeq < 0)
        sqlite3_bind_null(s, 5);
    else
        sqlite3_bind_int64(s, 5, providerSeq);
    sqlite3_bind_int64(s, 6, receivedAt);
    sqlite3_bind_int(s, 7, attempt);
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return true;
    m_error =
        QSqlError(u"Unable to insert a chunk"_s, QString::fromUtf8(sqlite3_errmsg(m_statement->db)),
                  QSqlError::StatementError, QString::number(rc));
    return false;
}

#else

struct ChunkInsert::Statement {};

std::unique_ptr<ChunkInsert> ChunkInsert::create(const QSqlDatabase&)
{
    return nullptr;
}

ChunkInsert::~ChunkInsert() = default;

bool ChunkInsert::insert(qint64, qint64, int, const QString&, qint64, qint64, int)
{
    return false;
}

#endif

} // namespace tether::engine
