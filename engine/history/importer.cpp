// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/history/importer.h"

#include "engine/core/logging.h"
#include "engine/history/jsonarraysplitter.h"
#include "engine/journal/journal.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <zip.h>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

constexpr int MaxReasons = 200;
constexpr qsizetype ReadSize = 1 << 20;

qint64 secondsToMs(const QJsonValue& v, qint64 fallback)
{
    return v.isDouble() ? qint64(v.toDouble() * 1000.0) : fallback;
}

// The text of a ChatGPT message, and whether the ChatGPT window would show it.
QPair<QString, bool> chatGptText(const QJsonObject& content)
{
    const QString type = content.value("content_type"_L1).toString();
    QStringList pieces;
    for (const QJsonValue part : content.value("parts"_L1).toArray()) {
        if (part.isString()) {
            pieces << part.toString();
        } else if (part.isObject()) {
            const QJsonObject o = part.toObject();
            const QString partType = o.value("content_type"_L1).toString();
            if (partType == "image_asset_pointer"_L1)
                pieces << u"[🖼 image: %1]"_s.arg(o.value("asset_pointer"_L1).toString());
            else if (o.value("text"_L1).isString())
                pieces << o.value("text"_L1).toString();
            else
                pieces << u"[%1]"_s.arg(partType.isEmpty() ? u"attachment"_s : partType);
        }
    }
    if (type == "text"_L1 || type == "multimodal_text"_L1)
        return {pieces.join(u"\n"_s), true};
    if (type == "code"_L1) {
        const QString language = content.value("language"_L1).toString();
        return {u"```%1\n%2\n```"_s.arg(language == "unknown"_L1 ? QString() : language,
                                        content.value("text"_L1).toString()),
                true};
    }
    if (type == "execution_output"_L1)
        return {u"```\n%1\n```"_s.arg(content.value("text"_L1).toString()), true};
    if (type == "thoughts"_L1) {
        for (const QJsonValue t : content.value("thoughts"_L1).toArray())
            pieces << t.toObject().value("content"_L1).toString();
        return {pieces.join(u"\n\n"_s), false};
    }
    // reasoning_recap, tether_browsing_display, tether_quote, user_editable_context, …: kept,
    // not shown.
    if (pieces.isEmpty() && content.value("text"_L1).isString())
        pieces << content.value("text"_L1).toString();
    if (pieces.isEmpty() && content.value("result"_L1).isString())
        pieces << content.value("result"_L1).toString();
    return {pieces.join(u"\n"_s), false};
}

} // namespace

