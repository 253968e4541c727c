// SPDX-License-Identifier: GPL-3.0-or-later
// tether-cli with files and alternatives: --attach (and what it refuses, exit 2, nothing sent),
// `show --format json` listing attachments and alternatives, `regenerate`, and a JSON export
// that import reads back with its files.
#include "clifixture.h"
#include "engine/pdf/pdftext.h"
#include "testfiles.h"

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

class TestCliAttachments : public CliFixture {
    Q_OBJECT

    QTemporaryDir m_files;

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        QFile f(m_files.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(name));
        return f.fileName();
    }

    static QByteArray png() { return pngOf(24, 16, Qt::darkCyan); }
    static QByteArray pdf(const QString& text) { return pdfWith(text); }

    static MockResponse reply(const QString& text)
    {
        MockResponse r;
        r.body = MockServer::chatStream({text});
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        setUpFixture();
        QVERIFY(m_files.isValid());
    }
    void cleanupTestCase() { tearDownFixture(); }

    void attachSendsFilesAndShowListsThem()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(reply(u"Seen."_s));
        const QByteArray image = png();
        const QString picture = writeFile(u"chart.png"_s, image);
        const QString notes = writeFile(u"notes.txt"_s, "line one\n"_ba);
        // A build without poppler (the Windows one) refuses PDFs: tst_attachments says so.
        const bool pdfs = tether::engine::canReadPdf();
        QStringList args{u"send"_s, u"--attach"_s, picture, u"--attach"_s, notes};
        if (pdfs)
            args << u"--attach"_s << writeFile(u"paper.pdf"_s, pdf(u"Quarterly figures"_s));
        Outcome o = cli(args << u"Compare these"_s, &server);
        QCOMPARE(o.exitCode, 0);
        const QJsonArray messages = server.requests().at(0).json().value("messages"_L1).toArray();
        const QJsonArray parts = messages.last().toObject().value("content"_L1).toArray();
        QCOMPARE(parts.size(), 2);
        const QString text = parts.at(0).toObject().value("text"_L1).toString();
        QVERIFY2(text.startsWith(u"Compare these\n\nnotes.txt:\n```\nline one\n```"_s),
                 qPrintable(text));
        QVERIFY2(!pdfs || (text.contains(u"\n\npaper.pdf:\n"_s) &&
                           text.contains(u"Quarterly figures"_s)),
                 qPrintable(text));
        QCOMPARE(parts.at(1).toObject().value("image_url"_L1).toObject().value("url"_L1).toString(),
                 QString::fromLatin1("data:image/png;base64," + image.toBase64()));

        const QJsonObject shown = showJson(u"last"_s);
        const QJsonArray files = shown.value("messages"_L1)
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value("attachments"_L1)
                                     .toArray();
        QCOMPARE(files.size(), pdfs ? 3 : 2);
        QCOMPARE(files.at(0).toObject(),
                 (QJsonObject{
                     {"name"_L1, u"chart.png"_s},
                     {"mime"_L1, u"image/png"_s},
                     {"size"_L1, image.size()},
                     {"sha256"_L1,
                      QString::fromLatin1(
                          QCryptographicHash::hash(image, QCryptographicHash::Sha256).toHex())}}));
        if (pdfs)
            QCOMPARE(files.at(2).toObject().value("mime"_L1).toString(), u"application/pdf"_s);
        // Markdown names them.
        o = cli({u"show"_s, u"last"_s, u"--format"_s, u"markdown"_s});
        QVERIFY(o.out.contains("📎 chart.png (image/png"));
        QVERIFY(o.out.contains("📎 notes.txt (text/plain"));

        // Exported as JSON with their bytes, imported into another journal: the same files.
        const QString exported = m_files.filePath(u"export.json"_s);
        QCOMPARE(
            cli({u"export"_s, u"--all"_s, u"--format"_s, u"json"_s, u"-o"_s, exported}).exitCode,
            0);
        QTemporaryDir other;
        m_dataDir = other.path();
        QCOMPARE(cli({u"import"_s, exported}).exitCode, 0);
        const QJsonObject imported = showJson(u"last"_s);
        QCOMPARE(imported.value("messages"_L1).toArray().first().toObject().value("attachments"_L1),
                 QJsonValue(files));
        // And a follow-up there sends the imported image again.
        server.enqueue(reply(u"Again."_s));
        QCOMPARE(cli({u"send"_s, u"--conversation"_s, u"last"_s, u"And now?"_s}, &server).exitCode,
                 0);
        const QJsonArray again = server.requests().at(1).json().value("messages"_L1).toArray();
        QCOMPARE(again.at(0)
                     .toObject()
                     .value("content"_L1)
                     .toArray()
                     .at(1)
                     .toObject()
                     .value("image_url"_L1)
                     .toObject()
                     .value("url"_L1)
                     .toString(),
                 QString::fromLatin1("data:image/png;base64," + image.toBase64()));
        m_dataDir.clear();
    }

    void badFilesExitTwoAndSendNothing_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing") << u"/nonexistent/x.png"_s << u"cannot be read"_s;
        QTest::newRow("binary") << writeFile(u"a.out"_s, QByteArray("\x7f"
                                                                    "ELF\0\0\0",
                                                                    7))
                                << u"not a text file"_s;
        QByteArray big = png();
        big.append(QByteArray(21 * 1024 * 1024, 'x'));
        QTest::newRow("huge image") << writeFile(u"huge.png"_s, big) << u"images over 20"_s;
        QTest::newRow("folder") << m_files.path() << u"is a folder"_s;
        if (tether::engine::canReadPdf()) // a few KB that would take poppler minutes and gigabytes
            QTest::newRow("pdf bomb") << writeFile(u"bomb.pdf"_s, pdfBomb()) << u"was stopped"_s;
