// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/activegeneration.h"

#include "engine/net/limits.h"

#include "engine/core/logging.h"
#include "engine/resilience/httpoutcome.h"
#include "engine/stream/chatdecoder.h"
#include "engine/stream/requestbuilder.h"
#include "engine/stream/responsesdecoder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

constexpr qsizetype MaxErrorBody = qsizetype(64) * 1024;
constexpr qint64 ReadSlice = qint64(64) * 1024;

} // namespace

void ActiveGeneration::logTimelineFailure(const Result<void>& r)
{
    if (!r)
        qCWarning(lcStore) << "cannot update the attempt timeline:" << r.error().message;
}

ActiveGeneration::ActiveGeneration(Journal& journal, QNetworkAccessManager& nam,
                                   CircuitBreaker& breaker, std::function<qint64()> clock,
                                   GenerationSetup setup, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_nam(nam)
    , m_breaker(breaker)
    , m_now(std::move(clock))
    , m_ids(setup.ids)
    , m_provider(std::move(setup.provider))
    , m_continuation(
          resolveContinuation(m_provider.continuation, m_provider.api, m_provider.baseUrl))
    , m_requestBody(std::move(setup.requestBody))
    , m_resuming(setup.resuming)
    , m_committer(journal, setup.ids.generationId, setup.nextSeq)
    , m_attempt(setup.attempts)
    , m_remoteId(setup.remoteId)
    , m_lastProviderSeq(setup.lastProviderSeq)
{
    m_events.reserve(256);
    m_deltas.reserve(256);
    // Precise, both: a stream is never declared dead before its idle timeout has passed, and a
    // Retry-After is honoured exactly (a coarse timer may fire up to 5 % early).
    m_idle.setSingleShot(true);
    m_idle.setTimerType(Qt::PreciseTimer);
    connect(&m_idle, &QTimer::timeout, this, &ActiveGeneration::onIdle);
    m_retry.setSingleShot(true);
    m_retry.setTimerType(Qt::PreciseTimer);
    connect(&m_retry, &QTimer::timeout, this, &ActiveGeneration::startAttempt);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        stopRunaway(u"The reply ran for more than %1 min; Tether stopped it."_s.arg(
            m_provider.retry.maxReplyMs / 60'000.0, 0, 'g', 3));
    });
}

void ActiveGeneration::stopRunaway(const QString& why)
{
    dropReply();
    end(GenerationStatus::Failed,
        Error{ErrorCode::Protocol, why + u" What arrived is kept."_s, m_httpStatus});
}

ActiveGeneration::~ActiveGeneration()
{
    dropReply();
}

QString ActiveGeneration::breakerKey() const
{
    return m_provider.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery |
                                       QUrl::StripTrailingSlash);
}

void ActiveGeneration::start()
{
    m_clock.start();
    if (m_provider.retry.maxReplyMs > 0)
        m_deadline.start(int(std::min<qint64>(m_provider.retry.maxReplyMs, INT_MAX)));
    startAttempt();
}

void ActiveGeneration::startAttempt()
{
    if (m_done)
        return;
    const QString key = breakerKey();
    if (!m_breaker.tryAcquire(key, m_now())) {
        const qint64 wait = std::max<qint64>(m_breaker.reopensAt(key) - m_now(), 250);
        const QString why = u"%1 failed %2 times in a row; Tether pauses requests to it for %3 s."_s
                                .arg(m_provider.baseUrl.host())
                                .arg(m_breaker.consecutiveFailures(key))
                                .arg((wait + 999) / 1000);
        if (m_attemptsThisRun == 0) { // a new request fails fast while the circuit is open
            end(GenerationStatus::Interrupted, Error{ErrorCode::Network, why, 0});
            return;
        }
        Q_EMIT retryScheduled(RetryInfo{
            m_ids.generationId, m_attempt + 1, m_provider.retry.maxAttempts, wait, why, 0, {}});
        m_retry.start(int(wait));
        return;
    }
    ++m_attempt;
    ++m_attemptsThisRun;
    QString kind;
    if (m_attemptsThisRun == 1 && !m_resuming) {
        m_mode = Mode::Create;
        kind = u"start"_s;
    } else if (m_provider.api == Api::Responses && !m_remoteId.isEmpty()) {
        // Still queued on the server: poll (bounded) rather than hold a stream that says nothing.
        m_mode = m_pollOnly || m_remoteStatus == "queued"_L1 ? Mode::Poll : Mode::ResumeStream;
        kind = m_mode == Mode::Poll ? u"poll"_s : u"resume"_s;
    } else {
        // Chat Completions, or a Responses reply with no response on the server (never created,
        // expired, cancelled as stuck): go on from the journaled text.
        m_mode = Mode::Continue;
        kind = u"continue:"_s + continuationName(m_continuation);
    }
    logTimelineFailure(m_journal.beginAttempt(m_ids.generationId, m_attempt, kind));

    m_parser.reset();
    m_decoder = StreamDecoder::create(m_provider.api);
    m_decoder->setLastProviderSeq(m_lastProviderSeq);
    m_committer.stopTrimming();
    m_httpStatus = 0;
    m_answerBody.clear();
    m_notAStream = false;
    m_rateLimit = RateLimit();
    Q_EMIT attemptStarted(AttemptStarted{m_ids.generationId, m_attempt, kind});
    sendRequest();
}

