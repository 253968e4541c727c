// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/generationengine.h"

#include "engine/journal/externalchanges.h"

#include "engine/net/replyguard.h"

#include "engine/core/logging.h"
#include "engine/resilience/activegeneration.h"
#include "engine/resilience/continuation.h"
#include "engine/stream/requestbuilder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

GenerationEngine::GenerationEngine(QString journalPath, CircuitBreaker breaker,
                                   std::function<qint64()> clock)
    : m_path(std::move(journalPath))
    , m_owner(u"pid:%1"_s.arg(QCoreApplication::applicationPid()))
    , m_breaker(std::move(breaker))
    , m_clock(std::move(clock))
{}

GenerationEngine::~GenerationEngine()
{
    // Quitting mid-stream leaves each reply resumable, with what was shown kept.
    const auto active = m_active;
    for (ActiveGeneration* g : active)
        g->stop(GenerationStatus::Interrupted, u"Tether was closed while the reply streamed."_s);
    qDeleteAll(m_active);
    m_active.clear();
}

QString GenerationEngine::lockPath(const QString& owner) const
{
    QString name = owner;
    name.replace(u':', u'-');
    return QFileInfo(m_path).absoluteDir().filePath(u"locks/engine-%1.lock"_s.arg(name));
}

bool GenerationEngine::ownerAlive(const QString& owner) const
{
    if (owner == m_owner)
        return true;
    if (!owner.startsWith("pid:"_L1) || !QFileInfo::exists(lockPath(owner)))
        return false;
    // The owner holds its lock file while it runs; QLockFile sees through a dead owner's file.
    QLockFile probe(lockPath(owner));
    if (probe.tryLock(0)) {
        probe.unlock();
        return false;
    }
    return true;
}

void GenerationEngine::open()
{
    auto journal = Journal::open(m_path);
    if (!journal) {
        qCWarning(lcStore) << "cannot open journal" << m_path << journal.error().message;
        m_openError = journal.error();
        Q_EMIT openFailed(journal.error());
        return;
    }
    m_journal = std::move(journal).value();
    QDir().mkpath(QFileInfo(lockPath(m_owner)).absolutePath());
    m_lock = std::make_unique<QLockFile>(lockPath(m_owner));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0))
        qCWarning(lcEngine) << "cannot take" << lockPath(m_owner);
    m_nam = new QNetworkAccessManager(this);
    connect(new ExternalChanges(m_journal->database(), this), &ExternalChanges::changed, this,
            &GenerationEngine::changedElsewhere);
    recoverAfterCrash();
    auto resumable = m_journal->interruptedGenerations();
    auto rounds = m_journal->pendingToolRounds();
    Q_EMIT opened(resumable ? resumable.value() : QList<qint64>(),
                  rounds ? rounds.value() : QList<ToolRound>());
}

bool GenerationEngine::journalOpen(quint64 requestId)
{
    if (m_journal)
        return true;
    // A request always ends: without a journal it fails, saying why.
    Q_EMIT queryFailed(requestId,
                       m_openError.code != ErrorCode::None
                           ? m_openError
                           : Error{ErrorCode::Storage, u"The journal is not open."_s, 0});
    return false;
}

void GenerationEngine::recoverAfterCrash()
{
    auto streaming = m_journal->streamingGenerations();
    if (!streaming)
        return;
    for (const auto& [id, owner] : streaming.value()) {
        if (ownerAlive(owner))
            continue; // another Tether is streaming it right now
        GenerationOutcome outcome;
        outcome.status = GenerationStatus::Interrupted;
        outcome.error = u"Tether stopped while this reply streamed."_s;
        if (auto r = m_journal->endOpenAttempts(id, outcome.error); !r)
            qCWarning(lcStore) << "cannot end the attempts of generation" << id;
        if (auto r = m_journal->finishGeneration(id, outcome); !r)
            qCWarning(lcStore) << "cannot mark generation" << id << "interrupted";
        else
            qCDebug(lcEngine) << "generation" << id << "was cut off by a crash; it can be resumed";
    }
    // A tool that was running when its Tether died may or may not have acted: it is never
    // started again without asking.
    auto calls = m_journal->runningToolCalls();
    if (!calls)
        return;
    for (const auto& [id, owner] : calls.value()) {
        if (ownerAlive(owner))
            continue;
        if (auto r = m_journal->interruptToolCall(
                id, u"Tether stopped while this tool ran; it may or may not have acted."_s);
            !r)
            qCWarning(lcStore) << "cannot mark tool call" << id << "interrupted";
    }
}

