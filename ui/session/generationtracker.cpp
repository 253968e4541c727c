// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/generationtracker.h"

#include "engine/engine.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/session/providersession.h"
#include "ui/session/resumerouter.h"

#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

using Activity = ConversationListModel::Activity;

GenerationTracker::GenerationTracker(Engine& engine, ProviderSession& session,
                                     ConversationListModel& conversations, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_conversations(conversations)
    , m_router(new ResumeRouter(engine, session, this))
    , m_countdown(new QTimer(this))
{
    m_countdown->setInterval(250);
    connect(m_countdown, &QTimer::timeout, this, [this] {
        bool counting = false;
        for (const LiveReply& live : std::as_const(m_live))
            counting |= live.retryWait.isValid();
        if (!counting)
            m_countdown->stop();
        Q_EMIT stateChanged();
    });
    connect(m_router, &ResumeRouter::routed, this, &GenerationTracker::resumeThrough);
    connect(m_router, &ResumeRouter::profileGone, this, &GenerationTracker::onProfileGone);
    connect(m_router, &ResumeRouter::failed, this, [this](qint64 id, const QString& text) {
        m_routing.remove(id);
        Q_EMIT message(text);
    });
}

Generation* GenerationTracker::send(const SendRequest& request)
{
    Generation* handle = m_engine.send(request);
    LiveReply live;
    live.conversationId = request.conversationId;
    live.text = request.userText;
    live.attachments = request.attachments;
    live.reload = request.replacesMessageId != 0 || request.regeneratesMessageId != 0;
    live.deferred = request.deferred;
    track(handle, live);
    return handle;
}

void GenerationTracker::resume(qint64 generationId, ContinuationMode mode, bool asked)
{
    if (find(generationId) || m_routing.contains(generationId))
        return;
    m_waiting.removeAll(generationId);
    m_routing.insert(generationId, {mode, asked});
    m_router->route(generationId);
}

void GenerationTracker::resumeThrough(qint64 generationId, ProviderConfig provider)
{
    const auto it = m_routing.constFind(generationId);
    if (it == m_routing.cend())
        return;
    const ContinuationMode mode = it->mode;
    const bool round = it->round;
    m_routing.erase(it);
    if (round) {
        Q_EMIT roundRouted(generationId, provider);
        return;
    }
    provider.model.clear(); // the reply goes on with the model that began it
    if (mode == ContinuationMode::Restart)
        provider.continuation = mode;
    LiveReply live;
    live.generationId = generationId;
    live.reload = true;
    track(m_engine.resume(generationId, provider), live);
}

void GenerationTracker::routeRound(qint64 generationId)
{
    if (m_routing.contains(generationId))
        return;
    m_routing.insert(generationId, {ContinuationMode::Auto, false, true});
    m_router->route(generationId);
}

void GenerationTracker::adopt(Generation* handle, qint64 conversationId)
{
    LiveReply live;
    live.conversationId = conversationId;
    live.reload = true; // the conversation on screen shows it from the journal, after the calls
    track(handle, live);
}

void GenerationTracker::dropResume(qint64 generationId)
{
    m_routing.remove(generationId);
}

void GenerationTracker::onProfileGone(qint64 generationId, const GenerationRoute& route)
{
    const auto it = m_routing.constFind(generationId);
    if (it == m_routing.cend())
        return;
    if (it->asked) {
        Q_EMIT profileGone(generationId, route);
        return;
    }
    // Nobody asked for it now: never send anything to an old address unasked.
    const bool round = it->round;
    m_routing.erase(it);
    const QString name = route.providerName.isEmpty() ? tr("a provider") : route.providerName;
    Q_EMIT message(round
                       ? tr("A reply sent through “%1” (%2), which is no longer set up, asked for "
                            "tools; its calls were left waiting. A new message in that "
                            "conversation goes on without them.")
                             .arg(name, route.baseUrl.toDisplayString())
                       : tr("A reply sent through “%1” (%2), which is no longer set up, was left "
                            "as it is. Open it and choose Continue to decide.")
                             .arg(name, route.baseUrl.toDisplayString()));
}

void GenerationTracker::resumeInterrupted(const QList<qint64>& generations)
{
    for (qint64 id : generations) {
        if (m_online)
            resume(id, ContinuationMode::Auto);
        else if (!m_waiting.contains(id))
            m_waiting.append(id);
    }
}

void GenerationTracker::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    if (online) {
        const QList<qint64> waiting = std::exchange(m_waiting, {});
        for (qint64 id : waiting)
            resume(id, ContinuationMode::Auto);
    }
    Q_EMIT stateChanged();
}

