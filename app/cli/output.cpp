#include "output.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

void writeOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeErr(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool stdoutIsTerminal()
{
    return isatty(fileno(stdout));
}

bool showFormatFromName(const QString& name, ShowFormat* format)
{
    if (name == "text"_L1)
        *format = ShowFormat::Text;
    else if (name == "markdown"_L1)
        *format = ShowFormat::Markdown;
    else if (name == "json"_L1)
        *format = ShowFormat::Json;
    else
        return false;
    return true;
}

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject messageJson(const MessageRecord& m)
{
    QJsonObject o{{"id"_L1, m.id},
                  {"role"_L1, m.role},
                  {"content"_L1, m.content},
                  {"status"_L1, statusName(m.status)},
                  {"created_at"_L1, isoTime(m.createdAt)}};
    if (!m.reasoning.isEmpty())
        o.insert("reasoning"_L1, m.reasoning);
    if (!m.refusal.isEmpty())
        o.insert("refusal"_L1, m.refusal);
    if (!m.toolCalls.isEmpty())
        o.insert("tool_calls"_L1, QJsonDocument::fromJson(m.toolCalls.toUtf8()).array());
    if (m.generationId) {
        o.insert("generation_id"_L1, m.generationId);
        o.insert("model"_L1, m.model);
        if (!m.finishReason.isEmpty())
            o.insert("finish_reason"_L1, m.finishReason);
        if (!m.error.isEmpty())
            o.insert("error"_L1, m.error);
        QJsonObject usage;
        if (m.usage.inputTokens >= 0)
            usage.insert("input_tokens"_L1, m.usage.inputTokens);
        if (m.usage.outputTokens >= 0)
            usage.insert("output_tokens"_L1, m.usage.outputTokens);
        if (m.usage.reasoningTokens >= 0)
            usage.insert("reasoning_tokens"_L1, m.usage.reasoningTokens);
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

QByteArray formatConversation(const ConversationRecord& c, ShowFormat format)
{
    if (format == ShowFormat::Json) {
        QJsonArray messages;
        for (const MessageRecord& m : c.messages)
            messages.append(messageJson(m));
        const QJsonObject o{{"id"_L1, c.id},
                            {"title"_L1, c.title},
                            {"created_at"_L1, isoTime(c.createdAt)},
                            {"updated_at"_L1, isoTime(c.updatedAt)},
                            {"messages"_L1, messages}};
        return QJsonDocument(o).toJson(QJsonDocument::Indented);
    }
    QString out;
    if (format == ShowFormat::Markdown)
        out += u"# "_s + c.title + u"\n\n"_s;
    else
        out += c.title + u"  (conversation %1)\n\n"_s.arg(c.id);
    for (const MessageRecord& m : c.messages) {
        QString heading = roleTitle(m.role);
        if (!m.model.isEmpty())
            heading += u" · "_s + m.model;
        if (m.status != GenerationStatus::Completed)
            heading += u" · "_s + statusName(m.status);
        const QString body = m.content.isEmpty() ? m.refusal : m.content;
        if (format == ShowFormat::Markdown)
            out += u"**"_s + heading + u"**\n\n"_s + body + u"\n\n"_s;
        else
            out += u"["_s + heading + u"]\n"_s + body + u"\n\n"_s;
        if (!m.error.isEmpty() && m.status != GenerationStatus::Completed)
            out += (format == ShowFormat::Markdown ? u"> "_s : u"! "_s) + m.error + u"\n\n"_s;
    }
    return out.toUtf8();
}

} // namespace tether::cli
