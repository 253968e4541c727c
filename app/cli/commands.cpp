// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"

#include "engine/stream/requestbuilder.h"
#include "enginecall.h"
#include "signalwatcher.h"

#include <QHash>

#include <functional>
#include <optional>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

namespace {

int exitCodeFor(const GenerationFinished& f)
{
    switch (f.status) {
    case GenerationStatus::Completed:
        return ExitOk;
    case GenerationStatus::Interrupted:
        return ExitGaveUp;
    case GenerationStatus::Cancelled:
        return ExitInterrupted;
    case GenerationStatus::Failed:
    case GenerationStatus::Streaming:
        break;
    }
    switch (f.error.code) {
    case ErrorCode::HttpRefused:
    case ErrorCode::ContentFilter:
        return ExitRefused;
    case ErrorCode::Protocol:
        return ExitGaveUp;
    default:
        return ExitError;
    }
}

// One run of the engine for the CLI: streams committed text to stdout, diagnostics to stderr,
// turns Ctrl+C into "leave it resumable, exit 130".
class Session {
public:
    explicit Session(const QString& dataDir)
        : m_call(dataDir)
    {
        QObject::connect(&m_sigint, &SignalWatcher::interrupted, &engine(), [this] {
            if (m_interruptRequested || m_generationId == 0) {
                quit(ExitInterrupted); // a second Ctrl+C, or nothing to save yet
                return;
            }
            m_interruptRequested = true;
            engine().cancel(m_generationId, GenerationStatus::Interrupted);
        });
    }

    Engine& engine() { return m_call.engine(); }
    EngineCall& call() { return m_call; }

    // Streams what `generation` commits and ends the run (or goes on, see onGeneration) when it
    // ends.
    void follow(Generation* generation)
    {
        QObject::connect(generation, &Generation::refused, &engine(), [this](const Error& e) {
            writeErr(u"tether-cli: "_s + e.message + u'\n');
            quit(e.code == ErrorCode::Usage || e.code == ErrorCode::NotFound ? ExitUsage
                                                                             : ExitError);
        });
        QObject::connect(generation, &Generation::started, &engine(),
                         [this](const GenerationStarted& s) {
                             m_generationId = s.generationId;
                             if (m_interruptRequested)
                                 engine().cancel(s.generationId, GenerationStatus::Interrupted);
                         });
        QObject::connect(generation, &Generation::chunksAdded, &engine(),
                         [this](const ChunkBatch& b) {
                             const QString out = b.text + b.refusal;
                             if (!out.isEmpty()) {
                                 writeOut(out);
                                 m_lastOut = out.back();
                             }
                         });
        QObject::connect(
            generation, &Generation::retryScheduled, &engine(), [](const RetryInfo& r) {
                writeErr(u"tether-cli: %1 Retrying in %2 s (attempt %3 of %4).\n"_s.arg(r.cause)
                             .arg(double(r.delayMs) / 1000.0, 0, 'f', 1)
                             .arg(r.nextAttempt)
                             .arg(r.maxAttempts));
            });
        QObject::connect(
            generation, &Generation::attemptStarted, &engine(), [](const AttemptStarted& a) {
                if (a.kind == "continue:restart"_L1)
                    writeErr(u"tether-cli: regenerating the reply from the start.\n"_s);
            });
        QObject::connect(generation, &Generation::finished, &engine(),
                         [this](const GenerationFinished& f) { onFinished(f); });
    }
    // Called with each finished generation; return true to keep running.
    std::function<bool(const GenerationFinished&, int code)> onGeneration;

    // The replies of a tool loop are followed as they come; the run ends when the loop does,
    // then `after` says whether more work follows.
    void useLoop(ToolLoop* loop, std::function<bool()> after = {})
    {
        onGeneration = [](const GenerationFinished&, int) { return true; };
        QObject::connect(loop, &ToolLoop::generationStarted, &engine(),
                         [this](Generation* g) { follow(g); });
        QObject::connect(loop, &ToolLoop::finished, &engine(),
                         [this, after](const GenerationFinished&, const QString& note) {
                             if (!note.isEmpty()) {
                                 writeErr(u"tether-cli: "_s + note + u'\n');
                                 raiseExitCode(ExitGaveUp);
                             }
                             if (!after || !after())
                                 quit(m_worst);
                         });
        QObject::connect(loop, &ToolLoop::failed, &engine(), [this](const Error& e) {
            writeErr(u"tether-cli: "_s + e.message + u'\n');
            quit(e.code == ErrorCode::Usage || e.code == ErrorCode::NotFound ? ExitUsage
                                                                             : ExitError);
        });
    }

