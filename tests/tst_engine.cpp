// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"

#include <QElapsedTimer>

class TestEngine : public EngineFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

    void chatStreamWhateverTheCuts_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<bool>("crlf");
        for (quint32 seed = 1; seed <= 12; ++seed)
            QTest::addRow("seed %u", seed) << seed << bool(seed % 2);
    }

    void chatStreamWhateverTheCuts()
    {
        QFETCH(quint32, seed);
        QFETCH(bool, crlf);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        ChatStreamOptions o;
        o.crlf = crlf;
        o.comments = true;
        resp.body = MockServer::chatStream(Pieces, o);
        resp.splits = MockServer::randomSplits(resp.body.size(), 25, seed);
        resp.chunked = seed % 3 != 0;
        server.enqueue(resp);

        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Completed);
        const QString expected = Pieces.join(QString());
        QCOMPARE(r->shown, expected);
        QCOMPARE(storedReply(r->started.conversationId).content, expected);
        QCOMPARE(storedReply(r->started.conversationId).status, GenerationStatus::Completed);
        // seq is contiguous from 1 across batches.
        qint64 next = 1;
        for (const ChunkBatch& b : r->batches) {
            QCOMPARE(b.firstSeq, next);
            next = b.lastSeq + 1;
        }
        QCOMPARE(next - 1, qint64(Pieces.size()));
        QCOMPARE(r->finished.timings.outputTokens, Pieces.size()); // from the usage chunk
        QVERIFY(r->finished.timings.firstTokenMs >= 0);
        QVERIFY(r->finished.timings.bytes >= resp.body.size());

        QCOMPARE(server.requests().size(), 1);
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer sk-test-SECRET-123"));
        const QJsonObject body = req.json();
        QCOMPARE(body.value("stream"_L1).toBool(), true);
        QCOMPARE(body.value("stream_options"_L1).toObject().value("include_usage"_L1).toBool(),
                 true);
        QCOMPARE(body.value("messages"_L1).toArray().last().toObject().value("content"_L1),
                 u"Hi"_s);
    }

    void responsesStream()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.body = MockServer::responsesStream(Pieces);
        resp.splits = MockServer::randomSplits(resp.body.size(), 30, 99);
        server.enqueue(resp);

        const auto r = run(request(server, Api::Responses));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Completed);
        QCOMPARE(r->shown, Pieces.join(QString()));
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(req.path, QByteArray("/v1/responses"));
        const QJsonObject body = req.json();
        QVERIFY(body.value("background"_L1).toBool());
        QVERIFY(body.value("store"_L1).toBool());
        QVERIFY(body.value("stream"_L1).toBool());
        auto g = m_reader->generation(r->started.generationId);
        QVERIFY(g.ok());
        QCOMPARE(g.value().remoteId, u"resp_mock"_s);
        // created, in_progress, item added, N deltas, text done, completed
        QCOMPARE(g.value().lastProviderSeq, qint64(Pieces.size() + 4));
        QSqlQuery q(m_reader->database());
        QVERIFY(
            q.exec(u"SELECT provider_seq FROM chunks WHERE generation_id = %1 ORDER BY seq"_s.arg(
                r->started.generationId)));
        qint64 expectedSeq = 3;
        while (q.next())
            QCOMPARE(q.value(0).toLongLong(), expectedSeq++);
    }

    void refusedRequestIsFinal_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {400, 401, 403, 404, 422})
            QTest::addRow("%d", status) << status;
    }

    void refusedRequestIsFinal()
    {
        QFETCH(int, status);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp = MockServer::answer(
            status,
            MockServer::jsonError(u"Incorrect API key provided: sk-test-SECRET-123"_s,
                                  u"invalid_request_error"_s, u"invalid_api_key"_s),
            "application/json");
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Failed);
        QCOMPARE(r->finished.error.code, ErrorCode::HttpRefused);
        QCOMPARE(r->finished.error.httpStatus, status);
        QVERIFY(r->finished.error.message.startsWith(u"%1: Incorrect API key"_s.arg(status)));
        QVERIFY(!r->finished.error.message.contains(u"SECRET"_s)); // echoed keys are redacted
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(storedReply(r->started.conversationId).status, GenerationStatus::Failed);
    }

    void retryableStatusLeavesItResumable_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {408, 409, 429, 500, 502, 503})
            QTest::addRow("%d", status) << status;
    }

    void retryableStatusLeavesItResumable()
    {
        QFETCH(int, status);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp = MockServer::answer(status, "upstream overloaded", "text/plain");
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Interrupted);
        QCOMPARE(r->finished.error.code, ErrorCode::HttpRetryable);
        QVERIFY2(r->finished.error.message.endsWith(u"%1: upstream overloaded"_s.arg(status)),
                 qPrintable(r->finished.error.message));
        QCOMPARE(r->finished.error.httpStatus, status);
    }

    void cutMidStreamKeepsWhatWasShown_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("chunked") << true;
        QTest::newRow("close-delimited") << false;
    }

    void cutMidStreamKeepsWhatWasShown()
    {
        QFETCH(bool, chunked);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.body = MockServer::chatStream(Pieces);
        resp.chunked = chunked;
        resp.splits = MockServer::randomSplits(resp.body.size(), 20, 5);
        resp.cutAfter = resp.body.size() / 2 + 3; // inside an event
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Interrupted);
        const QString full = Pieces.join(QString());
        QVERIFY(!r->shown.isEmpty());
        QVERIFY(full.startsWith(r->shown));
        QVERIFY(r->shown.size() < full.size());
        const MessageRecord m = storedReply(r->started.conversationId);
        QCOMPARE(m.status, GenerationStatus::Interrupted);
        QCOMPARE(m.content, r->shown);
        QVERIFY(!m.error.isEmpty());
    }

    void finishReasonThenCutIsComplete()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        ChatStreamOptions o;
        o.usage = false;
        o.done = false;
        resp.body = MockServer::chatStream(Pieces, o);
        resp.chunked = false;
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Completed);
        QCOMPARE(r->finished.finishReason, u"stop"_s);
        QCOMPARE(r->shown, Pieces.join(QString()));
    }

    void midStreamError()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        ChatStreamOptions o;
        o.finishReason.clear();
        o.usage = false;
        o.done = false;
        resp.body = MockServer::chatStream({u"par"_s, u"tial"_s}, o) + "data: " +
                    MockServer::jsonError(u"The server had an error"_s, u"server_error"_s) + "\n\n";
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Interrupted);
        QCOMPARE(r->finished.error.code, ErrorCode::ServerError);
        QVERIFY(r->finished.error.message.contains(u"The server had an error"_s));
        QCOMPARE(storedReply(r->started.conversationId).content, u"partial"_s);
    }

    void notAnEventStream()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.contentType = "text/html";
        resp.body = "<html>captive portal</html>";
        server.enqueue(resp);
        const auto r = run(request(server));
        QVERIFY(r->done);
        QCOMPARE(r->finished.status, GenerationStatus::Failed);
        QCOMPARE(r->finished.error.code, ErrorCode::Protocol);
        QVERIFY(r->finished.error.message.contains(u"text/html"_s));
    }

    // Nothing listens at the address (a server not started, a wrong port): with the production
    // retry policy the reply gives up after a few quick attempts, saying where it looked, instead
    // of eight attempts over ~100 s each called a lost connection. It stays resumable.
    void connectionRefused()
    {
        quint16 port;
        {
            MockServer gone;
            QVERIFY(gone.listen());
            port = gone.port();
        }
        SendRequest r;
        r.userText = u"x"_s;
        r.provider.baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
        r.provider.model = u"m"_s;
        QCOMPARE(r.provider.retry.maxAttempts, 8); // the defaults, untouched
        QElapsedTimer t;
        t.start();
        const auto run1 = run(r);
        QVERIFY(run1->done);
        QVERIFY2(t.elapsed() < 10'000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(run1->finished.status, GenerationStatus::Interrupted);
        QCOMPARE(run1->finished.error.code, ErrorCode::Network);
        const QString where = u"Nothing answers at 127.0.0.1:%1 (connection refused)"_s.arg(port);
        QVERIFY2(run1->finished.error.message.contains(where),
                 qPrintable(run1->finished.error.message));
        QVERIFY2(run1->finished.error.message.startsWith(u"Gave up after 3 attempts"_s),
                 qPrintable(run1->finished.error.message));
        QCOMPARE(run1->retries.size(), 2);
        QCOMPARE(run1->retries.first().maxAttempts, 3);
    }

    // A server that answered once and then refuses (it restarts, a laptop's network came back
    // elsewhere) keeps the full budget: the short one is only for an address nothing answered.
    void refusedAfterAnAnswerKeepsTheFullBudget()
    {
        auto server = std::make_unique<MockServer>();
        QVERIFY(server->listen());
        const quint16 port = server->port();
        MockResponse resp;
        resp.body = MockServer::chatStream(Pieces);
        resp.cutAfter = resp.body.size() / 2;
        server->enqueue(resp);
        // The production budget (request() gives these tests one attempt).
        SendRequest r = request(*server, Api::ChatCompletions, u"Hi"_s, RetryPolicy().maxAttempts);
        Recorder rec(m_engine->send(r));
        QTRY_VERIFY_WITH_TIMEOUT(!rec.shown.isEmpty(), 10000);
        server.reset(); // nothing listens at the port any more
        QTRY_VERIFY_WITH_TIMEOUT(rec.retries.size() >= 4, 30000);
        QVERIFY(!rec.done);
        QCOMPARE(rec.retries.last().maxAttempts, 8);
        QVERIFY2(rec.retries.last().cause.contains(u"127.0.0.1:%1"_s.arg(port)),
                 qPrintable(rec.retries.last().cause));
        m_engine->cancel(rec.started.generationId);
        QVERIFY(rec.wait(10000));
    }

    void cancelKeepsPartialText()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.body = MockServer::chatStream(Pieces);
        resp.stallAfter = resp.body.size() / 2;
        server.enqueue(resp);
        Recorder rec(m_engine->send(request(server)));
        QTRY_VERIFY_WITH_TIMEOUT(!rec.shown.isEmpty(), 10000);
        m_engine->cancel(rec.started.generationId);
        QVERIFY(rec.wait(10000));
        QCOMPARE(rec.finished.status, GenerationStatus::Cancelled);
        const GenerationStarted& started = rec.started;
        const QString& shown = rec.shown;
        const MessageRecord m = storedReply(started.conversationId);
        QCOMPARE(m.status, GenerationStatus::Cancelled);
        QCOMPARE(m.content, shown);
    }

    void concurrentGenerations()
    {
        MockServer a;
        MockServer b;
        QVERIFY(a.listen() && b.listen());
        const QStringList pa = {u"alpha "_s, u"one"_s};
        const QStringList pb = {u"beta "_s, u"two "_s, u"three"_s};
        MockResponse ra;
        ra.body = MockServer::chatStream(pa);
        ra.splits = MockServer::everyByte(ra.body.size()); // slow trickle
        MockResponse rb;
        rb.body = MockServer::chatStream(pb);
        rb.splits = MockServer::randomSplits(rb.body.size(), 10, 3);
        a.enqueue(ra);
        b.enqueue(rb);

        // Each handle hears of its own generation only.
        Recorder first(m_engine->send(request(a)));
        Recorder second(m_engine->send(request(b)));
        QVERIFY(first.wait(20000));
        QVERIFY(second.wait(20000));
        QCOMPARE(first.finished.status, GenerationStatus::Completed);
        QCOMPARE(second.finished.status, GenerationStatus::Completed);
        QCOMPARE(first.shown, pa.join(QString()));
        QCOMPARE(second.shown, pb.join(QString()));
        QVERIFY(first.started.generationId != second.started.generationId);
        for (const ChunkBatch& batch : std::as_const(first.batches))
            QCOMPARE(batch.generationId, first.started.generationId);
        for (const ChunkBatch& batch : std::as_const(second.batches))
            QCOMPARE(batch.generationId, second.started.generationId);
        QVERIFY(first.finished.conversationId != second.finished.conversationId);
    }

    void editAndResendHidesTheReplacedExchange()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        first.body = MockServer::chatStream({u"first answer"_s});
        server.enqueue(first);
        MockResponse second;
        second.body = MockServer::chatStream({u"second answer"_s});
        server.enqueue(second);
        const auto a = run(request(server, Api::ChatCompletions, u"frist question"_s));
        QCOMPARE(a->finished.status, GenerationStatus::Completed);

        SendRequest edit = request(server, Api::ChatCompletions, u"first question"_s);
        edit.conversationId = a->started.conversationId;
        edit.replacesMessageId = a->started.userMessageId;
        const auto b = run(edit);
        QCOMPARE(b->finished.status, GenerationStatus::Completed);
        QCOMPARE(b->started.conversationId, a->started.conversationId);

        // The request carries only the edited question, not the replaced exchange.
        const QJsonArray sent = server.requests().at(1).json().value("messages"_L1).toArray();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.at(0).toObject().value("content"_L1).toString(), u"first question"_s);
        auto c = m_reader->conversation(a->started.conversationId);
        QVERIFY(c.ok());
        QCOMPARE(c.value().messages.size(), 2);
        QCOMPARE(c.value().messages.at(0).content, u"first question"_s);
        QCOMPARE(c.value().messages.at(1).content, u"second answer"_s);
        // Nothing is lost: the replaced exchange is kept, hidden.
        QSqlQuery q(m_reader->database());
        QVERIFY(q.exec(u"SELECT content FROM messages WHERE conversation_id = %1 AND hidden = 1 "
                       "ORDER BY id"_s.arg(a->started.conversationId)));
        QStringList hidden;
        while (q.next())
            hidden << q.value(0).toString();
        QCOMPARE(hidden, QStringList({u"frist question"_s, u"first answer"_s}));

        // An assistant message cannot be "edited".
        SendRequest wrong = edit;
        wrong.replacesMessageId = b->started.assistantMessageId;
        const auto w = run(wrong);
        QVERIFY2(w->sendError.contains(u"cannot be edited"_s), qPrintable(w->sendError));
        QCOMPARE(w->started.generationId, 0);
    }

    void deferredSendStartsWhenResumed()
    {
        MockServer server;
        QVERIFY(server.listen());
        SendRequest r = request(server, Api::ChatCompletions, u"offline question"_s);
        r.deferred = true;
        const auto waiting = run(r);
        QVERIFY(waiting->done);
        QCOMPARE(waiting->finished.status, GenerationStatus::Interrupted);
        QCOMPARE(waiting->finished.error.message, u"Waiting for the network."_s);
        QCOMPARE(server.requests().size(), 0);
        auto stored = m_reader->conversation(waiting->started.conversationId);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().messages.first().content, u"offline question"_s);

        MockResponse answer;
        answer.body = MockServer::chatStream({u"online "_s, u"answer"_s});
        server.enqueue(answer);
        Recorder resumed(m_engine->resume(waiting->started.generationId, r.provider));
        QVERIFY(resumed.wait(20000));
        QCOMPARE(resumed.finished.status, GenerationStatus::Completed);
        QCOMPARE(server.requests().size(), 1);
        const QJsonArray sent = server.requests().first().json().value("messages"_L1).toArray();
        QCOMPARE(sent.size(), 1); // the plain first request: no empty assistant prefill
        QCOMPARE(storedReply(waiting->started.conversationId).content, u"online answer"_s);
    }

    void renameAndDelete()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.body = MockServer::chatStream({u"to be deleted"_s});
        server.enqueue(resp);
        const auto r = run(request(server));
        const qint64 id = r->started.conversationId;

        QSignalSpy renamed(m_engine.get(), &Engine::conversationRenamed);
        QVERIFY(await(m_engine->renameConversation(id, u"  Renamed  "_s)));
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(renamed.first().at(1).toString(), u"Renamed"_s);
        QCOMPARE(m_reader->conversation(id).value().title, u"Renamed"_s);

        QSignalSpy deleted(m_engine.get(), &Engine::conversationDeleted);
        QVERIFY(await(m_engine->deleteConversation(id)));
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.first().at(0).toLongLong(), id);
        QCOMPARE(m_reader->conversation(id).error().code, ErrorCode::NotFound);
        QSqlQuery q(m_reader->database());
        QVERIFY(q.exec(u"SELECT (SELECT count(*) FROM chunks WHERE generation_id = %1) + "
                       "(SELECT count(*) FROM attempts WHERE generation_id = %1) + "
                       "(SELECT count(*) FROM generations WHERE id = %1)"_s.arg(
                           r->started.generationId)) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 0);

        Error error;
        QVERIFY(!await<ChangeConversationJob>(m_engine->deleteConversation(id), {}, &error));
        QCOMPARE(error.code, ErrorCode::NotFound);
        QCOMPARE(deleted.size(), 1); // nobody was told of a delete that did not happen
    }

    void timelineListsAttempts()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse resp;
        resp.body = MockServer::chatStream({u"hello"_s});
        server.enqueue(resp);
        const auto r = run(request(server));
        QList<AttemptRecord> attempts;
        QVERIFY(await<LoadTimelineJob>(m_engine->loadTimeline(r->started.generationId),
                                       [&](const LoadTimelineJob& job) {
                                           QCOMPARE(job.generationId(), r->started.generationId);
                                           attempts = job.attempts();
                                       }));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().kind, u"start"_s);
        QVERIFY(attempts.first().endedAt >= attempts.first().startedAt);
        QCOMPARE(attempts.first().httpStatus, 200);
        QVERIFY(attempts.first().cause.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
