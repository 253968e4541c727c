// SPDX-License-Identifier: GPL-3.0-or-later
// Sync between two and three data folders through a real WebDAV server (Debian's rclone, started
// here on 127.0.0.1): each device's conversations reach the others, a new empty device gets
// everything, follow-ups (concurrent ones as alternatives), renames and deletes propagate,
// attachments travel once, a wrong passphrase or password changes nothing, concurrent syncs are
// safe, one new message costs a small upload, and the server holds no plaintext.
#include "engine/journal/journal.h"
#include "engine/sync/syncjob.h"
#include "support/davserver.h"
#include "support/devicefixture.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray Passphrase = "correct horse battery staple";

struct Synced {
    SyncSummary summary;
    Error error;
    QList<int> retried; // the attempts that failed and were tried again
    bool ok() const { return error.code == ErrorCode::None; }
};

// Everything a device holds that sync carries, in an order of its own: two devices that hold
// the same history give the same list.
QStringList contents(const Device& d)
{
    auto j = d.open();
    QSqlQuery q(j->database());
    QStringList out;
    q.exec(u"SELECT c.gid, c.title, c.system_prompt FROM conversations c"_s);
    while (q.next())
        out.append(u"C %1 %2 %3"_s.arg(q.value(0).toString(), q.value(1).toString(),
                                       q.value(2).toString()));
    q.exec(u"SELECT c.gid, m.gid, coalesce(p.gid, '-'), m.role, m.content, m.status, "
           "(SELECT group_concat(ma.name || ':' || ma.sha256) FROM message_attachments ma "
           "WHERE ma.message_id = m.id) FROM messages m "
           "JOIN conversations c ON c.id = m.conversation_id "
           "LEFT JOIN messages p ON p.id = m.parent_id"_s);
    while (q.next()) {
        QStringList fields;
        for (int i = 0; i < 7; ++i)
            fields.append(q.value(i).toString());
        out.append(u"M "_s + fields.join(u' '));
    }
    out.sort();
    return out;
}

int count(const Device& d, const QString& sql)
{
    auto j = d.open();
    QSqlQuery q(j->database());
    if (!q.exec(sql) || !q.next())
        qFatal("bad query");
    return q.value(0).toInt();
}

// `tether-cli sync` for device `d` and the folder `url`, as a user sets it up.
QProcessEnvironment cliEnvironment(const Device& d, const QUrl& url)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"TETHER_DATA_DIR"_s, d.dir.path());
    env.insert(u"TETHER_SYNC_URL"_s, url.toString());
    env.insert(u"TETHER_SYNC_USER"_s, u"tether"_s);
    env.insert(u"TETHER_SYNC_PASSWORD"_s, u"secret"_s);
    env.insert(u"TETHER_SYNC_PASSPHRASE"_s, QString::fromUtf8(Passphrase));
    return env;
}

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

class TestSync : public QObject {
    Q_OBJECT

    DavServer m_server;
    QNetworkAccessManager m_nam;
    int m_folders = 0;
    int m_snapshotEvery = 0; // 0: the production default

    QUrl freshFolder() { return m_server.folder(u"sync%1"_s.arg(++m_folders)); }

    SyncSettings settings(const Device& d, const QUrl& url,
                          const QByteArray& passphrase = Passphrase,
                          const QString& password = u"secret"_s)
    {
        return SyncSettings{url, u"tether"_s, password, passphrase, d.path()};
    }

