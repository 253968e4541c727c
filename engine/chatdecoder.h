#pragma once

#include "streamdecoder.h"

#include <QMap>

namespace tether::engine {

struct ToolCall {
    QString id;
    QString type;
    QString name;
    QString arguments;
};

// Chat Completions `chat.completion.chunk` events. Done on `[DONE]`, or on a clean close after a
// finish_reason (the usage chunk may be missing then); a close before either is an interruption.
class ChatDecoder final : public StreamDecoder {
public:
    void decode(const SseEvent& event, std::vector<Delta>& out) override;
    void endOfStream() override;

    // Tool calls accumulated by index, in index order.
    const QMap<int, ToolCall>& toolCalls() const { return m_toolCalls; }

private:
    void finish();
    QMap<int, ToolCall> m_toolCalls;
};

} // namespace tether::engine
