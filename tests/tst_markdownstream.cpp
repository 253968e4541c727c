// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming markdown renderer and the safe browser, under QT_QPA_PLATFORM=offscreen.
#include "ui/transcript/codehighlighter.h"
#include "ui/transcript/contentsafety.h"
#include "ui/transcript/markdownstream.h"
#include "ui/transcript/safebrowser.h"
#include "ui/transcript/transcript.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextTable>
#include <QUrlQuery>

#ifdef Q_OS_LINUX
#include <sys/inotify.h>
#include <unistd.h>
#endif

using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString Sample = uR"(# Heading

A paragraph with **bold**, `code` and a [link](https://example.com).
It continues on a second line.

- one
- two
  - nested

1. first
2. second

```cpp
int main()
{

    return 0; // a blank line above, inside the fence
}
```

| a | b |
|---|---|
| 1 | 2 |
| 中 | 文 |

> quoted

~~~
tilde fence
~~~
Last paragraph without a trailing newline)"_s;

// The text of every non-empty block, in order. Qt's importer puts empty blocks around tables
// differently when a table is rendered on its own, so blank lines are not compared. The headers
// MarkdownStream adds above code blocks are not markdown either; copyLinks() checks them.
QString blocks(const QTextDocument& d)
{
    QStringList out;
    for (QTextBlock b = d.begin(); b.isValid(); b = b.next()) {
        if (!b.text().isEmpty() && !MarkdownStream::isCodeHeader(b))
            out.append(b.text());
    }
    return out.join(u'\n');
}

// The code each header's Copy copies, in order.
QStringList copyLinks(const QTextDocument& d)
{
    QStringList out;
    for (QTextBlock b = d.begin(); b.isValid(); b = b.next()) {
        for (auto f = b.begin(); !f.atEnd(); ++f) {
            const QUrl href(f.fragment().charFormat().anchorHref());
            if (href.scheme() == "tether"_L1 && href.path() == "copy-code"_L1)
                out.append(QUrlQuery(href).queryItemValue(u"text"_s, QUrl::FullyDecoded));
        }
    }
    return out;
}

// Each code block's header, with the first line of code under it: "python | print(1)".
QStringList headersAndCode(const QTextDocument& d)
{
    QStringList out;
    for (QTextBlock b = d.begin(); b.isValid(); b = b.next()) {
        if (MarkdownStream::isCodeHeader(b))
            out.append(b.text().section(u'\t', 0, 0) + u" | "_s + b.next().text());
    }
    return out;
}

QString wholeRender(const QString& markdown)
{
    QTextDocument d;
    d.setMarkdown(MarkdownStream::neutraliseImages(markdown), QTextDocument::MarkdownDialectGitHub);
    return blocks(d);
}

int tables(QTextDocument* d)
{
    int n = 0;
    for (QTextFrame* f : d->rootFrame()->childFrames())
        n += qobject_cast<QTextTable*>(f) ? 1 : 0;
    return n;
}

} // namespace

class TestMarkdownStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void incrementalEqualsWholeRender_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void incrementalEqualsWholeRender()
    {
        QFETCH(quint32, seed);
        QRandomGenerator rng(seed);
        QTextDocument doc;
        MarkdownStream stream(&doc);
        for (qsizetype i = 0; i < Sample.size();) {
            const qsizetype n = 1 + rng.bounded(12);
            stream.append(Sample.mid(i, n));
            stream.flush();
            i += n;
        }
        stream.finish();
        QCOMPARE(blocks(doc), wholeRender(Sample));
        QCOMPARE(tables(&doc), 1);
        // Each code block got one header whose Copy copies exactly its code.
        QCOMPARE(headersAndCode(doc),
                 QStringList({u"cpp | int main()"_s, u"code | tilde fence"_s}));
        QCOMPARE(copyLinks(doc),
                 QStringList({u"int main()\n{\n\n    return 0; // a blank line above, inside the "
                              "fence\n}\n"_s,
                              u"tilde fence\n"_s}));
    }

    void codeHeadersStayAboveTheirCodeRenderedAtOnce()
    {
        // A reply shown again (another alternative, a chat reopened) is rendered in one piece:
        // each block's header and Copy stay with it, not gathered after the last paragraph.
        const QString reply = u"Intro.\n\n```python\nprint(1)\n```\n\nBetween.\n\n```sh\n"
                              "echo $HOME\n```\n\nLast paragraph."_s;
        QTextDocument doc;
        MarkdownStream stream(&doc);
        stream.append(reply);
        stream.finish();
        QCOMPARE(headersAndCode(doc), QStringList({u"python | print(1)"_s, u"sh | echo $HOME"_s}));
        QCOMPARE(copyLinks(doc), QStringList({u"print(1)\n"_s, u"echo $HOME\n"_s}));
        QCOMPARE(doc.lastBlock().text(), u"Last paragraph."_s);
        for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
            if (MarkdownStream::isCodeHeader(b))
                QVERIFY2(b.next().text().size() > 0 && b.previous().text() != b.text(),
                         qPrintable(b.text()));
        }
    }

    void codeIsColouredByLanguage()
    {
        QTextDocument doc;
        doc.documentLayout(); // as in a view: without a layout the document reports no changes
        CodeHighlighter highlighter(&doc);
        MarkdownStream stream(&doc);
        stream.append(u"```python\n# note\ndef f():\n    return \"s\" + 12\n```\n\n"
                      "```text\ndef plain\n```\n\n```c\n/* open\nstill */ int x;\n```"_s);
        stream.finish();
        // The colour (or italic) laid over each piece of a line, by the piece's text.
        const auto styled = [&](const QString& line) {
            QStringList out;
            for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
                if (b.text() != line)
                    continue;
                for (const QTextLayout::FormatRange& r : b.layout()->formats())
                    out.append(b.text().mid(r.start, r.length) +
                               (r.format.fontItalic() ? u"/i"_s : u""_s));
            }
            return out;
        };
        QCOMPARE(styled(u"# note"_s), QStringList{u"# note/i"_s});
        QCOMPARE(styled(u"def f():"_s), QStringList{u"def"_s});
        QCOMPARE(styled(u"    return \"s\" + 12"_s),
                 QStringList({u"return"_s, u"\"s\""_s, u"12"_s}));
        QCOMPARE(styled(u"def plain"_s), QStringList()); // a language it does not know
        QCOMPARE(styled(u"/* open"_s), QStringList{u"/* open/i"_s});
        QCOMPARE(styled(u"still */ int x;"_s), QStringList({u"still *//i"_s, u"int"_s}));
        // Colours are layout formats: the text copied or searched stays as sent.
        QCOMPARE(copyLinks(doc).first(), u"# note\ndef f():\n    return \"s\" + 12\n"_s);
    }

    void aStreamingTableBecomesATableOnceFinished()
    {
        QTextDocument doc;
        MarkdownStream stream(&doc);
        stream.append(u"Numbers:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"_s);
        stream.flush();
        // While the table grows it is its source: no frame is inserted and removed per update.
        QCOMPARE(tables(&doc), 0);
        QVERIFY(doc.toPlainText().contains(u"| 1 | 2 |"_s));
        stream.append(u"| 3 | 4 |\n\nAfter."_s);
        stream.flush();
        QCOMPARE(tables(&doc), 1);
        QVERIFY(!doc.toPlainText().contains(u"| 1 | 2 |"_s));
        stream.finish();
        QCOMPARE(tables(&doc), 1);
        QVERIFY(doc.toPlainText().contains(u"After."_s));
    }

    void finishedBlocksAreNeverRenderedAgain()
    {
        QTextDocument doc;
        MarkdownStream stream(&doc);
        stream.append(u"First paragraph.\n\nSecond"_s);
        stream.flush();
        QTextBlock first = doc.firstBlock();
        QCOMPARE(first.text(), u"First paragraph."_s);
        first.setUserState(42); // survives only if the block is never rebuilt
        for (int i = 0; i < 50; ++i) {
            stream.append(u" word"_s);
            stream.flush();
        }
        stream.append(u"\n\n```\ncode\n"_s);
        stream.flush();
        QCOMPARE(doc.firstBlock().userState(), 42);
        stream.finish();
        QCOMPARE(doc.firstBlock().userState(), 42);
        QVERIFY(doc.toPlainText().contains(u"Second word word"_s));
    }

    void imagesNeverFetchOrReadAnything()
    {
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        QSignalSpy connections(&listener, &QTcpServer::newConnection);
        const QString host = u"http://127.0.0.1:%1"_s.arg(listener.serverPort());
        SafeBrowser browser;
        browser.resize(600, 400);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        MarkdownStream stream(browser.document());
        stream.append(
            u"![remote](%1/a.png)\n\n<img src=\"%1/b.png\">\n\n![local](file:///etc/hostname)"
            "\n\n![inline](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAf"
            "FcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)\n"_s.arg(host));
        stream.finish();
        browser.viewport()->repaint();
        QCoreApplication::processEvents();
        // Remote and file images became links: no connection, no file read.
        QVERIFY(browser.toPlainText().contains(u"🖼 remote"_s));
        QVERIFY(browser.toPlainText().contains(u"🖼 local"_s));
        // Layout and paint ask for resources synchronously: by now any request was made. The
        // remote and file images are links, so nothing was even asked for.
        QCOMPARE(browser.refusedResources(), 0);
        QCOMPARE(connections.count(), 0);
        QVERIFY(!listener.hasPendingConnections());
        // Even asked directly, the browser loads nothing but data: — and what it refuses gets a
        // placeholder, never a null answer (for which QTextDocument would read the file itself).
        const int refusedBefore = browser.refusedResources();
        const QVariant file =
            browser.loadResource(QTextDocument::ImageResource, QUrl(u"file:///etc/hostname"_s));
        QCOMPARE(file.typeId(), QMetaType::QImage);
        QCOMPARE(file.value<QImage>().size(), QSize(1, 1));
        QVERIFY(
            !browser.loadResource(QTextDocument::ImageResource, QUrl(host + u"/c.png"_s)).isNull());
        QCOMPARE(browser.refusedResources(), refusedBefore + 2);
        QCOMPARE(
            browser
                .loadResource(QTextDocument::ImageResource, QUrl(u"data:text/plain;base64,aGk="_s))
                .toByteArray(),
            QByteArray("hi"));
        QCOMPARE(browser.refusedResources(), refusedBefore + 2);
        QCOMPARE(connections.count(), 0);
    }

