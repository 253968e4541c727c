// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QObject>

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ProviderSession;

// Finds the provider an interrupted reply goes on through: the profile it was sent with, as it
// is configured now (ProviderSession gives its key, or the Demo's server on this run's port).
// When that profile is gone, a profile set up for the same address takes over; failing that the
// caller decides whether the journaled address may be used, without a key.
class ResumeRouter : public QObject {
    Q_OBJECT
public:
    ResumeRouter(engine::Engine& engine, ProviderSession& session, QObject* parent = nullptr);

    // Then `routed`, `profileGone` or `failed`, once.
    void route(qint64 generationId);

Q_SIGNALS:
    void routed(qint64 generationId, const tether::engine::ProviderConfig& provider);
    void profileGone(qint64 generationId, const tether::engine::GenerationRoute& route);
    void failed(qint64 generationId, const QString& message);

private:
    void onRoute(const engine::GenerationRoute& route);

    engine::Engine& m_engine;
    ProviderSession& m_session;
};

} // namespace tether::ui
