// SPDX-License-Identifier: GPL-3.0-or-later
// Sync at scale, through a real WebDAV server on this machine (Debian's rclone, as the tests use
// it): the first sync of the bench journal (bench_history's 1,000,000 messages) up from one
// device and down to a second, empty one, each in a process of its own for its peak RSS; then
// one new message up and down, with the bytes it cost.
// Usage: bench_sync --data DIR   (DIR holds a journal from bench_history; it is copied, never
//                                 changed)
#include "davserver.h"
#include "engine/journal/journal.h"
#include "engine/sync/syncjob.h"
#include "peakrss.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace {

const QByteArray Passphrase = "bench passphrase";

// One device's sync, in this process: prints one line of figures.
int syncPhase(const QString& dataDir, const QUrl& url)
{
    QElapsedTimer opening;
    opening.start();
    {
        auto j = Journal::open(Journal::pathIn(dataDir)); // migrates a journal from before sync
        if (!j) {
            std::fprintf(stderr, "%s\n", qPrintable(j.error().message));
            return 1;
        }
    }
    const qint64 openMs = opening.elapsed();
    QNetworkAccessManager nam;
    SyncJob job({url, u"tether"_s, u"secret"_s, Passphrase, Journal::pathIn(dataDir)}, &nam);
    QEventLoop loop;
    SyncSummary summary;
    Error error;
    QObject::connect(&job, &SyncJob::finished, &loop, [&](const SyncSummary& s, const Error& e) {
        summary = s;
        error = e;
        loop.quit();
    });
    job.start();
    loop.exec();
    if (error.code != ErrorCode::None) {
        std::fprintf(stderr, "sync failed: %s\n", qPrintable(error.message));
        return 1;
    }
    std::printf("  journal opened in %lld ms; sync %lld ms: %d records up in %d segments "
                "(%lld bytes), %d applied from %d segments (%lld bytes); peak RSS %lld MB\n",
                openMs, summary.elapsedMs, summary.recordsUp, summary.segmentsUp, summary.bytesUp,
                summary.recordsApplied, summary.segmentsDown, summary.bytesDown,
                tether::bench::peakRssKb() / 1024);
    std::fflush(stdout);
    return 0;
}

bool runChild(const QString& dataDir, const QUrl& url)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QCoreApplication::applicationFilePath(), {u"--phase"_s, dataDir, url.toString()});
    return p.waitForFinished(-1) && p.exitCode() == 0;
}

qint64 folderBytes(const QString& path)
{
    qint64 total = 0;
    QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        total += QFileInfo(it.next()).size();
    return total;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 4 && args.at(1) == "--phase"_L1)
        return syncPhase(args.at(2), QUrl(args.at(3)));
    if (args.size() != 3 || args.at(1) != "--data"_L1) {
        std::fprintf(stderr, "usage: bench_sync --data DIR (a journal built by bench_history)\n");
        return 2;
    }
    const QString source = Journal::pathIn(args.at(2));
    QTemporaryDir work;
    const QString a = work.filePath(u"a"_s);
    const QString b = work.filePath(u"b"_s);
    QDir().mkpath(a);
    QDir().mkpath(b);
    QElapsedTimer copying;
    copying.start();
    if (!QFile::copy(source, Journal::pathIn(a))) {
        std::fprintf(stderr, "cannot copy %s\n", qPrintable(source));
        return 1;
    }
    std::printf("copied %s (%lld MB) in %lld ms\n", qPrintable(source),
                QFileInfo(source).size() / (1024 * 1024), copying.elapsed());
    tether::test::DavServer server;
    if (const QString why = server.start(); !why.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }
    const QUrl url = server.folder(u"sync"_s);
    {
        auto j = Journal::open(Journal::pathIn(a));
        if (!j)
            return 1;
        auto n = j.value()->conversationIds();
        std::printf("journal: %lld conversations\n", qint64(n ? n.value().size() : 0));
    }
    std::printf("first sync, up from device A:\n");
    if (!runChild(a, url))
        return 1;
    std::printf("  the server holds %lld MB\n", folderBytes(server.pathOf(u"sync"_s)) / 1048576);
    std::printf("first sync, down to device B (empty):\n");
    if (!runChild(b, url))
        return 1;
    {
        auto j = Journal::open(Journal::pathIn(a));
        if (!j)
            return 1;
        SendRequest r;
        r.conversationId = j.value()->conversationIds().value().first();
        r.userText = u"One more question, after a million messages."_s;
        r.provider.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
        r.provider.model = u"m"_s;
        auto ex = j.value()->beginExchange(r);
        if (!ex ||
            !j.value()->appendChunks(ex.value().generationId, 1,
                                     {Delta{ChunkKind::Text, u"And one more answer."_s, -1}}, -1,
                                     {}, 10) ||
            !j.value()->finishGeneration(ex.value().generationId, {}))
            return 1;
    }
    std::printf("one new exchange (2 messages), up from A:\n");
    if (!runChild(a, url))
        return 1;
    std::printf("and down to B:\n");
    if (!runChild(b, url))
        return 1;
    return 0;
}
