// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools.h"

#include "commands.h"
#include "output.h"
#include "prompts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

namespace {

// A person at a console to answer (a Windows console as much as a Unix terminal).
bool canAsk()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stdin)) && stderrIsTerminal();
#else
    return isatty(STDIN_FILENO) && stderrIsTerminal();
#endif
}

// SERVER.TOOL or SERVER.*: the server is what stands before the first dot (server names have
// none) and must be the call's, and the tool the rest, matched whole. A tool's name may have dots
// of its own ("corp.files.delete" is server corp's tool "files.delete", nothing else).
bool allowedBy(const QStringList& patterns, const ToolCallRecord& call)
{
    for (const QString& p : patterns) {
        const qsizetype dot = p.indexOf(u'.');
        if (dot > 0 && QStringView(p).left(dot) == call.server &&
            (QStringView(p).mid(dot + 1) == u"*" || QStringView(p).mid(dot + 1) == call.tool))
            return true;
    }
    return false;
}

// One line of it, at most 300 characters.
QString brief(QString text)
{
    text.replace(u'\n', u' ');
    return text.size() > 300 ? text.left(300) + u'…' : text;
}

std::optional<McpServerConfig> serverFor(const ToolOptions& options, const QString& nameOrUrl,
                                         QList<McpServerConfig>* all, QString* error)
{
    if (options.enabled()) {
        auto config = loadMcpConfig(options.configPath);
        if (!config) {
            *error = config.error().message;
            return std::nullopt;
        }
        *all = config.value();
    }
    auto server = findServer(*all, nameOrUrl);
    if (!server) {
        *error = options.enabled()
                     ? u"There is no MCP server \"%1\" in %2."_s.arg(nameOrUrl, options.configPath)
                     : u"\"%1\" is not a URL; name a server of --mcp-config."_s.arg(nameOrUrl);
        return std::nullopt;
    }
    if (!options.oauthClientId.isEmpty())
        server->oauthClientId = options.oauthClientId;
    if (!options.oauthClientSecret.isEmpty())
        server->oauthClientSecret = options.oauthClientSecret;
    if (!options.oauthClientMetadataUrl.isEmpty())
        server->oauthClientMetadataUrl = options.oauthClientMetadataUrl;
    // A URL that names no configured server is a server of its own for this run.
    const auto known = std::find_if(
        all->begin(), all->end(), [&](const McpServerConfig& c) { return c.name == server->name; });
    if (known == all->end())
        all->append(*server);
    else
        *known = *server;
    return server;
}

// The server an mcp command names, or nothing once the reason is on stderr.
std::optional<McpServerConfig> namedServer(const ToolOptions& options, const QString& name,
                                           QList<McpServerConfig>* all)
{
    QString error;
    auto server = serverFor(options, name, all, &error);
    if (!server)
        writeErr(u"tether-cli: "_s + error + u'\n');
    return server;
}

} // namespace

Result<QList<McpServerConfig>> loadMcpConfig(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{ErrorCode::Usage,
                     u"Cannot read the MCP configuration %1: %2"_s.arg(path, f.errorString())};
    auto config = parseMcpConfig(f.readAll());
    if (!config)
        return Error{ErrorCode::Usage, path + u": "_s + config.error().message};
    for (const McpServerConfig& c : std::as_const(config.value())) {
        if (c.enabled && c.sendsHeadersInClearText()) {
            writeErr(
                u"tether-cli: warning: the MCP server \"%1\" is http://: its headers (a token, "
                "a key) go over the network unencrypted. Use https://.\n"_s.arg(c.name));
        }
    }
    return config;
}

void withTools(EngineCall& call, const ToolOptions& options,
               const std::function<void(const QList<ToolSpec>&)>& then)
{
    auto config = loadMcpConfig(options.configPath);
    if (!config) {
        call.fail(config.error());
        return;
    }
    call.engine().setToolServers(config.value());
    answerServerPrompts(call, options.acceptElicitationDefaults);
    call.whenDone(call.engine().listTools(), [then](const ListToolsJob& job) {
        for (const ToolServerStatus& s : job.servers()) {
            if (!s.ok) {
                writeErr(u"tether-cli: MCP server \"%1\" is not available, its tools are not "
                         "offered: %2\n"_s.arg(s.server, s.error));
            }
        }
        then(job.tools());
    });
}

ToolLoop* makeToolLoop(Engine& engine, const ProviderConfig& provider, const QList<ToolSpec>& tools,
                       const ToolOptions& options)
{
    auto* loop = new ToolLoop(&engine, provider, tools, &engine);
    loop->setMaxRounds(options.maxRounds);
    loop->setPolicy([allowed = options.allowed](const ToolCallRecord& call,
                                                bool interrupted) -> std::optional<ToolApproval> {
        if (allowedBy(allowed, call)) {
            if (interrupted) {
                writeErr(u"tether-cli: %1 was running when Tether stopped; --allow-tool runs it "
                         "again.\n"_s.arg(toolLabel(call)));
            }
            return ToolApproval::Listed;
        }
        if (!canAsk()) {
            writeErr(
                u"tether-cli: declined %1: not allowed by --allow-tool.\n"_s.arg(toolLabel(call)));
            return ToolApproval::Declined;
        }
        QString question = u"\nThe model wants to run %1 with:\n%2\n"_s.arg(
            toolLabel(call), prettyArguments(call.arguments));
        if (interrupted)
            question += u"It was running when Tether stopped; it may or may not have acted.\n"_s;
        writeErr(question + u"Run it? [y/N] "_s);
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        return answer == "y"_L1 || answer == "yes"_L1 ? ToolApproval::Once : ToolApproval::Declined;
    });
    QObject::connect(loop, &ToolLoop::callChanged, loop, [](const ToolCallRecord& call) {
        switch (call.status) {
        case ToolCallStatus::Running:
            writeErr(u"tether-cli: running %1 %2\n"_s.arg(toolLabel(call), brief(call.arguments)));
            break;
        case ToolCallStatus::Done:
        case ToolCallStatus::Failed:
            writeErr(u"tether-cli: %1 %2: %3\n"_s.arg(toolLabel(call),
                                                      nameIn(ToolCallStatusNames, call.status),
                                                      brief(toolResultText(call))));
            break;
        default:
            break;
        }
    });
    return loop;
}