#ifdef Q_OS_UNIX
        // Not files at all: a device without end, and a pipe nobody writes to (opening it
        // would wait for a writer forever; reading /dev/zero once ended in bad_alloc).
        QTest::newRow("device") << u"/dev/zero"_s << u"not a regular file"_s;
        const QString fifo = m_files.filePath(u"pipe"_s);
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        QTest::newRow("fifo") << fifo << u"not a regular file"_s;
#endif
    }

    void badFilesExitTwoAndSendNothing()
    {
        QFETCH(QString, file);
        QFETCH(QString, says);
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        const Outcome o = cli({u"send"_s, u"--attach"_s, file, u"Look"_s}, &server);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(QString::fromUtf8(o.err).contains(says), o.err.constData());
        QVERIFY(o.err.contains("Nothing was sent."));
        QCOMPARE(server.requests().size(), 0);
        QCOMPARE(cli({u"list"_s}).out, QByteArray()); // nothing stored either
        m_dataDir.clear();
    }

    void regenerateAddsAnAlternative()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(reply(u"First answer"_s));
        server.enqueue(reply(u"Second answer"_s));
        QCOMPARE(cli({u"send"_s, u"--model"_s, u"picked"_s, u"Question"_s}, &server).exitCode, 0);
        const Outcome o = cli({u"regenerate"_s, u"last"_s}, &server);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("Second answer"));
        const QJsonObject body = server.requests().at(1).json();
        QCOMPARE(body.value("model"_L1).toString(), u"picked"_s); // the conversation's
        QCOMPARE(body.value("messages"_L1).toArray().size(), 1);  // the same history
        const QJsonObject last = lastMessage(showJson(u"last"_s));
        QCOMPARE(last.value("content"_L1).toString(), u"Second answer"_s);
        QCOMPARE(last.value("alternatives"_L1).toInt(), 2);
        QCOMPARE(last.value("alternative"_L1).toInt(), 2);
        QCOMPARE(cli({u"regenerate"_s, u"12345"_s}, &server).exitCode, 2);
        m_dataDir.clear();
    }
};

QTEST_MAIN(TestCliAttachments)
#include "tst_cliattachments.moc"
