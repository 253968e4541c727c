// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "ui/session/providerprofiles.h"

#include <QMultiHash>
#include <QObject>

#include <functional>
#include <optional>

namespace tether::engine {
class DemoServer;
}

namespace tether::ui {

class KeyStore;

// The provider the window talks to, and the one place that turns a profile into a provider
// with its key: from the keychain (asynchronously), the environment, this session's memory, or
// the built-in Demo's server on this run's port. New messages and resumed replies both go
// through here.
class ProviderSession : public QObject {
    Q_OBJECT
public:
    ProviderSession(engine::ProviderConfig initial, KeyStore& keys, QObject* parent = nullptr);

    // The provider in use, key included; nothing while its key is on its way.
    std::optional<engine::ProviderConfig> current() const;
    // The same, its key possibly still missing: for what the window shows (the model's name).
    const engine::ProviderConfig& provider() const { return m_provider; }
    bool isDemo() const { return m_demo; }

    // Makes `profile` the one in use: `changed` now, then `ready` once its key is here.
    void use(const ProviderProfile& profile);

    // `profile` as configured now, key included. `error` is empty, or says why the key (or the
    // Demo's server) is missing; `config` is then as good as it gets.
    using Resolved = std::function<void(engine::ProviderConfig config, QString error)>;
    void resolve(const ProviderProfile& profile, Resolved done);

    // The built-in Demo's server, started on first use; null when it cannot listen.
    engine::DemoServer* demo();
    static engine::ProviderConfig demoConfig(const engine::DemoServer& server);

    // The profile in use has a key (in the keychain, or typed last session) that is not here:
    // "Not Now" was answered. Sending asks for it again (askForKeyAgain).
    bool missesKey() const;
    void askForKeyAgain();

    // The answer to keyNeeded: the key typed (kept for this session only), or none.
    void provideKey(const QString& profileId, const QString& key);
    void goWithoutKey(const QString& profileId);

Q_SIGNALS:
    void changed();
    void ready();
    void problem(const QString& message);
    // A profile that has a key cannot read it now (no keychain, or it refused): the user is
    // asked for it; whatever waits for the key waits for provideKey or goWithoutKey.
    void keyNeeded(const QString& profileId, const QString& name, const QString& why);

private:
    void onKey(const QString& profileId, const QString& key, int outcome, const QString& message);

    KeyStore& m_keys;
    engine::ProviderConfig m_provider;
    QString m_profileId;                      // empty for the provider given at construction
    std::optional<ProviderProfile> m_profile; // the one in use, once use() was called
    bool m_keyPending = false;
    bool m_demo = false;
    engine::DemoServer* m_demoServer = nullptr;
    void answer(const QString& profileId, const QString& key, const QString& error);

    QMultiHash<QString, QPair<engine::ProviderConfig, Resolved>> m_waitingForKey;
    QHash<QString, QString> m_askedWhy; // keyNeeded sent, no answer yet: why the key is missing
};

} // namespace tether::ui
