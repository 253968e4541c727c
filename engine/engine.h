// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"
#include "engine/core/types.h"
#include "engine/history/exporter.h"
#include "engine/history/history.h"
#include "engine/jobs/generation.h"
#include "engine/jobs/job.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace tether::engine {

class ArchiveWorker;
class SecretStore;
class GenerationEngine;
class SearchWorker;
class SyncWorker;
class ToolHost;

struct EngineOptions {
    int breakerThreshold = 5; // consecutive failed attempts that open a provider's circuit
    qint64 breakerCooldownMs = 30'000;
    // Milliseconds since the epoch, for the circuit breaker; empty: the wall clock. Tests move
    // time on instead of waiting for it.
    std::function<qint64()> clock;
};

// The engine as the UI and the CLI see it: lives on their thread, runs the work on its own
// QThreads, and speaks only in queued calls and value types. Every request returns an object of
// its own (a Generation or a Job) that carries its answer; the signals below are facts for
// everyone who shows the history.
class Engine : public QObject {
    Q_OBJECT
public:
    explicit Engine(const QString& dataDir, const EngineOptions& options = {},
                    QObject* parent = nullptr);
    ~Engine() override;

    QString journalPath() const { return m_journalPath; }
    // Where the journal lives unless told otherwise (AppDataLocation).
    static QString defaultDataDir();

    // Opens the journal on the engine thread; then `ready` or `openFailed`.
    void start();
    Generation* send(const SendRequest& request);
    // Continues an interrupted generation from the journal (see GenerationEngine::resume).
    Generation* resume(qint64 generationId, const ProviderConfig& provider);
    void cancel(qint64 generationId, GenerationStatus as = GenerationStatus::Cancelled);
    // The profile and address a generation was sent through.
    LoadRouteJob* loadRoute(qint64 generationId);
    ListConversationsJob* listConversations(int offset, int limit,
                                            MessageCounts counts = MessageCounts::Omit);
    LoadConversationJob* loadConversation(qint64 id);
    // Shows the branch through a message (an alternative chosen with ‹ ›, a search result on
    // another branch) and loads the conversation as it now reads.
    LoadConversationJob* showBranch(qint64 messageId);
    ChangeConversationJob* renameConversation(qint64 id, const QString& title);
    // Its profile, model, system prompt and parameters, for the next message sent in it.
    ChangeConversationJob* configureConversation(qint64 id, const ConversationSettings& settings);
    // Refused while one of its replies is streaming: stop it first.
    ChangeConversationJob* deleteConversation(qint64 id);
    // The attempts of a generation (connect, drops, retries, resumes).
    LoadTimelineJob* loadTimeline(qint64 generationId);
    // The model names the conversation (after its first reply, when the user wants that):
    // Engine::conversationRenamed with the title, or the job fails and the title stays.
    ChangeConversationJob* suggestTitle(qint64 conversationId, const ProviderConfig& provider);
    // GET {base}/models with the provider's key and headers.
    ListModelsJob* listModels(const ProviderConfig& provider);

    // Tools from MCP servers, run on the "tether-tools" thread. Servers start when first
    // needed and stop with the engine, or when their configuration changes here.
    void setToolServers(const QList<McpServerConfig>& servers);
    // The tools of these servers (empty: every enabled one), named as the model is offered them.
    ListToolsJob* listTools(const QStringList& servers = {});
    // Runs a waiting call, or an interrupted one the user allowed again: committed as running
    // before the server hears of it, its result committed before the job succeeds. A call in any
    // other state is refused (it ran, or runs).
    ToolCallJob* runToolCall(qint64 callId, ToolApproval approval);
    // The model is told `reason`, or that the user declined.
    ToolCallJob* declineToolCall(qint64 callId, const QString& reason = {});
    ToolCallJob* loadToolCalls(qint64 messageId);
    // notifications/cancelled for a running call; it ends failed.
    void cancelToolCall(const QString& stableId);
    // tools/call outside any conversation, nothing journaled (checking a configuration).
    McpCallJob* callTool(const QString& server, const QString& tool, const QString& arguments);
    // Where MCP sign-ins are kept (the OS keychain); before any server is used. Without one they
    // last as long as the process.
    void setSecretStore(std::shared_ptr<SecretStore> store);
    // Signs in to an HTTP MCP server (or forgets it): the browser through toolSignInRequested.
    McpSignInJob* signInToolServer(const QString& server);
    McpSignInJob* signOutToolServer(const QString& server);
    void cancelSignIn(const QString& server);
    // The user's answer to elicitationRequested.
    void answerElicitation(quint64 id, const ElicitationAnswer& answer);
    // Replies whose tool round did not go on when Tether last stopped; known from `ready`.
    const QList<ToolRound>& pendingToolRounds() const { return m_pendingRounds; }

