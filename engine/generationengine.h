// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/journal/journal.h"
#include "engine/resilience/circuitbreaker.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QLockFile;
class QNetworkAccessManager;

namespace tether::engine {

class ActiveGeneration;

// The worker that lives on the engine thread: owns the journal connection, the network access
// manager, the circuit breakers and every running generation. Reached only through queued calls
// (see Engine).
class GenerationEngine : public QObject {
    Q_OBJECT
public:
    GenerationEngine(QString journalPath, CircuitBreaker breaker, std::function<qint64()> clock);
    ~GenerationEngine() override;

    void open();
    void send(quint64 requestId, const tether::engine::SendRequest& request);
    // Continues a generation the journal holds as interrupted, failed or cancelled, through
    // `provider`: the profile it was sent through as configured now (see loadRoute). An empty
    // base URL means the journaled one, with no key and no extra headers: they were configured
    // for another address. An empty model means the journaled one. Another API than the
    // journaled one rebuilds the request and continues from the journaled text.
    void resume(quint64 requestId, qint64 generationId,
                const tether::engine::ProviderConfig& provider);
    // Which profile and address a generation was sent through: `routeLoaded`.
    void loadRoute(quint64 requestId, qint64 generationId);
    void cancel(qint64 generationId, tether::engine::GenerationStatus as);
    // Reads for the UI, answered by signal so the GUI thread never touches the disk.
    void listConversations(quint64 requestId, int offset, int limit, MessageCounts counts);
    void loadConversation(quint64 requestId, qint64 id);
    // Answers with conversationLoaded, the conversation as the branch shows it.
    void showBranch(quint64 requestId, qint64 messageId);
    void renameConversation(quint64 requestId, qint64 id, const QString& title);
    void configureConversation(quint64 requestId, qint64 id,
                               const tether::engine::ConversationSettings& settings);
    // Refused while one of its replies is streaming: stop it first.
    void deleteConversation(quint64 requestId, qint64 id);
    void loadTimeline(quint64 requestId, qint64 generationId);
    void listModels(quint64 requestId, const tether::engine::ProviderConfig& provider);
    // Asks the model for a title of the conversation; renamed only while its title is still the
    // one its first message gave it (a user's rename meanwhile wins).
    void suggestTitle(quint64 requestId, qint64 conversationId,
                      const tether::engine::ProviderConfig& provider);
    // Tools: the journal's side of a call. Starting one commits it as running, then asks the
    // tool host (toolCallStarted); its outcome is committed (finishToolCall) before anyone
    // hears of it (toolCallsChanged).
    void startToolCall(quint64 requestId, qint64 callId, tether::engine::ToolApproval approval);
    void finishToolCall(quint64 requestId, const tether::engine::ToolOutcome& outcome);
    void declineToolCall(quint64 requestId, qint64 callId, const QString& reason);
    void loadToolCalls(quint64 requestId, qint64 messageId);

Q_SIGNALS:
    // `resumable`: generations left interrupted, including those a crash left streaming;
    // `rounds`: replies whose tool calls did not go on.
    void opened(const QList<qint64>& resumable, const QList<tether::engine::ToolRound>& rounds);
    void openFailed(const tether::engine::Error& error);
    // Another process (tether-cli, another window) committed to the journal.
    void changedElsewhere();
    void sendFailed(quint64 requestId, const tether::engine::Error& error);
    void generationStarted(const tether::engine::GenerationStarted& started);
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void attemptStarted(const tether::engine::AttemptStarted& attempt);
    void retryScheduled(const tether::engine::RetryInfo& retry);
    void routeLoaded(quint64 requestId, const tether::engine::GenerationRoute& route);
    void generationFinished(const tether::engine::GenerationFinished& result);
    void conversationsListed(quint64 requestId, int offset,
                             const QList<tether::engine::ConversationSummary>& conversations);
    void conversationLoaded(quint64 requestId,
                            const tether::engine::ConversationRecord& conversation);
    void queryFailed(quint64 requestId, const tether::engine::Error& error);
    void conversationRenamed(quint64 requestId, qint64 id, const QString& title);
    void conversationConfigured(quint64 requestId, qint64 id,
                                const tether::engine::ConversationSettings& settings);
    void conversationDeleted(quint64 requestId, qint64 id);
    void timelineLoaded(quint64 requestId, qint64 generationId,
                        const QList<tether::engine::AttemptRecord>& attempts);
    void modelsListed(quint64 requestId, const QStringList& models);
    // Committed as running: the tool host runs it now.
    void toolCallStarted(quint64 requestId, const QString& server, const QString& tool,
                         const QString& arguments, const QString& stableId);
    void toolCallRunning(quint64 requestId, const tether::engine::ToolCallRecord& call);
    void toolCallsChanged(quint64 requestId, const QList<tether::engine::ToolCallRecord>& calls);

private:
    void recoverAfterCrash();
    // Whether the journal is open; if not, the request `requestId` fails (queryFailed), saying why.
    bool journalOpen(quint64 requestId);
    bool ownerAlive(const QString& owner) const;
    QString lockPath(const QString& owner) const;
    void run(struct GenerationSetup setup);
    // The request as it is sent: the journaled body with its images' bytes put in.
    Result<QByteArray> withAttachments(const QByteArray& body);

    QString m_path;
    QString m_owner;
    std::unique_ptr<Journal> m_journal;
    Error m_openError; // why the journal did not open, for every request made since
    std::unique_ptr<QLockFile> m_lock;
    QNetworkAccessManager* m_nam = nullptr;
    CircuitBreaker m_breaker;
    std::function<qint64()> m_clock; // ms since the epoch
    QHash<qint64, ActiveGeneration*> m_active;
    QHash<quint64, qint64> m_runningCalls; // request -> tool call, while the tool host runs it
};

} // namespace tether::engine
