// SPDX-License-Identifier: GPL-3.0-or-later
// Sync's storage against a real WebDAV server the test starts on 127.0.0.1 (Debian's rclone,
// installed by scripts/setup-debian.sh): folders made with their parents, an upload moved into
// place that never replaces a file, listing, download, delete, names beyond ASCII, a wrong
// password, an unreachable server; and Nextcloud-style listings parsed.
#include "engine/sync/webdav.h"
#include "support/davserver.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

class TestWebDav : public QObject {
    Q_OBJECT

    tether::test::DavServer m_server;
    QUrl m_url;
    QNetworkAccessManager m_nam;

    // What a job ended with (it deletes itself after `finished`).
    struct Outcome {
        Error error;
        QByteArray data;
        QList<DavEntry> entries;
        bool ok() const { return error.code == ErrorCode::None; }
    };
    static std::unique_ptr<Outcome> done(DavJob* job)
    {
        auto out = std::make_unique<Outcome>();
        bool finished = false;
        QObject::connect(job, &DavJob::finished, job, [&] {
            *out = Outcome{job->error(), job->data(), job->entries()};
            finished = true;
        });
        if (!QTest::qWaitFor([&] { return finished; }, 10000))
            qFatal("a WebDAV request did not finish");
        return out;
    }

    WebDav dav(const QString& password = u"secret"_s)
    {
        return WebDav(m_url, u"tether"_s, password, &m_nam);
    }

    QByteArray onDisk(const QString& path)
    {
        QFile f(m_server.pathOf(u"sync/"_s + path));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_server.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_url = m_server.folder(u"sync"_s);
    }

    void aLogOfImmutableFiles()
    {
        WebDav d = dav();
        std::unique_ptr<Outcome> job(done(d.makeFolders(u"devices/laptop/segments"_s)));
        QVERIFY2(job->ok(), qPrintable(job->error.message));
        QVERIFY(QDir(m_server.pathOf(u"sync/devices/laptop/segments"_s)).exists());
        job = done(d.makeFolders(u"devices/laptop"_s)); // already there: fine
        QVERIFY(job->ok());

        // Uploaded under a temporary name, then moved into place.
        const QString dir = u"devices/laptop/segments/"_s;
        job = done(d.put(dir + u"1.tmp"_s, "first"));
        QVERIFY(job->ok());
        job = done(d.move(dir + u"1.tmp"_s, dir + u"00000001"_s));
        QVERIFY2(job->ok(), qPrintable(job->error.message));
        QCOMPARE(onDisk(dir + u"00000001"_s), QByteArray("first"));

        // A second writer of the same segment does not replace it.
        job = done(d.put(dir + u"2.tmp"_s, "other"));
        job = done(d.move(dir + u"2.tmp"_s, dir + u"00000001"_s));
        QVERIFY(!job->ok());
        QCOMPARE(job->error.httpStatus, 412);
        QVERIFY(job->error.message.contains(u"already exists"_s));
        QCOMPARE(onDisk(dir + u"00000001"_s), QByteArray("first"));

        job = done(d.list(dir));
        QVERIFY(job->ok());
        QList<DavEntry> entries = job->entries;
        std::sort(entries.begin(), entries.end(),
                  [](const DavEntry& a, const DavEntry& b) { return a.name < b.name; });
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).name, u"00000001"_s);
        QCOMPARE(entries.at(0).size, 5);
        QVERIFY(!entries.at(0).folder);
        QVERIFY(!entries.at(0).etag.isEmpty());
        QCOMPARE(entries.at(1).name, u"2.tmp"_s);
        job = done(d.list(u"devices"_s));
        QCOMPARE(job->entries.size(), 1);
        QCOMPARE(job->entries.first().name, u"laptop"_s);
        QVERIFY(job->entries.first().folder);

        job = done(d.get(dir + u"00000001"_s));
        QCOMPARE(job->data, QByteArray("first"));
        job = done(d.remove(dir + u"2.tmp"_s));
        QVERIFY(job->ok());
        job = done(d.get(dir + u"2.tmp"_s));
        QCOMPARE(job->error.code, ErrorCode::NotFound);
        job = done(d.list(u"devices/phone"_s));
        QCOMPARE(job->error.code, ErrorCode::NotFound);
    }

    void namesBeyondAscii()
    {
        WebDav d = dav();
        const QString name = u"blobs/été 中文 #1.bin"_s;
        std::unique_ptr<Outcome> job(done(d.makeFolders(u"blobs"_s)));
        job = done(d.put(name, QByteArray(70000, 'x')));
        QVERIFY2(job->ok(), qPrintable(job->error.message));
        QCOMPARE(onDisk(name).size(), 70000);
        job = done(d.list(u"blobs"_s));
        QCOMPARE(job->entries.size(), 1);
        QCOMPARE(job->entries.first().name, u"été 中文 #1.bin"_s);
        job = done(d.get(name));
        QCOMPARE(job->data.size(), 70000);
    }

    void wrongPasswordIsSaid()
    {
        WebDav d = dav(u"wrong"_s);
        std::unique_ptr<Outcome> job(done(d.list(QString())));
        QCOMPARE(job->error.httpStatus, 401);
        QCOMPARE(job->error.code, ErrorCode::HttpRefused);
        QVERIFY(job->error.message.contains(u"refused the user name or password"_s));
    }

    void unreachableServerIsANetworkError()
    {
        QTcpServer probe; // a port nobody listens on
        probe.listen(QHostAddress::LocalHost);
        const quint16 port = probe.serverPort();
        probe.close();
        WebDav d(QUrl(u"http://127.0.0.1:%1/sync"_s.arg(port)), {}, {}, &m_nam);
        std::unique_ptr<Outcome> job(done(d.get(u"x"_s)));
        QCOMPARE(job->error.code, ErrorCode::Network);
        QVERIFY(job->error.message.contains(u"cannot be reached"_s));
    }

    // Nextcloud answers with absolute URLs in some setups and encodes every special character.
    void nextcloudListing()
    {
        const QByteArray xml =
            "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" "
            "xmlns:oc=\"http://owncloud.org/ns\">"
            "<d:response><d:href>/remote.php/dav/files/ana/Tether%20Sync/</"
            "d:href><d:propstat><d:prop>"
            "<d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>"
            "<d:response><d:href>https://cloud.example.com/remote.php/dav/files/ana/Tether%20Sync/"
            "header.json</d:href><d:propstat><d:prop><d:resourcetype/><d:getcontentlength>321"
            "</d:getcontentlength><d:getetag>&quot;abc&quot;</d:getetag></d:prop></d:propstat>"
            "</d:response><d:response><d:href>/remote.php/dav/files/ana/Tether%20Sync/devices/</"
            "d:href>"
            "<d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>"
            "</d:propstat></d:response></d:multistatus>";
        const auto parsed =
            WebDav::parseMultistatus(xml, u"/remote.php/dav/files/ana/Tether Sync"_s);
        QVERIFY(parsed.ok());
        const QList<DavEntry>& entries = parsed.value();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0), (DavEntry{u"header.json"_s, false, 321, u"\"abc\""_s}));
        QCOMPARE(entries.at(1), (DavEntry{u"devices"_s, true, 0, QString()}));
    }
};

QTEST_GUILESS_MAIN(TestWebDav)
#include "tst_webdav.moc"
