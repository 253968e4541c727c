// SPDX-License-Identifier: GPL-3.0-or-later
// Streaming throughput: the engine reads a 200,000-chunk Chat Completions stream from a loopback
// server as fast as it can, journaling every chunk, and is compared with a plain socket reading
// the same bytes (the transport limit) and with parsing alone (no network, no disk).
//
// The server runs in a child process (this binary with --serve) so the RSS printed is the
// engine's own.
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "engine/stream/chatdecoder.h"
#include "engine/stream/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace {

QByteArray makeStream(int chunks)
{
    QByteArray out;
    out.reserve(qsizetype(chunks) * 180);
    const char* words[] = {" the", " quick", " brown", " fox",  " jumps", " over", " lazy",
                           " dog", "\\n",    " 中文",  " code", "`",      " é"};
    for (int i = 0; i < chunks; ++i) {
        out +=
            R"(data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":")";
        out += words[i % 13];
        out += R"("},"finish_reason":null}]})";
        out += "\n\n";
    }
    out +=
        R"(data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
        "\n\ndata: [DONE]\n\n";
    return out;
}

int serve(int chunks)
{
    const QByteArray body = makeStream(chunks);
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    std::printf("%d\n", server.serverPort());
    std::fflush(stdout);
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        QTcpSocket* s = server.nextPendingConnection();
        auto* buffer = new QByteArray;
        QObject::connect(s, &QTcpSocket::readyRead, s, [s, buffer, &body] {
            *buffer += s->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const qsizetype length = [&] {
                const qsizetype at = buffer->toLower().indexOf("content-length:");
                return at < 0 ? 0
                              : buffer->mid(at + 15, buffer->indexOf('\r', at) - at - 15)
                                    .trimmed()
                                    .toLongLong();
            }();
            if (buffer->size() < end + 4 + length)
                return;
            s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n");
            s->write(body);
            s->disconnectFromHost();
            buffer->clear();
        });
        QObject::connect(s, &QTcpSocket::disconnected, s, [s, buffer] {
            delete buffer;
            s->deleteLater();
        });
    });
    return QCoreApplication::exec();
}

double peakRssMiB()
{
#ifdef Q_OS_UNIX
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // KiB on Linux
#else
    return -1;
#endif
}

// The transport limit: one socket reading the same response, doing nothing with it.
double plainSocketSeconds(quint16 port, qint64* bytes)
{
    QTcpSocket socket;
    QEventLoop loop;
    QElapsedTimer clock;
    *bytes = 0;
    QObject::connect(&socket, &QTcpSocket::connected, [&] {
        socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Length: 2\r\n\r\n{}");
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { *bytes += socket.readAll().size(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    clock.start();
    socket.connectToHost(QHostAddress::LocalHost, port);
    loop.exec();
    return double(clock.nsecsElapsed()) / 1e9;
}

double parseOnlySeconds(const QByteArray& stream, qsizetype readSize)
{
    QElapsedTimer clock;
    clock.start();
    SseParser parser;
    ChatDecoder decoder;
    std::vector<SseEvent> events;
    std::vector<Delta> deltas;
    for (qsizetype at = 0; at < stream.size(); at += readSize) {
        events.clear();
        deltas.clear();
        parser.feed(QByteArrayView(stream).sliced(at, std::min(readSize, stream.size() - at)),
                    events);
        for (const auto& e : events)
            decoder.decode(e, deltas);
    }
    return double(clock.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int chunks =
        args.contains(u"--chunks"_s) ? args.value(args.indexOf(u"--chunks"_s) + 1).toInt() : 200000;
    if (args.contains(u"--serve"_s))
        return serve(chunks);

    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(app.applicationFilePath(), {u"--serve"_s, u"--chunks"_s, QString::number(chunks)});
    if (!server.waitForReadyRead(30000)) {
        std::fprintf(stderr, "server did not start\n");
        return 1;
    }
    const quint16 port = quint16(server.readLine().trimmed().toUInt());

    QTemporaryDir dir;
    Engine engine(dir.path());
    QEventLoop loop;
    QElapsedTimer clock;
    GenerationFinished result;
    qint64 batches = 0;
    QObject::connect(&engine, &Engine::ready, [&] {
        SendRequest request;
        request.userText = u"bench"_s;
        request.provider.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
        request.provider.model = u"gpt-4o-mini"_s;
        clock.start();
        Generation* generation = engine.send(request);
        QObject::connect(generation, &Generation::chunksAdded,
                         [&](const ChunkBatch&) { ++batches; });
        QObject::connect(generation, &Generation::finished, [&](const GenerationFinished& f) {
            result = f;
            loop.quit();
        });
    });
    QObject::connect(&engine, &Engine::openFailed, [&](const Error& e) {
        std::fprintf(stderr, "%s\n", qPrintable(e.message));
        loop.exit(1);
    });
    engine.start();
    if (loop.exec() != 0)
        return 1;
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("engine (journaled):  %9.0f chunks/s  %6.2f us/chunk  status %s, %lld commits\n",
                chunks / seconds, seconds * 1e6 / chunks, qPrintable(statusName(result.status)),
                static_cast<long long>(batches));

    auto journal = Journal::open(engine.journalPath());
    if (journal) {
        auto text = journal.value()->chunkText(result.generationId, ChunkKind::Text);
        auto g = journal.value()->generation(result.generationId);
        std::printf("journal: %lld chunks, %lld characters, %.1f MiB on disk\n",
                    static_cast<long long>(g ? g.value().lastSeq : -1),
                    static_cast<long long>(text ? text.value().size() : -1),
                    double(QFile(engine.journalPath()).size() +
                           QFile(engine.journalPath() + u"-wal"_s).size()) /
                        (1 << 20));
    }
    std::printf("peak RSS after the engine run: %.1f MiB\n", peakRssMiB());
    {
        const QByteArray stream = makeStream(chunks);
        std::printf("stream: %d chunks, %.1f MiB\n", chunks, double(stream.size()) / (1 << 20));
        const double parse = parseOnlySeconds(stream, 16 * 1024);
        std::printf("parse+decode only:   %9.0f chunks/s  %6.2f us/chunk\n", chunks / parse,
                    parse * 1e6 / chunks);

        qint64 bytes = 0;
        const double plain = plainSocketSeconds(port, &bytes);
        std::printf("plain socket:        %9.0f chunks/s  %6.2f us/chunk  (%.0f MiB/s)\n",
                    chunks / plain, plain * 1e6 / chunks, double(bytes) / (1 << 20) / plain);
    }
    server.kill();
    server.waitForFinished();
    return result.status == GenerationStatus::Completed ? 0 : 1;
}
