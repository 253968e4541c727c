// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/chatdecoder.h"

#include <QJsonObject>

#include <QJsonArray>
#include <QJsonDocument>

#include <simdjson.h>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

QString text(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

qint64 count(simdjson::dom::object object, std::string_view key)
{
    int64_t n = 0;
    if (object[key].get_int64().get(n) != simdjson::SUCCESS) {
        double d = 0; // a provider may send 12.0
        return object[key].get_double().get(d) == simdjson::SUCCESS ? qint64(d) : -1;
    }
    return n;
}

} // namespace

ChatDecoder::ChatDecoder() = default;
ChatDecoder::~ChatDecoder() = default;

void ChatDecoder::decode(const SseEvent& event, std::vector<Delta>& out)
{
    if (!isOpen())
        return;
    if (event.data == "[DONE]") {
        finish();
        return;
    }
    // simdjson validates the whole event and reads it without building a tree of QJsonValues:
    // this runs for every chunk of every reply.
    if (!m_parser)
        m_parser = std::make_unique<simdjson::dom::parser>();
    simdjson::dom::object chunk;
    if (const auto error =
            m_parser->parse(event.data.constData(), size_t(event.data.size())).get(chunk);
        error != simdjson::SUCCESS) {
        // Valid JSON simdjson declines (an integer beyond 64 bits, say) is read by QJson and
        // given to simdjson again in QJson's spelling; anything QJson rejects is malformed, and
        // QJson's message says why.
        QJsonObject parsed;
        if (!parseObject(event, &parsed))
            return;
        m_respelled = QJsonDocument(parsed).toJson(QJsonDocument::Compact);
        if (m_parser->parse(m_respelled.constData(), size_t(m_respelled.size())).get(chunk) !=
            simdjson::SUCCESS) {
            fail(StreamState::Failed, ErrorCode::Protocol,
                 u"The server sent an event Tether cannot read (%1): %2"_s.arg(
                     QString::fromUtf8(simdjson::error_message(error)),
                     QString::fromUtf8(event.data.left(80))));
            return;
        }
    }
    // Errors after HTTP 200: OpenAI-style {"error": {...}}, vLLM-style {"object": "error", ...}.
    std::string_view object;
    if (chunk["error"].error() == simdjson::SUCCESS ||
        (chunk["object"].get_string().get(object) == simdjson::SUCCESS && object == "error")) {
        QJsonObject parsed;
        if (parseObject(event, &parsed))
            fail(StreamState::Failed, ErrorCode::ServerError, errorMessage(parsed));
        return;
    }
    std::string_view v;
    if (m_model.isEmpty() && chunk["model"].get_string().get(v) == simdjson::SUCCESS)
        m_model = text(v);
    if (m_remoteId.isEmpty() && chunk["id"].get_string().get(v) == simdjson::SUCCESS)
        m_remoteId = text(v);

    // Azure's prompt_filter_results and the usage chunk carry no choices: never index blindly.
    simdjson::dom::array choices;
    if (chunk["choices"].get_array().get(choices) == simdjson::SUCCESS) {
        for (simdjson::dom::element c : choices) {
            simdjson::dom::object choice;
            if (c.get_object().get(choice) != simdjson::SUCCESS)
                continue;
            int64_t index = 0;
            if (choice["index"].get_int64().get(index) == simdjson::SUCCESS && index != 0)
                continue; // Tether always asks for one choice
            simdjson::dom::object delta;
            if (choice["delta"].get_object().get(delta) == simdjson::SUCCESS) {
                for (const auto& [key, kind] :
                     {std::pair{"reasoning_content", ChunkKind::Reasoning},
                      std::pair{"reasoning", ChunkKind::Reasoning},
                      std::pair{"content", ChunkKind::Text},
                      std::pair{"refusal", ChunkKind::Refusal}}) {
                    if (delta[key].get_string().get(v) == simdjson::SUCCESS && !v.empty())
                        out.push_back(Delta{kind, text(v), -1});
                }
                simdjson::dom::array calls;
                if (delta["tool_calls"].get_array().get(calls) == simdjson::SUCCESS) {
                    for (simdjson::dom::element call : calls)
                        addToolCall(simdjson::minify(call), out);
                }
            }
            if (choice["finish_reason"].get_string().get(v) == simdjson::SUCCESS)
                m_finishReason = text(v);
        }
    }
    simdjson::dom::object usage;
    if (chunk["usage"].get_object().get(usage) == simdjson::SUCCESS) {
        m_usage.inputTokens = count(usage, "prompt_tokens");
        m_usage.outputTokens = count(usage, "completion_tokens");
        m_usage.totalTokens = count(usage, "total_tokens");
        simdjson::dom::object details;
        m_usage.reasoningTokens =
            usage["completion_tokens_details"].get_object().get(details) == simdjson::SUCCESS
                ? count(details, "reasoning_tokens")
                : -1;
    }
}

void ChatDecoder::addToolCall(const std::string& json, std::vector<Delta>& out)
{
    // Rare: through QJson, which gives the journaled fragment its usual form. The calls are
    // assembled from the journal (assembleToolCalls), so a crash loses none of them.
    const QJsonObject call = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    out.push_back(Delta{ChunkKind::ToolCall,
                        QString::fromUtf8(QJsonDocument(call).toJson(QJsonDocument::Compact)), -1});
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