void ActiveGeneration::sendRequest()
{
    m_redirects = 0;
    switch (m_mode) {
    case Mode::Create:
        m_request = streamRequest(m_provider);
        m_body = m_requestBody;
        break;
    case Mode::Continue: {
        if (m_continuation == ContinuationMode::Restart) {
            if (auto r = m_journal.supersedeAttempts(m_ids.generationId, m_attempt - 1); !r) {
                end(GenerationStatus::Failed, r.error());
                return;
            }
        }
        const std::optional<QString> partial = journaledText();
        if (!partial)
            return;
        if (m_continuation == ContinuationMode::Instruct && !partial->isEmpty())
            m_committer.trimRepeatsOf(*partial);
        m_request = streamRequest(m_provider);
        m_body = continuationBody(m_requestBody, m_continuation, *partial);
        break;
    }
    case Mode::ResumeStream:
        m_request = resumeRequest(m_provider, m_remoteId, m_lastProviderSeq);
        break;
    case Mode::Poll:
        m_request = pollRequest(m_provider, m_remoteId);
        break;
    }
    // Redirects are followed here, not by Qt: only to where mayFollowRedirect allows, and each
    // request goes out exactly once (Qt 6.4 sometimes sent a redirected POST twice).
    m_request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                           QNetworkRequest::ManualRedirectPolicy);
    issueRequest();
}

void ActiveGeneration::issueRequest()
{
    const bool post = m_mode == Mode::Create || m_mode == Mode::Continue;
    m_reply = post ? m_nam.post(m_request, m_body) : m_nam.get(m_request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ActiveGeneration::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ActiveGeneration::onFinished);
    armIdleTimer();
    qCDebug(lcNet) << "generation" << m_ids.generationId << "attempt" << m_attempt
                   << publicUrl(m_reply->url());
}

bool ActiveGeneration::followRedirect()
{
    const QUrl location = m_reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (location.isEmpty())
        return false;
    const QUrl to = m_reply->url().resolved(location);
    dropReply();
    if (!mayFollowRedirect(m_provider.baseUrl, to)) {
        end(GenerationStatus::Failed,
            Error{ErrorCode::HttpRefused,
                  u"The server redirected the request to %1, another address than the "
                  "provider's (%2). Tether does not send your key there; check the provider's "
                  "base URL."_s.arg(publicUrl(to), publicUrl(m_provider.baseUrl)),
                  m_httpStatus});
        return true;
    }
    if (++m_redirects > MaxRedirects) {
        end(GenerationStatus::Failed,
            Error{ErrorCode::Protocol,
                  u"The server redirected the request more than %1 times."_s.arg(MaxRedirects),
                  m_httpStatus});
        return true;
    }
    m_request.setUrl(to);
    m_httpStatus = 0;
    m_answerBody.clear();
    issueRequest();
    return true;
}

void ActiveGeneration::armIdleTimer()
{
    const RetryPolicy& p = m_provider.retry;
    const qint64 ms = m_committer.outputDeltas() == 0
                          ? std::max(p.firstTokenTimeoutMs, p.idleTimeoutMs)
                          : p.idleTimeoutMs;
    if (ms > 0)
        m_idle.start(int(std::min<qint64>(ms, INT_MAX)));
}

