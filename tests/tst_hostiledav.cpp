// SPDX-License-Identifier: GPL-3.0-or-later
// Sync against WebDAV servers that are hostile or broken, which rclone cannot be: one that
// accepts and never answers, one that sends a file larger than any sync file, a listing that
// is not XML or lists more than a folder holds, a header that asks Argon2 for hours or
// gigabytes. Each is stopped by the edge policy (engine/net/limits.h) with a clear message, in
// bounded time and memory; `tether-cli sync` (the real binary) says so and does not hang.
#include "bench/peakrss.h"
#include "engine/net/limits.h"
#include "engine/sync/synccrypto.h"
#include "engine/sync/webdav.h"
#include "mockserver.h"
#include "sanitizers.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestHostileDav : public QObject {
    Q_OBJECT
    QNetworkAccessManager m_nam;

    struct Outcome {
        Error error;
        QList<DavEntry> entries;
        qint64 ms = 0;
    };
    static Outcome finish(DavJob* job, int waitMs)
    {
        Outcome out;
        QElapsedTimer t;
        t.start();
        bool finished = false;
        QObject::connect(job, &DavJob::finished, job, [&] {
            out.error = job->error();
            out.entries = job->entries();
            finished = true;
        });
        if (!QTest::qWaitFor([&] { return finished; }, waitMs))
            qFatal("a WebDAV request did not finish");
        out.ms = t.elapsed();
        return out;
    }

    static MockResponse answer(int status, const QByteArray& body,
                               const QByteArray& type = "application/xml")
    {
        MockResponse r;
        r.status = status;
        r.contentType = type;
        r.body = body;
        return r;
    }

private Q_SLOTS:
    // A file announced as 10 GB is refused before its body is read; one that streams past the
    // cap without saying its size is cut at the cap.
    void aFileLargerThanAnySyncFileIsRefused()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse announced = answer(200, "x", "application/octet-stream");
        announced.chunked = false;
        announced.headers.append({QByteArray("Content-Length"), QByteArray("10737418240")});
        server.enqueue(announced);
        server.enqueue(answer(200, QByteArray(limits::MaxSyncFileBytes + 1024 * 1024, 's'),
                              "application/octet-stream"));
        WebDav dav(server.baseUrl(), {}, {}, &m_nam);
        const qint64 before = tether::bench::peakRssKb();
        for (int i = 0; i < 2; ++i) {
            const Outcome o = finish(dav.get(u"devices/d/0"_s, limits::MaxSyncFileBytes), 30000);
            QCOMPARE(o.error.code, ErrorCode::Protocol);
            QVERIFY2(o.error.message.contains(u"larger than 8 MiB"_s), qPrintable(o.error.message));
        }
        // What was read stayed near the cap, not the 10 GB. (Not under ThreadSanitizer: its
        // shadow memory multiplies what every byte read costs.)
#ifndef TETHER_UNDER_TSAN
        if (before > 0)
            QVERIFY(tether::bench::peakRssKb() - before < 64 * 1024);
#endif
    }

    // A listing that is not XML fails instead of reading as an empty folder (a sync that
    // "succeeded" without reading anything); one that lists more than a folder holds fails too.
    void aBadListingFails()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(answer(207, "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>"));
        QByteArray many = "<d:multistatus xmlns:d=\"DAV:\">";
        for (int i = 0; i <= limits::MaxListingEntries; ++i)
            many += "<d:response><d:href>/v1/devices/" + QByteArray::number(i) +
                    "/</d:href></d:response>";
        many += "</d:multistatus>";
        QVERIFY(many.size() < 16 * 1024 * 1024); // under the size cap: the count is what fails
        server.enqueue(answer(207, many));
        WebDav dav(server.baseUrl(), {}, {}, &m_nam);
        Outcome o = finish(dav.list(u"devices"_s), 30000);
        QCOMPARE(o.error.code, ErrorCode::Protocol);
        QVERIFY2(o.error.message.contains(u"not valid XML"_s), qPrintable(o.error.message));
        o = finish(dav.list(u"devices"_s), 60000);
        QCOMPARE(o.error.code, ErrorCode::Protocol);
        QVERIFY2(o.error.message.contains(u"more than 100000 entries"_s),
                 qPrintable(o.error.message));
    }

    // The header is the server's to write: an Argon2 cost of 2^32 passes or 4 GiB is refused
    // before any work, not after hours or an allocation.
    void anArgonCostOverTheLimitIsRefusedFirst_data()
    {
        QTest::addColumn<QString>("ops");
        QTest::addColumn<QString>("mem");
        QTest::newRow("2^32 passes") << u"4294967296"_s << u"268435456"_s;
        QTest::newRow("4 GiB") << u"3"_s << u"4294967296"_s;
    }

    void anArgonCostOverTheLimitIsRefusedFirst()
    {
        QFETCH(QString, ops);
        QFETCH(QString, mem);
        const QByteArray header =
            QJsonDocument(
                QJsonObject{{"format"_L1, u"tether-sync"_s},
                            {"version"_L1, 1},
                            {"kdf"_L1, u"argon2id13"_s},
                            {"salt"_L1, QString::fromLatin1(QByteArray(16, 's').toBase64())},
                            {"opslimit"_L1, ops},
                            {"memlimit"_L1, mem},
                            {"check"_L1, u"AAAA"_s}})
                .toJson();
        const qint64 before = tether::bench::peakRssKb();
        QElapsedTimer t;
        t.start();
        const auto key = unlockSync(header, "passphrase"_ba);
        QVERIFY(!key);
        QVERIFY2(key.error().message.contains(u"more than Tether allows"_s),
                 qPrintable(key.error().message));
        QVERIFY(t.elapsed() < 1000);
        if (before > 0)
            QVERIFY(tether::bench::peakRssKb() - before < 32 * 1024);
    }

    // A server that accepts and never answers: `tether-cli sync` gives the request up after the
    // policy's silence (30 s), says so, tries again, and ends (here on a missing folder), where
    // it used to wait for ever.
    void aServerThatNeverAnswersIsGivenUp()
    {
        const QString cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(cli), "TETHER_CLI must name the built tether-cli");
        MockServer server;
        QVERIFY(server.listen());
        MockResponse silent;
        silent.status = 200;
        silent.contentType = "application/json";
        silent.body = "{";
        silent.stallAfter = 0;
        server.enqueue(silent);
        server.setResponder([](const RecordedRequest&) { return answer(404, {}, "text/plain"); });
        QTemporaryDir data;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TETHER_DATA_DIR"_s, data.path());
        env.insert(u"TETHER_SYNC_URL"_s, server.baseUrl().toString());
        env.insert(u"TETHER_SYNC_PASSPHRASE"_s, u"correct horse"_s);
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        QElapsedTimer t;
        t.start();
        p.start(cli, {u"sync"_s});
        QVERIFY(finished.wait(90000)); // the server lives in this process: the loop must run
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(u"no answer for 30 s"_s), qPrintable(err));
        QVERIFY2(err.contains(u"Retrying in"_s), qPrintable(err));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(t.elapsed() >= 30000 && t.elapsed() < 60000);
    }
};

QTEST_GUILESS_MAIN(TestHostileDav)
#include "tst_hostiledav.moc"
