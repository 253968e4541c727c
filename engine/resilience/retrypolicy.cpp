// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/retrypolicy.h"

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

int shouldRetryHeader(const QByteArray& value)
{
    const QByteArray v = value.trimmed().toLower();
    if (v == "true")
        return 1;
    if (v == "false")
        return -1;
    return 0;
}

} // namespace tether::engine