void GenerationEngine::send(quint64 requestId, const SendRequest& request)
{
    if (!m_journal) {
        Q_EMIT sendFailed(requestId, Error{ErrorCode::Storage, u"The journal is not open."_s, 0});
        return;
    }
    if (!request.provider.baseUrl.isValid() || request.provider.baseUrl.scheme().isEmpty()) {
        Q_EMIT sendFailed(requestId,
                          Error{ErrorCode::Usage,
                                u"The provider's base URL \"%1\" is not a valid URL."_s.arg(
                                    publicUrl(request.provider.baseUrl)),
                                0});
        return;
    }
    auto exchange = m_journal->beginExchange(request);
    if (!exchange) {
        Q_EMIT sendFailed(requestId, exchange.error());
        return;
    }
    const Exchange& ex = exchange.value();
    GenerationSetup setup;
    setup.ids = GenerationStarted{requestId, ex.conversationId, ex.userMessageId,
                                  ex.assistantMessageId, ex.generationId};
    setup.provider = request.provider;
    setup.provider.model = ex.settings.model;
    setup.requestBody = streamBody(setup.provider, ex.history, ex.settings.params, request.tools);
    if (auto r = m_journal->setGenerationRequest(ex.generationId, setup.requestBody); !r)
        qCWarning(lcStore) << "cannot store request of generation" << ex.generationId;
    if (auto body = withAttachments(setup.requestBody); body) {
        setup.requestBody = std::move(body).value();
    } else {
        GenerationOutcome outcome;
        outcome.status = GenerationStatus::Failed;
        outcome.error = body.error().message;
        if (auto r = m_journal->finishGeneration(ex.generationId, outcome); !r)
            qCWarning(lcStore) << "cannot mark generation" << ex.generationId << "failed";
        Q_EMIT sendFailed(requestId, body.error());
        return;
    }
    if (request.deferred) {
        const Error waiting{ErrorCode::Network, u"Waiting for the network."_s, 0};
        GenerationOutcome outcome;
        outcome.status = GenerationStatus::Interrupted;
        outcome.error = waiting.message;
        if (auto r = m_journal->finishGeneration(ex.generationId, outcome); !r) {
            Q_EMIT sendFailed(requestId, r.error());
            return;
        }
        Q_EMIT generationStarted(setup.ids);
        GenerationFinished finished;
        finished.generationId = ex.generationId;
        finished.conversationId = ex.conversationId;
        finished.messageId = ex.assistantMessageId;
        finished.status = GenerationStatus::Interrupted;
        finished.error = waiting;
        Q_EMIT generationFinished(finished);
        return;
    }
    const ContinuationMode mode =
        resolveContinuation(request.provider.continuation, request.provider.baseUrl);
    if (auto r = m_journal->claim(ex.generationId, m_owner, continuationName(mode)); !r) {
        Q_EMIT sendFailed(requestId, r.error());
        return;
    }
    run(std::move(setup));
}

