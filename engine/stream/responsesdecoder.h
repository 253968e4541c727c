// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/stream/streamdecoder.h"

namespace tether::engine {

// Responses API events. Every event carries a sequence_number; events at or below the last one
// seen are dropped, so a resumed stream (`starting_after=N`) can never double a token.
class ResponsesDecoder final : public StreamDecoder {
public:
    // Continue after a journaled sequence number (resume).
    void setLastProviderSeq(qint64 seq) { m_lastProviderSeq = seq; }

    void decode(const SseEvent& event, std::vector<Delta>& out) override;
    void endOfStream() override;

private:
    void readResponse(const QJsonObject& response);
};

} // namespace tether::engine
