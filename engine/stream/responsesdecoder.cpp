// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/responsesdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

void ResponsesDecoder::readResponse(const QJsonObject& response)
{
    if (const QString id = response.value("id"_L1).toString(); !id.isEmpty())
        m_remoteId = id;
    if (const QString status = response.value("status"_L1).toString(); !status.isEmpty())
        m_remoteStatus = status;
    if (const QString model = response.value("model"_L1).toString(); !model.isEmpty())
        m_model = model;
    if (const QJsonValue u = response.value("usage"_L1); u.isObject()) {
        const QJsonObject usage = u.toObject();
        m_usage.inputTokens = tokenCount(usage, "input_tokens"_L1);
        m_usage.outputTokens = tokenCount(usage, "output_tokens"_L1);
        m_usage.totalTokens = tokenCount(usage, "total_tokens"_L1);
        m_usage.reasoningTokens =
            tokenCount(usage.value("output_tokens_details"_L1).toObject(), "reasoning_tokens"_L1);
    }
}

void ResponsesDecoder::decode(const SseEvent& event, std::vector<Delta>& out)
{
    if (!isOpen())
        return;
    QJsonObject ev;
    if (!parseObject(event, &ev))
        return;
    qint64 seq = -1;
    if (const QJsonValue s = ev.value("sequence_number"_L1); s.isDouble()) {
        seq = s.toInteger();
        if (seq <= m_lastProviderSeq)
            return; // already journaled before a reconnect
        m_lastProviderSeq = seq;
    }
    QString type = ev.value("type"_L1).toString();
    if (type.isEmpty())
        type = QString::fromUtf8(event.type);

    if (type == "response.output_text.delta"_L1) {
        out.push_back(Delta{ChunkKind::Text, ev.value("delta"_L1).toString(), seq});
    } else if (type == "response.refusal.delta"_L1) {
        out.push_back(Delta{ChunkKind::Refusal, ev.value("delta"_L1).toString(), seq});
    } else if (type == "response.reasoning_summary_text.delta"_L1 ||
               type == "response.reasoning_text.delta"_L1) {
        out.push_back(Delta{ChunkKind::Reasoning, ev.value("delta"_L1).toString(), seq});
    } else if (type == "response.function_call_arguments.delta"_L1 ||
               (type == "response.output_item.added"_L1 &&
                ev.value("item"_L1).toObject().value("type"_L1) == "function_call"_L1)) {
        out.push_back(Delta{ChunkKind::ToolCall,
                            QString::fromUtf8(QJsonDocument(ev).toJson(QJsonDocument::Compact)),
                            seq});
    } else if (type == "response.created"_L1 || type == "response.queued"_L1 ||
               type == "response.in_progress"_L1) {
        readResponse(ev.value("response"_L1).toObject());
    } else if (type == "response.completed"_L1 || type == "response.incomplete"_L1 ||
               type == "response.failed"_L1 || type == "response.cancelled"_L1) {
        finishWith(type.mid(9), ev.value("response"_L1).toObject());
    } else if (type == "error"_L1) {
        // Both shapes: {type, code, message} and {type, error: {code, message}}.
        fail(StreamState::Failed, ErrorCode::ServerError, errorMessage(ev));
    }
    // Other events (content_part.*, output_item.done, *.done) carry nothing new.
}

void ResponsesDecoder::finishWith(const QString& status, const QJsonObject& response)
{
    readResponse(response);
    if (status == "completed"_L1) {
        m_finishReason = u"stop"_s;
        m_state = StreamState::Completed;
    } else if (status == "incomplete"_L1) {
        // Finished on the server, just short (e.g. max_output_tokens): nothing left to resume.
        const QString reason =
            response.value("incomplete_details"_L1).toObject().value("reason"_L1).toString();
        m_finishReason = reason == "max_output_tokens"_L1 ? u"length"_s
                         : reason.isEmpty()               ? u"incomplete"_s
                                                          : reason;
        m_state = StreamState::Completed;
    } else if (status == "failed"_L1) {
        fail(StreamState::Failed, ErrorCode::ServerError, errorMessage(response));
    } else if (status == "cancelled"_L1) {
        fail(StreamState::Cancelled, ErrorCode::Cancelled, u"The response was cancelled."_s);
    }
}

QString ResponsesDecoder::decodeFinal(const QJsonObject& response)
{
    const QString status = response.value("status"_L1).toString();
    finishWith(status, response); // queued, in_progress: only its status is news
    QString text;
    for (const QJsonValue& item : response.value("output"_L1).toArray()) {
        for (const QJsonValue& part : item.toObject().value("content"_L1).toArray()) {
            const QJsonObject p = part.toObject();
            if (p.value("type"_L1) == "output_text"_L1)
                text += p.value("text"_L1).toString();
        }
    }
    return text;
}

void ResponsesDecoder::endOfStream()
{
    if (isOpen()) {
        fail(StreamState::Interrupted, ErrorCode::Interrupted,
             u"The connection closed before the response was complete."_s);
    }
}

} // namespace tether::engine
