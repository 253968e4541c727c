// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/engine.h"

#include "engine/core/version.h"

#include "engine/generationengine.h"
#include "engine/history/historyworkers.h"
#include "engine/journal/journal.h"
#include "engine/mcp/toolhost.h"

#include "engine/resilience/circuitbreaker.h"
#include "engine/sync/syncworker.h"
#include <QDateTime>

namespace tether::engine {

void registerMetaTypes()
{
    qRegisterMetaType<Error>();
    qRegisterMetaType<Elicitation>();
    qRegisterMetaType<ElicitationAnswer>();
    qRegisterMetaType<SyncSummary>();
    qRegisterMetaType<SyncSettings>();
    qRegisterMetaType<SyncPhase>();
    qRegisterMetaType<SendRequest>();
    qRegisterMetaType<ConversationSettings>();
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
    qRegisterMetaType<McpServerConfig>();
    qRegisterMetaType<QList<McpServerConfig>>();
    qRegisterMetaType<ToolSpec>();
    qRegisterMetaType<QList<ToolSpec>>();
    qRegisterMetaType<ToolServerStatus>();
    qRegisterMetaType<QList<ToolServerStatus>>();
    qRegisterMetaType<ToolCallRecord>();
    qRegisterMetaType<QList<ToolCallRecord>>();
    qRegisterMetaType<ToolOutcome>();
    qRegisterMetaType<ToolRound>();
    qRegisterMetaType<QList<ToolRound>>();
    qRegisterMetaType<ToolApproval>();
}

Engine::Engine(const QString& dataDir, const EngineOptions& options, QObject* parent)
    : QObject(parent)
    , m_journalPath(Journal::pathIn(dataDir))
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("tether-engine"));
    m_worker = new GenerationEngine(
        m_journalPath, CircuitBreaker(options.breakerThreshold, options.breakerCooldownMs),
        options.clock ? options.clock : [] { return QDateTime::currentMSecsSinceEpoch(); });
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_searchThread.setObjectName(QStringLiteral("tether-search"));
    m_searcher = new SearchWorker(m_journalPath);
    m_searcher->moveToThread(&m_searchThread);
    connect(&m_searchThread, &QThread::finished, m_searcher, &QObject::deleteLater);
    m_archiveThread.setObjectName(QStringLiteral("tether-archive"));
    m_archiver = new ArchiveWorker(m_journalPath);
    m_archiver->moveToThread(&m_archiveThread);
    connect(&m_archiveThread, &QThread::finished, m_archiver, &QObject::deleteLater);
    m_syncThread.setObjectName(QStringLiteral("tether-sync"));
    m_syncer = new SyncWorker(m_journalPath);
    m_syncer->moveToThread(&m_syncThread);
    connect(&m_syncThread, &QThread::finished, m_syncer, &QObject::deleteLater);
    m_toolsThread.setObjectName(QStringLiteral("tether-tools"));
    m_tools = new ToolHost;
    m_tools->moveToThread(&m_toolsThread);
    connect(&m_toolsThread, &QThread::finished, m_tools, &QObject::deleteLater);
    connectWorkers();
}

quint64 Engine::track(Job* job)
{
    m_jobs.insert(++m_lastRequest, job);
    return m_lastRequest;
}

template <typename J> J* Engine::take(quint64 requestId)
{
    return qobject_cast<J*>(m_jobs.take(requestId).data());
}

void Engine::failJob(quint64 requestId, const Error& error)
{
    if (Job* job = m_jobs.take(requestId).data())
        job->fail(error);
}