    Synced sync(const Device& d, const QUrl& url, const QByteArray& passphrase = Passphrase,
                const QString& password = u"secret"_s, qint64 segmentBytes = 0)
    {
        SyncJob job(settings(d, url, passphrase, password), &m_nam);
        if (segmentBytes > 0)
            job.setSegmentBytes(segmentBytes);
        if (m_snapshotEvery > 0)
            job.setSnapshotEvery(m_snapshotEvery);
        QSignalSpy finished(&job, &SyncJob::finished);
        QSignalSpy retrying(&job, &SyncJob::retrying);
        job.start();
        if (!finished.wait(120000))
            qFatal("a sync did not finish");
        Synced out{
            finished.at(0).at(0).value<SyncSummary>(), finished.at(0).at(1).value<Error>(), {}};
        for (const QList<QVariant>& r : std::as_const(retrying)) {
            out.retried.append(r.at(2).toInt());
            if (r.at(3).toInt() != 5 || r.at(1).toLongLong() <= 0)
                qFatal("a retry without its delay or attempts");
        }
        return out;
    }

    // Every file under the folder, with its bytes.
    QHash<QString, QByteArray> serverFiles(const QUrl& url)
    {
        QHash<QString, QByteArray> files;
        const QString root = m_server.pathOf(url.path().mid(1));
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                files.insert(QDir(root).relativeFilePath(f.fileName()), f.readAll());
        }
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_server.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void conversationsReachEveryDevice()
    {
        Device a, b, c;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            say(*j, u"Zebra-striped aardvarks from the laptop"_s);
        }
        {
            auto j = b.open();
            const Exchange first = say(*j, u"Quokka questions from the desktop"_s);
            say(*j, u"and a follow-up about wombats"_s, first.conversationId);
        }
        const Synced up = sync(a, url);
        QVERIFY2(up.ok(), qPrintable(up.error.message));
        QVERIFY(up.summary.createdFolder);
        QCOMPARE(up.summary.recordsUp, 3); // the conversation, its two messages
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 6);

        // A new, empty device gets everything, and shows each conversation's thread.
        const Synced first = sync(c, url);
        QVERIFY2(first.ok(), qPrintable(first.error.message));
        QCOMPARE(first.summary.devices, 2);
        QCOMPARE(contents(c), contents(a));
        QCOMPARE(count(c, u"SELECT count(*) FROM messages WHERE hidden = 0"_s), 6);
        // Each reply names the model that wrote it (there, a generation's; here, the message's).
        QCOMPARE(
            count(c, u"SELECT count(*) FROM messages WHERE role = 'assistant' AND model = 'm'"_s),
            3);

        // Nothing new: nothing sent, nothing applied.
        const Synced again = sync(c, url);
        QCOMPARE(again.summary.recordsUp, 0);
        QCOMPARE(again.summary.recordsApplied, 0);

        // The host cannot read a word: not the text, not a title, not the JSON around them.
        const auto files = serverFiles(url);
        QVERIFY2(files.size() >= 3, qPrintable(QStringList(files.keys()).join(u' ')));
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            for (const QByteArray& word :
                 {QByteArray("aardvark"), QByteArray("Quokka"), QByteArray("wombat"),
                  QByteArray("assistant"), QByteArray("content")}) {
                QVERIFY2(!it.value().contains(word), qPrintable(it.key()));
            }
            QVERIFY2(!it.key().contains(u"aardvark"_s), qPrintable(it.key()));
        }
    }

    void followUpsRenamesAndDeletesPropagate()
    {
        Device a, b;
        const QUrl url = freshFolder();
        qint64 onA = 0;
        {
            auto j = a.open();
            onA = say(*j, u"Plans for the weekend"_s).conversationId;
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        qint64 onB = 0;
        {
            auto j = b.open();
            auto list = j->conversations(0, 10);
            QVERIFY(list.ok());
            QCOMPARE(list.value().size(), 1);
            onB = list.value().first().id;
        }
        // Both follow up before hearing of the other: two answers to the same reply.
        {
            auto j = a.open();
            say(*j, u"Hiking, from the laptop"_s, onA);
        }
        {
            auto j = b.open();
            say(*j, u"Cinema, from the desktop"_s, onB);
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 6);
        // Each device still shows its own follow-up; the other's is an alternative beside it.
        const QString shownUser =
            u"SELECT content FROM messages WHERE role = 'user' AND hidden = 0 ORDER BY id DESC"_s;
        {
            auto j = a.open();
            QSqlQuery q(j->database());
            QVERIFY(q.exec(shownUser) && q.next());
            QCOMPARE(q.value(0).toString(), u"Hiking, from the laptop"_s);
            QCOMPARE(count(a,
                           u"SELECT count(*) FROM messages m WHERE role = 'user' AND parent_id = "
                           "(SELECT parent_id FROM messages WHERE content = 'Cinema, from the "
                           "desktop')"_s),
                     2);
        }

        // A rename goes across; so does a delete.
        {
            auto j = b.open();
            QVERIFY(j->renameConversation(onB, u"Weekend, renamed on the desktop"_s).ok());
        }
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        {
            auto j = a.open();
            auto conv = j->conversation(onA);
            QVERIFY(conv.ok());
            QCOMPARE(conv.value().title, u"Weekend, renamed on the desktop"_s);
            QVERIFY(j->deleteConversation(onA).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(count(b, u"SELECT count(*) FROM conversations"_s), 0);
        QCOMPARE(count(b, u"SELECT count(*) FROM messages"_s), 0);
        QCOMPARE(contents(a), contents(b));
    }

    // A delete removes what it saw: a follow-up written elsewhere before the delete arrived
    // survives it, and keeps its conversation.
    void aDeleteKeepsWhatItDidNotSee()
    {
        Device a, b;
        const QUrl url = freshFolder();
        qint64 onA = 0;
        {
            auto j = a.open();
            onA = say(*j, u"An old question"_s).conversationId;
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        {
            auto j = b.open();
            say(*j, u"A new thought, written offline"_s, j->conversationIds().value().first());
            auto j2 = a.open();
            QVERIFY(j2->deleteConversation(onA).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 2);
        QCOMPARE(count(a, u"SELECT count(*) FROM messages WHERE content LIKE '%old question%'"_s),
                 0);
        QCOMPARE(count(a, u"SELECT count(*) FROM conversations"_s), 1);
    }

    void interruptedRepliesSyncWithTheirTextAndStreamingOnesWait()
    {
        Device a, b;
        const QUrl url = freshFolder();
        Exchange streaming;
        {
            auto j = a.open();
            say(*j, u"cut off"_s, 0, GenerationStatus::Interrupted);
            streaming = say(*j, u"still streaming"_s, 0, GenerationStatus::Streaming);
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE status = 'interrupted' AND "
                          "content = 'Re: cut off'"_s),
                 1);
        // The user's message went; the reply streaming on the laptop did not, yet.
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE content LIKE '%still streaming'"_s),
                 1);
        {
            auto j = a.open();
            QVERIFY(j->finishGeneration(streaming.generationId, GenerationOutcome{}).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE content = 'Re: still streaming' "
                          "AND status = 'completed'"_s),
                 1);
    }

    void attachmentsTravelOnce()
    {
        Device a, b;
        const QUrl url = freshFolder();
        Attachment file;
        file.name = u"notes.txt"_s;
        file.mime = u"text/plain"_s;
        file.data = "Secret notes about marmosets\n";
        file.text = QString::fromUtf8(file.data);
        file.size = file.data.size();
        file.sha256 = QString::fromLatin1(
            QCryptographicHash::hash(file.data, QCryptographicHash::Sha256).toHex());
        {
            auto j = a.open();
            const Exchange ex = say(*j, u"read this"_s, 0, GenerationStatus::Completed, {file});
            say(*j, u"and again"_s, ex.conversationId, GenerationStatus::Completed, {file});
        }
        const Synced up = sync(a, url);
        QVERIFY(up.ok());
        QCOMPARE(up.summary.blobsUp, 1);
        const Synced down = sync(b, url);
        QVERIFY(down.ok());
        QCOMPARE(down.summary.blobsDown, 1);
        QCOMPARE(contents(a), contents(b));
        {
            auto stored = b.open()->attachment(file.sha256);
            QVERIFY(stored.ok());
            QCOMPARE(stored.value(), a.open()->attachment(file.sha256).value());
            QCOMPARE(stored.value().data, file.data);
        }
        for (const QByteArray& bytes : serverFiles(url))
            QVERIFY(!bytes.contains("marmoset"));
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

    // Compaction: a device writes a snapshot once the logs have grown; a new device starts from
    // it and reads only the segments written after it — with the same history as everyone.
    void aNewDeviceStartsFromASnapshot()
    {
        Device a, b, c;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            for (int i = 0; i < 30; ++i)
                say(*j, u"laptop note %1 %2"_s.arg(i).arg(QString(100, u'l')));
            auto j2 = b.open();
            for (int i = 0; i < 5; ++i)
                say(*j2, u"desktop note %1"_s.arg(i));
        }
        QVERIFY(sync(a, url, Passphrase, u"secret"_s, 3000).ok());
        QVERIFY(sync(b, url, Passphrase, u"secret"_s, 3000).ok());
        {
            auto j = b.open();
            QVERIFY(j->deleteConversation(j->conversationIds().value().first()).ok());
        }
        QVERIFY(sync(b, url).ok());
        m_snapshotEvery = 3;
        const Synced compacted = sync(a, url);
        m_snapshotEvery = 0;
        QVERIFY2(compacted.ok(), qPrintable(compacted.error.message));
        QVERIFY(compacted.summary.snapshotWritten);
        {
            auto j = a.open();
            say(*j, u"written after the snapshot"_s);
        }
        QVERIFY(sync(a, url).ok());

        const Synced fresh = sync(c, url);
        QVERIFY2(fresh.ok(), qPrintable(fresh.error.message));
        QVERIFY(fresh.summary.snapshotRecords >= 70);
        QCOMPARE(fresh.summary.segmentsDown, 1); // only the laptop's segment after the snapshot
        QCOMPARE(contents(c), contents(a));
        QCOMPARE(count(c, u"SELECT count(*) FROM conversations"_s), 35);
        QCOMPARE(count(c, u"SELECT count(*) FROM messages WHERE hidden = 0"_s), 70);
        // And it goes on like any device.
        {
            auto j = c.open();
            say(*j, u"from the new device"_s);
        }
        QVERIFY(sync(c, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(contents(b), contents(c));

        // A second snapshot replaces the first (its parts go); the next new device reads it.
        const int filesBefore = int(serverFiles(url).size());
        m_snapshotEvery = 1;
        QVERIFY(sync(a, url).summary.snapshotWritten);
        m_snapshotEvery = 0;
        QCOMPARE(int(serverFiles(url).size()), filesBefore);
        Device d;
        const Synced next = sync(d, url);
        QVERIFY(next.ok());
        QCOMPARE(next.summary.segmentsDown, 0);
        QCOMPARE(contents(d), contents(a));
    }

    // However large the history, one new message goes up as a small segment.
    void oneMessageUploadsLittle()
    {
        Device a;
        const QUrl url = freshFolder();
        qint64 conversation = 0;
        {
            auto j = a.open();
            for (int i = 0; i < 300; ++i)
                conversation =
                    say(*j, u"message %1 %2"_s.arg(i).arg(QString(200, u'x'))).conversationId;
        }
        const Synced first = sync(a, url);
        QVERIFY(first.ok());
        QVERIFY(first.summary.bytesUp > 20'000);
        {
            auto j = a.open();
            say(*j, u"one more"_s, conversation);
        }
        const Synced next = sync(a, url);
        QVERIFY(next.ok());
        QCOMPARE(next.summary.recordsUp, 2);
        QVERIFY2(next.summary.bytesUp < 2'000, qPrintable(QString::number(next.summary.bytesUp)));
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
