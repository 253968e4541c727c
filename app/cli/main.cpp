// tether-cli: drives the same engine as the desktop app from a terminal.
#include "commands.h"
#include "engine.h"
#include "journal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether;
using namespace tether::cli;

namespace {

const char* const Commands = R"(
Commands:
  send [--conversation ID] [--system TEXT] [--api chat|responses] MESSAGE
        Store MESSAGE, stream the reply to stdout. MESSAGE "-" reads standard input.
  show ID|last [--format text|markdown|json]
        Print a conversation from the journal.

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

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();

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
    parser.addOptions({help, version, baseUrl, model, api, dataDir, conversation, system, format});
    parser.addPositionalArgument(u"command"_s, u"send or show"_s);

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
    const QString command = args.first();
    const QString dir =
        parser.isSet(dataDir) ? parser.value(dataDir) : engine::Journal::defaultDataDir();

    if (command == "send"_L1) {
        engine::SendRequest request;
        request.provider = engine::ProviderConfig::fromEnvironment();
        if (parser.isSet(baseUrl))
            request.provider.baseUrl = QUrl(parser.value(baseUrl));
        if (parser.isSet(model))
            request.provider.model = parser.value(model);
        if (parser.isSet(api) && !engine::apiFromName(parser.value(api), &request.provider.api))
            return usageError(u"--api takes chat or responses."_s);
        if (parser.isSet(conversation)) {
            bool ok = false;
            request.conversationId = parser.value(conversation).toLongLong(&ok);
            if (!ok || request.conversationId <= 0)
                return usageError(u"--conversation takes a conversation id."_s);
        }
        request.systemPrompt = parser.value(system);
        request.userText = args.mid(1).join(u' ');
        if (request.userText == "-"_L1) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return usageError(u"cannot read standard input."_s);
            request.userText = QString::fromUtf8(in.readAll());
        }
        if (request.userText.trimmed().isEmpty())
            return usageError(u"send needs a message."_s);
        return runSend(dir, request);
    }
    if (command == "show"_L1) {
        if (args.size() != 2)
            return usageError(u"show takes one conversation id or \"last\"."_s);
        ShowFormat f;
        if (!showFormatFromName(parser.value(format), &f))
            return usageError(u"--format takes text, markdown or json."_s);
        return runShow(dir, args.at(1), f);
    }
    return usageError(u"unknown command \"%1\"."_s.arg(command));
}
