// SPDX-License-Identifier: GPL-3.0-or-later
// Sync when something goes wrong, through a real WebDAV server (Debian's rclone, started here on
// 127.0.0.1): a wrong passphrase or password changes nothing, a missing folder and a busy server
// say so (the busy one after its retries), concurrent syncs are safe, a sync killed in the
// middle recovers, and a new device syncs from tether-cli.
#include "engine/journal/journal.h"
#include "support/syncharness.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// In front of the server: answers the first `failures` connections with 503 (what a busy
// Nextcloud or a proxy in between says), then passes bytes both ways. rclone never fails so.
class FlakyProxy : public QTcpServer {
public:
    FlakyProxy(quint16 target, int failures)
        : m_target(target)
        , m_failures(failures)
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* in = nextPendingConnection()) {
                if (m_failures > 0) {
                    --m_failures;
                    ++refused;
                    connect(in, &QTcpSocket::readyRead, in, [in] {
                        in->readAll();
                        in->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n");
                        in->disconnectFromHost();
                    });
                    connect(in, &QTcpSocket::disconnected, in, &QObject::deleteLater);
                    continue;
                }
                auto* out = new QTcpSocket(in);
                out->connectToHost(QHostAddress::LocalHost, m_target);
                connect(in, &QTcpSocket::readyRead, out, [in, out] { out->write(in->readAll()); });
                connect(out, &QTcpSocket::connected, out, [in, out] { out->write(in->readAll()); });
                connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
                connect(out, &QTcpSocket::disconnected, in, &QTcpSocket::disconnectFromHost);
                connect(in, &QTcpSocket::disconnected, in, &QObject::deleteLater);
            }
        });
    }
    QUrl url(const QUrl& behind) const
    {
        QUrl u = behind;
        u.setPort(serverPort());
        return u;
    }
    int refused = 0;

private:
    quint16 m_target;
    int m_failures;
};

} // namespace

