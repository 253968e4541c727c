// SPDX-License-Identifier: GPL-3.0-or-later
// The journal's offline history: full-text search and imported conversations.
#include "engine/journal/journal.h"
#include "engine/journal/journalvalues.h"
#include "engine/journal/row.h"

#include <QRegularExpression>

#include <QSqlError>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

// FTS5 trigram indexes every run of three characters, so a word needs three to be looked up
// there; shorter ones are matched with LIKE.
constexpr qsizetype TrigramLength = 3;

QString ftsPhrase(const QString& word)
{
    QString quoted = word;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString likePattern(const QString& word)
{
    QString escaped = word;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

// A snippet around the first of `words` found in `text`, every occurrence of a word in it marked
// HighlightStart…HighlightEnd.
QString snippetAround(const QString& text, const QStringList& words)
{
    constexpr qsizetype Context = 40;
    qsizetype at = -1;
    qsizetype length = 0;
    for (const QString& w : words) {
        const qsizetype i = text.indexOf(w, 0, Qt::CaseInsensitive);
        if (i >= 0 && (at < 0 || i < at)) {
            at = i;
            length = w.size();
        }
    }
    if (at < 0)
        return text.left(2 * Context).simplified();
    const qsizetype from = std::max<qsizetype>(0, at - Context / 2);
    const qsizetype to = std::min(text.size(), at + length + Context);
    QString out = from > 0 ? u"…"_s : QString();
    for (qsizetype i = from; i < to;) {
        qsizetype matched = 0;
        for (const QString& w : words) {
            if (QStringView(text).sliced(i).startsWith(w, Qt::CaseInsensitive))
                matched = std::max(matched, w.size());
        }
        if (matched > 0) {
            out += HighlightStart + text.mid(i, matched) + HighlightEnd;
            i += matched;
        } else {
            out += text.at(i++);
        }
    }
    if (to < text.size())
        out += u"…"_s;
    return out.simplified();
}

} // namespace

Result<QList<qint64>> Journal::conversationIds()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id FROM conversations ORDER BY updated_at DESC, id DESC"_s))
        return sqlError(q);
    const Row row(q);
    QList<qint64> ids;
    while (q.next())
        ids.append(row["id"_L1].toLongLong());
    return ids;
}

Result<QList<SearchHit>> Journal::search(const QString& query, int limit)
{
    static const QRegularExpression space(u"\\s+"_s);
    const QStringList words = query.split(space, Qt::SkipEmptyParts);
    QStringList indexed;
    QStringList shortWords;
    for (const QString& w : words)
        (w.size() >= TrigramLength ? indexed : shortWords).append(w);
    QList<SearchHit> hits;
    if (words.isEmpty() || limit <= 0)
        return hits;

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Candidates come newest first and stop early: asking FTS5 to rank every match with bm25()
    // reads every posting (0.5-0.9 s for a common word in a million messages); the newest
    // `Candidates` matches are read in a few milliseconds and ranked here.
    constexpr int Candidates = 300;
    QString sql = u"SELECT m.id, m.conversation_id, m.role, c.title, m.created_at, m.content "
                  "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                  "WHERE m.context = 0 AND m.role IN ('user', 'assistant')"_s;
    if (!indexed.isEmpty()) {
        sql += u" AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
               "ORDER BY rowid DESC LIMIT ?)"_s;
    }
    for (qsizetype i = 0; i < shortWords.size(); ++i)
        sql += u" AND m.content LIKE ? ESCAPE '\\'"_s;
    // Short words alone: newest first, so a common one stops after enough rows.
    sql += u" ORDER BY m.id DESC LIMIT ?"_s;
    q.prepare(sql);
    if (!indexed.isEmpty()) {
        QStringList phrases;
        for (const QString& w : std::as_const(indexed))
            phrases << ftsPhrase(w);
        q.addBindValue(phrases.join(u' '));
        q.addBindValue(Candidates);
    }
    for (const QString& w : std::as_const(shortWords))
        q.addBindValue(likePattern(w));
    q.addBindValue(Candidates);
    if (!q.exec())
        return sqlError(q);
    struct Scored {
        SearchHit hit;
        double score;
    };
    QList<Scored> scored;
    const QString phrase = words.join(u' ');
    const Row row(q);
    while (q.next()) {
        Scored s;
        s.hit.messageId = row["id"_L1].toLongLong();
        s.hit.conversationId = row["conversation_id"_L1].toLongLong();
        s.hit.role = row["role"_L1].toString();
        s.hit.title = row["title"_L1].toString();
        s.hit.createdAt = row["created_at"_L1].toLongLong();
        const QString content = row["content"_L1].toString();
        s.hit.snippet = snippetAround(content, words);
        // How often the words occur (diminishing), the words as typed, the title; long
        // messages do not win by length alone. Ties keep the newer first (stable sort).
        s.score = 0;
        for (const QString& w : words) {
            s.score += std::log1p(double(content.count(w, Qt::CaseInsensitive)));
            if (s.hit.title.contains(w, Qt::CaseInsensitive))
                s.score += 0.5;
        }
        if (words.size() > 1 && content.contains(phrase, Qt::CaseInsensitive))
            s.score += 1.5;
        s.score /= 1.0 + std::log1p(double(content.size()) / 2000.0);
        scored.append(s);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored& a, const Scored& b) { return a.score > b.score; });
    for (const Scored& s : std::as_const(scored).first(std::min<qsizetype>(limit, scored.size())))
        hits.append(s.hit);
    return hits;
}

