// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"
#include "engine/tools/tooltypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace tether::engine {

class Engine;
class Generation;

// One user message's tool loop, on the thread of whoever asked (the window, the CLI): a reply
// asks for tools, each call is allowed or declined, run (several at once), and the next reply is
// requested once every result is in the journal; at most `maxRounds` times. Every step is the
// Engine's, journaled before the next: this object only decides what comes next, so a new one
// can pick up a round that a crash left (resumeRound).
class ToolLoop : public QObject {
    Q_OBJECT
public:
    // A decision without asking: the CLI's --allow-tool, the window's "always allow".
    // nullopt asks (approvalNeeded). `interrupted`: the call ran when Tether stopped.
    using Policy =
        std::function<std::optional<ToolApproval>(const ToolCallRecord& call, bool interrupted)>;
    static constexpr int DefaultMaxRounds = 10;

    ToolLoop(Engine* engine, ProviderConfig provider, QList<ToolSpec> tools,
             QObject* parent = nullptr);

    void setPolicy(Policy policy) { m_policy = std::move(policy); }
    void setMaxRounds(int rounds) { m_maxRounds = rounds; }
    // Follows a reply (a send, a resume): when it asks for tools, the loop goes on.
    void follow(Generation* generation);
    // Goes on with a reply whose calls did not (Engine::pendingToolRounds after a restart).
    void resumeRound(qint64 messageId);
    // The answer to approvalNeeded: Once or Always runs it, Declined tells the model so.
    void decide(qint64 callId, ToolApproval approval);
    // Running calls are cancelled, calls waiting for an answer declined, the reply stopped.
    void stop();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void approvalNeeded(const tether::engine::ToolCallRecord& call, bool interrupted);
    // A call started running, or ended (done, failed, declined).
    void callChanged(const tether::engine::ToolCallRecord& call);
    // Each next round's reply (follow() is not echoed).
    void generationStarted(tether::engine::Generation* generation);
    // The loop ended with this reply. `note` says why it stopped early (the round limit).
    void finished(const tether::engine::GenerationFinished& last, const QString& note);
    // A step could not be taken (the journal refused, the next request was refused).
    void failed(const tether::engine::Error& error);

private:
    void onFinished(const GenerationFinished& result);
    void handle(qint64 messageId, const QList<ToolCallRecord>& calls);
    void settle(const ToolCallRecord& call);
    void run(const ToolCallRecord& call, ToolApproval approval);
    void decline(const ToolCallRecord& call, const QString& reason);
    void next();
    void fail(const Error& error);

    Engine* m_engine;
    ProviderConfig m_provider;
    QList<ToolSpec> m_tools;
    Policy m_policy;
    int m_maxRounds = DefaultMaxRounds;
    int m_round = 0;
    bool m_running = false;
    bool m_stopping = false;
    QPointer<Generation> m_generation;
    GenerationFinished m_last;
    qint64 m_messageId = 0;
    qint64 m_conversationId = 0;
    QHash<qint64, ToolCallRecord> m_open; // calls of this round not final yet, by id
    QString m_note;
};

} // namespace tether::engine
