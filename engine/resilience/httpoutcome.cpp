// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/httpoutcome.h"

#include "engine/stream/streamdecoder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

HttpOutcome httpOutcome(const QNetworkReply& reply, int httpStatus, const QByteArray& body)
{
    QString message;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        message = StreamDecoder::errorMessage(doc.object());
    else
        message = QString::fromUtf8(body.left(300)).simplified();
    if (message.isEmpty())
        message = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    HttpOutcome out;
    out.error =
        Error{httpErrorCode(httpStatus), u"%1: %2"_s.arg(httpStatus).arg(message), httpStatus};
    out.retryAfterMs =
        retryAfterMs(reply.rawHeader("retry-after-ms"), reply.rawHeader("retry-after"),
                     QDateTime::currentDateTimeUtc());
    out.hint = shouldRetryHeader(reply.rawHeader("x-should-retry"));
    return out;
}

RateLimit rateLimitOf(const QNetworkReply& reply)
{
    const auto num = [&reply](const char* name) {
        bool ok = false;
        const qint64 v = reply.rawHeader(name).toLongLong(&ok);
        return ok ? v : qint64(-1);
    };
    RateLimit r;
    r.limitRequests = num("x-ratelimit-limit-requests");
    r.remainingRequests = num("x-ratelimit-remaining-requests");
    r.resetRequests = QString::fromLatin1(reply.rawHeader("x-ratelimit-reset-requests"));
    r.limitTokens = num("x-ratelimit-limit-tokens");
    r.remainingTokens = num("x-ratelimit-remaining-tokens");
    r.resetTokens = QString::fromLatin1(reply.rawHeader("x-ratelimit-reset-tokens"));
    return r;
}

QString redact(QString text, const ProviderConfig& provider)
{
    if (provider.apiKey.size() >= 4)
        text.replace(provider.apiKey, u"***"_s);
    for (const auto& [name, value] : provider.extraHeaders) {
        if (value.size() >= 4)
            text.replace(QString::fromUtf8(value), u"***"_s);
    }
    const QString password = provider.baseUrl.password();
    if (password.size() >= 4)
        text.replace(password, u"***"_s);
    return text;
}

} // namespace tether::engine
