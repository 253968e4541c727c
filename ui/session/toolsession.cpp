// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/toolsession.h"

#include "engine/engine.h"
#include "ui/logging.h"
#include "ui/session/generationtracker.h"
#include "ui/session/keystore.h"
#include "ui/session/toolconfig.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

namespace {

QString serverOf(const QString& keychainId)
{
    return keychainId.mid(toolconfig::keychainId(QString()).size());
}

} // namespace

ToolSession::ToolSession(Engine& engine, GenerationTracker& tracker, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_tracker(tracker)
    , m_keys(new KeyStore(this))
    , m_servers(toolconfig::load())
{
    connect(m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& text, KeyStore::Outcome outcome,
                   const QString& error) {
                const QString server = serverOf(id);
                if (!m_reading.removeOne(server))
                    return;
                if (outcome == KeyStore::Outcome::Ok)
                    m_secrets.insert(server, QJsonDocument::fromJson(text.toUtf8()).object());
                else
                    m_unavailable.insert(server,
                                         tr("its secrets could not be read from the keychain (%1)")
                                             .arg(outcome == KeyStore::Outcome::NotFound
                                                      ? tr("they are not there")
                                                      : error));
                if (m_reading.isEmpty())
                    applyServers();
            });
    connect(m_keys, &KeyStore::keyWritten, this,
            [this](const QString& id, KeyStore::Outcome outcome, const QString& error) {
                if (outcome != KeyStore::Outcome::Ok)
                    Q_EMIT message(tr("The secrets of the tool server “%1” could not be stored in "
                                      "the keychain (%2); they are used until Tether quits.")
                                       .arg(serverOf(id), error));
            });
    connect(&m_engine, &Engine::toolsChanged, this, [this] { m_listed = false; });
    // A completed reply that asked for tools and that no loop follows (Continue finished it, or
    // it was cut off and resumed at start-up): its round goes on.
    connect(&m_tracker, &GenerationTracker::finished, this,
            [this](const LiveReply&, const GenerationFinished& f, bool) {
                if (f.status == GenerationStatus::Completed && !f.toolCalls.isEmpty() &&
                    !isRunning(f.conversationId))
                    resumeRound(f.generationId, f.conversationId, f.messageId);
            });
    connect(&m_engine, &Engine::ready, this, [this] {
        for (const ToolRound& r : m_engine.pendingToolRounds())
            resumeRound(r.generationId, r.conversationId, r.messageId);
    });
    connect(
        &m_tracker, &GenerationTracker::roundRouted, this,
        [this](qint64 generationId, const ProviderConfig& provider) {
            const ToolRound round = m_rounds.take(generationId);
            if (!round.messageId)
                return;
            withTools(this, [this, round, provider](const QList<ToolSpec>& tools,
                                                    const QList<ToolServerStatus>&) {
                if (!isRunning(round.conversationId))
                    makeLoop(provider, tools, round.conversationId)->resumeRound(round.messageId);
            });
        });
    readSecrets();
}

ToolSession::~ToolSession() = default;

void ToolSession::signOut(const QString& server, QObject* context,
                          const std::function<void()>& done)
{
    connect(m_engine.signOutToolServer(server), &Job::finished, context, [this, done] {
        // A listing that ended meanwhile was made with the sign-in.
        m_listed = false;
        done();
    });
}

bool ToolSession::hasServers() const
{
    return std::any_of(m_servers.cbegin(), m_servers.cend(),
                       [](const McpServerConfig& s) { return s.enabled; });
}

void ToolSession::readSecrets()
{
    for (const McpServerConfig& s : std::as_const(m_servers)) {
        if (s.enabled && toolconfig::hasPlaceholders(s) && !m_secrets.contains(s.name)) {
            m_reading.append(s.name);
            m_keys->read(toolconfig::keychainId(s.name));
        }
    }
    if (m_reading.isEmpty())
        applyServers();
}