void ActiveGeneration::onIdle()
{
    if (m_done || !m_reply)
        return;
    dropReply();
    const qint64 seconds =
        (m_committer.outputDeltas() == 0
             ? std::max(m_provider.retry.firstTokenTimeoutMs, m_provider.retry.idleTimeoutMs)
             : m_provider.retry.idleTimeoutMs) /
        1000;
    attemptFailed(Error{ErrorCode::Interrupted,
                        u"No data from the server for %1 s (idle timeout)."_s.arg(seconds), 0});
}

void ActiveGeneration::dropReply()
{
    m_idle.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

bool ActiveGeneration::checkHttpStatus()
{
    if (m_httpStatus)
        return m_httpStatus >= 200 && m_httpStatus < 300 && !m_notAStream;
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_httpStatus)
        return true; // no headers yet
    if (m_timings.ttfbMs < 0)
        m_timings.ttfbMs = m_clock.elapsed();
    m_rateLimit = rateLimitOf(*m_reply);
    const bool ok = m_httpStatus >= 200 && m_httpStatus < 300;
    if (ok)
        m_breaker.recordSuccess(breakerKey());
    const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    m_notAStream = ok && m_mode != Mode::Poll && !type.isEmpty() &&
                   !type.startsWith("text/event-stream"_L1, Qt::CaseInsensitive);
    return ok && !m_notAStream && m_mode != Mode::Poll;
}

void ActiveGeneration::onReadyRead()
{
    // Bounded slices: each is one transaction, so a burst (a proxy flushing a buffered reply)
    // is shown as it is committed rather than after one huge commit.
    while (!m_done && m_reply && m_reply->bytesAvailable() > 0) {
        const QByteArray bytes = m_reply->read(ReadSlice);
        m_timings.bytes += bytes.size();
        if (m_provider.retry.maxReplyBytes > 0 &&
            m_timings.bytes > m_provider.retry.maxReplyBytes) {
            stopRunaway(u"The server sent more than %1 for this reply; Tether stopped it."_s.arg(
                QLocale::c().formattedDataSize(m_provider.retry.maxReplyBytes, 0)));
            return;
        }
        if (!checkHttpStatus()) {
            const qsizetype cap = m_mode == Mode::Poll && m_httpStatus < 300
                                      ? edgeLimits(Edge::Poll).maxBodyBytes
                                      : MaxErrorBody;
            if (m_answerBody.size() < cap)
                m_answerBody += bytes.left(cap - m_answerBody.size());
            continue;
        }
        process(bytes);
    }
    // Re-armed only after the slices are processed: a first read that already carries tokens
    // must leave the idle timeout armed, not the much longer first-token one.
    if (!m_done && m_reply)
        armIdleTimer();
}

void ActiveGeneration::process(QByteArrayView bytes)
{
    m_events.clear();
    m_deltas.clear();
    m_parser.feed(bytes, m_events);
    for (const SseEvent& event : m_events) {
        m_decoder->decode(event, m_deltas);
        if (!m_decoder->isOpen())
            break;
    }
    if (!m_decoder->remoteId().isEmpty() && m_provider.api == Api::Responses)
        m_remoteId = m_decoder->remoteId();
    if (!m_decoder->remoteStatus().isEmpty())
        m_remoteStatus = m_decoder->remoteStatus();
    const bool progressed = m_decoder->lastProviderSeq() != m_lastProviderSeq;
    m_lastProviderSeq = m_decoder->lastProviderSeq();
    if ((!m_deltas.empty() || progressed) && !commit(m_deltas))
        return;
    if (!m_decoder->isOpen()) {
        endFromDecoder();
    } else if (m_parser.status() != SseParser::Status::Ok) {
        dropReply();
        end(GenerationStatus::Failed,
            Error{ErrorCode::Protocol,
                  u"The server sent an event larger than %1 MiB; the stream was stopped."_s.arg(
                      m_parser.limit() / (qsizetype(1024) * 1024)),
                  0});
    }
}

ChunkCommitter::Progress ActiveGeneration::progress() const
{
    return {m_lastProviderSeq, m_remoteId, m_timings.bytes, m_attempt};
}

bool ActiveGeneration::commit(std::vector<Delta>& deltas)
{
    // Commit first; only what is on disk may be shown.
    return announce(m_committer.commit(deltas, progress()));
}

