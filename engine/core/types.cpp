// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/types.h"

#include <QDateTime>
#include <QProcessEnvironment>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

QString apiName(Api api)
{
    return nameIn(ApiNames, api);
}

bool apiFromName(const QString& name, Api* api)
{
    return valueIn(ApiNames, name, api);
}

QString statusName(GenerationStatus status)
{
    return nameIn(StatusNames, status);
}

GenerationStatus statusFromName(const QString& name)
{
    return valueIn(StatusNames, name).value_or(GenerationStatus::Failed);
}

QJsonObject usageObject(const Usage& u)
{
    QJsonObject o;
    const auto put = [&o](QLatin1StringView key, qint64 v) {
        if (v >= 0)
            o.insert(key, v);
    };
    put("input_tokens"_L1, u.inputTokens);
    put("output_tokens"_L1, u.outputTokens);
    put("reasoning_tokens"_L1, u.reasoningTokens);
    put("total_tokens"_L1, u.totalTokens);
    return o;
}

Usage usageFromObject(const QJsonObject& o)
{
    const auto get = [&o](QLatin1StringView key) {
        const QJsonValue v = o.value(key);
        return v.isDouble() ? v.toInteger() : qint64(-1);
    };
    Usage u;
    u.inputTokens = get("input_tokens"_L1);
    u.outputTokens = get("output_tokens"_L1);
    u.reasoningTokens = get("reasoning_tokens"_L1);
    u.totalTokens = get("total_tokens"_L1);
    return u;
}

QJsonObject paramsObject(const GenerationParams& p)
{
    QJsonObject o;
    if (p.temperature)
        o.insert("temperature"_L1, *p.temperature);
    if (p.maxOutputTokens)
        o.insert("max_output_tokens"_L1, *p.maxOutputTokens);
    if (!p.reasoningEffort.isEmpty())
        o.insert("reasoning_effort"_L1, p.reasoningEffort);
    return o;
}

GenerationParams paramsFromObject(const QJsonObject& o)
{
    GenerationParams p;
    if (const QJsonValue t = o.value("temperature"_L1); t.isDouble())
        p.temperature = t.toDouble();
    if (const QJsonValue m = o.value("max_output_tokens"_L1); m.isDouble() && m.toInteger() > 0)
        p.maxOutputTokens = m.toInteger();
    p.reasoningEffort = o.value("reasoning_effort"_L1).toString();
    return p;
}

QString titleFor(const QString& firstMessage)
{
    QString title = firstMessage.simplified();
    if (title.size() > 80)
        title = title.left(79) + QChar(0x2026);
    return title;
}

QString titleFor(const SendRequest& request)
{
    if (request.userText.trimmed().isEmpty() && !request.attachments.isEmpty())
        return titleFor(request.attachments.constFirst().name);
    return titleFor(request.userText);
}

QString isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QUrl ProviderConfig::defaultBaseUrl()
{
    return QUrl(u"https://api.openai.com/v1"_s);
}

QString ProviderConfig::defaultModel()
{
    return u"gpt-4o-mini"_s;
}

ProviderConfig ProviderConfig::fromEnvironment()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    ProviderConfig config;
    config.profileId = u"environment"_s;
    config.name = u"Environment"_s;
    config.apiKey = env.value(u"OPENAI_API_KEY"_s);
    const QString base = env.value(u"OPENAI_BASE_URL"_s);
    config.baseUrl = base.isEmpty() ? defaultBaseUrl() : QUrl(base);
    const QString model = env.value(u"TETHER_MODEL"_s);
    config.model = model.isEmpty() ? defaultModel() : model;
    return config;
}

} // namespace tether::engine