// The one place where the workers' answers meet the objects that asked.
void Engine::connectWorkers()
{
    const GenerationEngine* w = m_worker;
    connect(w, &GenerationEngine::opened, this,
            [this](const QList<qint64>& resumable, const QList<ToolRound>& rounds) {
                m_pendingRounds = rounds;
                Q_EMIT ready(resumable);
            });
    connect(w, &GenerationEngine::openFailed, this, &Engine::openFailed);
    connect(w, &GenerationEngine::changedElsewhere, this, &Engine::changedElsewhere);
    connect(w, &GenerationEngine::sendFailed, this, [this](quint64 requestId, const Error& e) {
        if (Generation* g = m_sends.take(requestId).data())
            g->onRefused(e);
    });
    connect(w, &GenerationEngine::generationStarted, this, [this](const GenerationStarted& s) {
        if (QPointer<Generation> g = m_sends.take(s.requestId)) {
            m_generations.insert(s.generationId, g);
            g->onStarted(s);
        }
        Q_EMIT generationStarted(s);
    });
    connect(w, &GenerationEngine::attemptStarted, this, [this](const AttemptStarted& a) {
        if (Generation* g = m_generations.value(a.generationId).data())
            g->onAttempt(a);
    });
    connect(w, &GenerationEngine::chunksAdded, this, [this](const ChunkBatch& b) {
        if (Generation* g = m_generations.value(b.generationId).data())
            g->onChunks(b);
    });
    connect(w, &GenerationEngine::retryScheduled, this, [this](const RetryInfo& r) {
        if (Generation* g = m_generations.value(r.generationId).data())
            g->onRetry(r);
    });
    connect(w, &GenerationEngine::generationFinished, this, [this](const GenerationFinished& f) {
        if (Generation* g = m_generations.take(f.generationId).data())
            g->onFinished(f);
        Q_EMIT generationFinished(f);
    });
    connect(w, &GenerationEngine::routeLoaded, this,
            [this](quint64 requestId, const GenerationRoute& route) {
                if (auto* job = take<LoadRouteJob>(requestId)) {
                    job->m_route = route;
                    job->succeed();
                }
            });
    connect(w, &GenerationEngine::conversationsListed, this,
            [this](quint64 requestId, int offset, const QList<ConversationSummary>& list) {
                if (auto* job = take<ListConversationsJob>(requestId)) {
                    job->m_offset = offset;
                    job->m_conversations = list;
                    job->succeed();
                }
            });
    connect(w, &GenerationEngine::conversationLoaded, this,
            [this](quint64 requestId, const ConversationRecord& conversation) {
                if (auto* job = take<LoadConversationJob>(requestId)) {
                    job->m_conversation = conversation;
                    job->succeed();
                }
            });
    connect(w, &GenerationEngine::conversationRenamed, this,
            [this](quint64 requestId, qint64 id, const QString& title) {
                Q_EMIT conversationRenamed(id, title);
                if (auto* job = take<ChangeConversationJob>(requestId))
                    job->succeed();
            });
    connect(w, &GenerationEngine::conversationConfigured, this,
            [this](quint64 requestId, qint64 id, const ConversationSettings& settings) {
                Q_EMIT conversationConfigured(id, settings);
                if (auto* job = take<ChangeConversationJob>(requestId))
                    job->succeed();
            });
    connect(w, &GenerationEngine::conversationDeleted, this, [this](quint64 requestId, qint64 id) {
        Q_EMIT conversationDeleted(id);
        if (auto* job = take<ChangeConversationJob>(requestId))
            job->succeed();
    });
    connect(w, &GenerationEngine::timelineLoaded, this,
            [this](quint64 requestId, qint64 generationId, const QList<AttemptRecord>& attempts) {
                if (auto* job = take<LoadTimelineJob>(requestId)) {
                    job->m_generationId = generationId;
                    job->m_attempts = attempts;
                    job->succeed();
                }
            });
    connect(w, &GenerationEngine::modelsListed, this,
            [this](quint64 requestId, const QStringList& models) {
                if (auto* job = take<ListModelsJob>(requestId)) {
                    job->m_models = models;
                    job->succeed();
                }
            });
    connect(w, &GenerationEngine::queryFailed, this, &Engine::failJob);

    // A journaled call goes from the engine thread to the tools thread and back without passing
    // through this one: the window being busy never delays a tool loop.
    connect(w, &GenerationEngine::toolCallStarted, m_tools, &ToolHost::callTool);
    connect(m_tools, &ToolHost::toolCalled, w, &GenerationEngine::finishToolCall);
    connect(w, &GenerationEngine::toolCallRunning, this,
            [this](quint64 requestId, const ToolCallRecord& call) {
                if (auto* job = qobject_cast<ToolCallJob*>(m_jobs.value(requestId).data()))
                    Q_EMIT job->running(call);
            });
    connect(w, &GenerationEngine::toolCallsChanged, this,
            [this](quint64 requestId, const QList<ToolCallRecord>& calls) {
                if (auto* job = take<ToolCallJob>(requestId)) {
                    job->m_calls = calls;
                    job->succeed();
                }
            });
    connect(m_tools, &ToolHost::toolsListed, this,
            [this](quint64 requestId, const QList<ToolSpec>& tools,
                   const QList<ToolServerStatus>& servers) {
                if (auto* job = take<ListToolsJob>(requestId)) {
                    job->m_tools = tools;
                    job->m_servers = servers;
                    job->succeed();
                }
            });
    connect(m_tools, &ToolHost::toolCalled, this,
            [this](quint64 requestId, const ToolOutcome& outcome) {
                // Journaled calls have a ToolCallJob under this number; they end above.
                if (!qobject_cast<McpCallJob*>(m_jobs.value(requestId).data()))
                    return;
                auto* job = take<McpCallJob>(requestId);
                job->m_outcome = outcome;
                if (outcome.ok)
                    job->succeed();
                else
                    job->fail(outcome.error);
            });
    connect(m_tools, &ToolHost::toolsChanged, this, &Engine::toolsChanged);
    connect(m_tools, &ToolHost::signInRequested, this, &Engine::toolSignInRequested);
    connect(m_tools, &ToolHost::elicitationRequested, this, &Engine::elicitationRequested);
    connect(m_tools, &ToolHost::signInEnded, this, &Engine::toolSignInEnded);
    connect(m_tools, &ToolHost::signedIn, this, [this](quint64 requestId, const Error& error) {
        if (auto* job = take<McpSignInJob>(requestId)) {
            if (error.code == ErrorCode::None)
                job->succeed();
            else
                job->fail(error);
        }
    });

    connect(m_searcher, &SearchWorker::searched, this,
            [this](quint64 requestId, const QString& query, const QList<SearchHit>& hits) {
                if (auto* job = take<SearchJob>(requestId)) {
                    job->m_query = query;
                    job->m_hits = hits;
                    job->succeed();
                }
            });
    connect(m_searcher, &SearchWorker::superseded, this, [this](quint64 requestId) {
        if (Job* job = m_jobs.take(requestId).data())
            job->abandon();
    });
    connect(m_searcher, &SearchWorker::failed, this, &Engine::failJob);

    connect(m_archiver, &ArchiveWorker::importProgress, this,
            [this](quint64 requestId, const ImportProgress& progress) {
                if (auto* job = qobject_cast<ImportJob*>(m_jobs.value(requestId).data()))
                    Q_EMIT job->progress(progress);
            });
    connect(m_archiver, &ArchiveWorker::imported, this,
            [this](quint64 requestId, const ImportReport& report) {
                if (auto* job = take<ImportJob>(requestId)) {
                    job->m_report = report;
                    job->succeed();
                }
            });
    connect(m_archiver, &ArchiveWorker::exported, this,
            [this](quint64 requestId, int conversations, const QString& path) {
                if (auto* job = take<ExportJob>(requestId)) {
                    job->m_conversations = conversations;
                    job->m_path = path;
                    job->succeed();
                }
            });
    connect(m_archiver, &ArchiveWorker::failed, this, &Engine::failJob);
    connect(m_syncer, &SyncWorker::progress, this,
            [this](quint64 requestId, SyncPhase phase, qint64 done, qint64 total) {
                if (auto* job = qobject_cast<SyncRunJob*>(m_jobs.value(requestId).data()))
                    Q_EMIT job->progress(phase, done, total);
            });
    connect(
        m_syncer, &SyncWorker::retrying, this,
        [this](quint64 requestId, const Error& error, qint64 delayMs, int attempt, int attempts) {
            if (auto* job = qobject_cast<SyncRunJob*>(m_jobs.value(requestId).data()))
                Q_EMIT job->retrying(error, delayMs, attempt, attempts);
        });
    connect(m_syncer, &SyncWorker::conversationsChanged, this, &Engine::conversationsSynced);
    connect(m_syncer, &SyncWorker::finished, this,
            [this](quint64 requestId, const SyncSummary& summary, const Error& error) {
                if (error.code != ErrorCode::None) {
                    if (auto* job = qobject_cast<SyncRunJob*>(m_jobs.value(requestId).data()))
                        job->m_summary = summary;
                    failJob(requestId, error);
                } else if (auto* job = take<SyncRunJob>(requestId)) {
                    job->m_summary = summary;
                    job->succeed();
                }
            });
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
    // Servers are stopped on their own thread (stdin closed, then terminated if need be).
    const bool toolsStarted = m_toolsThread.isRunning();
    m_toolsThread.quit();
    m_toolsThread.wait();
    if (!toolsStarted)
        delete m_tools;
    // A sync cut here loses nothing: the next one sends and reads again what was not noted.
    const bool syncStarted = m_syncThread.isRunning();
    m_syncThread.quit();
    m_syncThread.wait();
    if (!syncStarted)
        delete m_syncer;
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

QString Engine::defaultDataDir()
{
    return Journal::defaultDataDir();
}

void Engine::start()
{
    m_thread.start();
    m_searchThread.start(QThread::LowPriority);
    m_archiveThread.start(QThread::LowPriority);
    m_toolsThread.start();
    m_syncThread.start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_worker, &GenerationEngine::open, Qt::QueuedConnection);
}

