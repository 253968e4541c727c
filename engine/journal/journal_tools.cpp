// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: tool calls. Each call a reply asks for is committed before anything runs it, its
// start is committed before the server hears of it, and its result before the next request: a
// call whose result is journaled is never run again, and one that was running when Tether died
// is never run again without asking.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const QString ToolCallColumns =
    u"t.id, t.stable_id, t.message_id, m.conversation_id, t.call_id, t.name, "
    "coalesce(t.server, '') AS server, coalesce(t.tool, '') AS tool, t.arguments, t.status, "
    "coalesce(t.approval, '') AS approval, t.result, coalesce(t.error, '') AS error, "
    "t.started_at, t.ended_at"_s;

ToolCallRecord toolCallOf(const Row& row)
{
    ToolCallRecord c;
    c.id = row["id"_L1].toLongLong();
    c.stableId = row["stable_id"_L1].toString();
    c.messageId = row["message_id"_L1].toLongLong();
    c.conversationId = row["conversation_id"_L1].toLongLong();
    c.callId = row["call_id"_L1].toString();
    c.name = row["name"_L1].toString();
    c.server = row["server"_L1].toString();
    c.tool = row["tool"_L1].toString();
    c.arguments = row["arguments"_L1].toString();
    valueIn(ToolCallStatusNames, row["status"_L1].toString(), &c.status);
    c.approval = row["approval"_L1].toString();
    c.result = QJsonDocument::fromJson(row["result"_L1].toString().toUtf8()).object();
    c.error = row["error"_L1].toString();
    c.startedAt = row.integerOr("started_at"_L1, 0);
    c.endedAt = row.integerOr("ended_at"_L1, 0);
    return c;
}
} // namespace

Result<void> Journal::recordToolCalls(qint64 generationId, bool propose)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT g.api, g.message_id, coalesce(g.tools, '') AS tools, "
              "(SELECT count(*) FROM tool_calls WHERE message_id = g.message_id) AS known "
              "FROM generations g WHERE g.id = ?"_s);
    q.addBindValue(generationId);
    if (!q.exec() || !q.next())
        return sqlError(q);
    const Row g(q);
    if (g["known"_L1].toInt() > 0)
        return {}; // a reply finished once already recorded its calls
    const bool responses = g["api"_L1].toString() == apiName(Api::Responses);
    const qint64 messageId = g["message_id"_L1].toLongLong();
    const QList<ToolSpec> offered = toolSpecsFromJson(g["tools"_L1].toString().toUtf8());
    QSqlQuery chunks(m_db);
    chunks.setForwardOnly(true);
    chunks.prepare(u"SELECT text FROM chunks WHERE generation_id = ? AND kind = ? "_s + LiveChunks +
                   u" ORDER BY seq"_s);
    chunks.addBindValue(generationId);
    chunks.addBindValue(int(ChunkKind::ToolCall));
    if (!chunks.exec())
        return sqlError(chunks);
    QStringList fragments;
    while (chunks.next())
        fragments.append(Row(chunks)["text"_L1].toString());
    if (fragments.isEmpty())
        return {};
    QList<ToolCallRecord> calls = assembleToolCalls(responses, fragments);
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO tool_calls(stable_id, message_id, position, call_id, name, "
                   "server, tool, arguments, status) VALUES(?, ?, ?, ?, ?, ?, ?, ?, 'waiting')"_s);
    QJsonArray asChat;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        ToolCallRecord& c = calls[i];
        if (propose) {
            const QString stable = QUuid::createUuid().toString(QUuid::WithoutBraces);
            // Some local servers give no ids; the model must see its calls answered by one.
            if (c.callId.isEmpty())
                c.callId = u"call_"_s + stable.left(8);
            QString server;
            QString tool;
            for (const ToolSpec& t : offered) {
                if (t.name == c.name) {
                    server = t.server;
                    tool = t.tool;
                }
            }
            insert.addBindValue(stable);
            insert.addBindValue(messageId);
            insert.addBindValue(i);
            insert.addBindValue(c.callId);
            insert.addBindValue(c.name);
            insert.addBindValue(orNull(server, server.isEmpty()));
            insert.addBindValue(orNull(tool, tool.isEmpty()));
            insert.addBindValue(c.arguments);
            if (!insert.exec())
                return sqlError(insert);
        }
        asChat.append(QJsonObject{
            {"id"_L1, c.callId},
            {"type"_L1, u"function"_s},
            {"function"_L1, QJsonObject{{"name"_L1, c.name}, {"arguments"_L1, c.arguments}}}});
    }
    // What the message asked for, as Chat Completions spells it, whatever the API.
    QSqlQuery m(m_db);
    m.prepare(u"UPDATE messages SET tool_calls = ? WHERE id = ?"_s);
    m.addBindValue(QString::fromUtf8(QJsonDocument(asChat).toJson(QJsonDocument::Compact)));
    m.addBindValue(messageId);
    if (!m.exec())
        return sqlError(m);
    return {};
}