Result<ImportedConversation> parseChatGptConversation(const QJsonObject& conversation)
{
    const QJsonObject& o = conversation;
    ImportedConversation c;
    c.source = u"chatgpt"_s;
    c.externalId = o.value("conversation_id"_L1).toString();
    if (c.externalId.isEmpty())
        c.externalId = o.value("id"_L1).toString();
    if (c.externalId.isEmpty())
        return Error{ErrorCode::Usage, u"a conversation without an id"_s};
    const QJsonObject mapping = o.value("mapping"_L1).toObject();
    if (mapping.isEmpty())
        return Error{ErrorCode::Usage,
                     u"conversation %1 has no messages (mapping)"_s.arg(c.externalId)};
    c.title = o.value("title"_L1).toString();
    c.createdAt = secondsToMs(o.value("create_time"_L1), 0);
    c.updatedAt = secondsToMs(o.value("update_time"_L1), c.createdAt);
    const QString defaultModel = o.value("default_model_slug"_L1).toString();

    // The shown thread: current_node and its ancestors.
    QSet<QString> shown;
    QString node = o.value("current_node"_L1).toString();
    while (!node.isEmpty() && mapping.contains(node) && !shown.contains(node)) {
        shown.insert(node);
        node = mapping.value(node).toObject().value("parent"_L1).toString();
    }
    if (shown.isEmpty())
        return Error{ErrorCode::Usage,
                     u"conversation %1: current_node is not in its mapping"_s.arg(c.externalId)};

    // Parents first: a walk from the roots; nodes on a cycle or under a missing parent are
    // never reached and so never stored.
    QStringList order;
    QStringList stack;
    for (auto it = mapping.begin(); it != mapping.end(); ++it) {
        const QString parent = it.value().toObject().value("parent"_L1).toString();
        if (parent.isEmpty() || !mapping.contains(parent))
            stack.append(it.key());
    }
    QSet<QString> seen;
    while (!stack.isEmpty()) {
        const QString id = stack.takeLast();
        if (seen.contains(id))
            continue;
        seen.insert(id);
        order.append(id);
        const QJsonArray children = mapping.value(id).toObject().value("children"_L1).toArray();
        for (qsizetype i = children.size() - 1; i >= 0; --i) {
            const QString child = children.at(i).toString();
            if (mapping.contains(child) &&
                mapping.value(child).toObject().value("parent"_L1).toString() == id)
                stack.append(child);
        }
    }

    // A node without a message (the root) is skipped; its children hang from the nearest
    // stored ancestor.
    QHash<QString, QString> storedAncestor;
    for (const QString& id : std::as_const(order)) {
        const QJsonObject n = mapping.value(id).toObject();
        const QString parent = n.value("parent"_L1).toString();
        const QString parentStored = storedAncestor.value(parent);
        const QJsonObject message = n.value("message"_L1).toObject();
        if (message.isEmpty()) {
            storedAncestor.insert(id, parentStored);
            continue;
        }
        ImportedMessage m;
        m.externalId = message.value("id"_L1).toString(id);
        m.parentExternalId = parentStored;
        m.role = message.value("author"_L1).toObject().value("role"_L1).toString();
        const auto [text, displayable] = chatGptText(message.value("content"_L1).toObject());
        m.content = text;
        m.createdAt = secondsToMs(message.value("create_time"_L1), c.createdAt);
        const QJsonObject metadata = message.value("metadata"_L1).toObject();
        m.model = metadata.value("model_slug"_L1).toString();
        if (m.model.isEmpty() && m.role == "assistant"_L1)
            m.model = defaultModel;
        const bool visuallyHidden =
            metadata.value("is_visually_hidden_from_conversation"_L1).toBool();
        m.context = visuallyHidden || !displayable ||
                    (m.role != "user"_L1 && m.role != "assistant"_L1) ||
                    (m.content.trimmed().isEmpty());
        m.hidden = !shown.contains(id) || m.context;
        storedAncestor.insert(id, m.externalId);
        c.messages.append(m);
    }
    if (c.messages.isEmpty())
        return Error{ErrorCode::Usage, u"conversation %1 has no messages"_s.arg(c.externalId)};
    return c;
}