// Every request the same way: an object for the caller, a number for the worker, the call
// queued to the worker's thread.
template <typename J, typename Worker, typename Call> J* Engine::ask(Worker* worker, Call call)
{
    auto* job = new J(this);
    QMetaObject::invokeMethod(
        worker, [worker, requestId = track(job), call] { call(*worker, requestId); },
        Qt::QueuedConnection);
    return job;
}

template <typename Call> Generation* Engine::askGeneration(Call call)
{
    auto* generation = new Generation(this);
    const quint64 requestId = ++m_lastRequest;
    m_sends.insert(requestId, generation);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId, call] { call(*w, requestId); }, Qt::QueuedConnection);
    return generation;
}

Generation* Engine::send(const SendRequest& request)
{
    return askGeneration(
        [request](GenerationEngine& w, quint64 requestId) { w.send(requestId, request); });
}

Generation* Engine::resume(qint64 generationId, const ProviderConfig& provider)
{
    return askGeneration([generationId, provider](GenerationEngine& w, quint64 requestId) {
        w.resume(requestId, generationId, provider);
    });
}

LoadRouteJob* Engine::loadRoute(qint64 generationId)
{
    return ask<LoadRouteJob>(m_worker, [generationId](GenerationEngine& w, quint64 requestId) {
        w.loadRoute(requestId, generationId);
    });
}

