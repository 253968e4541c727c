// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/types.h"

#include <QProcessEnvironment>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

QString apiName(Api api)
{
    return api == Api::Responses ? u"responses"_s : u"chat"_s;
}

bool apiFromName(const QString& name, Api* api)
{
    if (name == "chat"_L1)
        *api = Api::ChatCompletions;
    else if (name == "responses"_L1)
        *api = Api::Responses;
    else
        return false;
    return true;
}

QString statusName(GenerationStatus status)
{
    switch (status) {
    case GenerationStatus::Streaming:
        return u"streaming"_s;
    case GenerationStatus::Completed:
        return u"completed"_s;
    case GenerationStatus::Interrupted:
        return u"interrupted"_s;
    case GenerationStatus::Failed:
        return u"failed"_s;
    case GenerationStatus::Cancelled:
        return u"cancelled"_s;
    }
    return u"failed"_s;
}

GenerationStatus statusFromName(const QString& name)
{
    for (auto s :
         {GenerationStatus::Streaming, GenerationStatus::Completed, GenerationStatus::Interrupted,
          GenerationStatus::Failed, GenerationStatus::Cancelled}) {
        if (statusName(s) == name)
            return s;
    }
    return GenerationStatus::Failed;
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
