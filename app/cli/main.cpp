// SPDX-License-Identifier: GPL-3.0-or-later
// tether-cli: drives the same engine as the desktop app from a terminal.
#include "app/processexit.h"
#include "commands.h"
#include "engine/engine.h"
#include "engine/pdf/pdftext.h"
#include "engine/resilience/continuation.h"
#include "history.h"
#include "sync.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether;
using namespace tether::cli;

namespace {

const char* const Commands = R"(
Commands:
  send [--conversation ID|last] [--system TEXT] [--attach FILE]... MESSAGE
        Store MESSAGE, stream the reply to stdout. MESSAGE "-" reads standard input.
        A follow-up uses its conversation's model, system prompt and parameters unless
        flags set them; what the flags set becomes the conversation's. --attach sends a
        file with it (repeatable): an image (PNG, JPEG, WebP, GIF, up to 20 MB), a UTF-8
        text or code file, or a PDF's text.
  regenerate ID|last
        Stream a new reply in place of the conversation's last one, sent with the same
        history; the earlier reply stays as an alternative.
  resume ID|--all
        Continue interrupted generations (cut off, given up, Ctrl+C, or a crash), streaming
        the rest of each reply to stdout. Flags win: --base-url sends it there (with
        OPENAI_API_KEY). Without it, a reply goes on through the environment's provider
        (OPENAI_BASE_URL as set now) if it was sent through it or to its address; a reply sent
        through a profile of the app is left for the app. The model and API are the ones
        journaled unless --model or --api.
  show ID|last [--format text|markdown|json]
        Print a conversation from the journal.
  list [--format text|json]
        Every conversation, newest first: id, last change, message count, title.
  search QUERY [--limit N] [--format text|json]
        Full-text search of every message (any language; matches marked **like this**).
  import [chatgpt] FILE
        Import a ChatGPT export (.zip or conversations.json) or a Tether JSON export.
        Importing again adds only what is new.
  export ID...|--all [--format markdown|json] [-o FILE]
        Write conversations as Markdown (default) or JSON (which import reads back).
  delete ID
        Delete a conversation with its replies (refused while one is streaming).
  sync
        Sync the history with a WebDAV folder, end-to-end encrypted: send this device's new
        conversations, replies, renames and deletes, and merge every other device's. Reads
        TETHER_SYNC_URL (the folder), TETHER_SYNC_USER, TETHER_SYNC_PASSWORD and
        TETHER_SYNC_PASSPHRASE (the first sync of a new folder sets it; every device needs the
        same). Exits 0 once everything is sent and applied, with a summary on stderr.
  mcp tools NAME|URL [--format text|json]
        List the tools of an MCP server of --mcp-config (or at a Streamable HTTP URL).
  mcp call NAME|URL TOOL [JSON]
        Run one tool with JSON arguments and print its result: checks a configuration.
  mcp login NAME|URL
        Sign in to a remote MCP server (OAuth) in the browser; the address is printed too,
        for a machine without one. Later runs use the sign-in, kept in the OS keychain (in
        memory for this run only where there is none). Any command signs in when a server
        asks. --oauth-client-id ID [--oauth-client-secret SECRET] name a client registered
        with the server beforehand (the secret is kept in the keychain too);
        --oauth-client-metadata-url URL a client metadata document.
  mcp logout NAME|URL
        Forget the sign-in.

Tools (send, resume), from MCP servers:
  --mcp-config FILE              servers in the "mcpServers" JSON format of Claude Desktop,
                                 Cursor and LM Studio (or TETHER_MCP_CONFIG); their tools are
                                 offered to the model
  --allow-tool SERVER.TOOL       run this tool without asking (repeatable; SERVER.* for all of
                                 a server's). Any other call is asked about on the terminal, or
                                 declined without one, and the model is told. A call that was
                                 running when Tether stopped is run again only if allowed here.
  --max-tool-rounds N            rounds of tool calls for one message (default 10)
  --accept-elicitation-defaults  when a server asks something while a tool runs, answer with
                                 its form's defaults; without it, tether-cli declines

Parameters (send), each sent only when set and remembered by the conversation:
  --temperature T                sampling temperature
  --max-output-tokens N          at most N tokens in the reply
  --reasoning-effort EFFORT      reasoning models: minimal, low, medium or high

Resilience (send, resume):
  --idle-timeout SECONDS         no data for this long means the stream is dead (default 60)
  --first-token-timeout SECONDS  the same before the first token (default 300)
  --max-attempts N               attempts before giving up (default 8)
  --continuation MODE            how a cut Chat Completions reply continues: auto, prefill,
                                 prefix, vllm, instruct or restart

Environment: OPENAI_API_KEY, OPENAI_BASE_URL (default https://api.openai.com/v1),
  TETHER_MODEL, TETHER_DATA_DIR. Flags override them.

Exit codes: 0 done, 1 local error (journal, disk), 2 usage, 3 the server refused the request,
  4 gave up (the reply so far is saved and resumable), 130 interrupted (Ctrl+C).
)";

int usageError(const QString& message)
{
    writeErr(u"tether-cli: "_s + message + u"\nTry 'tether-cli --help'.\n"_s);
    return ExitUsage;
}

// A conversation id, or "last" (0).
bool conversationArgument(const QString& text, qint64* id)
{
    if (text == "last"_L1) {
        *id = 0;
        return true;
    }
    bool ok = false;
    *id = text.toLongLong(&ok);
    return ok && *id > 0;
}

} // namespace

namespace {

int run(int argc, char* argv[])
{
    prepareStandardStreams();
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    // Each failure is told on stderr in the CLI's own words; the engine's log lines would tell it
    // twice, with a category name. QT_LOGGING_RULES brings them back for a bug report.
    QLoggingCategory::setFilterRules(
        u"tether.*.debug=false\ntether.*.info=false\ntether.*.warning=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Tether command-line client."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version(u"version"_s, u"Show the version."_s);
    const QCommandLineOption baseUrl(u"base-url"_s, u"API base URL."_s, u"URL"_s);
    const QCommandLineOption model(u"model"_s, u"Model name."_s, u"NAME"_s);
    const QCommandLineOption api(u"api"_s, u"chat (default) or responses."_s, u"API"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Where the journal lives."_s, u"DIR"_s);
    const QCommandLineOption conversation(u"conversation"_s, u"Continue conversation ID."_s,
                                          u"ID"_s);
    const QCommandLineOption system(u"system"_s, u"System prompt."_s, u"TEXT"_s);
    const QCommandLineOption format(u"format"_s, u"text, markdown or json."_s, u"FORMAT"_s,
                                    u"text"_s);
    const QCommandLineOption idleTimeout(u"idle-timeout"_s, u"Idle timeout."_s, u"SECONDS"_s);
    const QCommandLineOption firstTokenTimeout(u"first-token-timeout"_s,
                                               u"Timeout before the first token."_s, u"SECONDS"_s);
    const QCommandLineOption maxAttempts(u"max-attempts"_s, u"Attempts before giving up."_s,
                                         u"N"_s);
    const QCommandLineOption continuation(u"continuation"_s, u"Continuation mode."_s, u"MODE"_s);
    const QCommandLineOption all(u"all"_s, u"resume, export: every one."_s);
    const QCommandLineOption limit(u"limit"_s, u"search: at most N results (default 20)."_s, u"N"_s,
                                   u"20"_s);
    const QCommandLineOption output({u"o"_s, u"output"_s}, u"export: write to FILE."_s, u"FILE"_s);
    const QCommandLineOption temperature(u"temperature"_s, u"Sampling temperature."_s, u"T"_s);
    const QCommandLineOption maxOutputTokens(u"max-output-tokens"_s,
                                             u"At most N tokens in the reply."_s, u"N"_s);
    const QCommandLineOption reasoningEffort(u"reasoning-effort"_s,
                                             u"minimal, low, medium or high."_s, u"EFFORT"_s);
    const QCommandLineOption attach(u"attach"_s, u"send: attach FILE (repeatable)."_s, u"FILE"_s);
    const QCommandLineOption mcpConfig(u"mcp-config"_s, u"MCP servers (mcpServers JSON)."_s,
                                       u"FILE"_s);
    const QCommandLineOption allowTool(u"allow-tool"_s, u"Run SERVER.TOOL without asking."_s,
                                       u"SERVER.TOOL"_s);
    const QCommandLineOption maxToolRounds(u"max-tool-rounds"_s,
                                           u"Rounds of tool calls for one message."_s, u"N"_s);
    const QCommandLineOption acceptDefaults(
        u"accept-elicitation-defaults"_s,
        u"Answer an MCP server's questions with their defaults."_s);
    const QCommandLineOption clientId(u"oauth-client-id"_s, u"A registered OAuth client."_s,
                                      u"ID"_s);
    const QCommandLineOption clientSecret(u"oauth-client-secret"_s, u"Its secret."_s, u"SECRET"_s);
    const QCommandLineOption clientMetadata(u"oauth-client-metadata-url"_s,
                                            u"Tether's client metadata document."_s, u"URL"_s);
    parser.addOptions({help,
                       version,
                       baseUrl,
                       model,
                       api,
                       dataDir,
                       conversation,
                       system,
                       format,
                       idleTimeout,
                       firstTokenTimeout,
                       maxAttempts,
                       continuation,
                       all,
                       limit,
                       output,
                       temperature,
                       maxOutputTokens,
                       reasoningEffort,
                       attach,
                       mcpConfig,
                       allowTool,
                       maxToolRounds,
                       acceptDefaults,
                       clientId,
                       clientSecret,
                       clientMetadata});
    parser.addPositionalArgument(
        u"command"_s,
        u"send, regenerate, resume, show, list, search, import, export, delete, sync or mcp"_s);

    if (!parser.parse(app.arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        writeOut(parser.helpText() + QString::fromUtf8(Commands));
        return ExitOk;
    }
    if (parser.isSet(version)) {
        writeOut(u"tether-cli "_s + QCoreApplication::applicationVersion() + u'\n');
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usageError(u"no command given."_s);
    const QString& command = args.first();
    const QString dir =
        parser.isSet(dataDir) ? parser.value(dataDir) : engine::Engine::defaultDataDir();

    // The provider from the environment, with the flags on top.
    engine::ProviderConfig provider = engine::ProviderConfig::fromEnvironment();
    if (parser.isSet(baseUrl))
        provider.baseUrl = QUrl(parser.value(baseUrl));
    if (parser.isSet(model))
        provider.model = parser.value(model);
    if (parser.isSet(api) && !engine::apiFromName(parser.value(api), &provider.api))
        return usageError(u"--api takes chat or responses."_s);
    if (parser.isSet(continuation) &&
        !engine::continuationFromName(parser.value(continuation), &provider.continuation)) {
        QStringList names;
        for (const auto& [mode, name] : engine::ContinuationNames)
            names.append(QString(name));
        return usageError(u"--continuation takes one of: %1."_s.arg(names.join(u", "_s)));
    }
    const auto seconds = [&](const QCommandLineOption& option, qint64* ms) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const double s = parser.value(option).toDouble(&ok);
        if (!ok || s <= 0)
            return false;
        *ms = qint64(s * 1000.0);
        return true;
    };
    if (!seconds(idleTimeout, &provider.retry.idleTimeoutMs))
        return usageError(u"--idle-timeout takes a number of seconds."_s);
    if (!seconds(firstTokenTimeout, &provider.retry.firstTokenTimeoutMs))
        return usageError(u"--first-token-timeout takes a number of seconds."_s);
    if (parser.isSet(maxAttempts)) {
        bool ok = false;
        provider.retry.maxAttempts = parser.value(maxAttempts).toInt(&ok);
        if (!ok || provider.retry.maxAttempts < 1)
            return usageError(u"--max-attempts takes a positive number."_s);
    }

    ToolOptions tools;
    tools.configPath = parser.isSet(mcpConfig) ? parser.value(mcpConfig)
                                               : qEnvironmentVariable("TETHER_MCP_CONFIG");
    tools.allowed = parser.values(allowTool);
    for (const QString& a : std::as_const(tools.allowed)) {
        if (!a.contains(u'.') || a.startsWith(u'.') || a.endsWith(u'.'))
            return usageError(u"--allow-tool takes SERVER.TOOL or SERVER.*, not \"%1\"."_s.arg(a));
    }
    if (parser.isSet(maxToolRounds)) {
        bool ok = false;
        tools.maxRounds = parser.value(maxToolRounds).toInt(&ok);
        if (!ok || tools.maxRounds < 1)
            return usageError(u"--max-tool-rounds takes a positive number."_s);
    }
    tools.acceptElicitationDefaults = parser.isSet(acceptDefaults);
    tools.oauthClientId = parser.value(clientId);
    tools.oauthClientSecret = parser.value(clientSecret);
    tools.oauthClientMetadataUrl = QUrl(parser.value(clientMetadata));
    if (command == "mcp"_L1) {
        const QString sub = args.value(1);
        if ((sub == "login"_L1 || sub == "logout"_L1) && args.size() == 3)
            return runMcpLogin(dir, tools, args.at(2), sub == "logout"_L1);
        if (sub == "tools"_L1 && args.size() == 3) {
            if (parser.value(format) != "text"_L1 && parser.value(format) != "json"_L1)
                return usageError(u"--format takes text or json."_s);
            return runMcpTools(dir, tools, args.at(2), parser.value(format) == "json"_L1);
        }
        if (sub == "call"_L1 && (args.size() == 4 || args.size() == 5))
            return runMcpCall(dir, tools, args.at(2), args.at(3), args.value(4));
        return usageError(u"mcp takes: tools NAME|URL, call NAME|URL TOOL [JSON], login NAME|URL "
                          "or logout NAME|URL."_s);
    }

    if (command == "send"_L1 || command == "regenerate"_L1) {
        engine::SendRequest request;
        request.provider = provider;
        // Sent elsewhere than the environment says: not the environment's provider.
        if (parser.isSet(baseUrl))
            request.provider.profileId = u"cli"_s;
        bool toLast = false;
        const bool regenerate = command == "regenerate"_L1;
        if (parser.isSet(conversation) || regenerate) {
            const QString which = regenerate ? args.value(1) : parser.value(conversation);
            if ((regenerate && args.size() != 2) ||
                !conversationArgument(which, &request.conversationId))
                return usageError(regenerate
                                      ? u"regenerate takes one conversation id or \"last\"."_s
                                      : u"--conversation takes a conversation id or \"last\"."_s);
            toLast = request.conversationId == 0;
            // A follow-up talks to its conversation's model unless --model says otherwise.
            if (!parser.isSet(model)) {
                request.fallbackModel = request.provider.model;
                request.provider.model.clear();
            }
        }
        if (parser.isSet(system))
            request.systemPrompt = parser.value(system);
        if (parser.isSet(temperature)) {
            bool ok = false;
            const double t = parser.value(temperature).toDouble(&ok);
            if (!ok || t < 0 || t > 2)
                return usageError(u"--temperature takes a number from 0 to 2."_s);
            request.params.temperature = t;
        }
        if (parser.isSet(maxOutputTokens)) {
            bool ok = false;
            const qint64 n = parser.value(maxOutputTokens).toLongLong(&ok);
            if (!ok || n < 1)
                return usageError(u"--max-output-tokens takes a positive number."_s);
            request.params.maxOutputTokens = n;
        }
        if (parser.isSet(reasoningEffort)) {
            request.params.reasoningEffort = parser.value(reasoningEffort);
            if (request.params.reasoningEffort.isEmpty())
                return usageError(u"--reasoning-effort takes minimal, low, medium or high."_s);
        }
        if (regenerate) {
            if (parser.isSet(attach) || parser.isSet(system))
                return usageError(u"regenerate sends the same history: no --attach or --system."_s);
            return runRegenerate(dir, request.conversationId, request);
        }
        // Every file is checked before anything is stored or sent.
        for (const QString& path : parser.values(attach)) {
            auto file = engine::readAttachment(path, engine::pdfText);
            if (!file) {
                writeErr(u"tether-cli: "_s + file.error().message + u" Nothing was sent.\n"_s);
                return ExitUsage;
            }
            request.attachments.append(file.value());
        }
        request.userText = args.mid(1).join(u' ');
        if (request.userText == "-"_L1) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return usageError(u"cannot read standard input."_s);
            request.userText = QString::fromUtf8(in.readAll());
        }
        if (request.userText.trimmed().isEmpty() && request.attachments.isEmpty())
            return usageError(u"send needs a message."_s);
        return runSend(dir, request, toLast, tools);
    }
    if (command == "resume"_L1) {
        // Flags win. Without --base-url: the environment's provider, for what was sent
        // through it or to its address (see runResume); the journaled model and API unless
        // --model / --api.
        ResumeOptions options;
        if (!parser.isSet(model))
            provider.model.clear();
        options.provider = provider;
        options.baseUrlGiven = parser.isSet(baseUrl);
        options.apiGiven = parser.isSet(api);
        options.tools = tools;
        qint64 id = 0;
        if (parser.isSet(all) == (args.size() == 2))
            return usageError(u"resume takes one generation id or --all."_s);
        if (args.size() == 2) {
            bool ok = false;
            id = args.at(1).toLongLong(&ok);
            if (!ok || id <= 0)
                return usageError(u"resume takes a generation id, not \"%1\"."_s.arg(args.at(1)));
        }
        return runResume(dir, id, options);
    }
    if (command == "show"_L1) {
        if (args.size() != 2)
            return usageError(u"show takes one conversation id or \"last\"."_s);
        engine::ExportFormat f;
        if (!engine::exportFormatFromName(parser.value(format), &f))
            return usageError(u"--format takes text, markdown or json."_s);
        qint64 id = 0;
        if (!conversationArgument(args.at(1), &id))
            return usageError(
                u"show takes a conversation id or \"last\", not \"%1\"."_s.arg(args.at(1)));
        return runShow(dir, id, f);
    }
    const auto listFormat = [&](ListFormat* f) {
        const QString name = parser.value(format);
        if (name == "text"_L1)
            *f = ListFormat::Text;
        else if (name == "json"_L1)
            *f = ListFormat::Json;
        else
            return false;
        return true;
    };
    if (command == "list"_L1) {
        ListFormat f;
        if (args.size() != 1 || !listFormat(&f))
            return usageError(u"list takes no argument and --format text or json."_s);
        return runList(dir, f);
    }
    if (command == "search"_L1) {
        ListFormat f;
        if (!listFormat(&f))
            return usageError(u"--format takes text or json."_s);
        bool ok = false;
        const int n = parser.value(limit).toInt(&ok);
        if (!ok || n < 1)
            return usageError(u"--limit takes a positive number."_s);
        const QString query = args.mid(1).join(u' ').trimmed();
        if (query.isEmpty())
            return usageError(u"search needs a query."_s);
        return runSearch(dir, query, n, f);
    }
    if (command == "import"_L1) {
        QStringList rest = args.mid(1);
        if (!rest.isEmpty() && rest.first() == "chatgpt"_L1 && rest.size() == 2)
            rest.removeFirst();
        if (rest.size() != 1)
            return usageError(u"import takes one file: import [chatgpt] FILE."_s);
        return runImport(dir, rest.first());
    }
    if (command == "export"_L1) {
        engine::ExportFormat f = engine::ExportFormat::Markdown;
        if (parser.isSet(format) && (!engine::exportFormatFromName(parser.value(format), &f) ||
                                     f == engine::ExportFormat::Text))
            return usageError(u"--format takes markdown or json."_s);
        QList<qint64> ids;
        for (const QString& a : args.mid(1)) {
            bool ok = false;
            ids.append(a.toLongLong(&ok));
            if (!ok || ids.last() <= 0)
                return usageError(u"export takes conversation ids, not \"%1\"."_s.arg(a));
        }
        if (parser.isSet(all) == !ids.isEmpty())
            return usageError(u"export takes conversation ids or --all."_s);
        return runExport(dir, ids, f, parser.value(output));
    }
    if (command == "sync"_L1) {
        if (args.size() != 1)
            return usageError(u"sync takes no arguments; it reads TETHER_SYNC_URL and the rest "
                              "from the environment."_s);
        return runSync(dir);
    }
    if (command == "delete"_L1) {
        qint64 id = 0;
        if (args.size() != 2 || !conversationArgument(args.at(1), &id) || id == 0)
            return usageError(u"delete takes one conversation id."_s);
        return runDelete(dir, id);
    }
    return usageError(u"unknown command \"%1\"."_s.arg(command));
}

} // namespace

int main(int argc, char* argv[])
{
    return tether::endProcess(run(argc, argv));
}