void ToolSession::applyServers()
{
    QList<McpServerConfig> usable;
    for (const McpServerConfig& s : std::as_const(m_servers)) {
        if (m_unavailable.contains(s.name))
            continue;
        QStringList missing;
        McpServerConfig full = toolconfig::withSecrets(s, m_secrets.value(s.name), &missing);
        if (!missing.isEmpty()) {
            m_unavailable.insert(s.name,
                                 tr("the keychain has no value for %1").arg(missing.join(u", "_s)));
            continue;
        }
        usable.append(full);
    }
    ++m_configVersion;
    m_listed = false;
    m_engine.setToolServers(usable);
    if (!m_waitingForTools.isEmpty())
        list();
}

void ToolSession::setServers(const QList<McpServerConfig>& servers)
{
    QList<McpServerConfig> stored;
    QHash<QString, QJsonObject> secrets;
    for (const McpServerConfig& s : servers) {
        QJsonObject edited;
        stored.append(toolconfig::withoutSecrets(s, &edited));
        const QJsonObject merged = toolconfig::mergeSecrets(m_secrets.value(s.name), edited, s);
        if (!merged.isEmpty())
            secrets.insert(s.name, merged);
    }
    for (const McpServerConfig& old : std::as_const(m_servers)) {
        if (!secrets.contains(old.name) && m_secrets.contains(old.name))
            m_keys->remove(toolconfig::keychainId(old.name));
    }
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it) {
        if (m_secrets.value(it.key()) != it.value())
            storeSecrets(it.key(), it.value());
    }
    m_secrets = secrets;
    m_servers = stored;
    toolconfig::save(m_servers);
    // A server whose secrets could not be read stays out until they are typed again.
    QHash<QString, QString> unavailable;
    for (const McpServerConfig& s : std::as_const(m_servers)) {
        if (m_unavailable.contains(s.name) && !m_secrets.contains(s.name))
            unavailable.insert(s.name, m_unavailable.value(s.name));
    }
    m_unavailable = unavailable;
    if (m_reading.isEmpty())
        applyServers();
}

void ToolSession::storeSecrets(const QString& server, const QJsonObject& secrets)
{
    m_keys->write(toolconfig::keychainId(server),
                  QString::fromUtf8(QJsonDocument(secrets).toJson(QJsonDocument::Compact)));
}

void ToolSession::withTools(QObject* context, const ToolsCallback& then, bool fresh)
{
    if (fresh)
        m_listed = false;
    if (m_listed && m_reading.isEmpty()) {
        then(m_tools, m_statuses);
        return;
    }
    m_waitingForTools.append({context, then});
    if (m_reading.isEmpty())
        list();
}

void ToolSession::list()
{
    if (m_listing)
        return;
    m_listing = true;
    const int version = m_configVersion;
    ListToolsJob* job = m_engine.listTools();
    const auto done = [this, version](const QList<ToolSpec>& tools,
                                      QList<ToolServerStatus> statuses) {
        m_listing = false;
        if (version != m_configVersion) {
            list(); // the servers changed meanwhile
            return;
        }
        for (auto it = m_unavailable.cbegin(); it != m_unavailable.cend(); ++it) {
            ToolServerStatus s;
            s.server = it.key();
            s.error = it.value();
            statuses.append(s);
        }
        m_tools = tools;
        m_statuses = statuses;
        m_listed = true;
        const auto waiting = std::exchange(m_waitingForTools, {});
        for (const auto& [context, then] : waiting) {
            if (context)
                then(m_tools, m_statuses);
        }
    };
    connect(job, &Job::succeeded, this, [job, done] { done(job->tools(), job->servers()); });
    connect(job, &Job::failed, this, [this, done](const Error& e) {
        Q_EMIT message(
            tr("The tool servers could not be asked for their tools: %1").arg(e.message));
        done({}, {});
    });
}

