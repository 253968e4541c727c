// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/providerprofiles.h"

#include "engine/resilience/continuation.h"

#include <QProcessEnvironment>
#include <QSettings>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

QList<ProviderPreset> providerPresets()
{
    return {
        {u"openai"_s, u"OpenAI (Chat Completions)"_s, u"https://api.openai.com/v1"_s,
         Api::ChatCompletions, ContinuationMode::Auto, u"gpt-4o-mini"_s, true},
        {u"openai-responses"_s, u"OpenAI (Responses API)"_s, u"https://api.openai.com/v1"_s,
         Api::Responses, ContinuationMode::Auto, u"gpt-4o-mini"_s, true},
        {u"azure"_s, u"Azure OpenAI"_s,
         u"https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT?api-version=2024-10-21"_s,
         Api::ChatCompletions, ContinuationMode::Instruct, QString(), true},
        {u"ollama"_s, u"Ollama"_s, u"http://localhost:11434/v1"_s, Api::ChatCompletions,
         ContinuationMode::Prefill, u"llama3.2"_s, false},
        {u"lmstudio"_s, u"LM Studio"_s, u"http://localhost:1234/v1"_s, Api::ChatCompletions,
         ContinuationMode::Prefill, QString(), false},
        {u"llamacpp"_s, u"llama.cpp server"_s, u"http://localhost:8080/v1"_s, Api::ChatCompletions,
         ContinuationMode::Prefill, QString(), false},
        {u"vllm"_s, u"vLLM"_s, u"http://localhost:8000/v1"_s, Api::ChatCompletions,
         ContinuationMode::Vllm, QString(), false},
        {u"openrouter"_s, u"OpenRouter"_s, u"https://openrouter.ai/api/v1"_s, Api::ChatCompletions,
         ContinuationMode::Instruct, u"openai/gpt-4o-mini"_s, true},
        {u"deepseek"_s, u"DeepSeek"_s, u"https://api.deepseek.com/beta"_s, Api::ChatCompletions,
         ContinuationMode::Prefix, u"deepseek-chat"_s, true},
        {u"custom"_s, u"Custom"_s, u"http://localhost:8080/v1"_s, Api::ChatCompletions,
         ContinuationMode::Auto, QString(), true},
    };
}

ProviderProfile profileFromPreset(const ProviderPreset& preset, const QString& id)
{
    ProviderProfile p;
    p.id = id;
    p.name = preset.name;
    p.preset = preset.id;
    p.config.profileId = id;
    p.config.name = preset.name;
    p.config.baseUrl = QUrl(preset.baseUrl);
    p.config.api = preset.api;
    p.config.model = preset.model;
    p.config.continuation = preset.continuation;
    if (preset.id == "azure"_L1)
        p.config.keyHeader = "api-key";
    return p;
}

void ProviderProfiles::load()
{
    QSettings s;
    m_profiles.clear();
    m_defaultId = s.value(u"providers/default"_s).toString();
    const int n = s.beginReadArray(u"providers/profiles"_s);
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        ProviderProfile p;
        p.id = s.value(u"id"_s).toString();
        p.name = s.value(u"name"_s).toString();
        p.preset = s.value(u"preset"_s).toString();
        p.config.profileId = p.id;
        p.config.name = p.name;
        p.config.baseUrl = QUrl(s.value(u"baseUrl"_s).toString());
        apiFromName(s.value(u"api"_s, u"chat"_s).toString(), &p.config.api);
        p.config.model = s.value(u"model"_s).toString();
        continuationFromName(s.value(u"continuation"_s, u"auto"_s).toString(),
                             &p.config.continuation);
        p.config.retry.idleTimeoutMs = s.value(u"idleTimeoutMs"_s, 60'000).toLongLong();
        p.config.keyHeader = s.value(u"keyHeader"_s, QByteArray("Authorization")).toByteArray();
        p.config.retry.firstTokenTimeoutMs =
            s.value(u"firstTokenTimeoutMs"_s, p.config.retry.firstTokenTimeoutMs).toLongLong();
        p.config.retry.maxAttempts = s.value(u"maxAttempts"_s, p.config.retry.maxAttempts).toInt();
        p.config.extraHeaders = parseHeaders(s.value(u"extraHeaders"_s).toString());
        m_profiles.append(p);
    }
    s.endArray();
}

