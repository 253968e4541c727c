// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/types.h"

#include <QProcessEnvironment>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

QString apiName(Api api)
{
    return nameIn(ApiNames, api);
}

bool apiFromName(const QString& name, Api* api)
{
    const std::optional<Api> found = valueIn(ApiNames, name);
    if (found)
        *api = *found;
    return found.has_value();
}

QString statusName(GenerationStatus status)
{
    return nameIn(StatusNames, status);
}

GenerationStatus statusFromName(const QString& name)
{
    return valueIn(StatusNames, name).value_or(GenerationStatus::Failed);
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