    int exec() { return m_call.exec(); }

    // The worst outcome so far decides the exit code of a run over several generations.
    void raiseExitCode(int code) { m_worst = std::max(m_worst, code); }
    int exitCodeSoFar() const { return m_worst; }

    void quit(int code) { m_call.finish(code); }

private:
    void onFinished(const GenerationFinished& f)
    {
        if (m_lastOut != u'\n' && stdoutIsTerminal())
            writeOut(u"\n"_s);
        m_lastOut = u'\n';
        m_generationId = 0;
        if (m_interruptRequested) {
            quit(ExitInterrupted);
            return;
        }
        const int code = exitCodeFor(f);
        if (code != ExitOk) {
            QString message = u"tether-cli: "_s + f.error.message;
            if (code == ExitGaveUp)
                message += u" The reply so far is saved in conversation %1; resume it with "
                           "'tether-cli resume %2'."_s.arg(f.conversationId)
                               .arg(f.generationId);
            writeErr(message + u'\n');
        }
        m_worst = std::max(m_worst, code);
        if (!onGeneration || !onGeneration(f, code))
            quit(m_worst);
    }

    EngineCall m_call;
    SignalWatcher m_sigint;
    int m_worst = ExitOk;
    qint64 m_generationId = 0;
    bool m_interruptRequested = false;
    QChar m_lastOut = u'\n';
};

} // namespace

int runSend(const QString& dataDir, const SendRequest& request, bool toLastConversation,
            const ToolOptions& tools)
{
    Session session(dataDir);
    const auto send = [&](SendRequest to) {
        if (!tools.enabled()) {
            session.follow(session.engine().send(to));
            return;
        }
        withTools(session.call(), tools, [&, to](const QList<ToolSpec>& specs) mutable {
            to.tools = specs;
            ToolLoop* loop = makeToolLoop(session.engine(), to.provider, specs, tools);
            session.useLoop(loop);
            Generation* g = session.engine().send(to);
            loop->follow(g);
            session.follow(g);
        });
    };
    session.call().whenOpen([&] {
        if (!toLastConversation) {
            send(request);
            return;
        }
        session.call().withConversation(0, [&](qint64 id) {
            SendRequest to = request;
            to.conversationId = id;
            send(to);
        });
    });
    return session.exec();
}

int runRegenerate(const QString& dataDir, qint64 conversationId, const SendRequest& request)
{
    Session session(dataDir);
    EngineCall& call = session.call();
    call.whenOpen([&] {
        call.withConversation(conversationId, [&](qint64 id) {
            call.whenDone(call.engine().loadConversation(id), [&,
                                                               id](const LoadConversationJob& job) {
                const QList<MessageRecord>& messages = job.conversation().messages;
                const auto reply =
                    std::find_if(messages.crbegin(), messages.crend(),
                                 [](const MessageRecord& m) { return m.role == "assistant"_L1; });
                if (reply == messages.crend()) {
                    call.fail(Error{ErrorCode::Usage,
                                    u"Conversation %1 has no reply to regenerate."_s.arg(id)});
                    return;
                }
                SendRequest to = request;
                to.conversationId = id;
                to.regeneratesMessageId = reply->id;
                session.follow(session.engine().send(to));
            });
        });
    });
    return session.exec();
}

namespace {

std::optional<ProviderConfig> cliRoute(const GenerationRoute& route, const ResumeOptions& options,
                                       QString* why)
{
    ProviderConfig provider = options.provider;
    if (!options.apiGiven)
        provider.api = route.api;
    if (options.baseUrlGiven)
        return provider;
    if (route.profileId == "environment"_L1 || sameOrigin(route.baseUrl, provider.baseUrl))
        return provider;
    *why = u"tether-cli: generation %1 was sent through \"%2\" at %3, not through this "
           "environment's provider (%4), so tether-cli does not send OPENAI_API_KEY there. "
           "Continue it in Tether, or here with --base-url (and that server's key in "
           "OPENAI_API_KEY).\n"_s.arg(QString::number(route.generationId), route.providerName,
                                      publicUrl(route.baseUrl), publicUrl(provider.baseUrl));
    return std::nullopt;
}

} // namespace