#ifdef Q_OS_LINUX
    // Hostile replies: each tries to make Qt read a local file (a relative path, an absolute
    // one, file:, CSS url(), @import, <link>, a table background, a reference-style image, a
    // space after the parenthesis). inotify on the folder counts every open and read of its
    // files while the reply streams, finishes and is painted: there must be none.
    void hostileRepliesReadNoFile_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::newRow("space before a relative path") << u"Sure. ![x]( secret.png)"_s;
        QTest::newRow("space before an absolute path") << u"Sure. ![x]( DIR/secret.png)"_s;
        QTest::newRow("absolute path") << u"![x](DIR/secret.png)"_s;
        QTest::newRow("file: URL with a space") << u"![x]( file://DIR/secret.png)"_s;
        QTest::newRow("title after the path") << u"![x](secret.png \"t\")"_s;
        QTest::newRow("reference-style image") << u"![x][r]\n\n[r]: secret.png\n"_s;
        QTest::newRow("reference-style, absolute") << u"![x][r]\n\n[r]: DIR/secret.png\n"_s;
        QTest::newRow("angle-bracket destination") << u"![x](<DIR/secret.png>)"_s;
        QTest::newRow("CSS background-image")
            << u"<p style=\"background-image:url(secret.png)\">x</p>"_s;
        QTest::newRow("CSS background-image, absolute")
            << u"<p style=\"background-image:url(DIR/secret.png)\">x</p>"_s;
        QTest::newRow("table background") << u"<table background=\"secret.png\"><tr><td>x"
                                             "</td></tr></table>"_s;
        QTest::newRow("@import") << u"<style>@import url(style.css);</style>x"_s;
        QTest::newRow("link stylesheet") << u"<link rel=\"stylesheet\" href=\"style.css\">x"_s;
        QTest::newRow("img tag") << u"<img src=\"secret.png\">"_s;
        QTest::newRow("img tag, spaced") << u"<img src = \" DIR/secret.png\" >"_s;
        QTest::newRow("inline html in a list") << u"- <img src=DIR/secret.png>\n- b\n"_s;
    }

    void hostileRepliesReadNoFile()
    {
        QFETCH(QString, reply);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QImage image(4, 4, QImage::Format_ARGB32);
        image.fill(Qt::red);
        QVERIFY(image.save(dir.filePath(u"secret.png"_s)));
        QFile css(dir.filePath(u"style.css"_s));
        QVERIFY(css.open(QIODevice::WriteOnly));
        css.write("p { color: red }");
        css.close();
        reply.replace(u"DIR"_s, dir.path());
        const QString oldCwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path())); // relative paths resolve here
        const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        QVERIFY(fd >= 0);
        QVERIFY(inotify_add_watch(fd, QFile::encodeName(dir.path()).constData(),
                                  IN_OPEN | IN_ACCESS) >= 0);
        const auto opens = [fd] {
            int n = 0;
            alignas(inotify_event) char buffer[4096];
            for (ssize_t len; (len = ::read(fd, buffer, sizeof buffer)) > 0;) {
                for (char* p = buffer; p < buffer + len;) {
                    const auto* e = reinterpret_cast<const inotify_event*>(p);
                    ++n;
                    p += sizeof(inotify_event) + e->len;
                }
            }
            return n;
        };

        SafeBrowser browser;
        browser.resize(600, 400);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        MarkdownStream stream(browser.document());
        for (qsizetype i = 0; i < reply.size(); i += 7) { // streamed, as a reply arrives
            stream.append(reply.mid(i, 7));
            stream.flush();
            browser.viewport()->repaint();
        }
        stream.finish();
        browser.viewport()->repaint();
        QCoreApplication::processEvents();
        const int seen = opens();
        // The hook itself works: reading the file is seen.
        QFile probe(dir.filePath(u"secret.png"_s));
        QVERIFY(probe.open(QIODevice::ReadOnly));
        probe.readAll();
        probe.close();
        const int probed = opens();
        ::close(fd);
        QDir::setCurrent(oldCwd);
        QCOMPARE(seen, 0);
        QVERIFY(probed >= 2);
        QVERIFY(!browser.toPlainText().isEmpty() || reply.startsWith(u"<"_s));
    }

    // The reply that used to abort the app: Qt read /dev/zero until the allocation failed.
    void devZeroImageDoesNotCrash()
    {
        SafeBrowser browser;
        browser.resize(600, 400);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        MarkdownStream stream(browser.document());
        stream.append(u"Sure. ![x]( /dev/zero)\n\n<p style=\"background-image:url(/dev/zero)\">"
                      "y</p>\n\n![z][r]\n\n[r]: /dev/zero\n"_s);
        stream.finish();
        browser.viewport()->repaint();
        QCoreApplication::processEvents();
        QVERIFY(browser.toPlainText().startsWith(u"Sure."_s));
        QVERIFY(browser.refusedResources() >= 1);
    }
