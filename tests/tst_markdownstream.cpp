// The streaming markdown renderer and the safe browser, under QT_QPA_PLATFORM=offscreen.
#include "markdownstream.h"
#include "safebrowser.h"

#include <QApplication>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextTable>
#include <QUrlQuery>

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
// differently when a table is rendered on its own, so blank lines are not compared. The copy
// links MarkdownStream adds under code blocks are not markdown either; copyLinks() checks them.
QString blocks(const QTextDocument& d)
{
    QStringList out;
    for (QTextBlock b = d.begin(); b.isValid(); b = b.next()) {
        if (!b.text().isEmpty() &&
            !b.begin().fragment().charFormat().anchorHref().startsWith(u"tether:copy-code"_s))
            out.append(b.text());
    }
    return out.join(u'\n');
}

// The code each "Copy code" link copies, in order.
QStringList copyLinks(const QTextDocument& d)
{
    QStringList out;
    for (QTextBlock b = d.begin(); b.isValid(); b = b.next()) {
        const QUrl href(b.begin().fragment().charFormat().anchorHref());
        if (href.scheme() == "tether"_L1 && href.path() == "copy-code"_L1)
            out.append(QUrlQuery(href).queryItemValue(u"text"_s, QUrl::FullyDecoded));
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
        // Each finished code block got one link copying exactly its code.
        QCOMPARE(copyLinks(doc),
                 QStringList({u"int main()\n{\n\n    return 0; // a blank line above, inside the "
                              "fence\n}\n"_s,
                              u"tilde fence\n"_s}));
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
        QTRY_COMPARE_WITH_TIMEOUT(connections.count(), 0, 500);
        QVERIFY(!listener.hasPendingConnections());
        // Even asked directly, the browser loads nothing but data: and qrc:.
        QVERIFY(browser.loadResource(QTextDocument::ImageResource, QUrl(u"file:///etc/hostname"_s))
                    .isNull());
        QVERIFY(
            browser.loadResource(QTextDocument::ImageResource, QUrl(host + u"/c.png"_s)).isNull());
        QVERIFY(
            !browser
                 .loadResource(QTextDocument::ImageResource, QUrl(u"data:text/plain;base64,aGk="_s))
                 .isNull());
        QCOMPARE(connections.count(), 0);
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
