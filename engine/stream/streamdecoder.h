// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/core/types.h"
#include "engine/stream/sseparser.h"

#include <QJsonObject>

#include <memory>
#include <vector>

namespace tether::engine {

// One piece of model output, in the order it arrived.
struct Delta {
    ChunkKind kind = ChunkKind::Text;
    QString text;
    qint64 providerSeq = -1; // Responses API sequence_number, else -1
};

enum class StreamState { Open, Completed, Failed, Interrupted, Cancelled };

// Turns SSE events of one API into deltas and a final state. Knows nothing of the network or the
// journal, so it is tested on its own and fed the same way after a reconnect.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;

    // Appends the output carried by `event` to `out`. Events after the end are ignored.
    virtual void decode(const SseEvent& event, std::vector<Delta>& out) = 0;
    // The transport closed cleanly with no error: completion or interruption.
    virtual void endOfStream() = 0;

    StreamState state() const { return m_state; }
    bool isOpen() const { return m_state == StreamState::Open; }
    const Error& error() const { return m_error; }
    const QString& finishReason() const { return m_finishReason; }
    const Usage& usage() const { return m_usage; }
    const QString& remoteId() const { return m_remoteId; }
    // The provider-side status last reported (Responses: queued, in_progress, ...).
    const QString& remoteStatus() const { return m_remoteStatus; }
    const QString& model() const { return m_model; }
    qint64 lastProviderSeq() const { return m_lastProviderSeq; }
    // Continue after a journaled provider sequence number (a Responses resume); the APIs
    // without one ignore it.
    virtual void setLastProviderSeq(qint64) {}

    static std::unique_ptr<StreamDecoder> create(Api api);
    // Reads {"error":{"message","type","code"}}, {"error":"text"} and {"message": ...}.
    static QString errorMessage(const QJsonObject& object);

protected:
    void fail(StreamState state, ErrorCode code, const QString& message);
    // A token count from usage JSON, or -1 when absent.
    static qint64 tokenCount(const QJsonObject& object, QLatin1StringView key);
    // Parses event data as a JSON object; a malformed event fails the stream.
    bool parseObject(const SseEvent& event, QJsonObject* object);
    StreamState m_state = StreamState::Open;
    Error m_error;
    QString m_finishReason;
    Usage m_usage;
    QString m_remoteId;
    QString m_remoteStatus;
    QString m_model;
    qint64 m_lastProviderSeq = -1;
};

} // namespace tether::engine