#endif

    // A reply can write a link that looks like one of Tether's own; clicking it does nothing.
    void forgedInternalLinksDoNothing_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::newRow("copy-code") << u"[see more](tether:copy-code?text=curl%20x%20%7C%20sh)"_s;
        QTest::newRow("regenerate") << u"[retry](tether:regenerate?id=1)"_s;
        QTest::newRow("edit") << u"[edit](tether:edit?id=1)"_s;
        QTest::newRow("autolink") << u"<tether:continue?id=1>"_s;
        QTest::newRow("reference") << u"[go][r]\n\n[r]: tether:timeline?id=1\n"_s;
        QTest::newRow("guessed key") << u"[x](tether:copy?id=0&k=0000)"_s;
    }

    void forgedInternalLinksDoNothing()
    {
        QFETCH(QString, reply);
        Transcript transcript;
        transcript.resize(600, 400);
        transcript.show();
        transcript.addUser(1, u"question"_s);
        transcript.addAssistant(1, {}, 2);
        MarkdownStream stream(transcript.document());
        stream.append(reply);
        stream.finish();
        QSignalSpy internal(&transcript, &SafeBrowser::internalLinkActivated);
        QSignalSpy continues(&transcript, &Transcript::continueRequested);
        QSignalSpy regenerates(&transcript, &Transcript::regenerateRequested);
        QSignalSpy timelines(&transcript, &Transcript::timelineRequested);
        QSignalSpy edits(&transcript, &Transcript::editRequested);
        QSignalSpy earlier(&transcript, &Transcript::earlierRequested);
        QSignalSpy copies(&transcript, &Transcript::copied);
        QApplication::clipboard()->setText(u"untouched"_s);
        QStringList forged;
        for (QTextBlock b = transcript.document()->begin(); b.isValid(); b = b.next()) {
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                const QString href = it.fragment().charFormat().anchorHref();
                if (href.startsWith(u"tether:"_s) && !href.contains(u"k="_s + u"0000"_s) &&
                    contentsafety::isInternalLink(QUrl(href)))
                    continue; // Tether's own (the user message's Copy and Edit)
                if (!href.isEmpty())
                    forged.append(href);
            }
        }
        QVERIFY2(!forged.isEmpty(), qPrintable(transcript.toHtml()));
        for (const QString& href : forged)
            Q_EMIT transcript.anchorClicked(QUrl(href));
        QCoreApplication::processEvents();
        QCOMPARE(internal.count(), 0);
        QCOMPARE(continues.count() + regenerates.count() + timelines.count() + edits.count() +
                     earlier.count(),
                 0);
        QCOMPARE(copies.count(), 0);
        QCOMPARE(QApplication::clipboard()->text(), u"untouched"_s);
        // Tether's own links still work.
        Q_EMIT transcript.anchorClicked(MarkdownStream::copyCodeUrl(u"echo ok"_s));
        QCOMPARE(internal.count(), 1);
        QCOMPARE(QApplication::clipboard()->text(), u"echo ok"_s);
    }

    void onlyWebAndMailLinksOpen()
    {
        QVERIFY(SafeBrowser::isOpenable(QUrl(u"https://example.com/a?b=c"_s)));
        QVERIFY(SafeBrowser::isOpenable(QUrl(u"http://example.com"_s)));
        QVERIFY(SafeBrowser::isOpenable(QUrl(u"mailto:someone@example.com"_s)));
        QVERIFY(!SafeBrowser::isOpenable(QUrl(u"file:///etc/passwd"_s)));
        QVERIFY(!SafeBrowser::isOpenable(QUrl(u"javascript:alert(1)"_s)));
        QVERIFY(!SafeBrowser::isOpenable(QUrl(u"smb://host/share"_s)));
    }
};

QTEST_MAIN(TestMarkdownStream)
#include "tst_markdownstream.moc"
