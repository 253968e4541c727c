// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/retrypolicy.h"

#include "engine/core/types.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

qint64 backoffDelayMs(const RetryPolicy& policy, int failures, QRandomGenerator& rng)
{
    const int exponent = std::clamp(failures - 1, 0, 30);
    const double ceiling =
        std::min(double(policy.maxDelayMs), double(policy.baseDelayMs) * std::ldexp(1.0, exponent));
    return qint64(rng.generateDouble() * ceiling);
}

qint64 retryAfterMs(const QByteArray& retryAfterMsHeader, const QByteArray& retryAfterHeader,
                    const QDateTime& now)
{
    bool ok = false;
    if (!retryAfterMsHeader.isEmpty()) {
        const double ms = retryAfterMsHeader.trimmed().toDouble(&ok);
        if (ok && ms >= 0 && std::isfinite(ms))
            return qint64(std::ceil(ms));
    }
    const QByteArray value = retryAfterHeader.trimmed();
    if (value.isEmpty())
        return -1;
    const double seconds = value.toDouble(&ok);
    if (ok && seconds >= 0 && std::isfinite(seconds))
        return qint64(std::ceil(seconds * 1000.0));
    // HTTP date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(value).remove(u" GMT"_s),
                                                   u"ddd, dd MMM yyyy HH:mm:ss"_s);
    if (!date.isValid())
        return -1;
    QDateTime utc = date;
    utc.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(utc));
}

ServerRetryHint shouldRetryHeader(const QByteArray& value)
{
    const QByteArray v = value.trimmed().toLower();
    if (v == "true")
        return ServerRetryHint::Retry;
    if (v == "false")
        return ServerRetryHint::DontRetry;
    return ServerRetryHint::None;
}

bool shouldRetry(ErrorCode code, ServerRetryHint hint)
{
    switch (hint) {
    case ServerRetryHint::Retry:
        return true;
    case ServerRetryHint::DontRetry:
        return false;
    case ServerRetryHint::None:
        break;
    }
    return isRetryable(code);
}

bool isRetryable(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Network:
    case ErrorCode::HttpRetryable:
    case ErrorCode::Interrupted:
    case ErrorCode::ServerError:
        return true;
    default:
        return false;
    }
}

GenerationStatus statusAfter(ErrorCode code)
{
    if (isRetryable(code))
        return GenerationStatus::Interrupted;
    return code == ErrorCode::Cancelled ? GenerationStatus::Cancelled : GenerationStatus::Failed;
}

} // namespace tether::engine