void GenerationTracker::cancelConversation(qint64 conversationId)
{
    for (const LiveReply& live : std::as_const(m_live)) {
        if (live.conversationId == conversationId && live.generationId)
            m_engine.cancel(live.generationId);
    }
}

void GenerationTracker::track(Generation* handle, const LiveReply& reply)
{
    LiveReply& tracked = m_live[handle];
    tracked = reply;
    tracked.handle = handle;
    connect(handle, &Generation::refused, this, [this, handle](const Error& e) {
        const LiveReply live = m_live.take(handle);
        Q_EMIT refused(live, e);
    });
    connect(handle, &Generation::started, this, [this, handle](const GenerationStarted& s) {
        LiveReply& live = m_live[handle];
        live.conversationId = s.conversationId;
        live.generationId = s.generationId;
        m_conversations.setActivity(s.conversationId, live.deferred ? Activity::WaitingForNetwork
                                                                    : Activity::Streaming);
        Q_EMIT started(live, s);
    });
    connect(handle, &Generation::chunksAdded, this, &GenerationTracker::chunksAdded);
    connect(handle, &Generation::retryScheduled, this, [this, handle](const RetryInfo& r) {
        LiveReply& live = m_live[handle];
        live.retryWait.start();
        live.retryDelayMs = r.delayMs;
        live.retryWhy =
            tr("attempt %1 of %2: %3").arg(r.nextAttempt).arg(r.maxAttempts).arg(r.cause);
        if (r.rateLimit.remainingRequests >= 0)
            live.retryWhy += tr(" · %1 of %2 requests left")
                                 .arg(r.rateLimit.remainingRequests)
                                 .arg(r.rateLimit.limitRequests);
        m_conversations.setActivity(live.conversationId, Activity::Reconnecting);
        m_countdown->start();
        Q_EMIT stateChanged();
    });
    connect(handle, &Generation::attemptStarted, this, [this, handle](const AttemptStarted& a) {
        if (a.attempt <= 1)
            return;
        LiveReply& live = m_live[handle];
        live.retryWait.invalidate();
        m_conversations.setActivity(live.conversationId, Activity::Streaming);
        Q_EMIT stateChanged();
    });
    connect(handle, &Generation::finished, this, [this, handle](const GenerationFinished& f) {
        const LiveReply live = m_live.take(handle);
        const bool waiting = live.deferred && f.status == GenerationStatus::Interrupted;
        if (waiting)
            m_waiting.append(f.generationId);
        m_conversations.setActivity(f.conversationId,
                                    waiting ? Activity::WaitingForNetwork : Activity::Idle);
        Q_EMIT finished(live, f, waiting);
    });
}

LiveReply* GenerationTracker::find(qint64 generationId)
{
    for (LiveReply& live : m_live) {
        if (live.generationId == generationId)
            return &live;
    }
    return nullptr;
}

const LiveReply* GenerationTracker::liveOf(qint64 generationId) const
{
    if (generationId == 0)
        return nullptr;
    return const_cast<GenerationTracker*>(this)->find(generationId);
}

const LiveReply* GenerationTracker::liveIn(qint64 conversationId) const
{
    for (const LiveReply& live : m_live) {
        if (conversationId != 0 && live.conversationId == conversationId)
            return &live;
    }
    return nullptr;
}

const LiveReply* GenerationTracker::liveFor(const Generation* handle) const
{
    const auto it = m_live.constFind(handle);
    return it == m_live.cend() ? nullptr : &*it;
}

QString GenerationTracker::stateText(const LiveReply& live) const
{
    if (live.deferred || !m_online)
        return tr("waiting for the network");
    if (live.retryWait.isValid()) {
        const qint64 left = std::max<qint64>(0, live.retryDelayMs - live.retryWait.elapsed());
        return tr("reconnecting in %1 s · %2")
            .arg(double(left) / 1000.0, 0, 'f', 1)
            .arg(live.retryWhy);
    }
    return live.generationId ? tr("streaming") : tr("sending");
}

} // namespace tether::ui