void GenerationEngine::resume(quint64 requestId, qint64 generationId,
                              const ProviderConfig& provider)
{
    if (!m_journal) {
        Q_EMIT sendFailed(requestId, Error{ErrorCode::Storage, u"The journal is not open."_s, 0});
        return;
    }
    if (m_active.contains(generationId)) {
        Q_EMIT sendFailed(
            requestId,
            Error{ErrorCode::Usage, u"Generation %1 is already streaming."_s.arg(generationId), 0});
        return;
    }
    auto record = m_journal->generation(generationId);
    if (!record) {
        Q_EMIT sendFailed(requestId, record.error());
        return;
    }
    const GenerationRecord& g = record.value();
    if (g.status == GenerationStatus::Completed || g.status == GenerationStatus::Streaming) {
        Q_EMIT sendFailed(requestId,
                          Error{ErrorCode::Usage,
                                u"Generation %1 is %2; there is nothing to resume."_s.arg(
                                    QString::number(generationId), statusName(g.status)),
                                0});
        return;
    }
    GenerationSetup setup;
    setup.ids = GenerationStarted{requestId, g.conversationId, 0, g.messageId, g.id};
    setup.provider = provider;
    setup.requestBody = g.request;
    setup.remoteId = g.remoteId;
    setup.lastProviderSeq = g.lastProviderSeq;
    if (setup.provider.model.isEmpty())
        setup.provider.model = g.model;
    if (provider.baseUrl.isEmpty()) {
        // The journaled address, chosen because the profile is gone: a key and headers
        // configured for some other address are never sent there.
        setup.provider.baseUrl = QUrl(g.baseUrl);
        setup.provider.apiKey.clear();
        setup.provider.extraHeaders.clear();
        setup.provider.api = g.api;
        if (setup.provider.continuation == ContinuationMode::Auto)
            continuationFromName(g.continuation, &setup.provider.continuation);
    } else if (setup.provider.api != g.api) {
        // The profile speaks the other API now: the request is rebuilt from the conversation,
        // and the reply goes on from its journaled text.
        auto history = m_journal->historyBefore(g.conversationId, g.messageId);
        auto settings = m_journal->conversationSettings(g.conversationId);
        if (!history || !settings) {
            Q_EMIT sendFailed(requestId, !history ? history.error() : settings.error());
            return;
        }
        setup.requestBody = streamBody(setup.provider, history.value(), settings.value().params,
                                       toolSpecsFromJson(g.tools));
        setup.remoteId.clear();
        setup.lastProviderSeq = -1;
        if (auto r = m_journal->reroute(g.id, setup.provider.api, setup.requestBody); !r) {
            Q_EMIT sendFailed(requestId, r.error());
            return;
        }
    }
    // The journaled request names its images; they are sent from the journal, byte for byte.
    auto body = withAttachments(setup.requestBody);
    if (!body) {
        Q_EMIT sendFailed(requestId, body.error());
        return;
    }
    setup.requestBody = std::move(body).value();
    setup.resuming = true;
    setup.nextSeq = g.lastSeq + 1;
    setup.attempts = g.attempts;
    setup.remoteId = g.remoteId;
    setup.lastProviderSeq = g.lastProviderSeq;
    if (auto r = m_journal->claim(g.id, m_owner, QString()); !r) {
        Q_EMIT sendFailed(requestId, r.error());
        return;
    }
    run(std::move(setup));
}

Result<QByteArray> GenerationEngine::withAttachments(const QByteArray& body)
{
    return resolveAttachments(
        body, [this](const QString& sha256) { return m_journal->attachment(sha256); });
}

void GenerationEngine::loadRoute(quint64 requestId, qint64 generationId)
{
    if (!journalOpen(requestId))
        return;
    auto record = m_journal->generation(generationId);
    if (!record) {
        Q_EMIT queryFailed(requestId, record.error());
        return;
    }
    const GenerationRecord& g = record.value();
    Q_EMIT routeLoaded(requestId, GenerationRoute{g.id, g.conversationId, g.profile, g.provider,
                                                  QUrl(g.baseUrl), g.api});
}

void GenerationEngine::run(GenerationSetup setup)
{
    const GenerationStarted started = setup.ids;
    auto* generation =
        new ActiveGeneration(*m_journal, *m_nam, m_breaker, m_clock, std::move(setup), this);
    m_active.insert(started.generationId, generation);
    connect(generation, &ActiveGeneration::chunksAdded, this, &GenerationEngine::chunksAdded);
    connect(generation, &ActiveGeneration::attemptStarted, this, &GenerationEngine::attemptStarted);
    connect(generation, &ActiveGeneration::retryScheduled, this, &GenerationEngine::retryScheduled);
    connect(generation, &ActiveGeneration::finished, this,
            [this, generation](GenerationFinished result) {
                m_active.remove(result.generationId);
                generation->deleteLater();
                if (result.status == GenerationStatus::Completed) {
                    if (auto calls = m_journal->toolCalls({result.messageId}))
                        result.toolCalls = calls.value().value(result.messageId);
                }
                Q_EMIT generationFinished(result);
            });
    Q_EMIT generationStarted(started);
    generation->start();
}

void GenerationEngine::listConversations(quint64 requestId, int offset, int limit,
                                         MessageCounts counts)
{
    if (!journalOpen(requestId))
        return;
    auto list = m_journal->conversations(offset, limit, counts);
    if (!list)
        Q_EMIT queryFailed(requestId, list.error());
    else
        Q_EMIT conversationsListed(requestId, offset, list.value());
}

