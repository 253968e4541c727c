// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "types.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class DemoServer;
class KeyStore;

// Finds the provider an interrupted reply goes on through: the profile it was sent with, as it
// is configured now (its key from the keychain, the Demo's server on this run's port). When that
// profile is gone, a profile set up for the same address takes over; failing that the caller
// decides whether the journaled address may be used, without a key.
class ResumeRouter : public QObject {
    Q_OBJECT
public:
    ResumeRouter(engine::Engine& engine, KeyStore& keys, QObject* parent = nullptr);

    // The provider the window uses now, key included, or nothing while its key is on its way:
    // a reply sent through it (or, its own profile gone, to its address) goes on through it.
    using CurrentProvider = std::function<std::optional<engine::ProviderConfig>()>;
    void setCurrentProvider(CurrentProvider current) { m_current = std::move(current); }

    // Then `routed`, `profileGone` or `failed`, once.
    void route(qint64 generationId);
    // The built-in Demo's server, started on first use; null when it cannot listen.
    DemoServer* demo();
    static engine::ProviderConfig demoConfig(const DemoServer& server);

Q_SIGNALS:
    void routed(qint64 generationId, const tether::engine::ProviderConfig& provider);
    void profileGone(qint64 generationId, const tether::engine::GenerationRoute& route);
    void failed(qint64 generationId, const QString& message);

private:
    void onRoute(quint64 tag, const engine::GenerationRoute& route);
    void onKey(const QString& profileId, const QString& key, int outcome, const QString& message);

    engine::Engine& m_engine;
    KeyStore& m_keys;
    CurrentProvider m_current;
    DemoServer* m_demo = nullptr;
    QHash<quint64, qint64> m_asked; // engine tag -> generation
    // Generations waiting for their profile's key, with the provider so far.
    QMultiHash<QString, QPair<qint64, engine::ProviderConfig>> m_waitingForKey;
    quint64 m_nextTag = 1ULL << 61; // apart from the window's tags until requests are objects
};

} // namespace tether::ui