ToolLoop* ToolSession::makeLoop(const ProviderConfig& provider, const QList<ToolSpec>& tools,
                                qint64 conversationId)
{
    auto* loop = new ToolLoop(&m_engine, provider, tools, this);
    m_loops.insert(loop, conversationId);
    // "Always allow" runs a tool without asking; never one that was running when Tether stopped.
    loop->setPolicy(
        [](const ToolCallRecord& call, bool interrupted) -> std::optional<ToolApproval> {
            if (!interrupted && toolconfig::isAlwaysAllowed(call.server, call.tool))
                return ToolApproval::Always;
            return std::nullopt;
        });
    const auto learn = [this, loop](qint64 id) { learnConversation(loop, id); };
    connect(loop, &ToolLoop::approvalNeeded, this,
            [this, learn](const ToolCallRecord& call, bool interrupted) {
                learn(call.conversationId);
                Q_EMIT approvalNeeded(call, interrupted);
            });
    connect(loop, &ToolLoop::callChanged, this, [this, learn](const ToolCallRecord& call) {
        learn(call.conversationId);
        Q_EMIT callChanged(call);
    });
    connect(loop, &ToolLoop::generationStarted, this, [this, loop](Generation* g) {
        const qint64 conversation = m_loops.value(loop);
        // A new chat's first round may not have told its conversation yet.
        connect(g, &Generation::started, loop, [this, loop](const GenerationStarted& s) {
            learnConversation(loop, s.conversationId);
        });
        m_tracker.adopt(g, conversation);
        Q_EMIT generationStarted(g, conversation);
    });
    connect(loop, &ToolLoop::finished, this,
            [this, loop](const GenerationFinished&, const QString& note) { endLoop(loop, note); });
    connect(loop, &ToolLoop::failed, this,
            [this, loop](const Error& e) { endLoop(loop, tr("Tools: %1").arg(e.message)); });
    return loop;
}

void ToolSession::learnConversation(ToolLoop* loop, qint64 conversationId)
{
    const auto it = m_loops.find(loop);
    if (conversationId && it != m_loops.end())
        *it = conversationId;
}

void ToolSession::endLoop(ToolLoop* loop, const QString& note)
{
    const auto it = m_loops.constFind(loop);
    if (it == m_loops.cend())
        return;
    const qint64 conversationId = *it;
    m_loops.erase(it);
    loop->deleteLater();
    Q_EMIT loopEnded(conversationId, note);
}

void ToolSession::follow(Generation* generation, const ProviderConfig& provider,
                         const QList<ToolSpec>& tools)
{
    ToolLoop* loop = makeLoop(provider, tools, 0);
    connect(generation, &Generation::started, loop, [this, loop](const GenerationStarted& s) {
        learnConversation(loop, s.conversationId);
    });
    loop->follow(generation);
}

void ToolSession::resumeRound(qint64 generationId, qint64 conversationId, qint64 messageId)
{
    if (m_rounds.contains(generationId) || isRunning(conversationId))
        return;
    m_rounds.insert(generationId, ToolRound{conversationId, messageId, generationId});
    m_tracker.routeRound(generationId);
}

bool ToolSession::isRunning(qint64 conversationId) const
{
    if (conversationId == 0)
        return false;
    for (auto it = m_loops.cbegin(); it != m_loops.cend(); ++it) {
        if (it.value() == conversationId)
            return true;
    }
    return false;
}

void ToolSession::stop(qint64 conversationId)
{
    for (auto it = m_loops.cbegin(); it != m_loops.cend(); ++it) {
        if (it.value() == conversationId)
            it.key()->stop();
    }
}

void ToolSession::decide(const ToolCallRecord& call, ToolApproval approval)
{
    if (approval == ToolApproval::Always)
        toolconfig::setAlwaysAllowed(call.server, call.tool, true);
    for (auto it = m_loops.cbegin(); it != m_loops.cend(); ++it)
        it.key()->decide(call.id, approval);
}

} // namespace tether::ui
