// SPDX-License-Identifier: GPL-3.0-or-later
// Resumes: Responses runs picked up after the last journaled event, polled, expired or stuck;
// continuations and restarts of Chat Completions; a profile as it is now; crash leftovers.
#include "resiliencefixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QSqlQuery>
#include <QUrlQuery>

#include <atomic>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestResume : public ResilienceFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { startEngine(); }
    void cleanupTestCase() { stopEngine(); }

    void responsesResumeExactlyAfterTheLastJournaledEvent_data()
    {
        QTest::addColumn<qsizetype>("cut");
        const QByteArray body = MockServer::responsesStream(Pieces);
        for (qsizetype cut : MockServer::randomSplits(body.size(), 16, 23))
            QTest::addRow("cut %lld", static_cast<long long>(cut)) << cut;
    }

    void responsesResumeExactlyAfterTheLastJournaledEvent()
    {
        QFETCH(qsizetype, cut);
        const QList<QByteArray> events = MockServer::responsesEvents(Pieces);
        const QByteArray body = events.join();
        // Events wholly before the cut are the ones the engine can have journaled.
        qint64 complete = 0;
        qsizetype end = 0;
        for (const QByteArray& e : events) {
            end += e.size();
            if (end <= cut)
                ++complete;
        }
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        first.body = body;
        first.cutAfter = cut;
        server.enqueue(first);
        qint64 askedAfter = -2;
        server.setResponder([&](const RecordedRequest& r) {
            MockResponse resp;
            const QUrlQuery query(QUrl(QString::fromUtf8(r.path)));
            askedAfter = query.queryItemValue(u"starting_after"_s).toLongLong();
            if (r.method == "GET" && r.path.startsWith("/v1/responses/resp_mock?"))
                resp.body = events.mid(askedAfter + 1).join();
            else if (r.method == "GET") // cut while queued: a poll, then the stream again
                resp = MockServer::answer(200, R"({"id":"resp_mock","status":"in_progress"})");
            else // cut before response.created: nothing journaled, so a new response starts
                resp.body = body;
            return resp;
        });
        auto rec = send(request(server, Api::Responses));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        if (complete == 0)
            QCOMPARE(server.requests()[1].method, QByteArray("POST"));
        if (complete > 0 && complete < events.size())
            QCOMPARE(askedAfter, complete - 1);
        QCOMPARE(rec->shown, fullText());
        QCOMPARE(stored(rec->started.conversationId), fullText());
        m_dropToToken += rec->dropToToken;
    }

    void responsesPollWhenRestreamRefused()
    {
        const QList<QByteArray> events = MockServer::responsesEvents(Pieces);
        MockServer server;
        QVERIFY(server.listen());
        // created .. three deltas, then the drop
        server.enqueue(MockServer::eventsCutAfter(events, 6));
        MockResponse refused =
            MockServer::answer(400,
                               MockServer::jsonError(u"Response can no longer be streamed."_s,
                                                     u"invalid_request_error"_s),
                               "application/json");
        server.enqueue(refused);
        MockResponse final;
        final.contentType = "application/json";
        final.body =
            QJsonDocument(QJsonObject{{"id"_L1, u"resp_mock"_s},
                                      {"status"_L1, u"completed"_s},
                                      {"output"_L1,
                                       QJsonArray{QJsonObject{
                                           {"type"_L1, u"message"_s},
                                           {"content"_L1,
                                            QJsonArray{QJsonObject{{"type"_L1, u"output_text"_s},
                                                                   {"text"_L1, fullText()}}}}}}}})
                .toJson(QJsonDocument::Compact);
        server.enqueue(final);
        auto rec = send(request(server, Api::Responses));
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(rec->shown, fullText());
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QCOMPARE(server.requests().size(), 3);
        QVERIFY(server.requests()[1].path.contains("starting_after=5"));
        QCOMPARE(server.requests()[2].path, QByteArray("/v1/responses/resp_mock"));
        QCOMPARE(rec->attempts.last().kind, u"poll"_s);
    }

    // About 10 minutes after a background response, the server no longer has it: the reply goes
    // on from the journal in a new response, asked to continue or restarted, and says which.
    void responsesExpiredGoesOnFromTheJournal_data()
    {
        QTest::addColumn<bool>("restart");
        QTest::newRow("continued") << false;
        QTest::newRow("restarted") << true;
    }

    void responsesExpiredGoesOnFromTheJournal()
    {
        QFETCH(bool, restart);
        const QList<QByteArray> events = MockServer::responsesEvents(Pieces);
        MockServer server;
        QVERIFY(server.listen());
        // created .. three deltas, then the drop
        server.enqueue(MockServer::eventsCutAfter(events, 6));
        server.enqueue(MockServer::answer(
            404, MockServer::jsonError(u"Response with id 'resp_mock' not found."_s,
                                       u"invalid_request_error"_s)));
        QString partialSent;
        server.setResponder([&](const RecordedRequest& r) {
            const QJsonArray input = r.json().value("input"_L1).toArray();
            QString partial;
            for (const QJsonValue& m : input) {
                if (m.toObject().value("role"_L1) == "assistant"_L1)
                    partial = m.toObject().value("content"_L1).toString();
            }
            partialSent = partial;
            ResponsesStreamOptions o;
            o.responseId = u"resp_second"_s;
            MockResponse resp;
            // A model asked to continue repeats a little of its end; the overlap is trimmed.
            const QString rest = fullText().mid(std::max<qsizetype>(0, partial.size() - 4));
            resp.body = MockServer::responsesStream(MockServer::pieces(rest, 4), o);
            return resp;
        });
        SendRequest r = request(server, Api::Responses);
        if (restart)
            r.provider.continuation = ContinuationMode::Restart;
        auto rec = send(r);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(server.requests()[1].method, QByteArray("GET"));
        QCOMPARE(server.requests()[2].method, QByteArray("POST"));
        QCOMPARE(server.requests()[2].path, QByteArray("/v1/responses"));
        const QString kept = Pieces[0] + Pieces[1] + Pieces[2];
        QCOMPARE(partialSent, restart ? QString() : kept);
        QCOMPARE(rec->retries.size(), 2); // the drop, then the expiry
        const QString said = rec->retries.last().cause;
        QVERIFY2(said.contains(u"no longer kept on the server"_s), qPrintable(said));
        QVERIFY2(said.contains(restart ? u"starts the reply again"_s : u"continues the reply"_s),
                 qPrintable(said));
        QCOMPARE(rec->attempts.last().kind,
                 restart ? u"continue:restart"_s : u"continue:instruct"_s);
        auto attempts = m_reader->attempts(rec->started.generationId);
        QVERIFY(attempts.ok());
        QCOMPARE(attempts.value().first().superseded, restart);
        // The new response is the one a later drop resumes.
        auto g = m_reader->generation(rec->started.generationId);
        QVERIFY(g.ok());
        QCOMPARE(g.value().remoteId, u"resp_second"_s);
    }

    // A drop right after response.created leaves the response queued: it is polled, at most
    // maxQueuedMs, then cancelled on the server and sent again.
    void responsesStuckInQueuedIsCancelledAndSentAgain()
    {
        const QList<QByteArray> events = MockServer::responsesEvents(Pieces);
        MockServer server;
        QVERIFY(server.listen());
        // response.created, status queued
        server.enqueue(MockServer::eventsCutAfter(events, 1));
        const QByteArray queued =
            QJsonDocument(QJsonObject{{"id"_L1, u"resp_mock"_s}, {"status"_L1, u"queued"_s}})
                .toJson(QJsonDocument::Compact);
        server.setResponder([&](const RecordedRequest& r) {
            if (r.method == "GET")
                return MockServer::answer(200, queued);
            if (r.path.endsWith("/cancel"))
                return MockServer::answer(200, queued);
            MockResponse stream;
            ResponsesStreamOptions o;
            o.responseId = u"resp_fresh"_s;
            stream.body = MockServer::responsesStream(Pieces, o);
            return stream;
        });
        SendRequest r = request(server, Api::Responses);
        r.provider.retry.queuedPollMs = 150;
        r.provider.retry.maxQueuedMs = 1200;
        QElapsedTimer clock;
        clock.start();
        auto rec = send(r);
        QVERIFY(rec->wait(20000));
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QByteArrayList seen;
        for (const RecordedRequest& q : server.requests())
            seen.append(q.method + ' ' + q.path);
        const qsizetype polls = seen.count("GET /v1/responses/resp_mock");
        QVERIFY2(polls >= 4 && polls <= 10, seen.join(", ").constData());
        QCOMPARE(seen.count("POST /v1/responses/resp_mock/cancel"), 1);
        QCOMPARE(seen.first(), QByteArray("POST /v1/responses"));
        QCOMPARE(seen.last(), QByteArray("POST /v1/responses"));
        QVERIFY(seen.indexOf("POST /v1/responses/resp_mock/cancel") < seen.size() - 1);
        QVERIFY(clock.elapsed() >= 1200);
        QVERIFY(rec->retries.last().cause.contains(u"stayed queued"_s));
    }

    // A resume goes through the profile the reply was sent with, as it is configured now: its
    // new address, key and API. The journaled address is used only when asked (the profile is
    // gone), and then with no key or header of another profile.
    void resumeGoesThroughTheProfileAsItIsNow_data()
    {
        QTest::addColumn<QString>("route");
        QTest::newRow("moved server") << u"moved"_s;
        QTest::newRow("journaled address") << u"journaled"_s;
        QTest::newRow("now the Responses API") << u"responses"_s;
    }

    void resumeGoesThroughTheProfileAsItIsNow()
    {
        QFETCH(QString, route);
        MockServer before;
        QVERIFY(before.listen());
        MockResponse first;
        first.body = MockServer::chatStream(Pieces);
        first.cutAfter = first.body.indexOf(Pieces[2].toUtf8()) - 20;
        before.enqueue(first);
        SendRequest r = request(before);
        r.provider.profileId = u"profile-7"_s;
        r.provider.apiKey = u"sk-old-profile-key"_s;
        r.provider.retry.maxAttempts = 1;
        auto rec = send(r);
        QVERIFY(rec->wait());
        QCOMPARE(rec->finished.status, GenerationStatus::Interrupted);
        const qint64 id = rec->started.generationId;
        const QString kept = stored(rec->started.conversationId);

        GenerationRoute journaled;
        QVERIFY(await<LoadRouteJob>(m_engine->loadRoute(id),
                                    [&](const LoadRouteJob& job) { journaled = job.route(); }));
        QCOMPARE(journaled.profileId, u"profile-7"_s);
        QCOMPARE(journaled.baseUrl, before.baseUrl());
        QCOMPARE(journaled.api, Api::ChatCompletions);

        MockServer after; // the same profile, its server now on another port
        QVERIFY(after.listen());
        const auto answer = [](const RecordedRequest& req) {
            if (req.path.endsWith("/responses")) {
                QString partial;
                for (const QJsonValue& m : req.json().value("input"_L1).toArray()) {
                    if (m.toObject().value("role"_L1) == "assistant"_L1)
                        partial = m.toObject().value("content"_L1).toString();
                }
                MockResponse resp;
                resp.body = MockServer::responsesStream(
                    MockServer::pieces(fullText().mid(partial.size()), 5));
                return resp;
            }
            return MockServer::prefillContinuation(req, fullText());
        };
        before.setResponder(answer);
        after.setResponder(answer);
        ProviderConfig now = r.provider;
        now.apiKey = u"sk-new-profile-key"_s;
        now.extraHeaders = {{"X-Team", "team-secret-1"}};
        now.model.clear();
        if (route == "journaled"_L1)
            now.baseUrl = QUrl();
        else
            now.baseUrl = after.baseUrl();
        if (route == "responses"_L1)
            now.api = Api::Responses;
        auto resumed = std::make_unique<Recorder>(m_engine->resume(id, now));
        QVERIFY(resumed->wait());
        QCOMPARE(resumed->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());

        MockServer& reached = route == "journaled"_L1 ? before : after;
        QCOMPARE((route == "journaled"_L1 ? after : before).requests().size(),
                 route == "journaled"_L1 ? 0 : 1);
        const RecordedRequest& q = reached.requests().last();
        if (route == "journaled"_L1) {
            QVERIFY(!q.headers.contains("authorization"));
            QVERIFY(!q.headers.contains("x-team"));
        } else {
            QCOMPARE(q.headers.value("authorization"), QByteArray("Bearer sk-new-profile-key"));
            QCOMPARE(q.headers.value("x-team"), QByteArray("team-secret-1"));
        }
        QCOMPARE(q.json().value("model"_L1).toString(), u"mock-model"_s);
        if (route == "responses"_L1) {
            QCOMPARE(q.path, QByteArray("/v1/responses"));
            const QJsonArray input = q.json().value("input"_L1).toArray();
            QCOMPARE(input.first().toObject().value("content"_L1).toString(), r.userText);
            QCOMPARE(input.at(input.size() - 2).toObject().value("content"_L1).toString(), kept);
            auto g = m_reader->generation(id);
            QVERIFY(g.ok());
            QCOMPARE(g.value().api, Api::Responses); // a later resume goes on the same way
        } else {
            QCOMPARE(q.path, QByteArray("/v1/chat/completions"));
        }
    }

    // The polled final text disagrees with what streamed: the server's text wins, and the
    // streamed attempts stay in the journal, superseded.
    void responsesPollThatDisagreesSupersedesTheStream()
    {
        const QList<QByteArray> events = MockServer::responsesEvents(Pieces);
        MockServer server;
        QVERIFY(server.listen());
        // created .. three deltas, then the drop
        server.enqueue(MockServer::eventsCutAfter(events, 6));
        server.enqueue(
            MockServer::answer(400, MockServer::jsonError(u"Response can no longer be streamed."_s,
                                                          u"invalid_request_error"_s)));
        const QString finalText = u"An entirely different final answer."_s;
        server.enqueue(MockServer::answer(
            200, QJsonDocument(
                     QJsonObject{{"id"_L1, u"resp_mock"_s},
                                 {"status"_L1, u"completed"_s},
                                 {"output"_L1, QJsonArray{QJsonObject{
                                                   {"type"_L1, u"message"_s},
                                                   {"content"_L1, QJsonArray{QJsonObject{
                                                                      {"type"_L1, u"output_text"_s},
                                                                      {"text"_L1, finalText}}}}}}}})
                     .toJson(QJsonDocument::Compact)));
        auto rec = send(request(server, Api::Responses));
        QVERIFY(rec->wait());
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), finalText);
        auto attempts = m_reader->attempts(rec->started.generationId);
        QVERIFY(attempts.ok());
        QCOMPARE(attempts.value().size(), 3);
        QVERIFY(attempts.value()[0].superseded);  // what streamed
        QVERIFY(attempts.value()[1].superseded);  // the refused re-stream
        QVERIFY(!attempts.value()[2].superseded); // the poll
        // What streamed is still in the journal, under the superseded attempt.
        QSqlQuery q(m_reader->database());
        QVERIFY(q.exec(u"SELECT group_concat(text, '') FROM chunks WHERE generation_id = %1 "
                       "AND attempt = 1"_s.arg(rec->started.generationId)) &&
                q.next());
        QCOMPARE(q.value(0).toString(), Pieces[0] + Pieces[1] + Pieces[2]);
    }

    void restartSupersedesThePartial()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        first.body = MockServer::chatStream(Pieces);
        first.cutAfter = first.body.size() / 2;
        server.enqueue(first);
        server.setResponder([](const RecordedRequest& r) {
            MockResponse resp;
            resp.body = MockServer::chatStream(
                MockServer::assistantPrefill(r).isEmpty() ? Pieces : QStringList{u"wrong"_s});
            return resp;
        });
        SendRequest r = request(server);
        r.provider.continuation = ContinuationMode::Restart;
        auto rec = send(r);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(stored(rec->started.conversationId), fullText());
        auto attempts = m_reader->attempts(rec->started.generationId);
        QVERIFY(attempts.ok());
        QVERIFY(attempts.value()[0].superseded);
        QVERIFY(!attempts.value()[1].superseded);
    }

    void instructRemovesTheRepeatedTail()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        first.body = MockServer::chatStream(Pieces);
        first.cutAfter = first.body.size() * 2 / 3;
        server.enqueue(first);
        server.setResponder([](const RecordedRequest& r) {
            // Like a chat model asked to continue: it repeats the last few words first.
            const QJsonArray messages = r.json().value("messages"_L1).toArray();
            const QString partial =
                messages[messages.size() - 2].toObject().value("content"_L1).toString();
            MockResponse resp;
            resp.body = MockServer::chatStream(
                MockServer::pieces(partial.right(12) + fullText().mid(partial.size()), 4));
            return resp;
        });
        SendRequest r = request(server);
        r.provider.continuation = ContinuationMode::Instruct;
        auto rec = send(r);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(rec->shown, fullText());
        QCOMPARE(stored(rec->started.conversationId), fullText());
        QCOMPARE(server.requests()[1]
                     .json()
                     .value("messages"_L1)
                     .toArray()
                     .last()
                     .toObject()
                     .value("role"_L1),
                 u"user"_s);
    }

    void cancelCancelsTheBackgroundResponse()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse stalled;
        stalled.body = MockServer::responsesStream(Pieces);
        stalled.stallAfter = stalled.body.size() / 2;
        server.enqueue(stalled);
        MockResponse cancelled;
        cancelled.contentType = "application/json";
        cancelled.body = R"({"id":"resp_mock","status":"cancelled"})";
        server.enqueue(cancelled);
        auto rec = send(request(server, Api::Responses));
        QTRY_VERIFY_WITH_TIMEOUT(!rec->shown.isEmpty(), 10000);
        m_engine->cancel(rec->started.generationId);
        QVERIFY(rec->wait());
        ++m_faultCases;
        QCOMPARE(rec->finished.status, GenerationStatus::Cancelled);
        QCOMPARE(stored(rec->started.conversationId), rec->shown);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 2, 5000);
        QCOMPARE(server.requests()[1].method, QByteArray("POST"));
        QCOMPARE(server.requests()[1].path, QByteArray("/v1/responses/resp_mock/cancel"));
    }

    // A reply another Tether is streaming right now (it holds its lock) is neither marked
    // interrupted nor offered for resuming; once that Tether is gone, the next start offers it.
    void anotherLiveTetherOwnsItsReply()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        const QString owner = u"pid:2147483001"_s;
        qint64 generationId = 0;
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            MockServer server;
            QVERIFY(server.listen());
            auto ex = j.value()->beginExchange(request(server));
            QVERIFY(ex.ok());
            generationId = ex.value().generationId;
            QVERIFY(j.value()->claim(generationId, owner, u"prefill"_s).ok());
        }
        const QString locks = QFileInfo(path).absoluteDir().filePath(u"locks"_s);
        QVERIFY(QDir().mkpath(locks));
        auto other = std::make_unique<QLockFile>(locks + u"/engine-pid-2147483001.lock"_s);
        QVERIFY(other->tryLock(0)); // that Tether runs
        const auto startAndList = [&dir] {
            Engine engine(dir.path());
            QSignalSpy ready(&engine, &Engine::ready);
            engine.start();
            return ready.wait(5000) ? ready.first().first().value<QList<qint64>>()
                                    : QList<qint64>{-1};
        };
        QCOMPARE(startAndList(), QList<qint64>());
        auto j = Journal::open(path);
        QVERIFY(j.ok());
        QCOMPARE(j.value()->generation(generationId).value().status, GenerationStatus::Streaming);
        j.value().reset();

        other.reset(); // that Tether quit without finishing it
        QCOMPARE(startAndList(), QList<qint64>{generationId});
        j = Journal::open(path);
        QCOMPARE(j.value()->generation(generationId).value().status, GenerationStatus::Interrupted);
    }

    void crashLeftoversAreMarkedInterruptedAndResume()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        qint64 generationId = 0;
        MockServer server;
        QVERIFY(server.listen());
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            SendRequest r = request(server);
            auto ex = j.value()->beginExchange(r);
            QVERIFY(ex.ok());
            generationId = ex.value().generationId;
            QVERIFY(j.value()
                        ->setGenerationRequest(
                            generationId, QJsonDocument(QJsonObject{{"model"_L1, u"mock-model"_s},
                                                                    {"stream"_L1, true},
                                                                    {"messages"_L1, QJsonArray{}}})
                                              .toJson(QJsonDocument::Compact))
                        .ok());
            // A process that no longer exists was streaming it.
            QVERIFY(j.value()->claim(generationId, u"pid:2147483000"_s, u"prefill"_s).ok());
            QVERIFY(j.value()->beginAttempt(generationId, 1, u"start"_s).ok());
            std::vector<Delta> d{Delta{ChunkKind::Text, Pieces[0] + Pieces[1], -1}};
            QVERIFY(j.value()->appendChunks(generationId, 1, d, -1, {}, 10).ok());
        }
        Engine engine(dir.path());
        QSignalSpy ready(&engine, &Engine::ready);
        engine.start();
        QVERIFY(ready.wait(5000));
        const auto resumable = ready.first().first().value<QList<qint64>>();
        QCOMPARE(resumable, QList<qint64>{generationId});
        {
            // The attempt the dead process had open ended with it, saying why; it no longer
            // shows as running, and counts as a drop.
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            const QList<AttemptRecord> attempts = j.value()->attempts(generationId).value();
            QCOMPARE(attempts.size(), 1);
            QVERIFY(attempts.first().endedAt > 0);
            QCOMPARE(attempts.first().cause, u"Tether stopped while this reply streamed."_s);
        }
        server.setResponder([](const RecordedRequest& r) {
            return MockServer::prefillContinuation(r, fullText());
        });
        ProviderConfig provider;
        Recorder rec(engine.resume(generationId, provider));
        QVERIFY(rec.wait());
        ++m_faultCases;
        QCOMPARE(rec.finished.status, GenerationStatus::Completed);
        QCOMPARE(rec.shown, fullText().mid(Pieces[0].size() + Pieces[1].size()));
        auto j = Journal::open(path);
        QVERIFY(j.ok());
        QCOMPARE(
            j.value()->conversation(rec.finished.conversationId).value().messages.last().content,
            fullText());
    }
};

QTEST_GUILESS_MAIN(TestResume)
#include "tst_resume.moc"