namespace {

// Runs `then` in a run of the engine, once the server's tools are listed. An unknown server
// exits 2, one that cannot be reached 1.
int withServer(
    const QString& dataDir, const ToolOptions& options, const QString& name,
    const std::function<void(EngineCall&, const McpServerConfig&, const QList<ToolSpec>&)>& then)
{
    QList<McpServerConfig> all;
    const auto server = namedServer(options, name, &all);
    if (!server)
        return ExitUsage;
    EngineCall call(dataDir);
    answerServerPrompts(call, options.acceptElicitationDefaults);
    call.whenOpen([&] {
        call.engine().setToolServers(all);
        call.whenDone(call.engine().listTools({server->name}), [&](const ListToolsJob& job) {
            const ToolServerStatus s = job.servers().value(0);
            if (!s.ok) {
                writeErr(u"tether-cli: "_s + s.error + u'\n');
                call.finish(ExitError);
                return;
            }
            then(call, *server, job.tools());
        });
    });
    return call.exec();
}

} // namespace

int runMcpTools(const QString& dataDir, const ToolOptions& options, const QString& name, bool json)
{
    return withServer(
        dataDir, options, name,
        [json](EngineCall& call, const McpServerConfig&, const QList<ToolSpec>& tools) {
            QJsonArray list;
            for (const ToolSpec& t : tools) {
                if (json) {
                    list.append(QJsonObject{{"name"_L1, t.tool},
                                            {"title"_L1, t.title},
                                            {"description"_L1, t.description},
                                            {"inputSchema"_L1, t.inputSchema}});
                } else {
                    writeOut(t.tool + u'\t' + brief(t.description) + u'\n');
                }
            }
            if (json) {
                writeOut(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
            }
            call.finish(ExitOk);
        });
}

int runMcpCall(const QString& dataDir, const ToolOptions& options, const QString& name,
               const QString& tool, const QString& arguments)
{
    const QString args = arguments.isEmpty() ? u"{}"_s : arguments;
    if (!QJsonDocument::fromJson(args.toUtf8()).isObject()) {
        writeErr(u"tether-cli: the arguments must be a JSON object, like {\"a\": 1}.\n"_s);
        return ExitUsage;
    }
    return withServer(
        dataDir, options, name,
        [&](EngineCall& call, const McpServerConfig& server, const QList<ToolSpec>& tools) {
            const bool known = std::any_of(tools.cbegin(), tools.cend(),
                                           [&](const ToolSpec& t) { return t.tool == tool; });
            if (!known) {
                writeErr(u"tether-cli: the MCP server \"%1\" has no tool \"%2\"; 'tether-cli mcp "
                         "tools %3' lists them.\n"_s.arg(server.name, tool, name));
                call.finish(ExitUsage);
                return;
            }
            McpCallJob* run = call.engine().callTool(server.name, tool, args);
            EngineCall* c = &call; // lives until exec() returns, after the job
            QObject::connect(run, &Job::failed, run, [c](const Error& e) {
                writeErr(u"tether-cli: "_s + e.message + u'\n');
                c->finish(ExitError);
            });
            QObject::connect(run, &Job::succeeded, run, [c, run] {
                ToolCallRecord record;
                record.status = ToolCallStatus::Done;
                record.result = run->outcome().result;
                writeOut(toolResultText(record) + u'\n');
                // The tool's own failure (isError) is a failure of the command too.
                c->finish(run->outcome().result.value("isError"_L1).toBool() ? ExitRefused
                                                                             : ExitOk);
            });
        });
}

int runMcpLogin(const QString& dataDir, const ToolOptions& options, const QString& name,
                bool logout)
{
    QList<McpServerConfig> all;
    const auto server = namedServer(options, name, &all);
    if (!server)
        return ExitUsage;
    if (!server->isHttp()) {
        writeErr(
            u"tether-cli: the MCP server \"%1\" runs on this computer; it has no sign-in.\n"_s.arg(
                server->name));
        return ExitUsage;
    }
    EngineCall call(dataDir);
    answerServerPrompts(call, options.acceptElicitationDefaults);
    call.whenOpen([&] {
        call.engine().setToolServers(all);
        if (logout) {
            call.whenDone(call.engine().signOutToolServer(server->name), [&](const McpSignInJob&) {
                writeErr(
                    u"tether-cli: signed out of \"%1\"; its next use asks for sign-in.\n"_s.arg(
                        server->name));
                call.finish(ExitOk);
            });
            return;
        }
        call.whenDone(call.engine().signInToolServer(server->name), [&](const McpSignInJob&) {
            writeErr(u"tether-cli: signed in to \"%1\".\n"_s.arg(server->name));
            call.finish(ExitOk);
        });
    });
    return call.exec();
}

} // namespace tether::cli
