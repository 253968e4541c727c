// SPDX-License-Identifier: GPL-3.0-or-later
#include "recorder.h"

using namespace tether::engine;

namespace tether::test {

Recorder::Recorder(Generation* generation)
{
    m_clock.start();
    connect(generation, &Generation::started, this,
            [this](const GenerationStarted& s) { started = s; });
    connect(generation, &Generation::refused, this, [this](const Error& e) {
        sendError = e.message;
        done = true;
    });
    connect(generation, &Generation::chunksAdded, this, [this](const ChunkBatch& b) {
        if (m_dropAt >= 0 && !b.text.isEmpty()) {
            dropToToken.append(m_clock.elapsed() - m_dropAt);
            m_dropAt = -1;
        }
        batches.append(b);
        shown += b.text;
    });
    connect(generation, &Generation::retryScheduled, this, [this](const RetryInfo& r) {
        retries.append(r);
        if (m_dropAt < 0)
            m_dropAt = m_clock.elapsed();
    });
    connect(generation, &Generation::attemptStarted, this,
            [this](const AttemptStarted& a) { attempts.append(a); });
    connect(generation, &Generation::finished, this, [this](const GenerationFinished& f) {
        finished = f;
        done = true;
    });
}

bool Recorder::wait(int ms)
{
    return QTest::qWaitFor([this] { return done; }, ms);
}

} // namespace tether::test
