// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/net/limits.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

class QRandomGenerator;

namespace tether::engine {

enum class GenerationStatus;

// How hard one generation tries before it gives up (it stays resumable then).
struct RetryPolicy {
    int maxAttempts = 8;
    // Attempts when each was refused before any byte (nothing listens there): retrying for
    // minutes would only hide a server that is not running.
    int maxRefusedAttempts = 3;
    qint64 baseDelayMs = 500;
    qint64 maxDelayMs = 30'000;
    qint64 maxTotalMs = qint64(10) * 60'000;
    qint64 idleTimeoutMs = 60'000;        // no byte for this long: the stream is dead
    qint64 firstTokenTimeoutMs = 300'000; // before the first token (reasoning models think)
    // A runaway or hostile server cannot stream without end: past these a reply is stopped,
    // failed, with what arrived kept.
    qint64 maxReplyBytes = 256LL * 1024 * 1024; // response bytes over all attempts of a run
    qint64 maxReplyMs = qint64(2) * 3600'000;   // wall time of a run
    // A Responses run left `queued` (a drop right after response.created) is polled this often,
    // at most this long; then it is cancelled and started again.
    qint64 queuedPollMs = 2'000;
    qint64 maxQueuedMs = 60'000;
};

// Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(failures-1))].
qint64 backoffDelayMs(const RetryPolicy& policy, int failures, QRandomGenerator& rng);

// The server's wish, in ms: `retry-after-ms`, else `retry-after` as seconds (may be fractional)
// or an HTTP date. -1 when absent or unreadable.
qint64 retryAfterMs(const QByteArray& retryAfterMsHeader, const QByteArray& retryAfterHeader,
                    const QDateTime& now);

// httpErrorCode(), the one classification of a status, is the edge policy's (edgepolicy.h).
bool isRetryable(ErrorCode code);
// What a generation stopped by `code` is left as: retryable troubles leave it resumable.
GenerationStatus statusAfter(ErrorCode code);

// `x-should-retry: true|false` overrides the status-based decision.
enum class ServerRetryHint { None, Retry, DontRetry };
ServerRetryHint shouldRetryHeader(const QByteArray& value);
bool shouldRetry(ErrorCode code, ServerRetryHint hint);

// x-ratelimit-* headers, as the UI shows them.
struct RateLimit {
    qint64 limitRequests = -1;
    qint64 remainingRequests = -1;
    QString resetRequests;
    qint64 limitTokens = -1;
    qint64 remainingTokens = -1;
    QString resetTokens;
    bool isValid() const { return limitRequests >= 0 || limitTokens >= 0; }
};

} // namespace tether::engine