void GenerationEngine::loadConversation(quint64 requestId, qint64 id)
{
    if (!journalOpen(requestId))
        return;
    auto c = m_journal->conversation(id);
    if (!c)
        Q_EMIT queryFailed(requestId, c.error());
    else
        Q_EMIT conversationLoaded(requestId, c.value());
}

void GenerationEngine::showBranch(quint64 requestId, qint64 messageId)
{
    if (!journalOpen(requestId))
        return;
    auto conversationId = m_journal->showBranch(messageId);
    if (!conversationId) {
        Q_EMIT queryFailed(requestId, conversationId.error());
        return;
    }
    loadConversation(requestId, conversationId.value());
}

void GenerationEngine::renameConversation(quint64 requestId, qint64 id, const QString& title)
{
    if (!journalOpen(requestId))
        return;
    if (auto r = m_journal->renameConversation(id, title); !r)
        Q_EMIT queryFailed(requestId, r.error());
    else
        Q_EMIT conversationRenamed(requestId, id, title.trimmed());
}

void GenerationEngine::configureConversation(quint64 requestId, qint64 id,
                                             const ConversationSettings& settings)
{
    if (!journalOpen(requestId))
        return;
    if (auto r = m_journal->setConversationSettings(id, settings); !r)
        Q_EMIT queryFailed(requestId, r.error());
    else
        Q_EMIT conversationConfigured(requestId, id, settings);
}

void GenerationEngine::deleteConversation(quint64 requestId, qint64 id)
{
    if (!journalOpen(requestId))
        return;
    for (const ActiveGeneration* g : std::as_const(m_active)) {
        if (g->conversationId() == id) {
            Q_EMIT queryFailed(requestId, Error{ErrorCode::Usage,
                                                u"Conversation %1 has a reply streaming; stop it "
                                                "before deleting the conversation."_s.arg(id),
                                                0});
            return;
        }
    }
    if (auto r = m_journal->deleteConversation(id); !r)
        Q_EMIT queryFailed(requestId, r.error());
    else
        Q_EMIT conversationDeleted(requestId, id);
}

void GenerationEngine::loadTimeline(quint64 requestId, qint64 generationId)
{
    if (!journalOpen(requestId))
        return;
    auto attempts = m_journal->attempts(generationId);
    if (!attempts)
        Q_EMIT queryFailed(requestId, attempts.error());
    else
        Q_EMIT timelineLoaded(requestId, generationId, attempts.value());
}

void GenerationEngine::suggestTitle(quint64 requestId, qint64 conversationId,
                                    const ProviderConfig& provider)
{
    if (!journalOpen(requestId))
        return;
    auto conversation = m_journal->conversation(conversationId);
    if (!conversation) {
        Q_EMIT queryFailed(requestId, conversation.error());
        return;
    }
    const QList<MessageRecord>& messages = conversation.value().messages;
    const auto first = std::find_if(messages.cbegin(), messages.cend(),
                                    [](const MessageRecord& m) { return m.role == "user"_L1; });
    if (first == messages.cend()) {
        Q_EMIT queryFailed(requestId, Error{ErrorCode::Usage, u"The conversation is empty."_s, 0});
        return;
    }
    const QString original = titleFor(first->content);
    QNetworkReply* reply = m_nam->post(titleRequest(provider), titleBody(provider, first->content));
    guardRedirects(reply, provider.baseUrl, reply, [reply](const QUrl&) { reply->abort(); });
    const ReplyGuard* guard = ReplyGuard::watch(reply, Edge::Title, u"Naming the conversation"_s);
    connect(reply, &QNetworkReply::finished, this,
            [this, requestId, reply, guard, conversationId, original, api = provider.api] {
                reply->deleteLater();
                if (guard->stopped()) {
                    Q_EMIT queryFailed(requestId, guard->error());
                    return;
                }
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QString title =
                    status == 200 ? titleFromAnswer(api, reply->readAll()) : QString();
                if (title.isEmpty()) {
                    Q_EMIT queryFailed(requestId, Error{ErrorCode::Protocol,
                                                        u"The model gave no title (%1)."_s.arg(
                                                            status ? u"HTTP %1"_s.arg(status)
                                                                   : reply->errorString()),
                                                        status});
                    return;
                }
                // Only while the title is still its first line: a rename by the user wins.
                if (auto r = m_journal->renameConversationFrom(conversationId, original, title); !r)
                    Q_EMIT queryFailed(requestId, r.error());
                else
                    Q_EMIT conversationRenamed(requestId, conversationId, title);
            });
}

