// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/tools/toolloop.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace tether::engine {
class Engine;
class Generation;
} // namespace tether::engine

namespace tether::ui {

class GenerationTracker;
class KeyStore;

// The window's tools: the MCP servers configured (their secrets read from the keychain before the
// engine gets them), their tools listed on first use and again when a server says they changed,
// the "always allow" decisions, and one ToolLoop per conversation whose reply is using tools.
// Nothing runs without permission: a call not always allowed, or one that was running when
// Tether stopped, is asked about (approvalNeeded) and waits for decide().
class ToolSession : public QObject {
    Q_OBJECT
public:
    ToolSession(engine::Engine& engine, GenerationTracker& tracker, QObject* parent = nullptr);
    ~ToolSession() override;

    // As stored: secrets as toolconfig::Placeholder.
    const QList<engine::McpServerConfig>& servers() const { return m_servers; }
    // From the settings: the configuration is saved, new secrets go to the keychain, and the
    // engine restarts the servers that changed.
    void setServers(const QList<engine::McpServerConfig>& servers);
    bool hasServers() const;
    // Forgets a remote server's sign-in, here and in the keychain; `done` then, on `context`.
    void signOut(const QString& server, QObject* context, const std::function<void()>& done);

    using ToolsCallback = std::function<void(const QList<engine::ToolSpec>& tools,
                                             const QList<engine::ToolServerStatus>& servers)>;
    // The tools of the enabled servers: listed once (starting the servers), then from memory
    // until the configuration or a server's list changes. `fresh` lists them again.
    void withTools(QObject* context, const ToolsCallback& then, bool fresh = false);

    // A reply (send, Regenerate, Continue) that may ask for tools.
    void follow(engine::Generation* generation, const engine::ProviderConfig& provider,
                const QList<engine::ToolSpec>& tools);
    // A reply whose calls have not gone on (Tether stopped, or a Continue completed it): through
    // the profile it was sent with, its calls are asked about or run and the model answers.
    void resumeRound(qint64 generationId, qint64 conversationId, qint64 messageId);
    bool isRunning(qint64 conversationId) const;
    void stop(qint64 conversationId);
    // The user's answer to approvalNeeded. Always is remembered for the call's server and tool.
    void decide(const engine::ToolCallRecord& call, engine::ToolApproval approval);

Q_SIGNALS:
    void approvalNeeded(const tether::engine::ToolCallRecord& call, bool interrupted);
    void callChanged(const tether::engine::ToolCallRecord& call);
    // The next reply of a round, to be shown like any other.
    void generationStarted(tether::engine::Generation* generation, qint64 conversationId);
    // The conversation's tool loop ended; `note` says why when it stopped early.
    void loopEnded(qint64 conversationId, const QString& note);
    void message(const QString& text);

private:
    engine::ToolLoop* makeLoop(const engine::ProviderConfig& provider,
                               const QList<engine::ToolSpec>& tools, qint64 conversationId);
    // A loop's conversation, once a reply or a call names it (a new chat has none at first).
    void learnConversation(engine::ToolLoop* loop, qint64 conversationId);
    void endLoop(engine::ToolLoop* loop, const QString& note);
    void readSecrets();
    void applyServers();
    void list();
    void storeSecrets(const QString& server, const QJsonObject& secrets);

    engine::Engine& m_engine;
    GenerationTracker& m_tracker;
    KeyStore* m_keys;
    QList<engine::McpServerConfig> m_servers;
    QHash<QString, QJsonObject> m_secrets; // by server, as read from the keychain
    QStringList m_reading;                 // servers whose secrets are being read
    QHash<QString, QString> m_unavailable; // servers left out, and why
    bool m_listed = false;
    QList<engine::ToolSpec> m_tools;
    QList<engine::ToolServerStatus> m_statuses;
    QList<std::pair<QPointer<QObject>, ToolsCallback>> m_waitingForTools;
    bool m_listing = false;
    int m_configVersion = 0;                   // a listing under way for an older one is done again
    QHash<qint64, engine::ToolRound> m_rounds; // waiting for their provider, by generation
    QHash<engine::ToolLoop*, qint64> m_loops;  // by conversation (0 until it is known)
};

} // namespace tether::ui