Result<ImportOutcome> Journal::importConversation(const ImportedConversation& c)
{
    Transaction tx(*this);
    if (!tx.begun())
        return tx.begun().error();
    ImportOutcome outcome;
    QSqlQuery q(m_db);
    q.prepare(u"SELECT id, updated_at, title FROM conversations "
              "WHERE source = ? AND external_id = ?"_s);
    q.addBindValue(c.source);
    q.addBindValue(c.externalId);
    if (!q.exec())
        return sqlError(q);
    bool changed = false;
    if (q.next()) {
        const Row row(q);
        outcome.conversationId = row["id"_L1].toLongLong();
        changed = row["title"_L1].toString() != c.title;
        const qint64 updatedAt = std::max(row["updated_at"_L1].toLongLong(), c.updatedAt);
        q.prepare(
            u"UPDATE conversations SET title = coalesce(?, ''), updated_at = ? WHERE id = ?"_s);
        q.addBindValue(c.title);
        q.addBindValue(updatedAt);
        q.addBindValue(outcome.conversationId);
    } else {
        outcome.created = true;
        // Its settings come along only when it is new: changed here since, they are the user's.
        q.prepare(u"INSERT INTO conversations(title, created_at, updated_at, source, external_id, "
                  "model, system_prompt, params) "
                  "VALUES(coalesce(?, ''), ?, ?, ?, ?, ?, coalesce(?, ''), ?)"_s);
        q.addBindValue(c.title);
        q.addBindValue(c.createdAt);
        q.addBindValue(c.updatedAt);
        q.addBindValue(c.source);
        q.addBindValue(c.externalId);
        q.addBindValue(orNull(c.settings.model, c.settings.model.isEmpty()));
        q.addBindValue(c.settings.systemPrompt);
        q.addBindValue(paramsJson(c.settings.params));
    }
    if (!q.exec())
        return sqlError(q);
    if (outcome.created)
        outcome.conversationId = q.lastInsertId().toLongLong();

    // Known messages: source id -> (local id, hidden).
    QHash<QString, QPair<qint64, bool>> known;
    if (!outcome.created) {
        q.prepare(u"SELECT external_id, id, hidden FROM messages "
                  "WHERE conversation_id = ? AND external_id IS NOT NULL"_s);
        q.addBindValue(outcome.conversationId);
        if (!q.exec())
            return sqlError(q);
        const Row row(q);
        while (q.next()) {
            known.insert(row["external_id"_L1].toString(),
                         {row["id"_L1].toLongLong(), row["hidden"_L1].toBool()});
        }
    }
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO messages(conversation_id, role, content, status, created_at, "
                   "hidden, external_id, parent_id, model, context) "
                   "VALUES(?, ?, coalesce(?, ''), 'completed', ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery setHidden(m_db);
    setHidden.prepare(u"UPDATE messages SET hidden = ?, context = ? WHERE id = ?"_s);
    changed |= outcome.created;
    for (const ImportedMessage& m : c.messages) {
        const auto it = known.constFind(m.externalId);
        if (it != known.cend()) {
            if (it->second != m.hidden) { // a newer export shows another branch
                setHidden.addBindValue(m.hidden);
                setHidden.addBindValue(m.context);
                setHidden.addBindValue(it->first);
                if (!setHidden.exec())
                    return sqlError(setHidden);
                changed = true;
            }
            continue;
        }
        const auto parent = known.constFind(m.parentExternalId);
        insert.addBindValue(outcome.conversationId);
        insert.addBindValue(m.role);
        insert.addBindValue(m.content);
        insert.addBindValue(m.createdAt);
        insert.addBindValue(m.hidden);
        insert.addBindValue(m.externalId);
        insert.addBindValue(
            orNull(parent != known.cend() ? parent->first : qint64(0), parent == known.cend()));
        insert.addBindValue(orNull(m.model, m.model.isEmpty()));
        insert.addBindValue(m.context);
        if (!insert.exec())
            return sqlError(insert);
        const qint64 messageId = insert.lastInsertId().toLongLong();
        if (auto r = storeAttachments(messageId, m.attachments); !r)
            return r.error();
        known.insert(m.externalId, {messageId, m.hidden});
        ++outcome.messagesAdded;
        changed = true;
    }
    outcome.changed = changed;
    if (!changed) {
        // nothing new: not even the title or time is touched
        return outcome;
    }
    if (auto r = tx.commit(); !r)
        return r.error();
    return outcome;
}

} // namespace tether::engine