bool ActiveGeneration::announce(const Result<ChunkBatch>& committed)
{
    if (!committed) {
        dropReply();
        end(GenerationStatus::Failed, committed.error());
        return false;
    }
    const ChunkBatch& batch = committed.value();
    if (batch.lastSeq < batch.firstSeq)
        return true; // progress only, or held back by the trimmer
    if (m_timings.firstTokenMs < 0 && m_committer.outputDeltas() > 0)
        m_timings.firstTokenMs = m_clock.elapsed();
    Q_EMIT chunksAdded(batch);
    return true;
}

void ActiveGeneration::onFinished()
{
    if (m_done || !m_reply)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_done || !m_reply)
        return;
    m_idle.stop();
    checkHttpStatus();
    if (m_httpStatus >= 300 && m_httpStatus < 400 && followRedirect())
        return;
    QNetworkReply* reply = m_reply;
    const auto networkError = reply->error();
    const bool httpOk = m_httpStatus >= 200 && m_httpStatus < 300;

    if (m_httpStatus && !httpOk) {
        const HttpOutcome outcome = httpOutcome(*reply, m_httpStatus, m_answerBody);
        const Error& error = outcome.error;
        if ((m_mode == Mode::ResumeStream || m_mode == Mode::Poll) &&
            (m_httpStatus == 404 || m_httpStatus == 410)) {
            // The server no longer keeps the response (about 10 minutes for background runs).
            startOver(u"The response is no longer kept on the server (%1)."_s.arg(error.message));
            return;
        }
        if (m_mode == Mode::ResumeStream && m_httpStatus >= 400 && m_httpStatus < 500 &&
            m_httpStatus != 408 && m_httpStatus != 429) {
            // Expired or not re-streamable: the final text can still be polled.
            m_pollOnly = true;
            const QString cause = u"cannot re-stream (%1); polling"_s.arg(error.message);
            logTimelineFailure(
                m_journal.endAttempt(m_ids.generationId, m_attempt, cause, m_httpStatus, 0));
            dropReply();
            m_retry.start(0);
            return;
        }
        dropReply();
        attemptFailed(error, outcome.retryAfterMs, outcome.hint);
        return;
    }
    if (m_mode == Mode::Poll && httpOk && networkError == QNetworkReply::NoError) {
        const QByteArray body = m_answerBody;
        dropReply();
        finishPoll(body);
        return;
    }
    if (m_notAStream) {
        const QString type = reply->header(QNetworkRequest::ContentTypeHeader).toString();
        const QString excerpt = QString::fromUtf8(m_answerBody.left(300)).simplified();
        dropReply();
        end(GenerationStatus::Failed,
            Error{
                ErrorCode::Protocol,
                u"The server answered with %1 instead of an event stream: %2"_s.arg(type, excerpt),
                m_httpStatus});
        return;
    }
    const QString errorString = reply->errorString();
    dropReply();
    m_parser.finish();
    if (networkError == QNetworkReply::NoError || !m_decoder->finishReason().isEmpty()) {
        // A transport error after a finish_reason still delivered the whole reply.
        m_decoder->endOfStream();
        endFromDecoder();
        return;
    }
    if (networkError == QNetworkReply::ConnectionRefusedError && m_httpStatus == 0) {
        attemptFailed(Error{ErrorCode::Network,
                            u"Nothing answers at %1 (connection refused): is the server running, "
                            "and is this its address?"_s.arg(m_provider.baseUrl.authority()),
                            0},
                      -1, ServerRetryHint::None, true);
        return;
    }
    attemptFailed(
        Error{ErrorCode::Network, u"The connection was lost: %1"_s.arg(errorString), m_httpStatus});
}

void ActiveGeneration::endFromDecoder()
{
    switch (m_decoder->state()) {
    case StreamState::Open:
        return;
    case StreamState::Completed:
        if (!announce(m_committer.flush(progress())))
            return;
        dropReply();
        end(GenerationStatus::Completed, Error{});
        return;
    case StreamState::Cancelled:
        dropReply();
        end(GenerationStatus::Cancelled, m_decoder->error());
        return;
    case StreamState::Interrupted:
    case StreamState::Failed:
        dropReply();
        attemptFailed(m_decoder->error());
        return;
    }
}

