// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/sync/syncjob.h"

#include <QObject>

class QNetworkAccessManager;

namespace tether::engine {

// Sync on a thread of its own, with its own network access and journal connection (each
// SyncJob opens one): an upload or a merge never holds up a reply. One sync at a time; one asked
// for while another runs is answered when that one ends, by one more run.
class SyncWorker : public QObject {
    Q_OBJECT
public:
    explicit SyncWorker(QString journalPath);
    ~SyncWorker() override;

    void run(quint64 requestId, const tether::engine::SyncSettings& settings);

Q_SIGNALS:
    void progress(quint64 requestId, tether::engine::SyncPhase phase, qint64 done, qint64 total);
    void conversationsChanged(const QList<qint64>& ids);
    void retrying(quint64 requestId, const tether::engine::Error& error, qint64 delayMs,
                  int attempt, int attempts);
    void finished(quint64 requestId, const tether::engine::SyncSummary& summary,
                  const tether::engine::Error& error);

private:
    void next();

    QString m_path;
    QNetworkAccessManager* m_nam = nullptr;
    SyncJob* m_running = nullptr;
    QList<QPair<quint64, SyncSettings>> m_waiting;
};

} // namespace tether::engine
