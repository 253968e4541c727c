// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/history/exporter.h"

#include "engine/tools/tooltypes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

bool exportFormatFromName(const QString& name, ExportFormat* format)
{
    if (name == "text"_L1)
        *format = ExportFormat::Text;
    else if (name == "markdown"_L1)
        *format = ExportFormat::Markdown;
    else if (name == "json"_L1)
        *format = ExportFormat::Json;
    else
        return false;
    return true;
}

namespace {

QJsonObject messageJson(const MessageRecord& m, AttachmentBytes bytes)
{
    QJsonObject o{{"id"_L1, m.id},
                  {"role"_L1, m.role},
                  {"content"_L1, m.content},
                  {"status"_L1, statusName(m.status)},
                  {"created_at"_L1, isoTime(m.createdAt)}};
    if (!m.externalId.isEmpty())
        o.insert("external_id"_L1, m.externalId);
    if (!m.reasoning.isEmpty())
        o.insert("reasoning"_L1, m.reasoning);
    if (!m.refusal.isEmpty())
        o.insert("refusal"_L1, m.refusal);
    if (!m.calls.isEmpty()) {
        QJsonArray calls;
        for (const ToolCallRecord& c : m.calls) {
            calls.append(QJsonObject{{"id"_L1, c.callId},
                                     {"name"_L1, c.name},
                                     {"arguments"_L1, c.arguments},
                                     {"server"_L1, c.server},
                                     {"tool"_L1, c.tool}});
        }
        o.insert("tool_calls"_L1, calls);
    } else if (!m.toolCalls.isEmpty()) {
        o.insert("tool_calls"_L1, QJsonDocument::fromJson(m.toolCalls.toUtf8()).array());
    }
    if (!m.model.isEmpty())
        o.insert("model"_L1, m.model);
    if (!m.attachments.isEmpty()) {
        QJsonArray files;
        for (const Attachment& a : m.attachments) {
            QJsonObject f{{"name"_L1, a.name},
                          {"mime"_L1, a.mime},
                          {"size"_L1, a.size},
                          {"sha256"_L1, a.sha256}};
            if (bytes == AttachmentBytes::Include) {
                f.insert("data"_L1, QString::fromLatin1(a.data.toBase64()));
                if (a.mime == "application/pdf"_L1)
                    f.insert("text"_L1, a.text);
            }
            files.append(f);
        }
        o.insert("attachments"_L1, files);
    }
    // Which of the replies to the same message this is (Regenerate keeps the earlier ones).
    if (m.role == "assistant"_L1 || m.alternatives() > 1) {
        o.insert("alternatives"_L1, m.alternatives());
        o.insert("alternative"_L1, m.alternative());
    }
    if (m.generationId) {
        o.insert("generation_id"_L1, m.generationId);
        if (!m.finishReason.isEmpty())
            o.insert("finish_reason"_L1, m.finishReason);
        if (!m.error.isEmpty())
            o.insert("error"_L1, m.error);
        const QJsonObject usage = usageObject(m.usage);
        if (!usage.isEmpty())
            o.insert("usage"_L1, usage);
        QJsonObject timings;
        if (m.timings.ttfbMs >= 0)
            timings.insert("ttfb_ms"_L1, m.timings.ttfbMs);
        if (m.timings.firstTokenMs >= 0)
            timings.insert("first_token_ms"_L1, m.timings.firstTokenMs);
        if (m.timings.durationMs >= 0)
            timings.insert("duration_ms"_L1, m.timings.durationMs);
        if (m.timings.bytes >= 0)
            timings.insert("bytes"_L1, m.timings.bytes);
        if (m.timings.tokensPerSecond > 0)
            timings.insert("tokens_per_second"_L1, m.timings.tokensPerSecond);
        if (!timings.isEmpty())
            o.insert("timings"_L1, timings);
    }
    return o;
}

QString roleTitle(const QString& role)
{
    if (role.isEmpty())
        return role;
    return role.left(1).toUpper() + role.mid(1);
}

} // namespace