class TestSyncFaults : public QObject, protected SyncHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_server.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void aWrongPassphraseChangesNothing()
    {
        Device a, b;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            say(*j, u"private"_s);
            auto j2 = b.open();
            say(*j2, u"also private"_s);
        }
        QVERIFY(sync(a, url).ok());
        const auto before = serverFiles(url);
        const QStringList local = contents(b);
        const Synced wrong = sync(b, url, "incorrect horse");
        QCOMPARE(wrong.error.code, ErrorCode::Usage);
        QVERIFY2(wrong.error.message.contains(u"Wrong passphrase"_s),
                 qPrintable(wrong.error.message));
        QCOMPARE(serverFiles(url), before);
        QCOMPARE(contents(b), local);
        {
            auto j = b.open();
            QCOMPARE(j->syncDevice(false).value(), QString()); // not even set up for sync
        }
        // The right one works.
        QVERIFY(sync(b, url).ok());
        QCOMPARE(count(b, u"SELECT count(*) FROM conversations"_s), 2);
    }

    void aRefusedPasswordSaysSo()
    {
        Device a;
        const QUrl url = freshFolder();
        const Synced refused = sync(a, url, Passphrase, u"not the password"_s);
        QCOMPARE(refused.error.code, ErrorCode::HttpRefused);
        QVERIFY2(refused.error.message.contains(u"refused the user name or password"_s),
                 qPrintable(refused.error.message));
        QVERIFY(serverFiles(url).isEmpty());
    }

    void aMissingFolderSaysSo()
    {
        Device a;
        QUrl url = freshFolder();
        url.setPath(url.path() + u"/not-made-yet"_s);
        const Synced missing = sync(a, url);
        QCOMPARE(missing.error.httpStatus, 409);
        QVERIFY2(missing.error.message.contains(u"does not exist on the server"_s),
                 qPrintable(missing.error.message));
    }

    // A server that says 503 now and then: the engine's backoff tries again and the sync
    // completes; one that keeps saying it fails with what it said, after a few tries.
    void aBusyServerIsTriedAgain()
    {
        Device a;
        {
            auto j = a.open();
            say(*j, u"patience"_s);
        }
        const QUrl url = freshFolder();
        FlakyProxy flaky(m_server.port(), 3);
        const Synced through = sync(a, flaky.url(url));
        QVERIFY2(through.ok(), qPrintable(through.error.message));
        QCOMPARE(flaky.refused, 3);
        QCOMPARE(through.retried, QList<int>({1, 2, 3})); // each said, with its delay
        QCOMPARE(through.summary.recordsUp, 3);

        FlakyProxy down(m_server.port(), 1000);
        Device b;
        const Synced refused = sync(b, down.url(url));
        QCOMPARE(refused.error.code, ErrorCode::HttpRetryable);
        QVERIFY2(refused.error.message.contains(u"HTTP 503"_s), qPrintable(refused.error.message));
        QCOMPARE(down.refused, 5); // the sync's attempts
        QCOMPARE(refused.retried, QList<int>({1, 2, 3, 4}));
        QCOMPARE(count(b, u"SELECT count(*) FROM conversations"_s), 0);

        // tether-cli says each retry, as `send` does, and then why it gave up.
        const QString cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(cli), "TETHER_CLI must name the built tether-cli");
        QProcess p;
        p.setProcessEnvironment(cliEnvironment(b, down.url(url)));
        QSignalSpy exited(&p, &QProcess::finished);
        p.start(cli, {u"sync"_s});
        QVERIFY(exited.wait(60000)); // the event loop runs: the proxy is in this process
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        for (int attempt = 2; attempt <= 5; ++attempt)
            QVERIFY2(err.contains(u"Retrying in"_s) &&
                         err.contains(u"(attempt %1 of 5)"_s.arg(attempt)),
                     qPrintable(err));
        QVERIFY2(err.contains(u"sync failed:"_s) && err.contains(u"HTTP 503"_s), qPrintable(err));
    }

    // Two devices set up one new folder and send at the same moment; then each hears the other.
    // On one device a second sync is turned away instead of writing the same log.
    void concurrentSyncsAreSafe()
    {
        Device a, b;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            for (int i = 0; i < 20; ++i)
                say(*j, u"laptop %1"_s.arg(i));
            auto j2 = b.open();
            for (int i = 0; i < 20; ++i)
                say(*j2, u"desktop %1"_s.arg(i));
        }
        SyncJob first(settings(a, url), &m_nam);
        SyncJob second(settings(b, url), &m_nam);
        SyncJob sameDevice(settings(a, url), &m_nam);
        first.setSegmentBytes(2000);
        second.setSegmentBytes(2000);
        QSignalSpy firstDone(&first, &SyncJob::finished);
        QSignalSpy secondDone(&second, &SyncJob::finished);
        QSignalSpy sameDone(&sameDevice, &SyncJob::finished);
        first.start();
        second.start();
        sameDevice.start();
        QVERIFY(sameDone.wait(10000));
        const Error busy = sameDone.at(0).at(1).value<Error>();
        QVERIFY2(busy.message.contains(u"Another sync"_s), qPrintable(busy.message));
        QTRY_COMPARE_WITH_TIMEOUT(firstDone.size() + secondDone.size(), 2, 120000);
        QCOMPARE(firstDone.at(0).at(1).value<Error>().message, QString());
        QCOMPARE(secondDone.at(0).at(1).value<Error>().message, QString());
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM conversations"_s), 40);
        // One header: whoever set the folder up second read the first one's.
        QCOMPARE(serverFiles(url).count(u"tether-sync.json"_s), 1);
    }

    // `kill -9` in the middle of an upload, then of a download: the next sync completes, and
    // both devices hold the same history.
    void aKilledSyncRecovers()
    {
        const QString cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(cli), "TETHER_CLI must name the built tether-cli");
        Device a, b;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            qint64 conversation = 0;
            for (int i = 0; i < 400; ++i) {
                conversation = say(*j, u"note %1 %2"_s.arg(i).arg(QString(1000, u'n')),
                                   i % 10 == 0 ? 0 : conversation)
                                   .conversationId;
            }
        }
        const auto run = [&](const Device& d, QProcess& p) {
            QProcessEnvironment env = cliEnvironment(d, url);
            env.insert(u"TETHER_SYNC_SEGMENT_KIB"_s, u"16"_s);
            p.setProcessEnvironment(env);
            p.start(cli, {u"sync"_s});
            return p.waitForStarted(5000);
        };
        const auto segmentsOnServer = [&] {
            const QStringList names = serverFiles(url).keys();
            return int(std::count_if(names.cbegin(), names.cend(), [](const QString& name) {
                return name.startsWith(u"devices/"_s);
            }));
        };
        {
            QProcess p;
            QVERIFY(run(a, p));
            QTRY_VERIFY_WITH_TIMEOUT(segmentsOnServer() >= 5, 60000);
            p.kill(); // SIGKILL
            QVERIFY(p.waitForFinished(5000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        }
        const int beforeResume = segmentsOnServer();
        QVERIFY(beforeResume < 50); // it was stopped before the end
        {
            QProcess p;
            QVERIFY(run(a, p));
            QVERIFY(p.waitForFinished(60000));
            const QByteArray err = p.readAllStandardError();
            QVERIFY2(p.exitCode() == 0, err.constData());
            QVERIFY2(err.contains("Sent "), err.constData());
        }
        QCOMPARE(count(a, u"SELECT count(*) FROM sync_pending"_s), 0);
        {
            QProcess p;
            QVERIFY(run(b, p));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(b.path()) &&
                                         count(b, u"SELECT count(*) FROM messages"_s) >= 100,
                                     60000);
            p.kill();
            QVERIFY(p.waitForFinished(5000));
        }
        QVERIFY(count(b, u"SELECT count(*) FROM messages"_s) < 800);
        {
            QProcess p;
            QVERIFY(run(b, p));
            QVERIFY(p.waitForFinished(60000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        QCOMPARE(count(b, u"SELECT count(*) FROM messages"_s), 800);
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(b, u"SELECT count(*) FROM conversations"_s), 40);
    }

    // The first thing a user does on a second machine: `tether-cli sync` with no data folder
    // yet. It used to say "Another sync of this history is running." (its lock file had no
    // folder to live in).
    void aNewDeviceSyncsFromTheCli()
    {
        const QString cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(cli), "TETHER_CLI must name the built tether-cli");
        Device a;
        {
            auto j = a.open();
            say(*j, u"from the first machine"_s);
        }
        const QUrl url = freshFolder();
        QVERIFY(sync(a, url).ok());
        QTemporaryDir home;
        const QString fresh = home.path() + u"/not/made/yet"_s;
        QProcessEnvironment env = cliEnvironment(a, url);
        env.insert(u"TETHER_DATA_DIR"_s, fresh);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(cli, {u"sync"_s});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        auto j = Journal::open(Journal::pathIn(fresh));
        QVERIFY(j.ok());
        QSqlQuery q(j.value()->database());
        QVERIFY(
            q.exec(u"SELECT count(*) FROM messages WHERE content = 'from the first machine'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