Result<QHash<qint64, QList<ToolCallRecord>>> Journal::toolCalls(const QList<qint64>& messageIds)
{
    QHash<qint64, QList<ToolCallRecord>> out;
    if (messageIds.isEmpty())
        return out;
    QStringList ids;
    for (qint64 id : messageIds)
        ids.append(QString::number(id));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Ids are integers the journal gave out: safe to inline, and one query for a conversation.
    if (!q.exec(
            u"SELECT "_s + ToolCallColumns +
            u" FROM tool_calls t JOIN messages m ON m.id = t.message_id "
            "WHERE t.message_id IN (%1) ORDER BY t.message_id, t.position"_s.arg(ids.join(u','))))
        return sqlError(q);
    const Row row(q);
    while (q.next()) {
        ToolCallRecord c = toolCallOf(row);
        out[c.messageId].append(std::move(c));
    }
    return out;
}

Result<ToolCallRecord> Journal::toolCall(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + ToolCallColumns +
              u" FROM tool_calls t JOIN messages m ON m.id = t.message_id WHERE t.id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no tool call %1."_s.arg(id)};
    return toolCallOf(Row(q));
}

Result<ToolCallRecord> Journal::startToolCall(qint64 id, ToolApproval approval,
                                              const QString& owner)
{
    QSqlQuery q(m_db);
    // The state is checked in the same statement that changes it: two callers cannot both
    // start one call.
    q.prepare(u"UPDATE tool_calls SET status = 'running', approval = ?, owner = ?, "
              "started_at = ?, ended_at = NULL, error = NULL "
              "WHERE id = ? AND status IN ('waiting', 'interrupted') AND server IS NOT NULL"_s);
    q.addBindValue(nameIn(ToolApprovalNames, approval));
    q.addBindValue(owner);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1) {
        auto c = toolCall(id);
        if (!c)
            return c.error();
        if (c.value().server.isEmpty())
            return Error{ErrorCode::NotFound,
                         u"No tool named \"%1\" was offered."_s.arg(c.value().name)};
        return Error{ErrorCode::Usage,
                     u"Tool call %1 is %2; it is not run again."_s.arg(
                         QString::number(id), nameIn(ToolCallStatusNames, c.value().status))};
    }
    return toolCall(id);
}

Result<ToolCallRecord> Journal::finishToolCall(qint64 id, const ToolOutcome& outcome)
{
    const bool done = outcome.ok && !outcome.result.value("isError"_L1).toBool();
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE tool_calls SET status = ?, result = ?, error = ?, ended_at = ? "
              "WHERE id = ? AND status = 'running'"_s);
    q.addBindValue(done ? u"done"_s : u"failed"_s);
    q.addBindValue(
        orNull(QString::fromUtf8(QJsonDocument(outcome.result).toJson(QJsonDocument::Compact)),
               !outcome.ok));
    q.addBindValue(orNull(outcome.error.message, outcome.error.message.isEmpty()));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error{ErrorCode::Usage, u"Tool call %1 was not running."_s.arg(id)};
    return toolCall(id);
}

Result<ToolCallRecord> Journal::declineToolCall(qint64 id, const QString& reason)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE tool_calls SET status = 'declined', approval = 'declined', error = ?, "
              "ended_at = ? WHERE id = ? AND status IN ('waiting', 'interrupted')"_s);
    q.addBindValue(orNull(reason, reason.isEmpty()));
    q.addBindValue(nowMs());
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error{ErrorCode::Usage, u"Tool call %1 is no longer waiting."_s.arg(id)};
    return toolCall(id);
}

Result<QList<QPair<qint64, QString>>> Journal::runningToolCalls()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, coalesce(owner, '') AS owner FROM tool_calls "
                "WHERE status = 'running'"_s))
        return sqlError(q);
    QList<QPair<qint64, QString>> out;
    const Row row(q);
    while (q.next())
        out.append({row["id"_L1].toLongLong(), row["owner"_L1].toString()});
    return out;
}

Result<void> Journal::interruptToolCall(qint64 id, const QString& why)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE tool_calls SET status = 'interrupted', error = ?, ended_at = ? "
              "WHERE id = ? AND status = 'running'"_s);
    q.addBindValue(why);
    q.addBindValue(nowMs());
    q.addBindValue(id);
    return exec(q);
}

Result<QList<ToolRound>> Journal::pendingToolRounds()
{
    // A shown reply that asked for tools and has nothing after it: its round never went on
    // (Tether stopped while a call waited, ran, or before the next request was made). Only a
    // reply generated here: one synced from another device goes on there.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT m.conversation_id, m.id AS message_id, "
                "(SELECT max(id) FROM generations WHERE message_id = m.id) AS generation_id "
                "FROM messages m WHERE m.hidden = 0 AND m.role = 'assistant' "
                "AND m.status = 'completed' "
                "AND EXISTS (SELECT 1 FROM tool_calls t WHERE t.message_id = m.id) "
                "AND EXISTS (SELECT 1 FROM generations g WHERE g.message_id = m.id) "
                "AND NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id) "
                "ORDER BY m.id"_s))
        return sqlError(q);
    QList<ToolRound> out;
    const Row row(q);
    while (q.next()) {
        out.append({row["conversation_id"_L1].toLongLong(), row["message_id"_L1].toLongLong(),
                    row["generation_id"_L1].toLongLong()});
    }
    return out;
}

} // namespace tether::engine