QJsonObject conversationJson(const ConversationRecord& c, AttachmentBytes bytes)
{
    QJsonArray messages;
    for (const MessageRecord& m : c.messages) {
        messages.append(messageJson(m, bytes));
        // Each call's result follows its reply, as a request carries it.
        for (const ToolCallRecord& call : m.calls) {
            messages.append(QJsonObject{{"role"_L1, u"tool"_s},
                                        {"tool_call_id"_L1, call.callId},
                                        {"name"_L1, call.name},
                                        {"content"_L1, toolResultText(call)},
                                        {"status"_L1, nameIn(ToolCallStatusNames, call.status)}});
        }
    }
    QJsonObject o{{"id"_L1, c.id},
                  {"title"_L1, c.title},
                  {"created_at"_L1, isoTime(c.createdAt)},
                  {"updated_at"_L1, isoTime(c.updatedAt)},
                  {"messages"_L1, messages}};
    if (!c.source.isEmpty()) {
        o.insert("source"_L1, c.source);
        o.insert("external_id"_L1, c.externalId);
    }
    if (!c.settings.model.isEmpty())
        o.insert("model"_L1, c.settings.model);
    if (!c.settings.systemPrompt.isEmpty())
        o.insert("system_prompt"_L1, c.settings.systemPrompt);
    if (!c.settings.params.isEmpty())
        o.insert("parameters"_L1, paramsObject(c.settings.params));
    return o;
}

QByteArray formatConversation(const ConversationRecord& c, ExportFormat format,
                              AttachmentBytes bytes)
{
    if (format == ExportFormat::Json)
        return QJsonDocument(conversationJson(c, bytes)).toJson(QJsonDocument::Indented);
    QString out;
    if (format == ExportFormat::Markdown)
        out += u"# "_s + c.title + u"\n\n"_s;
    else
        out += c.title + u"  (conversation %1)\n\n"_s.arg(c.id);
    if (!c.settings.systemPrompt.isEmpty()) {
        out += format == ExportFormat::Markdown ? u"**System**\n\n"_s : u"[System]\n"_s;
        out += c.settings.systemPrompt + u"\n\n"_s;
    }
    for (const MessageRecord& m : c.messages) {
        QString heading = roleTitle(m.role);
        if (!m.model.isEmpty())
            heading += u" · "_s + m.model;
        if (m.status != GenerationStatus::Completed)
            heading += u" · "_s + statusName(m.status);
        const QString body = m.content.isEmpty() ? m.refusal : m.content;
        if (format == ExportFormat::Markdown)
            out += u"**"_s + heading + u"**\n\n"_s + body + u"\n\n"_s;
        else
            out += u"["_s + heading + u"]\n"_s + body + u"\n\n"_s;
        for (const Attachment& a : m.attachments) {
            const QString line = u"%1 (%2, %3)"_s.arg(a.name, a.mime, sizeText(a.size));
            out += (format == ExportFormat::Markdown ? u"- 📎 "_s : u"📎 "_s) + line + u'\n';
        }
        if (!m.attachments.isEmpty())
            out += u'\n';
        for (const ToolCallRecord& call : m.calls) {
            QString result = toolResultText(call);
            if (result.size() > 2000)
                result = result.left(2000) + u'…';
            out +=
                (format == ExportFormat::Markdown ? u"- 🔧 `%1` %2 · %3\n"_s : u"🔧 %1 %2 · %3\n"_s)
                    .arg(toolLabel(call), call.arguments, nameIn(ToolCallStatusNames, call.status));
            out += (format == ExportFormat::Markdown ? u"  → "_s : u"   → "_s) + result + u'\n';
        }
        if (!m.calls.isEmpty())
            out += u'\n';
        if (!m.error.isEmpty() && m.status != GenerationStatus::Completed)
            out += (format == ExportFormat::Markdown ? u"> "_s : u"! "_s) + m.error + u"\n\n"_s;
    }
    return out.toUtf8();
}

} // namespace tether::engine