void GenerationEngine::listModels(quint64 requestId, const ProviderConfig& provider)
{
    QNetworkReply* reply = m_nam->get(modelsRequest(provider));
    auto redirectedTo = std::make_shared<QUrl>();
    guardRedirects(reply, provider.baseUrl, reply, [reply, redirectedTo](const QUrl& to) {
        *redirectedTo = to;
        reply->abort();
    });
    const ReplyGuard* guard = ReplyGuard::watch(reply, Edge::ModelList, u"Cannot list models"_s);
    connect(reply, &QNetworkReply::finished, this, [this, requestId, reply, guard, redirectedTo] {
        reply->deleteLater();
        if (guard->stopped()) {
            Q_EMIT queryFailed(requestId, guard->error());
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (!redirectedTo->isEmpty()) {
            Q_EMIT queryFailed(
                requestId,
                Error{ErrorCode::HttpRefused,
                      u"Cannot list models: the server redirected to %1, another address; "
                      "Tether does not send your key there."_s.arg(
                          redirectedTo->toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)),
                      0});
            return;
        }
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            Q_EMIT queryFailed(requestId,
                               Error{ErrorCode::Network,
                                     u"Cannot list models: %1"_s.arg(reply->errorString()), 0});
            return;
        }
        if (status != 200) {
            Q_EMIT queryFailed(
                requestId,
                Error{httpErrorCode(status),
                      u"Cannot list models: the server answered HTTP %1."_s.arg(status), status});
            return;
        }
        const QStringList ids = modelIds(body);
        if (ids.isEmpty()) {
            Q_EMIT queryFailed(
                requestId,
                Error{ErrorCode::Protocol, u"The server's model list is empty or not one."_s, 0});
            return;
        }
        Q_EMIT modelsListed(requestId, ids);
    });
}

void GenerationEngine::cancel(qint64 generationId, GenerationStatus as)
{
    if (ActiveGeneration* g = m_active.value(generationId)) {
        g->stop(as, as == GenerationStatus::Cancelled ? u"Stopped by the user."_s
                                                      : u"Interrupted by the user."_s);
    }
}

void GenerationEngine::startToolCall(quint64 requestId, qint64 callId, ToolApproval approval)
{
    if (!journalOpen(requestId))
        return;
    auto call = m_journal->startToolCall(callId, approval, m_owner);
    if (!call) {
        Q_EMIT queryFailed(requestId, call.error());
        return;
    }
    const ToolCallRecord& c = call.value();
    m_runningCalls.insert(requestId, c.id);
    Q_EMIT toolCallRunning(requestId, c);
    Q_EMIT toolCallStarted(requestId, c.server, c.tool, c.arguments, c.stableId);
}

void GenerationEngine::finishToolCall(quint64 requestId, const ToolOutcome& outcome)
{
    const qint64 callId = m_runningCalls.take(requestId);
    if (!callId || !m_journal)
        return; // a call the tool host ran for someone else (tether-cli mcp call)
    auto call = m_journal->finishToolCall(callId, outcome);
    if (!call) {
        qCWarning(lcStore) << "cannot store the result of tool call" << callId
                           << call.error().message;
        Q_EMIT queryFailed(requestId, call.error());
        return;
    }
    Q_EMIT toolCallsChanged(requestId, {call.value()});
}

void GenerationEngine::declineToolCall(quint64 requestId, qint64 callId, const QString& reason)
{
    if (!journalOpen(requestId))
        return;
    auto call = m_journal->declineToolCall(callId, reason);
    if (!call)
        Q_EMIT queryFailed(requestId, call.error());
    else
        Q_EMIT toolCallsChanged(requestId, {call.value()});
}

void GenerationEngine::loadToolCalls(quint64 requestId, qint64 messageId)
{
    if (!journalOpen(requestId))
        return;
    auto calls = m_journal->toolCalls({messageId});
    if (!calls)
        Q_EMIT queryFailed(requestId, calls.error());
    else
        Q_EMIT toolCallsChanged(requestId, calls.value().value(messageId));
}

} // namespace tether::engine
