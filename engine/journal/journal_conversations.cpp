// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: conversations as the window and the CLI read them, renamed and deleted.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

const QString SettingsColumns =
    QStringLiteral("coalesce(profile, '') AS profile, coalesce(model, '') AS model, system_prompt, "
                   "coalesce(params, '') AS params");

ConversationSettings settingsOf(const Row& row)
{
    ConversationSettings s;
    s.profileId = row["profile"_L1].toString();
    s.model = row["model"_L1].toString();
    s.systemPrompt = row["system_prompt"_L1].toString();
    s.params = paramsFromJson(row["params"_L1].toString());
    return s;
}

} // namespace

Result<qint64> Journal::lastConversationId()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT id FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 1"_s))
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There are no conversations yet."_s};
    return Row(q)["id"_L1].toLongLong();
}

Result<QList<ConversationSummary>> Journal::conversations(int offset, int limit,
                                                          MessageCounts counts)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString count =
        counts == MessageCounts::Include
            ? u"(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id "
              "AND m.hidden = 0 AND m.role IN ('user', 'assistant')) AS messages"_s
            : u"0 AS messages"_s;
    q.prepare(u"SELECT c.id, c.title, c.updated_at, "_s + count +
              u" FROM conversations c ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?"_s);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    QList<ConversationSummary> out;
    while (q.next()) {
        out.append({row["id"_L1].toLongLong(), row["title"_L1].toString(),
                    row["updated_at"_L1].toLongLong(), row["messages"_L1].toInt()});
    }
    return out;
}

Result<ConversationRecord> Journal::conversation(qint64 id)
{
    ConversationRecord c;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, title, created_at, updated_at, source, external_id, "_s +
              SettingsColumns + u" FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    const Row conversation(q);
    c.id = conversation["id"_L1].toLongLong();
    c.title = conversation["title"_L1].toString();
    c.createdAt = conversation["created_at"_L1].toLongLong();
    c.updatedAt = conversation["updated_at"_L1].toLongLong();
    c.source = conversation["source"_L1].toString();
    c.externalId = conversation["external_id"_L1].toString();
    c.settings = settingsOf(conversation);

    // In the thread's order, parent before child: row ids follow arrival, and a synced
    // follow-up can arrive before the question it answers. A message whose parent has not
    // arrived yet (no depth) goes last. The depth bound ends the walk even if synced parents
    // made a cycle.
    q.prepare(u"WITH RECURSIVE thread(id, depth) AS ("
              "SELECT id, 0 FROM messages WHERE conversation_id = ? AND parent_id IS NULL "
              "UNION ALL SELECT m.id, t.depth + 1 FROM messages m JOIN thread t "
              "ON m.parent_id = t.id WHERE t.depth < 1000000) "
              "SELECT m.id, m.role, m.content, m.reasoning, m.refusal, m.tool_calls, m.status, "
              "m.created_at, g.id AS generation_id, coalesce(g.model, m.model) AS model, "
              "g.finish_reason, g.error, g.usage, "
              "g.ttfb_ms, g.first_token_ms, g.duration_ms, g.bytes, g.output_tokens, "
              "g.tokens_per_second, m.external_id "
              "FROM messages m LEFT JOIN thread t ON t.id = m.id "
              "LEFT JOIN generations g ON g.id = "
              "(SELECT max(id) FROM generations WHERE message_id = m.id) "
              "WHERE m.conversation_id = ? AND m.hidden = 0 "
              "ORDER BY t.depth IS NULL, t.depth, m.id"_s);
    q.addBindValue(id);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    while (q.next()) {
        MessageRecord m;
        m.id = row["id"_L1].toLongLong();
        m.role = row["role"_L1].toString();
        m.content = row["content"_L1].toString();
        m.reasoning = row["reasoning"_L1].toString();
        m.refusal = row["refusal"_L1].toString();
        m.toolCalls = row["tool_calls"_L1].toString();
        m.status = statusFromName(row["status"_L1].toString());
        m.createdAt = row["created_at"_L1].toLongLong();
        m.generationId = row["generation_id"_L1].toLongLong();
        m.model = row["model"_L1].toString();
        m.finishReason = row["finish_reason"_L1].toString();
        m.error = row["error"_L1].toString();
        m.usage = usageFromJson(row["usage"_L1].toString());
        m.timings.ttfbMs = row.integerOr("ttfb_ms"_L1, -1);
        m.timings.firstTokenMs = row.integerOr("first_token_ms"_L1, -1);
        m.timings.durationMs = row.integerOr("duration_ms"_L1, -1);
        m.timings.bytes = row.integerOr("bytes"_L1, -1);
        m.timings.outputTokens = row.integerOr("output_tokens"_L1, -1);
        m.timings.tokensPerSecond = row["tokens_per_second"_L1].toDouble();
        m.externalId = row["external_id"_L1].toString();
        c.messages.append(m);
    }
    QList<qint64> ids;
    for (const MessageRecord& m : std::as_const(c.messages))
        ids.append(m.id);
    auto files = attachmentsOf(ids, AttachmentData::Images);
    auto branches = tree(id);
    if (!files || !branches)
        return !files ? files.error() : branches.error();
    auto calls = toolCalls(ids);
    if (!calls)
        return calls.error();
    for (MessageRecord& m : c.messages) {
        m.attachments = files.value().value(m.id);
        m.calls = calls.value().value(m.id);
        m.alternativeIds = branches.value().alternatives(m.id);
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

Result<void> Journal::renameConversationFrom(qint64 id, const QString& expected,
                                             const QString& title)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE conversations SET title = ? WHERE id = ? AND title = ?"_s);
    q.addBindValue(title.trimmed());
    q.addBindValue(id);
    q.addBindValue(expected);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error{ErrorCode::Usage,
                     u"Conversation %1 was renamed or deleted meanwhile."_s.arg(id)};
    return {};
}

Result<void> Journal::deleteConversation(qint64 id)
{
    // Foreign keys cascade to messages, generations, chunks, attempts and the messages' links to
    // their attachments; attachments no other message carries go with them.
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    if (auto r = execOnConversation(q, id); !r)
        return r;
    if (auto r = deleteUnusedAttachments(); !r)
        return r;
    return tx.commit();
}

Result<void> Journal::execOnConversation(QSqlQuery& query, qint64 id)
{
    if (!query.exec())
        return sqlError(query);
    if (query.numRowsAffected() != 1)
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    return {};
}

Result<ConversationSettings> Journal::conversationSettings(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT "_s + SettingsColumns + u" FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    return settingsOf(Row(q));
}

Result<void> Journal::setConversationSettings(qint64 id, const ConversationSettings& s)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE conversations SET profile = ?, model = ?, system_prompt = coalesce(?, ''), "
              "params = ? WHERE id = ?"_s);
    q.addBindValue(orNull(s.profileId, s.profileId.isEmpty()));
    q.addBindValue(orNull(s.model, s.model.isEmpty()));
    q.addBindValue(s.systemPrompt);
    q.addBindValue(paramsJson(s.params));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() != 1)
        return Error{ErrorCode::NotFound, u"There is no conversation %1."_s.arg(id)};
    return {};
}

} // namespace tether::engine
