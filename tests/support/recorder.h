// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/engine.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTest>

#include <functional>

namespace tether::test {

// Records everything one generation reports, with timestamps.
class Recorder : public QObject {
    Q_OBJECT
public:
    explicit Recorder(engine::Generation* generation);

    engine::GenerationStarted started;
    engine::GenerationFinished finished;
    QList<engine::ChunkBatch> batches;
    QList<engine::RetryInfo> retries;
    QList<engine::AttemptStarted> attempts;
    QString shown;
    bool done = false;
    QString sendError;
    // ms from a drop (retry scheduled) to the first token of the next attempt, per drop.
    QList<qint64> dropToToken;

    bool wait(int ms = 30000);

private:
    QElapsedTimer m_clock;
    qint64 m_dropAt = -1;
};

// Waits for `job` to end, reading its results with `read` before it goes; true when it
// succeeded. `error` receives the failure, if any.
template <typename J>
bool await(J* job, const std::function<void(const J&)>& read = {}, engine::Error* error = nullptr,
           int ms = 10000)
{
    bool ended = false;
    bool ok = false;
    const QPointer<J> guard(job);
    QObject context;
    QObject::connect(job, &engine::Job::succeeded, &context, [&] {
        ok = true;
        if (read)
            read(*job);
    });
    QObject::connect(job, &engine::Job::failed, &context, [&](const engine::Error& e) {
        if (error)
            *error = e;
    });
    QObject::connect(job, &engine::Job::finished, &context, [&] { ended = true; });
    return QTest::qWaitFor([&] { return ended; }, ms) && ok;
}

} // namespace tether::test
