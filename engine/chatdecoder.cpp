#include "chatdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

void ChatDecoder::decode(const SseEvent& event, std::vector<Delta>& out)
{
    if (!isOpen())
        return;
    if (event.data == "[DONE]") {
        finish();
        return;
    }
    QJsonObject chunk;
    if (!parseObject(event, &chunk))
        return;
    // Errors after HTTP 200: OpenAI-style {"error": {...}}, vLLM-style {"object": "error", ...}.
    if (chunk.contains("error"_L1) || chunk.value("object"_L1) == "error"_L1) {
        fail(StreamState::Failed, ErrorCode::ServerError, errorMessage(chunk));
        return;
    }
    if (m_model.isEmpty())
        m_model = chunk.value("model"_L1).toString();
    if (m_remoteId.isEmpty())
        m_remoteId = chunk.value("id"_L1).toString();

    // Azure's prompt_filter_results and the usage chunk carry no choices: never index blindly.
    const QJsonArray choices = chunk.value("choices"_L1).toArray();
    for (const QJsonValue& c : choices) {
        const QJsonObject choice = c.toObject();
        if (choice.value("index"_L1).toInt(0) != 0)
            continue; // Tether always asks for one choice
        const QJsonObject delta = choice.value("delta"_L1).toObject();
        for (const auto& [key, kind] : {std::pair{"reasoning_content"_L1, ChunkKind::Reasoning},
                                        std::pair{"reasoning"_L1, ChunkKind::Reasoning},
                                        std::pair{"content"_L1, ChunkKind::Text},
                                        std::pair{"refusal"_L1, ChunkKind::Refusal}}) {
            const QJsonValue v = delta.value(key);
            if (v.isString() && !v.toString().isEmpty())
                out.push_back(Delta{kind, v.toString(), -1});
        }
        const QJsonArray calls = delta.value("tool_calls"_L1).toArray();
        for (const QJsonValue& callValue : calls) {
            const QJsonObject call = callValue.toObject();
            const int index = call.value("index"_L1).toInt(0);
            ToolCall& acc = m_toolCalls[index];
            const QJsonObject function = call.value("function"_L1).toObject();
            if (const QString id = call.value("id"_L1).toString(); !id.isEmpty())
                acc.id = id;
            if (const QString type = call.value("type"_L1).toString(); !type.isEmpty())
                acc.type = type;
            if (const QString name = function.value("name"_L1).toString(); !name.isEmpty())
                acc.name += name;
            acc.arguments += function.value("arguments"_L1).toString();
            // The fragment is journaled as received, so replaying the chunks rebuilds the call.
            out.push_back(
                Delta{ChunkKind::ToolCall,
                      QString::fromUtf8(QJsonDocument(call).toJson(QJsonDocument::Compact)), -1});
        }
        if (const QJsonValue fr = choice.value("finish_reason"_L1); fr.isString())
            m_finishReason = fr.toString();
    }
    if (const QJsonValue u = chunk.value("usage"_L1); u.isObject()) {
        const QJsonObject usage = u.toObject();
        m_usage.inputTokens = tokenCount(usage, "prompt_tokens"_L1);
        m_usage.outputTokens = tokenCount(usage, "completion_tokens"_L1);
        m_usage.totalTokens = tokenCount(usage, "total_tokens"_L1);
        m_usage.reasoningTokens = tokenCount(usage.value("completion_tokens_details"_L1).toObject(),
                                             "reasoning_tokens"_L1);
    }
}

void ChatDecoder::finish()
{
    if (m_finishReason == "content_filter"_L1) {
        fail(StreamState::Failed, ErrorCode::ContentFilter,
             u"The provider's content filter stopped the reply."_s);
    } else if (m_finishReason == "error"_L1) {
        fail(StreamState::Failed, ErrorCode::ServerError,
             u"The provider ended the reply with an error."_s);
    } else {
        m_state = StreamState::Completed;
    }
}

void ChatDecoder::endOfStream()
{
    if (!isOpen())
        return;
    if (!m_finishReason.isEmpty()) {
        finish();
        return;
    }
    fail(StreamState::Interrupted, ErrorCode::Interrupted,
         u"The connection closed before the reply was complete."_s);
}

} // namespace tether::engine
