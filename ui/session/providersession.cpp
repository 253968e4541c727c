// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/providersession.h"

#include "engine/demo/demoserver.h"
#include "ui/session/keystore.h"

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ProviderSession::ProviderSession(ProviderConfig initial, KeyStore& keys, QObject* parent)
    : QObject(parent)
    , m_keys(keys)
    , m_provider(std::move(initial))
{
    connect(&m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& key, KeyStore::Outcome outcome,
                   const QString& message) { onKey(id, key, int(outcome), message); });
}

std::optional<ProviderConfig> ProviderSession::current() const
{
    if (m_keyPending)
        return std::nullopt;
    return m_provider;
}

void ProviderSession::use(const ProviderProfile& profile)
{
    m_profile = profile;
    m_profileId = profile.id;
    m_provider = profile.config;
    m_demo = profile.preset == "demo"_L1;
    m_keyPending = true;
    Q_EMIT changed();
    resolve(profile, [this, id = profile.id](ProviderConfig config, const QString& error) {
        if (id != m_profileId)
            return; // another profile was chosen meanwhile
        m_provider = std::move(config);
        m_keyPending = false;
        if (!error.isEmpty())
            Q_EMIT problem(error);
        Q_EMIT ready();
    });
}

void ProviderSession::resolve(const ProviderProfile& profile, Resolved done)
{
    ProviderConfig config = profile.config;
    if (profile.preset == "demo"_L1) {
        DemoServer* server = demo();
        if (!server) {
            done(config, tr("The demo could not start a local server."));
            return;
        }
        done(demoConfig(*server), {});
        return;
    }
    if (profile.fromEnvironment) {
        config.apiKey = ProviderConfig::fromEnvironment().apiKey;
        done(config, {});
        return;
    }
    if (const QString key = m_keys.sessionKey(profile.id); !key.isEmpty()) {
        config.apiKey = key;
        done(config, {});
        return;
    }
    if (KeyStore::kept(profile.id) == KeyStore::Kept::None) {
        done(config, {}); // a local server with no key: the keychain is not even asked
        return;
    }
    const bool asked = m_waitingForKey.contains(profile.id);
    m_waitingForKey.insert(profile.id, {config, std::move(done)});
    if (!asked)
        m_keys.read(profile.id); // a locked keychain may take its time; nothing waits for it
}

bool ProviderSession::missesKey() const
{
    return !m_demo && !m_keyPending && !m_profileId.isEmpty() && m_provider.apiKey.isEmpty() &&
           KeyStore::hasKey(m_profileId);
}

void ProviderSession::askForKeyAgain()
{
    if (m_profile)
        use(*m_profile);
}

void ProviderSession::answer(const QString& profileId, const QString& key, const QString& error)
{
    const auto waiting = m_waitingForKey.values(profileId);
    m_waitingForKey.remove(profileId);
    m_askedWhy.remove(profileId);
    // values() lists the latest first; answer in the order asked.
    for (auto it = waiting.crbegin(); it != waiting.crend(); ++it) {
        ProviderConfig config = it->first;
        config.apiKey = key;
        it->second(config, error);
    }
}

void ProviderSession::provideKey(const QString& profileId, const QString& key)
{
    if (!m_askedWhy.contains(profileId))
        return;
    m_keys.keepForSession(profileId, key);
    answer(profileId, key, {});
}

void ProviderSession::goWithoutKey(const QString& profileId)
{
    const auto it = m_askedWhy.constFind(profileId);
    if (it == m_askedWhy.cend())
        return;
    const QString name = m_waitingForKey.contains(profileId)
                             ? m_waitingForKey.value(profileId).first.name
                             : profileId;
    answer(profileId, {},
           tr("No API key for “%1”: %2. Continue asks for it again.").arg(name, *it));
}

void ProviderSession::onKey(const QString& profileId, const QString& key, int outcome,
                            const QString& message)
{
    if (!m_waitingForKey.contains(profileId) || m_askedWhy.contains(profileId))
        return;
    const auto o = KeyStore::Outcome(outcome);
    if (o == KeyStore::Outcome::Ok || o == KeyStore::Outcome::NotFound) {
        answer(profileId, key, {});
        return;
    }
    const QString name = m_waitingForKey.value(profileId).first.name;
    const QString why = o == KeyStore::Outcome::NoKeychain
                            ? tr("the keychain is not available (%1)").arg(message)
                            : tr("the keychain did not give it (%1)").arg(message);
    if (KeyStore::hasKey(profileId)) {
        // It has a key the keychain cannot give now: the user is asked, and the reply waits.
        m_askedWhy.insert(profileId, why);
        Q_EMIT keyNeeded(profileId, name, why);
        return;
    }
    answer(profileId, {}, tr("The keychain could not give the key of “%1”: %2").arg(name, message));
}

DemoServer* ProviderSession::demo()
{
    if (!m_demoServer)
        m_demoServer = new DemoServer(this);
    return m_demoServer->start() ? m_demoServer : nullptr;
}

ProviderConfig ProviderSession::demoConfig(const DemoServer& server)
{
    ProviderConfig config = ProviderProfiles().byId(u"demo"_s)->config;
    config.baseUrl = server.baseUrl();
    config.model = DemoServer::model();
    return config;
}

} // namespace tether::ui
