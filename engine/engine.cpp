// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "circuitbreaker.h"
#include "generationengine.h"
#include "historyworkers.h"
#include "journal.h"

namespace tether::engine {

void registerMetaTypes()
{
    qRegisterMetaType<Error>();
    qRegisterMetaType<SendRequest>();
    qRegisterMetaType<GenerationStarted>();
    qRegisterMetaType<GenerationRoute>();
    qRegisterMetaType<ChunkBatch>();
    qRegisterMetaType<GenerationFinished>();
    qRegisterMetaType<RetryInfo>();
    qRegisterMetaType<AttemptStarted>();
    qRegisterMetaType<QList<qint64>>();
    qRegisterMetaType<ConversationRecord>();
    qRegisterMetaType<QList<ConversationSummary>>();
    qRegisterMetaType<GenerationStatus>();
    qRegisterMetaType<QList<AttemptRecord>>();
    qRegisterMetaType<QList<SearchHit>>();
    qRegisterMetaType<ImportProgress>();
    qRegisterMetaType<ImportReport>();
}

Engine::Engine(const QString& dataDir, const EngineOptions& options, QObject* parent)
    : QObject(parent)
    , m_journalPath(Journal::pathIn(dataDir))
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("tether-engine"));
    m_worker = new GenerationEngine(
        m_journalPath, CircuitBreaker(options.breakerThreshold, options.breakerCooldownMs));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &GenerationEngine::opened, this, &Engine::ready);
    connect(m_worker, &GenerationEngine::openFailed, this, &Engine::openFailed);
    connect(m_worker, &GenerationEngine::sendFailed, this, &Engine::sendFailed);
    connect(m_worker, &GenerationEngine::generationStarted, this, &Engine::generationStarted);
    connect(m_worker, &GenerationEngine::chunksAdded, this, &Engine::chunksAdded);
    connect(m_worker, &GenerationEngine::attemptStarted, this, &Engine::attemptStarted);
    connect(m_worker, &GenerationEngine::retryScheduled, this, &Engine::retryScheduled);
    connect(m_worker, &GenerationEngine::conversationsListed, this, &Engine::conversationsListed);
    connect(m_worker, &GenerationEngine::conversationLoaded, this, &Engine::conversationLoaded);
    connect(m_worker, &GenerationEngine::queryFailed, this, &Engine::queryFailed);
    connect(m_worker, &GenerationEngine::generationFinished, this, &Engine::generationFinished);
    connect(m_worker, &GenerationEngine::conversationRenamed, this, &Engine::conversationRenamed);
    connect(m_worker, &GenerationEngine::conversationDeleted, this, &Engine::conversationDeleted);
    connect(m_worker, &GenerationEngine::timelineLoaded, this, &Engine::timelineLoaded);
    connect(m_worker, &GenerationEngine::modelsListed, this, &Engine::modelsListed);
    connect(m_worker, &GenerationEngine::routeLoaded, this, &Engine::routeLoaded);

    m_searchThread.setObjectName(QStringLiteral("tether-search"));
    m_searcher = new SearchWorker(m_journalPath);
    m_searcher->moveToThread(&m_searchThread);
    connect(&m_searchThread, &QThread::finished, m_searcher, &QObject::deleteLater);
    connect(m_searcher, &SearchWorker::searched, this, &Engine::searchFinished);
    connect(m_searcher, &SearchWorker::failed, this, &Engine::queryFailed);
    m_archiveThread.setObjectName(QStringLiteral("tether-archive"));
    m_archiver = new ArchiveWorker(m_journalPath);
    m_archiver->moveToThread(&m_archiveThread);
    connect(&m_archiveThread, &QThread::finished, m_archiver, &QObject::deleteLater);
    connect(m_archiver, &ArchiveWorker::importProgress, this, &Engine::importProgress);
    connect(m_archiver, &ArchiveWorker::imported, this, &Engine::importFinished);
    connect(m_archiver, &ArchiveWorker::exported, this, &Engine::exportFinished);
    connect(m_archiver, &ArchiveWorker::failed, this, &Engine::queryFailed);
}