    // Offline history, each on a thread of its own (see historyworkers.h).
    // A newer search abandons older ones still queued.
    SearchJob* search(const QString& query, int limit = 50);
    ImportJob* importFile(const QString& path);
    // `ids` empty: everything.
    // Sends this device's changes to the sync folder and merges every other device's, on the
    // sync thread. `conversationsSynced` tells which conversations changed, as they commit.
    SyncRunJob* sync(const SyncSettings& settings);
    ExportJob* exportTo(const QList<qint64>& ids, const QString& path, ExportFormat format);

Q_SIGNALS:
    // The journal is open; `resumable` lists interrupted generations (crashes included).
    void ready(const QList<qint64>& resumable);
    void openFailed(const tether::engine::Error& error);
    // Whoever asked: a conversation got a new reply under way, or one ended.
    void generationStarted(const tether::engine::GenerationStarted& started);
    void generationFinished(const tether::engine::GenerationFinished& result);
    void conversationRenamed(qint64 id, const QString& title);
    void conversationConfigured(qint64 id, const tether::engine::ConversationSettings& settings);
    void conversationDeleted(qint64 id);
    // Another device's changes reached these conversations (new, changed or deleted).
    void conversationsSynced(const QList<qint64>& ids);
    // Another process (tether-cli, another window) wrote to the journal: lists may have changed.
    void changedElsewhere();
    // A server's tools changed (MCP list_changed): list them again before the next send.
    void toolsChanged(const QString& server);
    // An MCP server needs the user to sign in: open `url` in the browser. `again`: the server no
    // longer takes the last sign-in.
    void toolSignInRequested(const QString& server, const QUrl& url, bool again);
    // That sign-in ended: `error` empty when it worked.
    void toolSignInEnded(const QString& server, const QString& error);
    // An MCP server asks the user something while a tool runs: answerElicitation(request.id, …).
    void elicitationRequested(const tether::engine::Elicitation& request);

private:
    friend class ImportJob;
    void cancelImport();
    // Numbers the request for the worker threads, which answer with that number; only the
    // engine sees it.
    quint64 track(Job* job);
    template <typename J, typename Worker, typename Call> J* ask(Worker* worker, Call call);
    template <typename Call> Generation* askGeneration(Call call);
    template <typename J> J* take(quint64 requestId);
    void failJob(quint64 requestId, const Error& error);
    void connectWorkers();

    QString m_journalPath;
    quint64 m_lastRequest = 0;
    QHash<quint64, QPointer<Job>> m_jobs;
    QHash<quint64, QPointer<Generation>> m_sends;      // asked for, not started yet
    QHash<qint64, QPointer<Generation>> m_generations; // started, by generation id
    QThread m_thread;
    GenerationEngine* m_worker = nullptr;
    QThread m_searchThread;
    SearchWorker* m_searcher = nullptr;
    QThread m_archiveThread;
    ArchiveWorker* m_archiver = nullptr;
    QThread m_toolsThread;
    ToolHost* m_tools = nullptr;
    QThread m_syncThread;
    SyncWorker* m_syncer = nullptr;
    QList<ToolRound> m_pendingRounds;
};

void registerMetaTypes();

} // namespace tether::engine

namespace tether {
// GUI and CLI share one identity, hence one data folder (AppDataLocation ends in "tether").
void setApplicationIdentity();
} // namespace tether
