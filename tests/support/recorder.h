// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine.h"

#include <QElapsedTimer>
#include <QObject>

namespace tether::test {

// Records everything the engine says about one request (by tag), with timestamps.
class Recorder : public QObject {
    Q_OBJECT
public:
    Recorder(engine::Engine& engine, quint64 tag);

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

} // namespace tether::test
