// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QObject>

namespace tether::engine {

class Engine;

// One send or resume, from the moment it is asked for until its generation ends: what
// Engine::send and Engine::resume return. Its signals concern this generation only. Every chunk
// it reports is already committed to the journal. After `finished` or `refused` it deletes itself
// when control returns to the event loop; deleting it earlier only stops the reports (the
// generation runs on; cancel() stops it).
class Generation : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Requested, // asked for, not yet journaled
        Running,   // journaled; an attempt is connecting or streaming
        Retrying,  // a retry is scheduled
        Finished,  // ended: completed, interrupted, failed or cancelled (see GenerationFinished)
        Refused,   // never started; nothing was journaled or sent
    };
    Q_ENUM(Status)

    Status status() const { return m_status; }
    // 0 until `started`.
    qint64 generationId() const { return m_ids.generationId; }
    qint64 conversationId() const { return m_ids.conversationId; }
    const GenerationStarted& ids() const { return m_ids; }
    void cancel(GenerationStatus as = GenerationStatus::Cancelled);

Q_SIGNALS:
    void started(const tether::engine::GenerationStarted& ids);
    void attemptStarted(const tether::engine::AttemptStarted& attempt);
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void retryScheduled(const tether::engine::RetryInfo& retry);
    void finished(const tether::engine::GenerationFinished& result);
    void refused(const tether::engine::Error& error);

private:
    friend class Engine;
    explicit Generation(Engine* engine);
    void onStarted(const GenerationStarted& ids);
    void onAttempt(const AttemptStarted& attempt);
    void onChunks(const ChunkBatch& batch);
    void onRetry(const RetryInfo& retry);
    void onFinished(const GenerationFinished& result);
    void onRefused(const Error& error);

    Status m_status = Status::Requested;
    GenerationStarted m_ids;
};

} // namespace tether::engine
