// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/jobs/generation.h"

#include "engine/engine.h"

namespace tether::engine {

Generation::Generation(Engine* engine)
    : QObject(engine)
{}

void Generation::cancel(GenerationStatus as)
{
    if (m_ids.generationId && m_status != Status::Finished)
        static_cast<Engine*>(parent())->cancel(m_ids.generationId, as);
}

void Generation::onStarted(const GenerationStarted& ids)
{
    m_ids = ids;
    m_status = Status::Running;
    Q_EMIT started(ids);
}

void Generation::onAttempt(const AttemptStarted& attempt)
{
    m_status = Status::Running;
    Q_EMIT attemptStarted(attempt);
}

void Generation::onChunks(const ChunkBatch& batch)
{
    Q_EMIT chunksAdded(batch);
}

void Generation::onRetry(const RetryInfo& retry)
{
    m_status = Status::Retrying;
    Q_EMIT retryScheduled(retry);
}

void Generation::onFinished(const GenerationFinished& result)
{
    m_status = Status::Finished;
    Q_EMIT finished(result);
    deleteLater();
}

void Generation::onRefused(const Error& error)
{
    m_status = Status::Refused;
    Q_EMIT refused(error);
    deleteLater();
}

} // namespace tether::engine