Result<ImportedConversation> parseTetherConversation(const QJsonObject& conversation)
{
    const QJsonObject& o = conversation;
    ImportedConversation c;
    c.source = o.value("source"_L1).toString(u"tether"_s);
    c.externalId = o.value("external_id"_L1).toString();
    if (c.externalId.isEmpty() && o.value("id"_L1).isDouble())
        c.externalId = QString::number(o.value("id"_L1).toInteger());
    if (c.externalId.isEmpty())
        return Error{ErrorCode::Usage, u"a conversation without an id"_s};
    const auto time = [](const QJsonValue& v) {
        return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    c.title = o.value("title"_L1).toString();
    c.createdAt = time(o.value("created_at"_L1));
    c.updatedAt = time(o.value("updated_at"_L1));
    c.settings.model = o.value("model"_L1).toString();
    c.settings.systemPrompt = o.value("system_prompt"_L1).toString();
    c.settings.params = paramsFromObject(o.value("parameters"_L1).toObject());
    QString previous;
    for (const QJsonValue v : o.value("messages"_L1).toArray()) {
        const QJsonObject mo = v.toObject();
        ImportedMessage m;
        m.externalId = mo.value("external_id"_L1).toString();
        if (m.externalId.isEmpty())
            m.externalId = QString::number(mo.value("id"_L1).toInteger());
        m.parentExternalId = previous;
        m.role = mo.value("role"_L1).toString();
        m.content = mo.value("content"_L1).toString();
        if (m.content.isEmpty())
            m.content = mo.value("refusal"_L1).toString();
        m.model = mo.value("model"_L1).toString();
        m.createdAt = time(mo.value("created_at"_L1));
        if (m.role.isEmpty() || m.externalId == "0"_L1)
            return Error{ErrorCode::Usage,
                         u"conversation %1 has a message without a role or id"_s.arg(c.externalId)};
        m.context = m.role != "user"_L1 && m.role != "assistant"_L1;
        m.hidden = m.context;
        for (const QJsonValue f : mo.value("attachments"_L1).toArray()) {
            const QJsonObject fo = f.toObject();
            Attachment a;
            a.name = fo.value("name"_L1).toString();
            a.mime = fo.value("mime"_L1).toString();
            a.data = QByteArray::fromBase64(fo.value("data"_L1).toString().toLatin1());
            a.size = a.data.size();
            a.text = fo.value("text"_L1).toString();
            a.sha256 = QString::fromLatin1(
                QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex());
            // Bytes that are not the file the export names are not taken for it.
            if (a.name.isEmpty() || a.mime.isEmpty() || a.data.isEmpty() ||
                a.sha256 != fo.value("sha256"_L1).toString()) {
                return Error{ErrorCode::Usage,
                             u"conversation %1: the attachment \"%2\" of message %3 is missing "
                             "or damaged"_s.arg(c.externalId, a.name, m.externalId)};
            }
            m.attachments.append(a);
        }
        previous = m.externalId;
        c.messages.append(m);
    }
    if (c.messages.isEmpty())
        return Error{ErrorCode::Usage, u"conversation %1 has no messages"_s.arg(c.externalId)};
    return c;
}

namespace {

// Reads the file, or the conversations.json inside a zip, piece by piece.
class Source {
public:
    ~Source()
    {
        if (m_entry)
            zip_fclose(m_entry);
        if (m_zip)
            zip_close(m_zip);
    }

    Result<void> open(const QString& path)
    {
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::ReadOnly))
            return Error{ErrorCode::Usage, u"Cannot read %1: %2"_s.arg(path, m_file.errorString())};
        if (m_file.peek(4) != QByteArrayView("PK\x03\x04")) {
            m_total = m_file.size();
            return {};
        }
        m_file.close();
        int error = 0;
        m_zip = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &error);
        if (!m_zip)
            return Error{ErrorCode::Usage, u"%1 is not a readable zip archive."_s.arg(path)};
        const zip_int64_t count = zip_get_num_entries(m_zip, 0);
        for (zip_int64_t i = 0; i < count; ++i) {
            const char* name = zip_get_name(m_zip, zip_uint64_t(i), 0);
            if (!name || !QByteArrayView(name).endsWith("conversations.json"))
                continue;
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(m_zip, zip_uint64_t(i), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
                m_total = qint64(st.size);
            m_entry = zip_fopen_index(m_zip, zip_uint64_t(i), 0);
            if (!m_entry)
                break;
            return {};
        }
        return Error{ErrorCode::Usage,
                     u"%1 holds no conversations.json: is it a ChatGPT export?"_s.arg(path)};
    }

    // An empty piece at the end; an error if the file cannot be read.
    Result<QByteArray> read()
    {
        if (!m_entry)
            return m_file.read(ReadSize);
        QByteArray piece(ReadSize, Qt::Uninitialized);
        const zip_int64_t n = zip_fread(m_entry, piece.data(), zip_uint64_t(piece.size()));
        if (n < 0) {
            return Error{ErrorCode::Usage, u"The zip archive is damaged: %1"_s.arg(
                                               QString::fromUtf8(zip_file_strerror(m_entry)))};
        }
        piece.truncate(qsizetype(n));
        return piece;
    }

    qint64 total() const { return m_total; }

private:
    QFile m_file;
    zip_t* m_zip = nullptr;
    zip_file_t* m_entry = nullptr;
    qint64 m_total = 0;
};

} // namespace

