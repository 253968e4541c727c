// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/sseparser.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tether::engine;

namespace {

std::vector<SseEvent> parseAll(const QByteArray& bytes, SseParser* parserOut = nullptr)
{
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(bytes, events);
    if (parserOut)
        *parserOut = parser;
    return events;
}

// Feeds `bytes` cut at `cuts` (sorted offsets).
std::vector<SseEvent> parseCut(const QByteArray& bytes, const QList<qsizetype>& cuts)
{
    SseParser parser;
    std::vector<SseEvent> events;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(bytes).sliced(from, cut - from), events);
        from = cut;
    }
    parser.feed(QByteArrayView(bytes).sliced(from), events);
    return events;
}

QList<QByteArray> datas(const std::vector<SseEvent>& events)
{
    QList<QByteArray> out;
    for (const auto& e : events)
        out.append(e.data);
    return out;
}

} // namespace

class TestSseParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void basic()
    {
        const auto events = parseAll("data: hello\n\n");
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0].type, QByteArray("message"));
        QCOMPARE(events[0].data, QByteArray("hello"));
    }

    void eventWithoutDataIsNotDispatched()
    {
        const auto events = parseAll("event: ping\n\ndata: x\n\n");
        QCOMPARE(events.size(), size_t(1));
        // The type of the undispatched event does not leak into the next one.
        QCOMPARE(events[0].type, QByteArray("message"));
        QCOMPARE(events[0].data, QByteArray("x"));
    }

    void multipleEvents()
    {
        const auto events =
            parseAll("event: a\ndata: 1\n\nevent: b\n\ndata: 2\n\nevent: c\ndata: 3\n\n");
        QCOMPARE(events.size(), size_t(3));
        QCOMPARE(events[0].type, QByteArray("a"));
        QCOMPARE(events[1].type, QByteArray("message"));
        QCOMPARE(events[1].data, QByteArray("2"));
        QCOMPARE(events[2].type, QByteArray("c"));
    }

    void multipleDataLinesIncludingEmpty()
    {
        const auto events = parseAll("data: a\ndata:\ndata: b\n\ndata\n\n");
        QCOMPARE(datas(events), QList<QByteArray>({"a\n\nb", ""}));
    }

    void jsonWithEscapedNewlines()
    {
        const QByteArray json = R"({"content":"a\n\nb"})";
        const auto events = parseAll("data: " + json + "\n\n");
        QCOMPARE(datas(events), QList<QByteArray>({json}));
    }

    void lineSeparatorIsNotALineEnd()
    {
        const QByteArray data = "before\xE2\x80\xA8"
                                "after";
        const auto events = parseAll("data: " + data + "\n\n");
        QCOMPARE(datas(events), QList<QByteArray>({data}));
        QCOMPARE(QString::fromUtf8(events[0].data).size(), 12);
    }

    void multiByteCharactersSplitAcrossReads()
    {
        const QByteArray text = "中文 🎉 é";
        const QByteArray stream = "data: " + text + "\n\n";
        for (qsizetype cut = 1; cut < stream.size(); ++cut) {
            const auto events = parseCut(stream, {cut});
            QCOMPARE(datas(events), QList<QByteArray>({text}));
        }
    }

    void crLfSplitAcrossReads()
    {
        const QByteArray stream = "data: a\r\ndata: b\r\n\r\n";
        // A CR ending one read and the LF starting the next are one line end: if they counted
        // as two, "a" would be dispatched alone.
        const auto events = parseCut(stream, {8});
        QCOMPARE(stream.at(7), '\r');
        QCOMPARE(datas(events), QList<QByteArray>({"a\nb"}));
    }

    void lineEndings_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("lf") << QByteArray("data: a\ndata: b\n\n") << QList<QByteArray>{"a\nb"};
        QTest::newRow("crlf") << QByteArray("data: a\r\ndata: b\r\n\r\n")
                              << QList<QByteArray>{"a\nb"};
        QTest::newRow("cr") << QByteArray("data: a\rdata: b\r\r") << QList<QByteArray>{"a\nb"};
        QTest::newRow("cr cr") << QByteArray("data: a\r\rdata: b\r\r")
                               << QList<QByteArray>{"a", "b"};
        QTest::newRow("cr cr lf") << QByteArray("data: a\r\r\ndata: b\r\r\n")
                                  << QList<QByteArray>{"a", "b"};
        QTest::newRow("mixed") << QByteArray("data: a\r\ndata: b\n\rdata: c\r\n\n")
                               << QList<QByteArray>{"a\nb", "c"};
        QTest::newRow("trailing newlines")
            << QByteArray("data: a\n\n\n\n\n") << QList<QByteArray>{"a"};
    }

    void lineEndings()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, expected);
        QCOMPARE(datas(parseAll(stream)), expected);
        // Same result wherever the transport cuts.
        for (qsizetype cut = 1; cut < stream.size(); ++cut)
            QCOMPARE(datas(parseCut(stream, {cut})), expected);
    }

    void comments()
    {
        const auto events = parseAll(": keep-alive\n\n: OPENROUTER PROCESSING\ndata: x\n\n:\n\n");
        QCOMPARE(datas(events), QList<QByteArray>({"x"}));
    }

    void fieldValueSpaces()
    {
        QCOMPARE(datas(parseAll("data:a\n\n")), QList<QByteArray>({"a"}));
        QCOMPARE(datas(parseAll("data:  a\n\n")), QList<QByteArray>({" a"}));
        QCOMPARE(datas(parseAll("data: a:b\n\n")), QList<QByteArray>({"a:b"}));
    }

    void unknownFieldsIgnored()
    {
        QCOMPARE(datas(parseAll("foo: bar\ndata: x\nDATA: y\n\n")), QList<QByteArray>({"x"}));
    }

    void idPersistsAndRejectsNul()
    {
        const QByteArray stream = QByteArray("id: 1\ndata: a\n\ndata: b\n\nid: 2") + '\0' +
                                  QByteArray("x\ndata: c\n\nid\ndata: d\n\n");
        SseParser parser;
        std::vector<SseEvent> events;
        parser.feed(stream, events);
        QCOMPARE(events.size(), size_t(4));
        QCOMPARE(events[0].id, QByteArray("1"));
        QCOMPARE(events[1].id, QByteArray("1"));
        QCOMPARE(events[2].id, QByteArray("1")); // an id with NUL is ignored
        QCOMPARE(events[3].id, QByteArray(""));  // a bare "id" clears it
    }

    void retry()
    {
        SseParser parser;
        std::vector<SseEvent> events;
        parser.feed("retry: 3000\n\n", events);
        QCOMPARE(parser.retryMs(), 3000);
        parser.feed("retry: 12a\n\nretry: \n\n", events);
        QCOMPARE(parser.retryMs(), 3000);
        QVERIFY(events.empty());
    }

    void bomStrippedOnlyAtStart()
    {
        const QByteArray stream = "\xEF\xBB\xBF"
                                  "data: a\n\n\xEF\xBB\xBF"
                                  "data: b\n\n";
        QCOMPARE(datas(parseAll(stream)), QList<QByteArray>({"a"}));
        for (qsizetype cut = 1; cut <= 4; ++cut)
            QCOMPARE(datas(parseCut(stream, {cut})), QList<QByteArray>({"a"}));
        // Something that starts like a BOM but is not one stays text.
        QCOMPARE(datas(parseCut("\xEF\xBB"
                                "data: a\n\ndata: b\n\n",
                                {1})),
                 QList<QByteArray>({"b"}));
    }

    void invalidUtf8BecomesReplacementCharacter()
    {
        const auto events = parseAll("data: a\xFF\xC3(b\n\n");
        QCOMPARE(events.size(), size_t(1));
        const QString text = QString::fromUtf8(events[0].data);
        QCOMPARE(text, QStringLiteral("a\uFFFD\uFFFD(b"));
        // A U+FEFF opening invalid data is kept: only the stream's first bytes can be a BOM.
        const auto bom = parseAll("data: x\n\ndata: \xEF\xBB\xBF\xFF\n\n");
        QCOMPARE(bom[1].data, QByteArray("\xEF\xBB\xBF\xEF\xBF\xBD"));
    }

    void unterminatedEventDiscardedAtEnd()
    {
        SseParser parser;
        std::vector<SseEvent> events;
        parser.feed("data: a\n\ndata: partial", events);
        QCOMPARE(events.size(), size_t(1));
        QVERIFY(parser.finish());
        QVERIFY(events.size() == 1);
        SseParser clean;
        clean.feed("data: a\n\n", events);
        QVERIFY(!clean.finish());
        SseParser noBlank;
        noBlank.feed("data: a\n", events);
        QVERIFY(noBlank.finish()); // a data line without its blank line is not an event
    }

    void everyCutGivesTheSameEvents()
    {
        const QByteArray stream =
            "\xEF\xBB\xBF: hi\r\nevent: e\r\ndata: {\"t\":\"中\xE2\x80\xA8\"}\r\n"
            "id: 7\r\n\r\ndata: x\rdata: y\r\rdata: z\n\n";
        const auto whole = parseAll(stream);
        QCOMPARE(whole.size(), size_t(3));
        for (qsizetype a = 1; a < stream.size(); ++a) {
            for (qsizetype b = a + 1; b < stream.size(); b += 3) {
                const auto cut = parseCut(stream, {a, b});
                QCOMPARE(datas(cut), datas(whole));
                QCOMPARE(cut[0].type, QByteArray("e"));
                QCOMPARE(cut[2].id, QByteArray("7"));
            }
        }
        // One byte at a time.
        SseParser parser;
        std::vector<SseEvent> events;
        for (char c : stream)
            parser.feed(QByteArrayView(&c, 1), events);
        QCOMPARE(datas(events), datas(whole));
    }

    void oversizedFragmentedLineIsLinear()
    {
        // 4 MiB in one data line, fed in 1-byte and 7-byte reads. A parser that rescans its
        // buffer on every read does ~10^13 byte visits here and never finishes.
        const QByteArray big(4 * 1024 * 1024, 'x');
        const QByteArray stream = "data: " + big + "\n\n";
        for (qsizetype step : {qsizetype(1), qsizetype(7)}) {
            SseParser parser;
            std::vector<SseEvent> events;
            for (qsizetype i = 0; i < stream.size(); i += step)
                parser.feed(QByteArrayView(stream).sliced(i, std::min(step, stream.size() - i)),
                            events);
            QCOMPARE(events.size(), size_t(1));
            QCOMPARE(events[0].data.size(), big.size());
        }
    }

    void lineLimit()
    {
        SseParser parser(1024);
        std::vector<SseEvent> events;
        QVERIFY(parser.feed("data: ok\n\n", events));
        const QByteArray big(600, 'x');
        QVERIFY(parser.feed(QByteArray("data: " + big), events));
        QVERIFY(!parser.feed(big, events)); // the unfinished line passes 1 KiB
        QCOMPARE(parser.status(), SseParser::Status::LineTooLong);
        QVERIFY(!parser.feed("\n\n", events));
        QCOMPARE(events.size(), size_t(1));
    }

    void eventLimit()
    {
        SseParser parser(1024);
        std::vector<SseEvent> events;
        const QByteArray line = "data: " + QByteArray(300, 'y') + "\n";
        QVERIFY(parser.feed(QByteArray(line + line + line), events));
        QVERIFY(!parser.feed(line, events)); // four 301-byte data lines pass 1 KiB
        QCOMPARE(parser.status(), SseParser::Status::EventTooLarge);
        QVERIFY(events.empty());
    }

    // Found by the fuzzer: 500 invalid bytes pass a 1 KiB limit, but their U+FFFD replacements
    // (three bytes each) do not; the limit holds for what is dispatched, not only for what came.
    void eventLimitHoldsAfterReplacingInvalidUtf8()
    {
        SseParser parser(1024);
        std::vector<SseEvent> events;
        QVERIFY(parser.feed(QByteArray("data: " + QByteArray(300, '\xff') + "\n\n"), events));
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events.front().data.size(), 900); // replaced, and within the limit
        QVERIFY(!parser.feed(QByteArray("data: " + QByteArray(500, '\xff') + "\n\n"), events));
        QCOMPARE(parser.status(), SseParser::Status::EventTooLarge);
        QCOMPARE(events.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
