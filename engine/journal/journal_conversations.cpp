// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: conversations as the window and the CLI read them, renamed and deleted.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

Result<qint64> Journal::lastConversationId()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT id FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 1"_s))
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There are no conversations yet."_s};
    return q.value(0).toLongLong();
}

Result<QList<ConversationSummary>> Journal::conversations(int offset, int limit, bool withCounts)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString count = withCounts
                              ? u"(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id "
                                "AND m.hidden = 0 AND m.role IN ('user', 'assistant'))"_s
                              : u"0"_s;
    q.prepare(u"SELECT c.id, c.title, c.updated_at, "_s + count +
              u" FROM conversations c ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?"_s);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return sqlError(q);
    QList<ConversationSummary> out;
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                    q.value(3).toInt()});
    }
    return out;
}

Result<ConversationRecord> Journal::conversation(qint64 id)
{
    ConversationRecord c;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, title, created_at, updated_at, source, external_id "
              "FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.createdAt = q.value(2).toLongLong();
    c.updatedAt = q.value(3).toLongLong();
    c.source = q.value(4).toString();
    c.externalId = q.value(5).toString();

    q.prepare(u"SELECT m.id, m.role, m.content, m.reasoning, m.refusal, m.tool_calls, m.status, "
              "m.created_at, g.id, coalesce(g.model, m.model), g.finish_reason, g.error, g.usage, "
              "g.ttfb_ms, g.first_token_ms, g.duration_ms, g.bytes, g.output_tokens, "
              "g.tokens_per_second, m.external_id "
              "FROM messages m LEFT JOIN generations g ON g.id = "
              "(SELECT max(id) FROM generations WHERE message_id = m.id) "
              "WHERE m.conversation_id = ? AND m.hidden = 0 ORDER BY m.id"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    while (q.next()) {
        MessageRecord m;
        m.id = q.value(0).toLongLong();
        m.role = q.value(1).toString();
        m.content = q.value(2).toString();
        m.reasoning = q.value(3).toString();
        m.refusal = q.value(4).toString();
        m.toolCalls = q.value(5).toString();
        m.status = statusFromName(q.value(6).toString());
        m.createdAt = q.value(7).toLongLong();
        m.generationId = q.value(8).toLongLong();
        m.model = q.value(9).toString();
        m.finishReason = q.value(10).toString();
        m.error = q.value(11).toString();
        m.usage = usageFromJson(q.value(12).toString());
        const auto opt = [&q](int col) { return q.isNull(col) ? -1 : q.value(col).toLongLong(); };
        m.timings.ttfbMs = opt(13);
        m.timings.firstTokenMs = opt(14);
        m.timings.durationMs = opt(15);
        m.timings.bytes = opt(16);
        m.timings.outputTokens = opt(17);
        m.timings.tokensPerSecond = q.value(18).toDouble();
        m.externalId = q.value(19).toString();
        c.messages.append(m);
    }
    // A reply still marked streaming was cut off by a crash before it was materialised: what the
    // user saw is in its chunks.
    for (MessageRecord& m : c.messages) {
        if (m.status == GenerationStatus::Streaming && m.generationId) {
            if (auto live = parts(m.generationId)) {
                m.content = live.value().text;
                m.reasoning = live.value().reasoning;
                m.refusal = live.value().refusal;
            }
        }
    }
    return c;
}

Result<void> Journal::renameConversation(qint64 id, const QString& title)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE conversations SET title = ? WHERE id = ?"_s);
    q.addBindValue(title.trimmed());
    q.addBindValue(id);
    return execOnConversation(q, id);
}

Result<void> Journal::deleteConversation(qint64 id)
{
    // Foreign keys cascade to messages, generations, chunks and attempts.
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    return execOnConversation(q, id);
}

Result<void> Journal::execOnConversation(QSqlQuery& query, qint64 id)
{
    if (!query.exec())
        return sqlError(query);
    if (query.numRowsAffected() != 1)
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    return {};
}

Result<QList<QPair<QString, QString>>> Journal::historyBefore(qint64 conversationId,
                                                              qint64 messageId)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT role, content FROM messages WHERE conversation_id = ? AND id < ? "
              "AND hidden = 0 ORDER BY id"_s);
    q.addBindValue(conversationId);
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(q);
    QList<QPair<QString, QString>> history;
    while (q.next()) {
        const QString content = q.value(1).toString();
        if (!content.isEmpty()) // an assistant reply lost before it was materialised
            history.append({q.value(0).toString(), content});
    }
    return history;
}

} // namespace tether::engine
