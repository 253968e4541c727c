#include "commands.h"

#include "engine.h"
#include "journal.h"
#include "signalwatcher.h"

#include <QEventLoop>

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

} // namespace

int runSend(const QString& dataDir, const SendRequest& request)
{
    Engine engine(dataDir);
    SignalWatcher sigint;
    QEventLoop loop;
    int exitCode = ExitError;
    qint64 generationId = 0;
    bool interruptRequested = false;
    QChar lastOut = u'\n';
    const auto quit = [&](int code) {
        exitCode = code;
        loop.exit(code);
    };

    QObject::connect(&engine, &Engine::openFailed, &loop, [&](const Error& e) {
        writeErr(u"tether-cli: "_s + e.message + u'\n');
        quit(ExitError);
    });
    QObject::connect(&engine, &Engine::ready, &loop, [&] { engine.send(1, request); });
    QObject::connect(&engine, &Engine::sendFailed, &loop, [&](quint64, const Error& e) {
        writeErr(u"tether-cli: "_s + e.message + u'\n');
        quit(e.code == ErrorCode::Usage || e.code == ErrorCode::NotFound ? ExitUsage : ExitError);
    });
    QObject::connect(&engine, &Engine::generationStarted, &loop, [&](const GenerationStarted& s) {
        generationId = s.generationId;
        if (interruptRequested)
            engine.cancel(generationId, GenerationStatus::Interrupted);
    });
    QObject::connect(&engine, &Engine::chunksAdded, &loop, [&](const ChunkBatch& batch) {
        const QString out = batch.text + batch.refusal;
        if (!out.isEmpty()) {
            writeOut(out);
            lastOut = out.back();
        }
    });
    QObject::connect(&engine, &Engine::generationFinished, &loop, [&](const GenerationFinished& f) {
        if (lastOut != u'\n' && stdoutIsTerminal())
            writeOut(u"\n"_s);
        if (interruptRequested) {
            quit(ExitInterrupted);
            return;
        }
        const int code = exitCodeFor(f);
        if (code != ExitOk) {
            QString message = u"tether-cli: "_s + f.error.message;
            if (code == ExitGaveUp)
                message += u" The reply so far is saved in conversation %1 "
                           "(generation %2)."_s.arg(f.conversationId)
                               .arg(f.generationId);
            writeErr(message + u'\n');
        }
        quit(code);
    });
    QObject::connect(&sigint, &SignalWatcher::interrupted, &loop, [&] {
        if (interruptRequested || generationId == 0) {
            quit(ExitInterrupted); // a second Ctrl+C, or nothing to save yet
            return;
        }
        interruptRequested = true;
        engine.cancel(generationId, GenerationStatus::Interrupted);
    });

    engine.start();
    loop.exec();
    return exitCode;
}

int runShow(const QString& dataDir, const QString& which, ShowFormat format)
{
    auto journal = Journal::open(Journal::pathIn(dataDir));
    if (!journal) {
        writeErr(u"tether-cli: "_s + journal.error().message + u'\n');
        return ExitError;
    }
    qint64 id = 0;
    if (which == "last"_L1) {
        auto last = journal.value()->lastConversationId();
        if (!last) {
            writeErr(u"tether-cli: "_s + last.error().message + u'\n');
            return ExitError;
        }
        id = last.value();
    } else {
        bool ok = false;
        id = which.toLongLong(&ok);
        if (!ok || id <= 0) {
            writeErr(u"tether-cli: show takes a conversation id or \"last\", not \"%1\".\n"_s.arg(
                which));
            return ExitUsage;
        }
    }
    auto conversation = journal.value()->conversation(id);
    if (!conversation) {
        writeErr(u"tether-cli: "_s + conversation.error().message + u'\n');
        return conversation.error().code == ErrorCode::NotFound ? ExitUsage : ExitError;
    }
    const QByteArray out = formatConversation(conversation.value(), format);
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    return ExitOk;
}

} // namespace tether::cli
