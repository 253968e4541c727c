// SPDX-License-Identifier: GPL-3.0-or-later
// The Engine's calls to the tool host that need no answer: configuration, cancellation, the
// keychain, and the user's answers to what a server asks.
#include "engine/engine.h"
#include "engine/mcp/toolhost.h"

namespace tether::engine {

void Engine::setToolServers(const QList<McpServerConfig>& servers)
{
    QMetaObject::invokeMethod(
        m_tools, [t = m_tools, servers] { t->configure(servers); }, Qt::QueuedConnection);
}

void Engine::cancelToolCall(const QString& stableId)
{
    QMetaObject::invokeMethod(
        m_tools, [t = m_tools, stableId] { t->cancelCall(stableId); }, Qt::QueuedConnection);
}

void Engine::setSecretStore(std::shared_ptr<SecretStore> store)
{
    QMetaObject::invokeMethod(
        m_tools, [t = m_tools, store] { t->setSecretStore(store); }, Qt::QueuedConnection);
}

void Engine::cancelSignIn(const QString& server)
{
    QMetaObject::invokeMethod(
        m_tools, [t = m_tools, server] { t->cancelSignIn(server); }, Qt::QueuedConnection);
}

void Engine::answerElicitation(quint64 id, const ElicitationAnswer& answer)
{
    QMetaObject::invokeMethod(
        m_tools, [t = m_tools, id, answer] { t->answerElicitation(id, answer); },
        Qt::QueuedConnection);
}

} // namespace tether::engine
