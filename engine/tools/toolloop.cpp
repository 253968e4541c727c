// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tools/toolloop.h"

#include "engine/core/logging.h"
#include "engine/engine.h"

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

ToolLoop::ToolLoop(Engine* engine, ProviderConfig provider, QList<ToolSpec> tools, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_provider(std::move(provider))
    , m_tools(std::move(tools))
{}

void ToolLoop::follow(Generation* generation)
{
    m_running = true;
    m_generation = generation;
    connect(generation, &Generation::finished, this, &ToolLoop::onFinished);
    connect(generation, &Generation::refused, this, &ToolLoop::fail);
}

void ToolLoop::onFinished(const GenerationFinished& result)
{
    m_last = result;
    if (result.status != GenerationStatus::Completed || result.toolCalls.isEmpty() || m_stopping) {
        m_running = false;
        Q_EMIT finished(result, m_note);
        return;
    }
    handle(result.messageId, result.toolCalls);
}

void ToolLoop::resumeRound(qint64 messageId)
{
    m_running = true;
    auto* job = m_engine->loadToolCalls(messageId);
    connect(job, &Job::failed, this, &ToolLoop::fail);
    connect(job, &Job::succeeded, this, [this, job, messageId] {
        m_last = GenerationFinished{};
        m_last.messageId = messageId;
        if (!job->calls().isEmpty())
            m_last.conversationId = job->calls().first().conversationId;
        handle(messageId, job->calls());
    });
}

void ToolLoop::handle(qint64 messageId, const QList<ToolCallRecord>& calls)
{
    m_messageId = messageId;
    m_open.clear();
    if (!calls.isEmpty())
        m_conversationId = calls.first().conversationId;
    const bool overLimit = ++m_round > m_maxRounds;
    if (overLimit) {
        m_note = u"Tether stopped the tools after %1 rounds for one message; send a message to "
                 "go on."_s.arg(m_maxRounds);
    }
    for (const ToolCallRecord& c : calls) {
        if (!isFinal(c.status))
            m_open.insert(c.id, c);
    }
    if (m_open.isEmpty()) {
        next();
        return;
    }
    // In the reply's order (the hash has none): the user is asked about them as the model wrote
    // them.
    for (const ToolCallRecord& c : calls) {
        if (isFinal(c.status))
            continue;
        if (c.status == ToolCallStatus::Running)
            continue; // another Tether runs it right now; its result will come
        if (overLimit) {
            decline(c, u"Not run: Tether stops after %1 rounds of tools for one message."_s.arg(
                           m_maxRounds));
        } else if (c.server.isEmpty()) {
            decline(c, u"There is no tool named \"%1\"."_s.arg(c.name));
        } else {
            const bool interrupted = c.status == ToolCallStatus::Interrupted;
            const std::optional<ToolApproval> decision =
                m_policy ? m_policy(c, interrupted) : std::nullopt;
            if (!decision)
                Q_EMIT approvalNeeded(c, interrupted);
            else if (*decision == ToolApproval::Declined)
                decline(c, QString());
            else
                run(c, *decision);
        }
    }
}

void ToolLoop::decide(qint64 callId, ToolApproval approval)
{
    const auto it = m_open.constFind(callId);
    if (it == m_open.cend())
        return;
    if (approval == ToolApproval::Declined)
        decline(*it, QString());
    else
        run(*it, approval);
}

void ToolLoop::run(const ToolCallRecord& call, ToolApproval approval)
{
    auto* job = m_engine->runToolCall(call.id, approval);
    connect(job, &ToolCallJob::running, this, &ToolLoop::settle);
    connect(job, &Job::failed, this, &ToolLoop::fail);
    connect(job, &Job::succeeded, this, [this, job] {
        for (const ToolCallRecord& c : job->calls())
            settle(c);
    });
}

void ToolLoop::decline(const ToolCallRecord& call, const QString& reason)
{
    auto* job = m_engine->declineToolCall(call.id, reason);
    connect(job, &Job::failed, this, &ToolLoop::fail);
    connect(job, &Job::succeeded, this, [this, job] {
        for (const ToolCallRecord& c : job->calls())
            settle(c);
    });
}

void ToolLoop::settle(const ToolCallRecord& call)
{
    Q_EMIT callChanged(call);
    if (!isFinal(call.status)) {
        if (m_open.contains(call.id))
            m_open.insert(call.id, call);
        return;
    }
    if (!m_open.remove(call.id))
        return;
    if (m_open.isEmpty())
        next();
}

void ToolLoop::next()
{
    if (m_stopping || !m_note.isEmpty()) {
        m_running = false;
        Q_EMIT finished(m_last, m_note);
        return;
    }
    // Every result is committed: the next reply may be asked for.
    SendRequest request;
    request.conversationId = m_conversationId;
    request.afterToolsOf = m_messageId;
    request.provider = m_provider;
    request.tools = m_tools;
    Generation* g = m_engine->send(request);
    follow(g);
    Q_EMIT generationStarted(g);
}

void ToolLoop::stop()
{
    if (!m_running)
        return;
    m_stopping = true;
    if (m_generation && m_generation->status() != Generation::Status::Finished)
        m_generation->cancel();
    const auto open = m_open;
    for (const ToolCallRecord& c : open) {
        if (c.status == ToolCallStatus::Running)
            m_engine->cancelToolCall(c.stableId);
        else
            decline(c, u"The user stopped the reply before this tool ran."_s);
    }
}

void ToolLoop::fail(const Error& error)
{
    qCWarning(lcEngine) << "tool loop:" << error.message;
    m_running = false;
    Q_EMIT failed(error);
}

} // namespace tether::engine