ListConversationsJob* Engine::listConversations(int offset, int limit, MessageCounts counts)
{
    return ask<ListConversationsJob>(
        m_worker, [offset, limit, counts](GenerationEngine& w, quint64 requestId) {
            w.listConversations(requestId, offset, limit, counts);
        });
}

LoadConversationJob* Engine::loadConversation(qint64 id)
{
    return ask<LoadConversationJob>(m_worker, [id](GenerationEngine& w, quint64 requestId) {
        w.loadConversation(requestId, id);
    });
}

LoadConversationJob* Engine::showBranch(qint64 messageId)
{
    return ask<LoadConversationJob>(m_worker, [messageId](GenerationEngine& w, quint64 requestId) {
        w.showBranch(requestId, messageId);
    });
}

ChangeConversationJob* Engine::renameConversation(qint64 id, const QString& title)
{
    return ask<ChangeConversationJob>(m_worker,
                                      [id, title](GenerationEngine& w, quint64 requestId) {
                                          w.renameConversation(requestId, id, title);
                                      });
}

ChangeConversationJob* Engine::configureConversation(qint64 id,
                                                     const ConversationSettings& settings)
{
    return ask<ChangeConversationJob>(m_worker,
                                      [id, settings](GenerationEngine& w, quint64 requestId) {
                                          w.configureConversation(requestId, id, settings);
                                      });
}

ChangeConversationJob* Engine::deleteConversation(qint64 id)
{
    return ask<ChangeConversationJob>(m_worker, [id](GenerationEngine& w, quint64 requestId) {
        w.deleteConversation(requestId, id);
    });
}

LoadTimelineJob* Engine::loadTimeline(qint64 generationId)
{
    return ask<LoadTimelineJob>(m_worker, [generationId](GenerationEngine& w, quint64 requestId) {
        w.loadTimeline(requestId, generationId);
    });
}

