// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/journal/journal.h"
#include "engine/resilience/chunkcommitter.h"
#include "engine/resilience/circuitbreaker.h"
#include "engine/resilience/continuation.h"
#include "engine/stream/sseparser.h"
#include "engine/stream/streamdecoder.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace tether::engine {

// Everything a generation needs to start or to pick up where the journal left it.
struct GenerationSetup {
    GenerationStarted ids;
    ProviderConfig provider;
    QByteArray requestBody; // the body of the first request
    bool resuming = false;  // continue from the journal rather than start
    qint64 nextSeq = 1;
    int attempts = 0; // attempts already made (journaled)
    QString remoteId;
    qint64 lastProviderSeq = -1;
};

// One generation on the engine thread, across all its attempts: reads each reply, journals every
// chunk and only then announces it; on a drop it waits (backoff, Retry-After, circuit breaker)
// and continues the same reply — Responses API from the last journaled sequence number, Chat
// Completions from the journaled text. Owned by GenerationEngine.
class ActiveGeneration : public QObject {
    Q_OBJECT
public:
    // `clock`: ms since the epoch, for the circuit breaker.
    ActiveGeneration(Journal& journal, QNetworkAccessManager& nam, CircuitBreaker& breaker,
                     std::function<qint64()> clock, GenerationSetup setup,
                     QObject* parent = nullptr);
    ~ActiveGeneration() override;

    void start();
    // Stops and keeps the partial text, marked `as` (Cancelled, or Interrupted on exit/Ctrl+C).
    // A user's cancel also cancels a background response on the server.
    void stop(GenerationStatus as, const QString& reason);

    qint64 generationId() const { return m_ids.generationId; }
    qint64 conversationId() const { return m_ids.conversationId; }

Q_SIGNALS:
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void attemptStarted(const tether::engine::AttemptStarted& attempt);
    void retryScheduled(const tether::engine::RetryInfo& retry);
    void finished(const tether::engine::GenerationFinished& result);

private:
    enum class Mode { Create, Continue, ResumeStream, Poll };

    void startAttempt();
    void sendRequest();
    void issueRequest();
    // A 3xx: follows it (same origin only, a few times) or ends the generation. False when the
    // reply has no target.
    bool followRedirect();
    void onReadyRead();
    void onFinished();
    void onIdle();
    bool checkHttpStatus();
    void process(QByteArrayView bytes);
    bool commit(std::vector<Delta>& deltas);
    // Shows a committed batch; on a storage error ends the generation (false).
    bool announce(const Result<ChunkBatch>& committed);
    ChunkCommitter::Progress progress() const;
    void finishPoll(const QByteArray& body);
    // The response on the server is gone or stuck: continue (or restart, as the profile says)
    // from the journaled text in a new response.
    void startOver(const QString& why);
    // The reply's text as journaled; nothing after ending the generation on a storage error.
    std::optional<QString> journaledText();
    // A failed attempt: retry if the cause allows and the budget lasts, else end.
    void attemptFailed(const Error& error, qint64 retryAfterMs = -1,
                       ServerRetryHint hint = ServerRetryHint::None, bool refused = false);
    void end(GenerationStatus status, const Error& error);
    void endFromDecoder();
    void dropReply();
    void armIdleTimer();
    // Past maxReplyBytes or maxReplyMs: stops the reply, failed, keeping what arrived.
    void stopRunaway(const QString& why);
    void cancelOnServer();
    QString breakerKey() const;
    QString redact(const QString& text) const;
    // The attempt timeline is for people; failing to write it must not stop the reply.
    static void logTimelineFailure(const Result<void>& r);

    Journal& m_journal;
    QNetworkAccessManager& m_nam;
    CircuitBreaker& m_breaker;
    std::function<qint64()> m_now;
    GenerationStarted m_ids;
    ProviderConfig m_provider;
    ContinuationMode m_continuation;
    QByteArray m_requestBody;
    bool m_resuming;
    ChunkCommitter m_committer;

    // Per attempt.
    QPointer<QNetworkReply> m_reply;
    Mode m_mode = Mode::Create;
    SseParser m_parser;
    std::unique_ptr<StreamDecoder> m_decoder;
    int m_httpStatus = 0;
    QByteArray m_answerBody; // what is not an event stream: an error, a poll's JSON, a stray page
    bool m_notAStream = false;
    RateLimit m_rateLimit;

    // Per generation.
    int m_attempt = 0;
    int m_attemptsThisRun = 0;
    // Every attempt of this run was refused before any answer: nothing listens at the address
    // (a server not started, a wrong port), and RetryPolicy::maxRefusedAttempts is the budget.
    bool m_onlyRefused = true;
    QString m_remoteId;
    qint64 m_lastProviderSeq = -1;
    bool m_pollOnly = false; // the server will not re-stream: poll for the final text
    std::vector<SseEvent> m_events;
    std::vector<Delta> m_deltas;
    QTimer m_idle;
    QTimer m_retry;
    QTimer m_deadline;         // maxReplyMs
    QNetworkRequest m_request; // the attempt's request, as sent (again after a redirect)
    QByteArray m_body;         // posted in Create and Continue; the others GET
    int m_redirects = 0;
    static constexpr int MaxRedirects = 5;
    QString m_remoteStatus;      // Responses: the status last reported
    QElapsedTimer m_queuedSince; // Responses: first poll that found it queued
    QElapsedTimer m_clock;
    Timings m_timings;
    Usage m_usage;
    QString m_finishReason;
    bool m_done = false;
};

} // namespace tether::engine