void ActiveGeneration::attemptFailed(const Error& error, qint64 retryAfter, ServerRetryHint hint,
                                     bool refused)
{
    if (m_done)
        return;
    m_onlyRefused = m_onlyRefused && refused;
    if (!shouldRetry(error.code, hint)) {
        end(statusAfter(error.code), error); // records how the attempt ended
        return;
    }
    m_breaker.recordFailure(breakerKey(), m_now());
    const RetryPolicy& policy = m_provider.retry;
    const qint64 delay =
        retryAfter >= 0 ? retryAfter + 1
                        : backoffDelayMs(policy, m_attemptsThisRun, *QRandomGenerator::global());
    const int attempts = m_onlyRefused ? std::min(policy.maxAttempts, policy.maxRefusedAttempts)
                                       : policy.maxAttempts;
    if (m_attemptsThisRun >= attempts || m_clock.elapsed() + delay > policy.maxTotalMs) {
        Error gaveUp = error;
        gaveUp.message =
            u"Gave up after %1 attempts: %2"_s.arg(m_attemptsThisRun).arg(error.message);
        end(GenerationStatus::Interrupted, gaveUp);
        return;
    }
    logTimelineFailure(m_journal.endAttempt(m_ids.generationId, m_attempt, redact(error.message),
                                            error.httpStatus, delay));
    qCDebug(lcNet) << "generation" << m_ids.generationId << "attempt" << m_attempt
                   << "failed:" << redact(error.message) << "- retrying in" << delay << "ms";
    Q_EMIT retryScheduled(RetryInfo{m_ids.generationId, m_attempt + 1, attempts, delay,
                                    redact(error.message), error.httpStatus, m_rateLimit});
    m_retry.start(int(std::min<qint64>(delay, INT_MAX)));
}

void ActiveGeneration::stop(GenerationStatus as, const QString& reason)
{
    if (m_done)
        return;
    dropReply();
    if (as == GenerationStatus::Cancelled)
        cancelOnServer();
    end(as, Error{as == GenerationStatus::Cancelled ? ErrorCode::Cancelled : ErrorCode::Interrupted,
                  reason, 0});
}

QString ActiveGeneration::redact(const QString& text) const
{
    return engine::redact(text, m_provider);
}

void ActiveGeneration::end(GenerationStatus status, const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    m_retry.stop();
    m_deadline.stop();
    dropReply();
    Error err = error;
    err.message = redact(err.message);
    // The last attempt ends with the generation, successful or not: the timeline shows when.
    if (m_attempt > 0) {
        logTimelineFailure(
            m_journal.endAttempt(m_ids.generationId, m_attempt,
                                 status == GenerationStatus::Completed ? QString() : err.message,
                                 err.httpStatus ? err.httpStatus : m_httpStatus, -1));
    }

    if (m_decoder) {
        if (m_decoder->usage().isValid())
            m_usage = m_decoder->usage();
        if (!m_decoder->finishReason().isEmpty())
            m_finishReason = m_decoder->finishReason();
    }
    m_timings.durationMs = m_clock.elapsed();
    m_timings.outputTokens =
        m_usage.outputTokens >= 0 ? m_usage.outputTokens : m_committer.outputDeltas();
    if (m_timings.firstTokenMs >= 0 && m_timings.durationMs > m_timings.firstTokenMs) {
        m_timings.tokensPerSecond = double(m_timings.outputTokens) * 1000.0 /
                                    double(m_timings.durationMs - m_timings.firstTokenMs);
    }

    GenerationOutcome outcome;
    outcome.status = status;
    outcome.error = err.message;
    outcome.finishReason = m_finishReason;
    outcome.remoteId = m_remoteId;
    outcome.usage = m_usage;
    outcome.timings = m_timings;
    if (auto r = m_journal.finishGeneration(m_ids.generationId, outcome); !r) {
        // The text already shown is in the journal's chunks; only the final marking is missing.
        qCWarning(lcStore) << "cannot finish generation" << m_ids.generationId << r.error().message;
        if (err.code == ErrorCode::None)
            err = r.error();
    }
    qCDebug(lcEngine) << "generation" << m_ids.generationId << statusName(status) << err.message;

    GenerationFinished result;
    result.generationId = m_ids.generationId;
    result.conversationId = m_ids.conversationId;
    result.messageId = m_ids.assistantMessageId;
    result.status = status;
    result.error = err;
    result.finishReason = m_finishReason;
    result.timings = m_timings;
    Q_EMIT finished(result);
}

} // namespace tether::engine