ChangeConversationJob* Engine::suggestTitle(qint64 conversationId, const ProviderConfig& provider)
{
    return ask<ChangeConversationJob>(
        m_worker, [conversationId, provider](GenerationEngine& w, quint64 requestId) {
            w.suggestTitle(requestId, conversationId, provider);
        });
}

ListModelsJob* Engine::listModels(const ProviderConfig& provider)
{
    return ask<ListModelsJob>(m_worker, [provider](GenerationEngine& w, quint64 requestId) {
        w.listModels(requestId, provider);
    });
}

SearchJob* Engine::search(const QString& query, int limit)
{
    // Not through ask(): the searcher must know the newest search before its call is queued,
    // so the ones still queued before it are abandoned and it is not.
    auto* job = new SearchJob(this);
    const quint64 requestId = track(job);
    m_searcher->latest = requestId;
    QMetaObject::invokeMethod(
        m_searcher,
        [w = m_searcher, requestId, query, limit] { w->search(requestId, query, limit); },
        Qt::QueuedConnection);
    return job;
}

ImportJob* Engine::importFile(const QString& path)
{
    return ask<ImportJob>(
        m_archiver, [path](ArchiveWorker& w, quint64 requestId) { w.importFile(requestId, path); });
}

void Engine::cancelImport()
{
    m_archiver->cancel = true;
}

ExportJob* Engine::exportTo(const QList<qint64>& ids, const QString& path, ExportFormat format)
{
    return ask<ExportJob>(m_archiver, [ids, path, format](ArchiveWorker& w, quint64 requestId) {
        w.exportTo(requestId, ids, path, format);
    });
}

SyncRunJob* Engine::sync(const SyncSettings& settings)
{
    return ask<SyncRunJob>(
        m_syncer, [settings](SyncWorker& w, quint64 requestId) { w.run(requestId, settings); });
}

ListToolsJob* Engine::listTools(const QStringList& servers)
{
    return ask<ListToolsJob>(
        m_tools, [servers](ToolHost& t, quint64 requestId) { t.listTools(requestId, servers); });
}

ToolCallJob* Engine::runToolCall(qint64 callId, ToolApproval approval)
{
    return ask<ToolCallJob>(m_worker, [callId, approval](GenerationEngine& w, quint64 requestId) {
        w.startToolCall(requestId, callId, approval);
    });
}

ToolCallJob* Engine::declineToolCall(qint64 callId, const QString& reason)
{
    return ask<ToolCallJob>(m_worker, [callId, reason](GenerationEngine& w, quint64 requestId) {
        w.declineToolCall(requestId, callId, reason);
    });
}

ToolCallJob* Engine::loadToolCalls(qint64 messageId)
{
    return ask<ToolCallJob>(m_worker, [messageId](GenerationEngine& w, quint64 requestId) {
        w.loadToolCalls(requestId, messageId);
    });
}

McpSignInJob* Engine::signInToolServer(const QString& server)
{
    return ask<McpSignInJob>(
        m_tools, [server](ToolHost& t, quint64 requestId) { t.signIn(requestId, server); });
}

McpSignInJob* Engine::signOutToolServer(const QString& server)
{
    return ask<McpSignInJob>(
        m_tools, [server](ToolHost& t, quint64 requestId) { t.signOut(requestId, server); });
}

McpCallJob* Engine::callTool(const QString& server, const QString& tool, const QString& arguments)
{
    return ask<McpCallJob>(m_tools, [server, tool, arguments](ToolHost& t, quint64 requestId) {
        t.callTool(requestId, server, tool, arguments, QString());
    });
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
#ifdef Q_OS_WIN
    // The registry keeps QSettings under Software\<organization>: with none, Qt refuses every
    // read and write (AccessError) and nothing the user sets would survive a restart. The
    // organization is in the data folder's path there too: %APPDATA%\Tether\tether.
    QCoreApplication::setOrganizationName(QStringLiteral("Tether"));
#else
    // ~/.config/tether.conf and ~/.local/share/tether (kept since the first release).
    QCoreApplication::setOrganizationName(QString());
#endif
    QCoreApplication::setApplicationName(QStringLiteral("tether"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(Version));
}
} // namespace tether
