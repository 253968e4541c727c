// SPDX-License-Identifier: GPL-3.0-or-later
// Drops, retries, stalls and an open circuit: whatever happens, the reply completes exactly once
// with no token lost or doubled.
#include "resiliencefixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUrlQuery>

#include <atomic>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestResilience : public ResilienceFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startEngine(); }
    void cleanupTestCase() { stopEngine(); }

    void chatResumesWhereverTheCut_data()
    {
        QTest::addColumn<qsizetype>("cut");
        QTest::addColumn<bool>("crlf");
        for (bool crlf : {false, true}) {
            ChatStreamOptions o;
            o.crlf = crlf;
            const QByteArray body = MockServer::chatStream(Pieces, o);
            // Every region: random cuts, plus inside each multi-byte character and each CRLF.
            QList<qsizetype> cuts = MockServer::randomSplits(body.size(), 14, crlf ? 17 : 4);
            for (qsizetype i = 1; i < body.size(); ++i) {
                const auto c = static_cast<unsigned char>(body[i]);
                if ((c & 0xC0) == 0x80 && cuts.size() < 22 && i % 5 == 0)
                    cuts.append(i);
                if (crlf && body[i - 1] == '\r' && body[i] == '\n' && i % 7 == 0)
                    cuts.append(i);
            }
            for (qsizetype cut : cuts)
                QTest::addRow("%s cut %lld", crlf ? "crlf" : "lf", static_cast<long long>(cut))
                    << cut << crlf;
        }
    }

    void chatResumesWhereverTheCut()
    {
        QFETCH(qsizetype, cut);
        QFETCH(bool, crlf);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        ChatStreamOptions o;
        o.crlf = crlf;
        first.body = MockServer::chatStream(Pieces, o);
        first.splits = MockServer::randomSplits(cut, 4, quint32(cut));
        first.cutAfter = cut;
        server.enqueue(first);
        server.setResponder([](const RecordedRequest& r) {
            return MockServer::prefillContinuation(r, fullText());
        });

        auto rec = send(request(server));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(rec->shown, fullText());
        QCOMPARE(stored(rec->started.conversationId), fullText());
        m_dropToToken += rec->dropToToken;
        // seq stays contiguous across attempts.
        qint64 next = 1;
        for (const ChunkBatch& b : std::as_const(rec->batches)) {
            QCOMPARE(b.firstSeq, next);
            next = b.lastSeq + 1;
        }
    }

    void retryAfterIsHonouredExactly()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse limited;
        limited.status = 429;
        limited.contentType = "application/json";
        limited.headers = {{"Retry-After", "1"},
                           {"x-ratelimit-remaining-requests", "0"},
                           {"x-ratelimit-limit-requests", "60"}};
        limited.body = MockServer::jsonError(u"Rate limit reached"_s, u"rate_limit_exceeded"_s);
        server.enqueue(limited);
        MockResponse unavailable =
            MockServer::answer(503, "try later", "text/plain", {{"Retry-After", "2"}});
        server.enqueue(unavailable);
        MockResponse ok;
        ok.body = MockServer::chatStream(Pieces);
        server.enqueue(ok);
        auto rec = send(request(server));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(rec->shown, fullText());
        const QList<qint64>& at = server.arrivals();
        QCOMPARE(at.size(), 3);
        QVERIFY2(at[1] - at[0] >= 1000, qPrintable(QString::number(at[1] - at[0])));
        QVERIFY2(at[2] - at[1] >= 2000, qPrintable(QString::number(at[2] - at[1])));
        QCOMPARE(rec->retries.size(), 2);
        QVERIFY(rec->retries[0].delayMs >= 1000);
        QCOMPARE(rec->retries[0].httpStatus, 429);
        QCOMPARE(rec->retries[0].rateLimit.remainingRequests, 0);
        QCOMPARE(rec->retries[0].rateLimit.limitRequests, 60);
        QVERIFY(rec->retries[1].delayMs >= 2000);
    }

    void refusedAndShouldNotRetryAreNotRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("shouldRetry");
        QTest::newRow("401") << 401 << QByteArray();
        QTest::newRow("422") << 422 << QByteArray();
        QTest::newRow("503 x-should-retry false") << 503 << QByteArray("false");
    }

    void refusedAndShouldNotRetryAreNotRetried()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, shouldRetry);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r;
        r.status = status;
        r.contentType = "application/json";
        if (!shouldRetry.isEmpty())
            r.headers = {{"x-should-retry", shouldRetry}};
        r.body = MockServer::jsonError(u"no"_s, u"invalid_request_error"_s);
        server.enqueue(r);
        auto rec = send(request(server));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(rec->retries.isEmpty());
        QVERIFY(rec->finished.status != GenerationStatus::Completed);
    }

    void shouldRetryTrueRetriesA4xx()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r = MockServer::answer(
            400, MockServer::jsonError(u"transient"_s, u"invalid_request_error"_s),
            "application/json", {{"x-should-retry", "true"}});
        server.enqueue(r);
        MockResponse ok;
        ok.body = MockServer::chatStream(Pieces);
        server.enqueue(ok);
        auto rec = send(request(server));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(server.requests().size(), 2);
    }

    void stallRecoversAfterIdleTimeout()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Pieces);
        stalled.stallAfter = stalled.body.size() / 2;
        server.enqueue(stalled);
        server.setResponder([](const RecordedRequest& r) {
            return MockServer::prefillContinuation(r, fullText());
        });
        SendRequest r = request(server);
        r.provider.retry.idleTimeoutMs = 2000; // first-token timeout: the default, 300 s
        QElapsedTimer clock;
        clock.start();
        auto rec = send(r);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QVERIFY(clock.elapsed() >= 2000);
        QCOMPARE(rec->retries.size(), 1);
        QVERIFY(rec->retries[0].cause.contains(u"idle timeout"_s));
        auto attempts = m_reader->attempts(rec->started.generationId);
        QVERIFY(attempts.ok());
        QCOMPARE(attempts.value().size(), 2);
        QCOMPARE(attempts.value()[0].kind, u"start"_s);
        QVERIFY(attempts.value()[0].cause.contains(u"idle timeout"_s));
        QCOMPARE(attempts.value()[1].kind, u"continue:prefill"_s);
    }

    // Where a stream can go silent with its socket open, and which timeout must catch it. The
    // idle timeout is 1 s; the first-token timeout keeps its production default (300 s) except
    // where no token has arrived, so a wrongly armed first-token timer fails the test, not slows
    // it.
    void stallAfterBurstUsesTheIdleTimeout_data()
    {
        QTest::addColumn<int>("events");    // whole events sent before the stall
        QTest::addColumn<int>("splits");    // 0: the part before the stall goes in one write
        QTest::addColumn<bool>("anyToken"); // whether a token precedes the stall

        // Event 0 is the role chunk (no token), events 1.. carry the pieces.
        QTest::newRow("after the first read, no token yet") << 1 << 0 << false;
        QTest::newRow("after the first token, one write") << 2 << 0 << true;
        QTest::newRow("after the first token, split writes") << 2 << 7 << true;
        QTest::newRow("first burst of ~1.5 KB, one write") << 6 << 0 << true;
        QTest::newRow("first burst of ~1.5 KB, split writes") << 6 << 9 << true;
        QTest::newRow("mid-stream, one write") << 8 << 0 << true;
        QTest::newRow("mid-stream, split writes") << 8 << 40 << true;
    }

    void stallAfterBurstUsesTheIdleTimeout()
    {
        QFETCH(int, events);
        QFETCH(int, splits);
        QFETCH(bool, anyToken);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Pieces);
        qsizetype at = 0;
        for (int i = 0; i < events; ++i)
            at = stalled.body.indexOf("\n\n", at) + 2;
        QVERIFY(at > 2);
        stalled.stallAfter = at;
        stalled.splits = MockServer::randomSplits(at, splits, quint32(events * 31 + splits));
        stalled.writeIntervalMs = splits ? 5 : 0;
        server.enqueue(stalled);
        server.setResponder([](const RecordedRequest& r) {
            return MockServer::prefillContinuation(r, fullText());
        });
        SendRequest r = request(server);
        const RetryPolicy defaults;
        QCOMPARE(defaults.firstTokenTimeoutMs, 300'000); // the production default under test
        r.provider.retry.idleTimeoutMs = 1000;
        r.provider.retry.firstTokenTimeoutMs = anyToken ? defaults.firstTokenTimeoutMs : 4000;
        QElapsedTimer clock;
        clock.start();
        auto rec = send(r);
        QVERIFY(rec->wait(20000));
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QCOMPARE(rec->retries.size(), 1);
        QVERIFY(rec->retries[0].cause.contains(u"idle timeout"_s));
        // The first attempt ended after the timeout that applied, not the other one.
        auto attempts = m_reader->attempts(rec->started.generationId);
        QVERIFY(attempts.ok());
        QCOMPARE(attempts.value().size(), 2);
        const qint64 firstLasted = attempts.value()[0].endedAt - attempts.value()[0].startedAt;
        if (anyToken) {
            QVERIFY2(firstLasted >= 900 && firstLasted < 3500,
                     qPrintable(u"first attempt lasted %1 ms"_s.arg(firstLasted)));
        } else {
            QVERIFY2(firstLasted >= 3700 && firstLasted < 7000,
                     qPrintable(u"first attempt lasted %1 ms"_s.arg(firstLasted)));
        }
        QVERIFY(attempts.value()[0].cause.contains(anyToken ? u"1 s"_s : u"4 s"_s));
    }

    // A server that streams without end is stopped, by size or by time, with what arrived kept.
    void runawayRepliesAreStopped_data()
    {
        QTest::addColumn<bool>("bySize");
        QTest::newRow("more bytes than allowed") << true;
        QTest::newRow("longer than allowed") << false;
    }

    void runawayRepliesAreStopped()
    {
        QFETCH(bool, bySize);
        MockServer server;
        QVERIFY(server.listen());
        QStringList endless;
        for (int i = 0; i < 400; ++i)
            endless.append(u"word%1 "_s.arg(i));
        MockResponse r;
        r.body = MockServer::chatStream(endless);
        r.splits = MockServer::randomSplits(r.body.size(), 200, 3);
        r.writeIntervalMs = 10; // about 2 s in all
        server.enqueue(r);
        SendRequest request = this->request(server);
        if (bySize)
            request.provider.retry.maxReplyBytes = 8 * 1024;
        else
            request.provider.retry.maxReplyMs = 600;
        QElapsedTimer clock;
        clock.start();
        auto rec = send(request);
        QVERIFY(rec->wait(20000));
        QCOMPARE(rec->finished.status, GenerationStatus::Failed);
        QVERIFY2(rec->finished.error.message.contains(bySize ? u"more than 8 KiB"_s
                                                             : u"more than 0.01 min"_s),
                 qPrintable(rec->finished.error.message));
        if (!bySize)
            QVERIFY(clock.elapsed() < 1800);
        const QString kept = stored(rec->started.conversationId);
        QVERIFY(!kept.isEmpty());
        QVERIFY(endless.join(QString()).startsWith(kept));
        QVERIFY(kept.size() < endless.join(QString()).size());
        QCOMPARE(kept, rec->shown);
        QCOMPARE(server.requests().size(), 1); // not retried
    }

    void givesUpAfterMaxAttemptsAndStaysResumable()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder([](const RecordedRequest&) {
            MockResponse r = MockServer::answer(502, "bad gateway", "text/plain");
            return r;
        });
        SendRequest r = request(server);
        r.provider.retry.maxAttempts = 3;
        r.provider.retry.baseDelayMs = 20;
        auto rec = send(r);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Interrupted);
        QVERIFY(rec->finished.error.message.startsWith(u"Gave up after 3 attempts"_s));
        QCOMPARE(server.requests().size(), 3);
        auto interrupted = m_reader->interruptedGenerations();
        QVERIFY(interrupted.ok() && interrupted.value().contains(rec->started.generationId));

        // Later, the server is back: the same generation completes.
        MockServer back;
        QVERIFY(back.listen());
        back.setResponder([](const RecordedRequest& req) {
            return MockServer::prefillContinuation(req, fullText());
        });
        ProviderConfig provider;
        provider.baseUrl = back.baseUrl();
        auto resumed =
            std::make_unique<Recorder>(m_engine->resume(rec->started.generationId, provider));
        QVERIFY(resumed->wait());
        QCOMPARE(resumed->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
    }

    void circuitBreakerOpensAndCloses()
    {
        QTemporaryDir dir;
        EngineOptions options;
        options.breakerThreshold = 3;
        options.breakerCooldownMs = 30'000; // the default
        std::atomic<qint64> clock{1'000'000'000'000};
        options.clock = [&clock] { return clock.load(); };
        Engine engine(dir.path(), options);
        QSignalSpy ready(&engine, &Engine::ready);
        engine.start();
        QVERIFY(ready.wait(5000));
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder([](const RecordedRequest&) {
            MockResponse r = MockServer::answer(503, "down", "text/plain");
            return r;
        });
        SendRequest r = request(server);
        r.provider.retry.maxAttempts = 1;
        for (int i = 0; i < 3; ++i) { // three failed attempts, across generations
            Recorder rec(engine.send(r));
            QVERIFY(rec.wait());
            QCOMPARE(rec.finished.status, GenerationStatus::Interrupted);
        }
        QCOMPARE(server.requests().size(), 3);
        {
            Recorder rec(engine.send(r)); // open: fails fast, nothing is sent
            QVERIFY(rec.wait());
            QCOMPARE(rec.finished.status, GenerationStatus::Interrupted);
            QVERIFY2(rec.finished.error.message.contains(u"pauses requests"_s),
                     qPrintable(rec.finished.error.message));
            QCOMPARE(server.requests().size(), 3);
        }
        clock += 29'000; // not yet
        {
            Recorder rec(engine.send(r));
            QVERIFY(rec.wait());
            QVERIFY(rec.finished.error.message.contains(u"pauses requests"_s));
            QCOMPARE(server.requests().size(), 3);
        }
        clock += 1'001; // the cool-down is over: one probe may go
        server.setResponder([](const RecordedRequest&) {
            MockResponse ok;
            ok.body = MockServer::chatStream(Pieces);
            return ok;
        });
        for (int i = 0; i < 2; ++i) { // the probe succeeds and closes the circuit
            Recorder rec(engine.send(r));
            QVERIFY(rec.wait());
            QCOMPARE(rec.finished.status, GenerationStatus::Completed);
        }
        QCOMPARE(server.requests().size(), 5);
        m_faultCases += 3;
    }
};

QTEST_GUILESS_MAIN(TestResilience)
#include "tst_resilience.moc"
