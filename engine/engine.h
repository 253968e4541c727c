// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exporter.h"
#include "history.h"
#include "journal.h"
#include "types.h"

#include <QObject>
#include <QThread>

namespace tether::engine {

class ArchiveWorker;
class GenerationEngine;
class SearchWorker;

struct EngineOptions {
    int breakerThreshold = 5; // consecutive failed attempts that open a provider's circuit
    qint64 breakerCooldownMs = 30'000;
};

// The engine as the UI and the CLI see it: lives on their thread, runs the work on its own
// QThread, and speaks only in queued calls and value types.
class Engine : public QObject {
    Q_OBJECT
public:
    explicit Engine(const QString& dataDir, const EngineOptions& options = {},
                    QObject* parent = nullptr);
    ~Engine() override;

    QString journalPath() const { return m_journalPath; }

    // Opens the journal on the engine thread; then `ready` or `openFailed`.
    void start();
    // Starts a generation; `tag` comes back in generationStarted / sendFailed / generationFinished.
    void send(quint64 tag, const SendRequest& request);
    // Continues an interrupted generation from the journal (see GenerationEngine::resume).
    void resume(quint64 tag, qint64 generationId, const ProviderConfig& provider);
    // The profile and address a generation was sent through: `routeLoaded` or `queryFailed`.
    void loadRoute(quint64 tag, qint64 generationId);
    void cancel(qint64 generationId, GenerationStatus as = GenerationStatus::Cancelled);
    void listConversations(quint64 tag, int offset, int limit);
    void loadConversation(quint64 tag, qint64 id);
    void renameConversation(quint64 tag, qint64 id, const QString& title);
    void deleteConversation(quint64 tag, qint64 id);
    // The attempts of a generation (connect, drops, retries, resumes): `timelineLoaded`.
    void loadTimeline(quint64 tag, qint64 generationId);
    // GET {base}/models with the provider's key and headers: `modelsListed` or `queryFailed`.
    void listModels(quint64 tag, const ProviderConfig& provider);

    // Offline history, each on a thread of its own (see historyworkers.h).
    // `searchFinished`; a newer search makes older ones still queued go unanswered.
    void search(quint64 tag, const QString& query, int limit = 50);
    // `importProgress` now and then, then `importFinished` or `queryFailed`.
    void importFile(quint64 tag, const QString& path);
    void cancelImport();
    // `ids` empty: everything. `exportFinished` or `queryFailed`.
    void exportTo(quint64 tag, const QList<qint64>& ids, const QString& path, ExportFormat format);

Q_SIGNALS:
    // The journal is open; `resumable` lists interrupted generations (crashes included).
    void ready(const QList<qint64>& resumable);
    void openFailed(const tether::engine::Error& error);
    void sendFailed(quint64 tag, const tether::engine::Error& error);
    void generationStarted(const tether::engine::GenerationStarted& started);
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void attemptStarted(const tether::engine::AttemptStarted& attempt);
    void retryScheduled(const tether::engine::RetryInfo& retry);
    void generationFinished(const tether::engine::GenerationFinished& result);
    void routeLoaded(quint64 tag, const tether::engine::GenerationRoute& route);
    void conversationsListed(quint64 tag, int offset,
                             const QList<tether::engine::ConversationSummary>& conversations);
    void conversationLoaded(quint64 tag, const tether::engine::ConversationRecord& conversation);
    void queryFailed(quint64 tag, const tether::engine::Error& error);
    void conversationRenamed(qint64 id, const QString& title);
    void conversationDeleted(qint64 id);
    void timelineLoaded(quint64 tag, qint64 generationId,
                        const QList<tether::engine::AttemptRecord>& attempts);
    void modelsListed(quint64 tag, const QStringList& models);
    void searchFinished(quint64 tag, const QString& query,
                        const QList<tether::engine::SearchHit>& hits);
    void importProgress(quint64 tag, const tether::engine::ImportProgress& progress);
    void importFinished(quint64 tag, const tether::engine::ImportReport& report);
    void exportFinished(quint64 tag, int conversations, const QString& path);

private:
    QString m_journalPath;
    QThread m_thread;
    GenerationEngine* m_worker = nullptr;
    QThread m_searchThread;
    SearchWorker* m_searcher = nullptr;
    QThread m_archiveThread;
    ArchiveWorker* m_archiver = nullptr;
};

void registerMetaTypes();

} // namespace tether::engine

namespace tether {
// GUI and CLI share one identity, hence one data folder (AppDataLocation ends in "tether").
void setApplicationIdentity();
} // namespace tether