Result<ImportReport> importFile(Journal& journal, const QString& path,
                                const ImportProgressSink& progress, const std::atomic_bool* cancel,
                                const ImportLimits& limits)
{
    Source source;
    if (auto r = source.open(path); !r)
        return r.error();
    QElapsedTimer clock;
    clock.start();
    ImportReport report;
    ImportProgress state;
    state.bytesTotal = source.total();
    int index = 0;
    std::optional<Error> fatal;
    const auto skip = [&report](const QString& why) {
        ++report.skipped;
        if (report.reasons.size() < MaxReasons)
            report.reasons << why;
    };
    const auto megabytes = [](qint64 bytes) {
        return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 0);
    };
    if (source.total() > limits.maxTotalBytes) {
        return Error{ErrorCode::Usage,
                     u"%1 holds %2 MB of conversations, more than the %3 MB Tether imports; "
                     "nothing was imported."_s.arg(path, megabytes(source.total()),
                                                   megabytes(limits.maxTotalBytes))};
    }
    const auto oversized = [&](qint64 bytes) {
        ++index;
        skip(u"entry %1: %2 MB, larger than the %3 MB a conversation may take"_s.arg(index).arg(
            megabytes(bytes), megabytes(limits.maxConversationBytes)));
    };
    JsonArraySplitter splitter(
        [&](const QByteArray& element) {
            ++index;
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(element, &parseError);
            if (!doc.isObject()) {
                skip(
                    u"entry %1: not a JSON object (%2)"_s.arg(index).arg(parseError.errorString()));
                return true;
            }
            const QJsonObject o = doc.object();
            auto parsed =
                o.contains("mapping"_L1) ? parseChatGptConversation(o) : parseTetherConversation(o);
            if (!parsed) {
                skip(u"entry %1: %2"_s.arg(index).arg(parsed.error().message));
                return true;
            }
            auto stored = journal.importConversation(parsed.value());
            if (!stored) {
                // The journal itself failed (disk full, locked): stop, what is stored stays whole.
                fatal = stored.error();
                return false;
            }
            const ImportOutcome& outcome = stored.value();
            if (outcome.created)
                ++report.conversationsAdded;
            else if (outcome.changed)
                ++report.conversationsUpdated;
            else
                ++report.conversationsUnchanged;
            report.messagesAdded += outcome.messagesAdded;
            ++state.conversations;
            return !(cancel && cancel->load());
        },
        limits.maxConversationBytes, oversized);
    while (true) {
        auto piece = source.read();
        if (!piece)
            return piece.error();
        if (piece.value().isEmpty())
            break;
        state.bytesRead += piece.value().size();
        if (state.bytesRead > limits.maxTotalBytes) {
            // A zip may declare less than it inflates to: the limit holds on what is read.
            skip(u"the file holds more than the %1 MB Tether imports: the rest was not read"_s.arg(
                megabytes(limits.maxTotalBytes)));
            break;
        }
        if (!splitter.feed(piece.value())) {
            if (fatal)
                return *fatal;
            if (cancel && cancel->load())
                break;
            return Error{
                ErrorCode::Usage,
                u"%1 is not a JSON array of conversations (stopped after %2 bytes)."_s.arg(path)
                    .arg(state.bytesRead)};
        }
        if (progress)
            progress(state);
    }
    if (!splitter.complete() && !(cancel && cancel->load()) &&
        state.bytesRead <= limits.maxTotalBytes)
        skip(u"the file ends before its closing bracket: it is truncated"_s);
    for (int i = 0; i < splitter.scalarsSkipped(); ++i)
        skip(u"an entry that is not a conversation object"_s);
    report.bytes = state.bytesRead;
    report.elapsedMs = clock.elapsed();
    qCDebug(lcStore) << "imported" << path << report.conversationsAdded << "new"
                     << report.conversationsUpdated << "updated" << report.skipped << "skipped";
    return report;
}

} // namespace tether::engine
