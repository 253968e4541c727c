// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/core/types.h"
#include "engine/resilience/retrypolicy.h"

class QNetworkReply;

namespace tether::engine {

// What a finished non-2xx answer means: the error to report (the server's own message when it
// gave one) and its wishes about trying again.
struct HttpOutcome {
    Error error;
    qint64 retryAfterMs = -1;
    ServerRetryHint hint = ServerRetryHint::None;
};
HttpOutcome httpOutcome(const QNetworkReply& reply, int httpStatus, const QByteArray& body);

// The x-ratelimit-* headers of an answer.
RateLimit rateLimitOf(const QNetworkReply& reply);

// The key, the extra headers' values and the URL's password cut out of a text a server may
// have echoed them into, before it reaches the journal, a log or the screen.
QString redact(QString text, const ProviderConfig& provider);

} // namespace tether::engine
