// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <memory>

namespace tether::engine {

// The hot path of the journal: one INSERT per streamed chunk, on the raw sqlite3 handle under
// the journal's QtSql connection (QSqlQuery's binding costs about as much as SQLite's own
// work). Only where both are the same SQLite library; elsewhere create() gives nothing and the
// journal uses QSqlQuery.
class ChunkInsert {
public:
    static std::unique_ptr<ChunkInsert> create(const QSqlDatabase& db);
    ~ChunkInsert();
    ChunkInsert(const ChunkInsert&) = delete;
    ChunkInsert& operator=(const ChunkInsert&) = delete;

    // providerSeq < 0 is NULL. Runs inside the caller's transaction.
    bool insert(qint64 generationId, qint64 seq, int kind, const QString& text, qint64 providerSeq,
                qint64 receivedAt, int attempt);
    // The last failure, as QtSql would report it (native code: SQLite's extended code).
    QSqlError lastError() const { return m_error; }

private:
    ChunkInsert() = default;
    struct Statement;
    std::unique_ptr<Statement> m_statement;
    QSqlError m_error;
};

} // namespace tether::engine
