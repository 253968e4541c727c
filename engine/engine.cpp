#include "engine.h"

#include "circuitbreaker.h"
#include "generationengine.h"
#include "journal.h"

namespace tether::engine {

void registerMetaTypes()
{
    qRegisterMetaType<Error>();
    qRegisterMetaType<SendRequest>();
    qRegisterMetaType<GenerationStarted>();
    qRegisterMetaType<ChunkBatch>();
    qRegisterMetaType<GenerationFinished>();
    qRegisterMetaType<RetryInfo>();
    qRegisterMetaType<AttemptStarted>();
    qRegisterMetaType<QList<qint64>>();
    qRegisterMetaType<ConversationRecord>();
    qRegisterMetaType<QList<ConversationSummary>>();
    qRegisterMetaType<GenerationStatus>();
    qRegisterMetaType<QList<AttemptRecord>>();
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
}

void Engine::start()
{
    m_thread.start();
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