Headers parseHeaders(const QString& text)
{
    Headers headers;
    for (const QString& line : text.split(u'\n')) {
        const qsizetype colon = line.indexOf(u':');
        const QString name = line.left(colon).trimmed();
        if (colon <= 0 || name.isEmpty() || name.contains(u' '))
            continue;
        headers.append({name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return headers;
}

QString formatHeaders(const Headers& headers)
{
    QStringList lines;
    for (const auto& [name, value] : headers)
        lines << QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
    return lines.join(u'\n');
}

void ProviderProfiles::save() const
{
    QSettings s;
    s.setValue(u"providers/default"_s, m_defaultId);
    s.beginWriteArray(u"providers/profiles"_s, int(m_profiles.size()));
    for (int i = 0; i < m_profiles.size(); ++i) {
        const ProviderProfile& p = m_profiles[i];
        s.setArrayIndex(i);
        s.setValue(u"id"_s, p.id);
        s.setValue(u"name"_s, p.name);
        s.setValue(u"preset"_s, p.preset);
        s.setValue(u"baseUrl"_s, p.config.baseUrl.toString());
        s.setValue(u"api"_s, apiName(p.config.api));
        s.setValue(u"model"_s, p.config.model);
        s.setValue(u"continuation"_s, continuationName(p.config.continuation));
        s.setValue(u"idleTimeoutMs"_s, p.config.retry.idleTimeoutMs);
        s.setValue(u"keyHeader"_s, p.config.keyHeader);
        s.setValue(u"firstTokenTimeoutMs"_s, p.config.retry.firstTokenTimeoutMs);
        s.setValue(u"maxAttempts"_s, p.config.retry.maxAttempts);
        s.setValue(u"extraHeaders"_s, formatHeaders(p.config.extraHeaders));
    }
    s.endArray();
}

const ProviderProfile* ProviderProfiles::find(const QString& id) const
{
    for (const ProviderProfile& p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

ProviderProfile ProviderProfiles::current() const
{
    if (const ProviderProfile* p = find(m_defaultId))
        return *p;
    const auto env = QProcessEnvironment::systemEnvironment();
    const bool keyInEnv = env.contains(u"OPENAI_API_KEY"_s);
    if (m_profiles.isEmpty() && !keyInEnv && !env.contains(u"OPENAI_BASE_URL"_s))
        return *byId(
            u"demo"_s); // first run, nothing configured: the Demo shows streaming and resume
    if (keyInEnv || m_profiles.isEmpty())
        return *byId(u"environment"_s);
    return m_profiles.first();
}

QString ProviderProfiles::newId() const
{
    // Never reused: a generation journaled with a deleted profile's id must not resume through a
    // new profile that happens to get the same one.
    return u"profile-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

std::optional<ProviderProfile> ProviderProfiles::byId(const QString& id) const
{
    if (const ProviderProfile* p = find(id))
        return *p;
    if (id == "demo"_L1) {
        ProviderProfile demo;
        demo.id = id;
        demo.name = u"Demo"_s;
        demo.preset = u"demo"_s;
        demo.config.profileId = id;
        demo.config.name = demo.name;
        demo.config.continuation = ContinuationMode::Prefill;
        return demo;
    }
    const auto env = QProcessEnvironment::systemEnvironment();
    if (id == "environment"_L1 &&
        (env.contains(u"OPENAI_API_KEY"_s) || env.contains(u"OPENAI_BASE_URL"_s))) {
        ProviderProfile p;
        p.id = id;
        p.name = u"Environment"_s;
        p.config = ProviderConfig::fromEnvironment();
        p.config.apiKey.clear();
        p.fromEnvironment = true;
        return p;
    }
    return std::nullopt;
}

} // namespace tether::ui
