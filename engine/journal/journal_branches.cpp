// SPDX-License-Identifier: GPL-3.0-or-later
// Journal: the message tree (alternatives, the shown thread, a request's history along a branch)
// and the attachments its messages carry.
#include "engine/journal/journal.h"
#include "engine/journal/row.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

Journal::Tree::Tree(QHash<qint64, Node> nodes)
    : m_nodes(std::move(nodes))
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        m_children[it->parent].append(it.key());
    for (auto& ids : m_children)
        std::sort(ids.begin(), ids.end());
}

qint64 Journal::Tree::shownParent(qint64 id) const
{
    qint64 parent = m_nodes.value(id).parent;
    // Context (a system prompt, a tool's output, hidden thoughts) is passed through: what the
    // user sees answer each other are user and assistant messages.
    for (int guard = 0; parent != 0 && m_nodes.value(parent).context && guard < 100'000; ++guard)
        parent = m_nodes.value(parent).parent;
    return m_nodes.contains(parent) ? parent : 0;
}

QList<qint64> Journal::Tree::alternatives(qint64 id) const
{
    const qint64 parent = shownParent(id);
    QList<qint64> out;
    // Children of the shown parent, and through context in between, of that context.
    QList<qint64> queue = m_children.value(parent);
    while (!queue.isEmpty()) {
        const qint64 child = queue.takeFirst();
        if (!m_nodes.value(child).context)
            out.append(child);
        else
            queue.append(m_children.value(child));
    }
    // A root's siblings are the other roots: an edited first message.
    std::sort(out.begin(), out.end());
    return out;
}

QSet<qint64> Journal::Tree::threadThrough(qint64 id) const
{
    QSet<qint64> thread;
    for (qint64 m = id; m != 0 && !thread.contains(m); m = m_nodes.value(m).parent)
        thread.insert(m);
    // Below it, each step keeps the child shown now, or else takes the newest: the last thing
    // said on that branch.
    for (qint64 m = id;;) {
        const QList<qint64> children = m_children.value(m);
        if (children.isEmpty())
            break;
        qint64 next = children.last();
        for (qint64 child : children) {
            if (!m_nodes.value(child).hidden)
                next = child;
        }
        if (thread.contains(next))
            break;
        m = next;
        thread.insert(m);
    }
    return thread;
}

Result<void> Journal::showThread(const Tree& tree, const QSet<qint64>& thread)
{
    QSqlQuery set(m_db);
    set.prepare(u"UPDATE messages SET hidden = ? WHERE id = ?"_s);
    for (auto it = tree.nodes().cbegin(); it != tree.nodes().cend(); ++it) {
        if (it->context)
            continue; // never shown, on any branch
        const bool hidden = !thread.contains(it.key());
        if (hidden == it->hidden)
            continue;
        set.addBindValue(hidden);
        set.addBindValue(it.key());
        if (!set.exec())
            return sqlError(set);
    }
    return {};
}

Result<Journal::Tree> Journal::tree(qint64 conversationId)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, coalesce(parent_id, 0) AS parent_id, context, hidden FROM messages "
              "WHERE conversation_id = ?"_s);
    q.addBindValue(conversationId);
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    QHash<qint64, Tree::Node> nodes;
    while (q.next()) {
        nodes.insert(row["id"_L1].toLongLong(),
                     {row["parent_id"_L1].toLongLong(), row["context"_L1].toBool(),
                      row["hidden"_L1].toBool()});
    }
    return Tree(std::move(nodes));
}

Result<qint64> Journal::showBranch(qint64 messageId)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT conversation_id FROM messages WHERE id = ?"_s);
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound, u"There is no message %1."_s.arg(messageId)};
    const qint64 conversationId = Row(q)["conversation_id"_L1].toLongLong();
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    auto t = tree(conversationId);
    if (!t)
        return t.error();
    const QSet<qint64> thread = t.value().threadThrough(messageId);
    // A reply still streaming stays in sight.
    QSqlQuery streaming(m_db);
    streaming.prepare(u"SELECT id FROM messages WHERE conversation_id = ? AND hidden = 0 "
                      "AND status = 'streaming'"_s);
    streaming.addBindValue(conversationId);
    if (!streaming.exec())
        return sqlError(streaming);
    while (streaming.next()) {
        if (!thread.contains(Row(streaming)["id"_L1].toLongLong()))
            return Error{ErrorCode::Usage,
                         u"A reply is still streaming on the branch shown now; stop it or wait "
                         "for it before switching."_s};
    }
    if (auto r = showThread(t.value(), thread); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return conversationId;
}

