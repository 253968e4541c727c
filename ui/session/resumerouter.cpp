// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/resumerouter.h"

#include "engine/engine.h"
#include "engine/stream/requestbuilder.h"
#include "ui/session/providerprofiles.h"
#include "ui/session/providersession.h"

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ResumeRouter::ResumeRouter(Engine& engine, ProviderSession& session, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_session(session)
{}

void ResumeRouter::route(qint64 generationId)
{
    LoadRouteJob* job = m_engine.loadRoute(generationId);
    connect(job, &Job::succeeded, this, [this, job] { onRoute(job->route()); });
    connect(job, &Job::failed, this,
            [this, generationId](const Error& e) { Q_EMIT failed(generationId, e.message); });
}

void ResumeRouter::onRoute(const GenerationRoute& route)
{
    // The window's own provider, key and all, when the reply was sent through it; or, its own
    // profile gone, to the same address.
    const std::optional<ProviderConfig> current = m_session.current();
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
    m_session.resolve(*profile,
                      [this, id = route.generationId](ProviderConfig config, const QString& error) {
                          if (error.isEmpty())
                              Q_EMIT routed(id, config);
                          else
                              Q_EMIT failed(id, error);
                      });
}

} // namespace tether::ui