Engine::~Engine()
{
    // Calls already queued (a delete, a rename) are carried out before the thread ends: the quit
    // is queued behind them. The worker is deleted on its own thread after the loop ends, so its
    // journal connection is closed where it was opened.
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(
            m_worker, [this] { m_thread.quit(); }, Qt::QueuedConnection);
    m_thread.wait();
    const bool started = m_searchThread.isRunning();
    m_searcher->latest = 0;    // queued searches go unanswered
    m_archiver->cancel = true; // an import stops after the conversation it is storing
    m_searchThread.quit();
    m_archiveThread.quit();
    m_searchThread.wait();
    m_archiveThread.wait();
    if (!started) { // no thread ran to delete them
        delete m_searcher;
        delete m_archiver;
    }
}

void Engine::start()
{
    m_thread.start();
    m_searchThread.start(QThread::LowPriority);
    m_archiveThread.start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_worker, &GenerationEngine::open, Qt::QueuedConnection);
}

void Engine::send(quint64 tag, const SendRequest& request)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, request] { w->send(tag, request); }, Qt::QueuedConnection);
}

void Engine::resume(quint64 tag, qint64 generationId, const ProviderConfig& provider)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, tag, generationId, provider] { w->resume(tag, generationId, provider); },
        Qt::QueuedConnection);
}

void Engine::loadRoute(quint64 tag, qint64 generationId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, generationId] { w->loadRoute(tag, generationId); },
        Qt::QueuedConnection);
}

void Engine::listConversations(quint64 tag, int offset, int limit)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, offset, limit] { w->listConversations(tag, offset, limit); },
        Qt::QueuedConnection);
}

void Engine::loadConversation(quint64 tag, qint64 id)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, id] { w->loadConversation(tag, id); }, Qt::QueuedConnection);
}

void Engine::renameConversation(quint64 tag, qint64 id, const QString& title)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, id, title] { w->renameConversation(tag, id, title); },
        Qt::QueuedConnection);
}

void Engine::deleteConversation(quint64 tag, qint64 id)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, id] { w->deleteConversation(tag, id); },
        Qt::QueuedConnection);
}

void Engine::loadTimeline(quint64 tag, qint64 generationId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, generationId] { w->loadTimeline(tag, generationId); },
        Qt::QueuedConnection);
}

void Engine::listModels(quint64 tag, const ProviderConfig& provider)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, provider] { w->listModels(tag, provider); },
        Qt::QueuedConnection);
}

void Engine::search(quint64 tag, const QString& query, int limit)
{
    m_searcher->latest = tag;
    QMetaObject::invokeMethod(
        m_searcher, [w = m_searcher, tag, query, limit] { w->search(tag, query, limit); },
        Qt::QueuedConnection);
}

void Engine::importFile(quint64 tag, const QString& path)
{
    QMetaObject::invokeMethod(
        m_archiver, [w = m_archiver, tag, path] { w->importFile(tag, path); },
        Qt::QueuedConnection);
}

void Engine::cancelImport()
{
    m_archiver->cancel = true;
}

void Engine::exportTo(quint64 tag, const QList<qint64>& ids, const QString& path,
                      ExportFormat format)
{
    QMetaObject::invokeMethod(
        m_archiver,
        [w = m_archiver, tag, ids, path, format] { w->exportTo(tag, ids, path, format); },
        Qt::QueuedConnection);
}

void Engine::cancel(qint64 generationId, GenerationStatus as)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, generationId, as] { w->cancel(generationId, as); },
        Qt::QueuedConnection);
}

} // namespace tether::engine

#include <QCoreApplication>

namespace tether {
void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(QStringLiteral("tether"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TETHER_VERSION));
}
} // namespace tether