int runResume(const QString& dataDir, qint64 generationId, const ResumeOptions& options)
{
    Session session(dataDir);
    QList<qint64> queue;
    QList<ToolSpec> tools;
    // Replies whose tool round did not go on, by generation.
    QHash<qint64, qint64> rounds;
    std::function<bool()> next = [&] {
        if (queue.isEmpty())
            return false;
        LoadRouteJob* job = session.engine().loadRoute(queue.takeFirst());
        QObject::connect(job, &Job::succeeded, &session.engine(), [&, job] {
            const GenerationRoute& route = job->route();
            QString why;
            if (auto provider = cliRoute(route, options, &why)) {
                if (!options.tools.enabled()) {
                    if (rounds.contains(route.generationId)) {
                        writeErr(u"tether-cli: the reply of generation %1 asked for tools; "
                                 "resume it with --mcp-config.\n"_s.arg(route.generationId));
                        session.raiseExitCode(ExitUsage);
                        if (!next())
                            session.quit(session.exitCodeSoFar());
                        return;
                    }
                    session.follow(session.engine().resume(route.generationId, *provider));
                    return;
                }
                ToolLoop* loop = makeToolLoop(session.engine(), *provider, tools, options.tools);
                session.useLoop(loop, next);
                if (rounds.contains(route.generationId)) {
                    loop->resumeRound(rounds.value(route.generationId));
                } else {
                    Generation* g = session.engine().resume(route.generationId, *provider);
                    loop->follow(g);
                    session.follow(g);
                }
                return;
            }
            writeErr(why);
            session.raiseExitCode(ExitUsage);
            if (!next())
                session.quit(session.exitCodeSoFar());
        });
        QObject::connect(job, &Job::failed, &session.engine(), [&](const Error& e) {
            writeErr(u"tether-cli: "_s + e.message + u'\n');
            session.quit(e.code == ErrorCode::NotFound ? ExitUsage : ExitError);
        });
        return true;
    };
    QObject::connect(
        &session.engine(), &Engine::ready, &session.engine(), [&](const QList<qint64>& resumable) {
            queue = generationId ? QList<qint64>{generationId} : resumable;
            for (const ToolRound& r : session.engine().pendingToolRounds()) {
                rounds.insert(r.generationId, r.messageId);
                if (!generationId)
                    queue.append(r.generationId);
            }
            const auto start = [&] {
                if (!next()) {
                    writeErr(u"tether-cli: nothing to resume.\n"_s);
                    session.quit(ExitOk);
                }
            };
            if (!options.tools.enabled()) {
                start();
                return;
            }
            withTools(session.call(), options.tools, [&, start](const QList<ToolSpec>& specs) {
                tools = specs;
                start();
            });
        });
    session.onGeneration = [&](const GenerationFinished&, int) { return next(); };
    return session.exec();
}

int runShow(const QString& dataDir, qint64 conversationId, ExportFormat format)
{
    EngineCall call(dataDir);
    call.whenOpen([&] {
        call.withConversation(conversationId, [&](qint64 id) {
            call.whenDone(call.engine().loadConversation(id), [&](const LoadConversationJob& job) {
                // Through writeOut: a reply replayed on a terminal is escaped like one streamed
                // to it (JSON has its control characters escaped already).
                writeOut(QString::fromUtf8(formatConversation(job.conversation(), format)));
                call.finish(ExitOk);
            });
        });
    });
    return call.exec();
}

int runDelete(const QString& dataDir, qint64 conversationId)
{
    EngineCall call(dataDir);
    call.whenOpen([&] {
        call.whenDone(call.engine().deleteConversation(conversationId),
                      [&](const ChangeConversationJob&) {
                          writeErr(u"Deleted conversation %1.\n"_s.arg(conversationId));
                          call.finish(ExitOk);
                      });
    });
    return call.exec();
}

} // namespace tether::cli
