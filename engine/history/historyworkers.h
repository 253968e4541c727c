// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/history/exporter.h"
#include "engine/history/history.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace tether::engine {

class Journal;

// Full-text search on a thread of its own, with its own journal connection: a query never waits
// behind a streaming commit, and a slow one never holds up the stream. Only the newest query is
// answered; older ones still queued are superseded (the user typed on).
class SearchWorker : public QObject {
    Q_OBJECT
public:
    explicit SearchWorker(QString journalPath);
    ~SearchWorker() override;

    void search(quint64 requestId, const QString& query, int limit);
    std::atomic<quint64> latest{0};

Q_SIGNALS:
    void searched(quint64 requestId, const QString& query,
                  const QList<tether::engine::SearchHit>& hits);
    void failed(quint64 requestId, const tether::engine::Error& error);
    void superseded(quint64 requestId);

private:
    QString m_path;
    std::unique_ptr<Journal> m_journal;
};

// Import and export, which read or write whole files, on their own thread and connection.
class ArchiveWorker : public QObject {
    Q_OBJECT
public:
    explicit ArchiveWorker(QString journalPath);
    ~ArchiveWorker() override;

    void importFile(quint64 requestId, const QString& path);
    // `ids` empty: every conversation. Markdown separates conversations with a rule; JSON is an
    // array of conversation objects (what import reads back).
    void exportTo(quint64 requestId, const QList<qint64>& ids, const QString& path,
                  ExportFormat format);
    std::atomic_bool cancel{false};

Q_SIGNALS:
    void importProgress(quint64 requestId, const tether::engine::ImportProgress& progress);
    void imported(quint64 requestId, const tether::engine::ImportReport& report);
    void exported(quint64 requestId, int conversations, const QString& path);
    void failed(quint64 requestId, const tether::engine::Error& error);

private:
    Journal* journal(quint64 requestId);
    QString m_path;
    std::unique_ptr<Journal> m_journal;
};

// Writes `ids` (empty: all) in `format` to `out`; used by the worker and by tether-cli.
Result<int> exportConversations(Journal& journal, const QList<qint64>& ids, ExportFormat format,
                                class QIODevice& out);

} // namespace tether::engine
