// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/jobs/generation.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

class QTimer;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ConversationListModel;
class ProviderSession;
class ResumeRouter;

// A send or resume from the moment it is asked for until its generation ends.
struct LiveReply {
    QPointer<engine::Generation> handle;
    qint64 conversationId = 0; // 0 until started, for a new chat
    qint64 generationId = 0;   // 0 until started
    QString text;              // the user's text, given back to the composer if the send fails
    QList<engine::Attachment> attachments; // sent with it, shown until the journal's are
    bool reload = false;                   // the conversation changes shape (a resume, an edit)
    bool deferred = false;                 // stored offline, waits for the network
    QElapsedTimer retryWait;               // running while a retry is scheduled
    qint64 retryDelayMs = 0;
    QString retryWhy;
};

// Every reply under way in the window, whichever conversation is on screen: sends, resumes by
// Continue or Regenerate, replies a crash cut off, and those waiting for the network. Keeps the
// sidebar's activity and the "reconnecting in N s" countdown; knows nothing of widgets.
class GenerationTracker : public QObject {
    Q_OBJECT
public:
    GenerationTracker(engine::Engine& engine, ProviderSession& session,
                      ConversationListModel& conversations, QObject* parent = nullptr);

    engine::Generation* send(const engine::SendRequest& request);
    // `asked`: the user chose Continue or Regenerate (not the start-up or back-online resume).
    // Goes through the profile the reply was sent with, as configured now.
    void resume(qint64 generationId, engine::ContinuationMode mode, bool asked = false);
    // After `profileGone`: on through `provider` (empty: the journaled address, no key), or not.
    void resumeThrough(qint64 generationId, engine::ProviderConfig provider);
    void dropResume(qint64 generationId);
    // Finds the provider a completed reply's tool round goes on through (roundRouted), as a
    // resume would; nothing is sent.
    void routeRound(qint64 generationId);
    // A reply someone else started (the tool loop's next round) is shown like the others.
    void adopt(engine::Generation* handle, qint64 conversationId);
    // Picks up replies a crash or a closed window cut off; while offline they wait.
    void resumeInterrupted(const QList<qint64>& generations);
    // Offline, new messages are stored and wait; back online, everything waiting starts.
    void setOnline(bool online);
    bool isOnline() const { return m_online; }
    // Stops whatever streams in the conversation (before it is deleted).
    void cancelConversation(qint64 conversationId);

    const LiveReply* liveOf(qint64 generationId) const;
    const LiveReply* liveIn(qint64 conversationId) const;
    const LiveReply* liveFor(const engine::Generation* handle) const;
    bool isWaiting(qint64 generationId) const { return m_waiting.contains(generationId); }
    // "streaming", "reconnecting in 2.5 s (…)", "waiting for the network".
    QString stateText(const LiveReply& live) const;

Q_SIGNALS:
    void started(const tether::ui::LiveReply& live, const tether::engine::GenerationStarted& ids);
    void refused(const tether::ui::LiveReply& live, const tether::engine::Error& error);
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    // The state text of live replies changed (a retry, its countdown, a new attempt, offline).
    void stateChanged();
    // `waiting`: stored offline, it starts when the network returns.
    void finished(const tether::ui::LiveReply& live,
                  const tether::engine::GenerationFinished& result, bool waiting);
    // A resume the user asked for whose profile is gone: resumeThrough() or dropResume().
    void profileGone(qint64 generationId, const tether::engine::GenerationRoute& route);
    void roundRouted(qint64 generationId, const tether::engine::ProviderConfig& provider);
    void message(const QString& text);

private:
    void track(engine::Generation* handle, const LiveReply& reply);
    LiveReply* find(qint64 generationId);
    void onProfileGone(qint64 generationId, const engine::GenerationRoute& route);

    engine::Engine& m_engine;
    ConversationListModel& m_conversations;
    ResumeRouter* m_router;
    QTimer* m_countdown;
    QHash<const engine::Generation*, LiveReply> m_live;
    QList<qint64> m_waiting; // generations waiting for the network
    struct Routing {
        engine::ContinuationMode mode = engine::ContinuationMode::Auto;
        bool asked = false;
        bool round = false; // routeRound: only the provider is wanted
    };
    QHash<qint64, Routing> m_routing; // resumes waiting for their provider, by generation
    bool m_online = true;
};

} // namespace tether::ui
