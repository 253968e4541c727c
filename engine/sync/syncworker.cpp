// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sync/syncworker.h"

#include <QNetworkAccessManager>

namespace tether::engine {

SyncWorker::SyncWorker(QString journalPath)
    : m_path(std::move(journalPath))
{}

SyncWorker::~SyncWorker() = default;

void SyncWorker::run(quint64 requestId, const SyncSettings& settings)
{
    SyncSettings s = settings;
    s.journalPath = m_path;
    m_waiting.append({requestId, s});
    if (m_running == nullptr)
        next();
}

void SyncWorker::next()
{
    if (m_waiting.isEmpty())
        return;
    if (m_nam == nullptr)
        m_nam = new QNetworkAccessManager(this); // made on this thread, used on it
    // Not a structured binding: clang 14 cannot capture those.
    const QPair<quint64, SyncSettings> request = m_waiting.takeFirst();
    const quint64 requestId = request.first;
    m_running = new SyncJob(request.second, m_nam, this);
    connect(m_running, &SyncJob::progress, this,
            [this, requestId](SyncPhase phase, qint64 done, qint64 total) {
                Q_EMIT progress(requestId, phase, done, total);
            });
    connect(m_running, &SyncJob::conversationsChanged, this, &SyncWorker::conversationsChanged);
    connect(m_running, &SyncJob::retrying, this,
            [this, requestId](const Error& error, qint64 delayMs, int attempt, int attempts) {
                Q_EMIT retrying(requestId, error, delayMs, attempt, attempts);
            });
    connect(m_running, &SyncJob::finished, this,
            [this, requestId](const SyncSummary& summary, const Error& error) {
                m_running->deleteLater();
                m_running = nullptr;
                Q_EMIT finished(requestId, summary, error);
                next();
            });
    m_running->start();
}

} // namespace tether::engine
