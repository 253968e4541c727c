// SPDX-License-Identifier: GPL-3.0-or-later
#include "recorder.h"

#include <QTest>

using namespace tether::engine;

namespace tether::test {

Recorder::Recorder(Engine& engine, quint64 tag)
{
    m_clock.start();
    connect(&engine, &Engine::generationStarted, this, [this, tag](const GenerationStarted& s) {
        if (s.tag == tag)
            started = s;
    });
    connect(&engine, &Engine::sendFailed, this, [this, tag](quint64 t, const Error& e) {
        if (t == tag) {
            sendError = e.message;
            done = true;
        }
    });
    connect(&engine, &Engine::chunksAdded, this, [this](const ChunkBatch& b) {
        if (b.generationId != started.generationId)
            return;
        if (m_dropAt >= 0 && !b.text.isEmpty()) {
            dropToToken.append(m_clock.elapsed() - m_dropAt);
            m_dropAt = -1;
        }
        batches.append(b);
        shown += b.text;
    });
    connect(&engine, &Engine::retryScheduled, this, [this](const RetryInfo& r) {
        if (r.generationId != started.generationId)
            return;
        retries.append(r);
        if (m_dropAt < 0)
            m_dropAt = m_clock.elapsed();
    });
    connect(&engine, &Engine::attemptStarted, this, [this](const AttemptStarted& a) {
        if (a.generationId == started.generationId)
            attempts.append(a);
    });
    connect(&engine, &Engine::generationFinished, this, [this, tag](const GenerationFinished& f) {
        if (f.tag == tag) {
            finished = f;
            done = true;
        }
    });
}

bool Recorder::wait(int ms)
{
    return QTest::qWaitFor([this] { return done; }, ms);
}

} // namespace tether::test
