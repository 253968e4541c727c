// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/stream/streamdecoder.h"

namespace tether::engine {

// Responses API events. Every event carries a sequence_number; events at or below the last one
// seen are dropped, so a resumed stream (`starting_after=N`) can never double a token.
class ResponsesDecoder final : public StreamDecoder {
public:
    // Continue after a journaled sequence number (resume).
    void setLastProviderSeq(qint64 seq) override { m_lastProviderSeq = seq; }

    void decode(const SseEvent& event, std::vector<Delta>& out) override;
    void endOfStream() override;

    // The response object a poll returns (GET /responses/{id}): its output text, with the state,
    // finish reason, usage and error its last stream event would have given. Queued or in
    // progress leave the decoder open, its remoteStatus() saying which.
    QString decodeFinal(const QJsonObject& response);

private:
    void readResponse(const QJsonObject& response);
    // response.completed / incomplete / failed / cancelled, streamed or polled alike.
    void finishWith(const QString& status, const QJsonObject& response);
};

} // namespace tether::engine
