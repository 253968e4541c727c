// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/jobs/job.h"

#include "engine/engine.h"

namespace tether::engine {

Job::Job(Engine* engine)
    : QObject(engine)
{}

Engine* Job::engine() const
{
    return static_cast<Engine*>(parent());
}

// The status is set before the signals, so a handler that asks sees the outcome.
void Job::succeed()
{
    m_status = Status::Succeeded;
    Q_EMIT succeeded();
    end();
}

void Job::fail(const Error& error)
{
    m_status = Status::Failed;
    m_error = error;
    Q_EMIT failed(error);
    end();
}

void Job::abandon()
{
    m_status = Status::Abandoned;
    end();
}

void Job::end()
{
    Q_EMIT finished();
    deleteLater();
}

void ImportJob::cancel()
{
    engine()->cancelImport();
}

} // namespace tether::engine
