// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/stream/streamdecoder.h"

#include <memory>
#include <string>

namespace simdjson::dom {
class parser;
}

namespace tether::engine {

// Chat Completions `chat.completion.chunk` events. Done on `[DONE]`, or on a clean close after a
// finish_reason (the usage chunk may be missing then); a close before either is an interruption.
class ChatDecoder final : public StreamDecoder {
public:
    ChatDecoder();
    ~ChatDecoder() override;

    void decode(const SseEvent& event, std::vector<Delta>& out) override;
    void endOfStream() override;

private:
    void finish();
    void addToolCall(const std::string& json, std::vector<Delta>& out);
    std::unique_ptr<simdjson::dom::parser> m_parser; // reused: its buffers outlive one event
    QByteArray m_respelled; // an event simdjson declined, as QJson writes it
};

} // namespace tether::engine
