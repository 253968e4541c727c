// SPDX-License-Identifier: GPL-3.0-or-later
#include "resumerouter.h"

#include "demoserver.h"
#include "engine.h"
#include "keystore.h"
#include "providerprofiles.h"
#include "requestbuilder.h"

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ResumeRouter::ResumeRouter(Engine& engine, KeyStore& keys, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_keys(keys)
{
    connect(&m_engine, &Engine::routeLoaded, this, &ResumeRouter::onRoute);
    connect(&m_engine, &Engine::queryFailed, this, [this](quint64 tag, const Error& e) {
        if (const auto it = m_asked.find(tag); it != m_asked.end()) {
            const qint64 id = *it;
            m_asked.erase(it);
            Q_EMIT failed(id, e.message);
        }
    });
    connect(&m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& key, KeyStore::Outcome outcome,
                   const QString& message) { onKey(id, key, int(outcome), message); });
}

void ResumeRouter::route(qint64 generationId)
{
    const quint64 tag = m_nextTag++;
    m_asked.insert(tag, generationId);
    m_engine.loadRoute(tag, generationId);
}

DemoServer* ResumeRouter::demo()
{
    if (!m_demo)
        m_demo = new DemoServer(this);
    return m_demo->start() ? m_demo : nullptr;
}

ProviderConfig ResumeRouter::demoConfig(const DemoServer& server)
{
    ProviderConfig config = ProviderProfiles().byId(u"demo"_s)->config;
    config.baseUrl = server.baseUrl();
    config.model = DemoServer::model();
    return config;
}

void ResumeRouter::onRoute(quint64 tag, const GenerationRoute& route)
{
    const auto it = m_asked.find(tag);
    if (it == m_asked.end())
        return;
    m_asked.erase(it);
    const std::optional<ProviderConfig> current = m_current ? m_current() : std::nullopt;
    if (current && current->profileId == route.profileId) {
        Q_EMIT routed(route.generationId, *current);
        return;
    }
    ProviderProfiles profiles;
    profiles.load();
    std::optional<ProviderProfile> profile = profiles.byId(route.profileId);
    if (!profile && current && sameOrigin(current->baseUrl, route.baseUrl)) {
        Q_EMIT routed(route.generationId, *current);
        return;
    }
    if (!profile) {
        // Gone, or journaled before Tether remembered profiles: a profile set up for the same
        // address may carry the key there.
        for (const ProviderProfile& p : profiles.profiles()) {
            if (sameOrigin(p.config.baseUrl, route.baseUrl)) {
                profile = p;
                break;
            }
        }
    }
    if (!profile) {
        Q_EMIT profileGone(route.generationId, route);
        return;
    }
    if (profile->preset == "demo"_L1) {
        DemoServer* server = demo();
        if (!server) {
            Q_EMIT failed(route.generationId, tr("The demo could not start a local server."));
            return;
        }
        Q_EMIT routed(route.generationId, demoConfig(*server));
        return;
    }
    ProviderConfig config = profile->config;
    if (profile->fromEnvironment) {
        config.apiKey = ProviderConfig::fromEnvironment().apiKey;
        Q_EMIT routed(route.generationId, config);
        return;
    }
    if (const QString key = m_keys.sessionKey(profile->id); !key.isEmpty()) {
        config.apiKey = key;
        Q_EMIT routed(route.generationId, config);
        return;
    }
    m_waitingForKey.insert(profile->id, {route.generationId, config});
    m_keys.read(profile->id); // a locked keychain may take its time; nothing waits for it
}

void ResumeRouter::onKey(const QString& profileId, const QString& key, int outcome,
                         const QString& message)
{
    const auto waiting = m_waitingForKey.values(profileId);
    if (waiting.isEmpty())
        return;
    m_waitingForKey.remove(profileId);
    const auto o = KeyStore::Outcome(outcome);
    for (auto [id, config] : waiting) {
        if (o != KeyStore::Outcome::Ok && o != KeyStore::Outcome::NotFound) {
            Q_EMIT failed(
                id,
                tr("The keychain could not give the key of “%1”: %2").arg(config.name, message));
            continue;
        }
        config.apiKey = key;
        Q_EMIT routed(id, config);
    }
}

} // namespace tether::ui