Result<History> Journal::historyBefore(qint64 conversationId, qint64 messageId)
{
    auto settings = conversationSettings(conversationId);
    if (!settings)
        return settings.error();
    // The branch the message is on: its ancestors, whatever is shown now.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Oldest ancestor first, by the parent links: row ids follow arrival, which sync can
    // shuffle, and the model must read the thread in its order (the depth bound ends the walk
    // even if synced parents made a cycle).
    q.prepare(u"WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM messages WHERE id = ? "
              "UNION SELECT m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.id "
              "WHERE up.depth < 1000000) "
              "SELECT m.id, m.role, m.content FROM messages m JOIN up ON m.id = up.id "
              "WHERE m.context = 0 ORDER BY up.depth DESC"_s);
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(q);
    const Row row(q);
    QList<qint64> ids;
    History messages;
    while (q.next()) {
        ids.append(row["id"_L1].toLongLong());
        messages.append({row["role"_L1].toString(), row["content"_L1].toString(), {}, {}, {}});
    }
    auto files = attachmentsOf(ids, AttachmentData::Text);
    if (!files)
        return files.error();
    auto calls = toolCalls(ids);
    if (!calls)
        return calls.error();
    History history;
    if (!settings.value().systemPrompt.isEmpty())
        history.append({u"system"_s, settings.value().systemPrompt, {}, {}, {}});
    for (qsizetype i = 0; i < messages.size(); ++i) {
        ChatMessage m = messages.at(i);
        m.attachments = files.value().value(ids.at(i));
        m.toolCalls = calls.value().value(ids.at(i));
        // An assistant reply lost before it was materialised says nothing.
        if (!m.content.isEmpty() || !m.attachments.isEmpty() || !m.toolCalls.isEmpty())
            history.append(m);
        // Every call is answered: the APIs refuse a request with a call left unanswered.
        for (const ToolCallRecord& c : std::as_const(m.toolCalls))
            history.append({u"tool"_s, toolResultText(c), {}, {}, c.callId});
    }
    return history;
}

Result<void> Journal::storeAttachments(qint64 messageId, const QList<Attachment>& attachments)
{
    QSqlQuery blob(m_db);
    blob.prepare(u"INSERT INTO attachments(sha256, mime, size, data, text) VALUES(?, ?, ?, ?, ?) "
                 "ON CONFLICT(sha256) DO NOTHING"_s);
    QSqlQuery link(m_db);
    link.prepare(u"INSERT INTO message_attachments(message_id, position, name, sha256) "
                 "VALUES(?, ?, ?, ?)"_s);
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        const Attachment& a = attachments.at(i);
        if (a.sha256.size() != 64 || a.data.size() != a.size)
            return Error{ErrorCode::Usage, u"The attachment %1 is incomplete."_s.arg(a.name)};
        blob.addBindValue(a.sha256);
        blob.addBindValue(a.mime);
        blob.addBindValue(a.size);
        blob.addBindValue(a.data);
        // Only a PDF's text is kept beside its bytes: a text file's is its bytes.
        blob.addBindValue(a.mime == "application/pdf"_L1
                              ? QVariant(a.text)
                              : QVariant(QMetaType::fromType<QString>()));
        if (!blob.exec())
            return sqlError(blob);
        link.addBindValue(messageId);
        link.addBindValue(i);
        link.addBindValue(a.name);
        link.addBindValue(a.sha256);
        if (!link.exec())
            return sqlError(link);
    }
    return {};
}

Result<QHash<qint64, QList<Attachment>>> Journal::attachmentsOf(const QList<qint64>& messageIds,
                                                                AttachmentData data)
{
    QHash<qint64, QList<Attachment>> out;
    if (messageIds.isEmpty())
        return out;
    QStringList ids;
    for (qint64 id : messageIds)
        ids.append(QString::number(id));
    // Images' bytes only where asked for (thumbnails); text only for a request (a text file's
    // bytes are its text).
    const QString bytes = data == AttachmentData::Images
                              ? u"CASE WHEN a.mime LIKE 'image/%' THEN a.data END"_s
                              : u"NULL"_s;
    const QString text = data != AttachmentData::Text
                             ? u"NULL"_s
                             : u"CASE WHEN a.mime = 'text/plain' THEN CAST(a.data AS TEXT) "
                               "ELSE a.text END"_s;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT ma.message_id, ma.name, a.sha256, a.mime, a.size, "_s + bytes +
                u" AS data, "_s + text +
                u" AS text FROM message_attachments ma JOIN attachments a "
                "ON a.sha256 = ma.sha256 WHERE ma.message_id IN ("_s +
                ids.join(u',') + u") ORDER BY ma.message_id, ma.position"_s))
        return sqlError(q);
    const Row row(q);
    while (q.next()) {
        Attachment a;
        a.name = row["name"_L1].toString();
        a.sha256 = row["sha256"_L1].toString();
        a.mime = row["mime"_L1].toString();
        a.size = row["size"_L1].toLongLong();
        a.data = row["data"_L1].toByteArray();
        a.text = row["text"_L1].toString();
        out[row["message_id"_L1].toLongLong()].append(a);
    }
    return out;
}

Result<Attachment> Journal::attachment(const QString& sha256)
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT sha256, mime, size, data, text FROM attachments WHERE sha256 = ?"_s);
    q.addBindValue(sha256);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return Error{ErrorCode::NotFound,
                     u"An attached file (sha256 %1) is missing from the journal."_s.arg(sha256)};
    const Row row(q);
    Attachment a;
    a.sha256 = row["sha256"_L1].toString();
    a.mime = row["mime"_L1].toString();
    a.size = row["size"_L1].toLongLong();
    a.data = row["data"_L1].toByteArray();
    a.text = row["text"_L1].toString();
    return a;
}

Result<void> Journal::deleteUnusedAttachments()
{
    QSqlQuery q(m_db);
    if (!q.exec(u"DELETE FROM attachments WHERE sha256 NOT IN "
                "(SELECT sha256 FROM message_attachments)"_s))
        return sqlError(q);
    return {};
}

} // namespace tether::engine
