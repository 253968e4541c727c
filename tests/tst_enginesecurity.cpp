// SPDX-License-Identifier: GPL-3.0-or-later
// Keys and credentials through the engine: redirects never take the key elsewhere, nothing
// secret is journaled or shown, the model list follows the same rules.
#include "enginefixture.h"

class TestEngineSecurity : public EngineFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

    void listModels()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse models;
        models.contentType = "application/json";
        models.body = R"({"object":"list","data":[{"id":"zeta"},{"id":"alpha"},{"x":1}]})";
        server.enqueue(models);
        MockResponse refused;
        refused.status = 401;
        refused.contentType = "application/json";
        refused.body = MockServer::jsonError(u"bad key"_s, u"invalid_request_error"_s);
        server.enqueue(refused);
        const ProviderConfig provider = request(server).provider;

        QStringList listed;
        QVERIFY(await<ListModelsJob>(m_engine->listModels(provider),
                                     [&](const ListModelsJob& job) { listed = job.models(); }));
        QCOMPARE(listed, QStringList({u"alpha"_s, u"zeta"_s}));
        const RecordedRequest& req = server.requests().first();
        QCOMPARE(req.path, QByteArray("/v1/models"));
        QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer sk-test-SECRET-123"));

        Error e;
        QVERIFY(!await<ListModelsJob>(m_engine->listModels(provider), {}, &e));
        QCOMPARE(e.code, ErrorCode::HttpRefused);
        QCOMPARE(e.httpStatus, 401);
    }

    // A redirect to another origin would carry the key (QNetworkAccessManager copies the
    // headers): it is refused, with the reason, and the other server receives nothing. One to
    // the same origin is followed.
    void redirectsNeverTakeTheKeyElsewhere_data()
    {
        QTest::addColumn<QString>("target"); // OTHER: the other server's port, SELF: this one's
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("followed");
        QTest::newRow("307 to another port")
            << u"http://127.0.0.1:OTHER/v1/chat/completions"_s << 307 << false;
        QTest::newRow("308 to another host name")
            << u"http://localhost:OTHER/v1/chat/completions"_s << 308 << false;
        QTest::newRow("307 to the same origin")
            << u"http://127.0.0.1:SELF/v1/chat/completions"_s << 307 << true;
    }

    void redirectsNeverTakeTheKeyElsewhere()
    {
        QFETCH(QString, target);
        QFETCH(int, status);
        QFETCH(bool, followed);
        MockServer server;
        MockServer other;
        QVERIFY(server.listen());
        QVERIFY(other.listen());
        other.enqueue(MockResponse{});
        server.enqueue(
            MockServer::answer(status, {}, "text/plain",
                               {{"Location", QString(target)
                                                 .replace(u"OTHER"_s, QString::number(other.port()))
                                                 .replace(u"SELF"_s, QString::number(server.port()))
                                                 .toLatin1()}}));
        MockResponse stream;
        stream.body = MockServer::chatStream({u"Same "_s, u"origin."_s});
        server.enqueue(stream);
        SendRequest r = request(server);
        r.provider.extraHeaders = {{"X-Api-Key", "sk-extra-SECRET"}};
        const auto rec = run(r);
        QVERIFY(rec->done);
        QCOMPARE(other.requests().size(), 0);
        if (followed) {
            QCOMPARE(rec->finished.status, GenerationStatus::Completed);
            QCOMPARE(server.requests().size(), 2);
            QCOMPARE(server.requests().at(1).headers.value("authorization"),
                     QByteArray("Bearer sk-test-SECRET-123"));
        } else {
            QCOMPARE(rec->finished.status, GenerationStatus::Failed);
            QCOMPARE(rec->finished.error.code, ErrorCode::HttpRefused);
            QVERIFY2(rec->finished.error.message.contains(u"does not send your key"_s),
                     qPrintable(rec->finished.error.message));
            QCOMPARE(server.requests().size(), 1);
        }
        // The model list follows the same rule.
        MockServer models;
        QVERIFY(models.listen());
        r.provider.baseUrl = models.baseUrl();
        models.enqueue(MockServer::answer(
            307, {}, "text/plain",
            {{"Location", u"http://127.0.0.1:%1/v1/models"_s.arg(other.port()).toLatin1()}}));
        Error e;
        QVERIFY(!await<ListModelsJob>(m_engine->listModels(r.provider), {}, &e));
        QCOMPARE(e.code, ErrorCode::HttpRefused);
        QCOMPARE(other.requests().size(), 0);
    }

    // Credentials in the base URL never reach the journal, and a server echoing an extra
    // header's value in its error does not put it on screen.
    void credentialsNeitherJournaledNorShown()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(MockServer::answer(
            400, MockServer::jsonError(u"bad proxy token tok-EXTRA-789 for user pa55word"_s,
                                       u"invalid_request_error"_s)));
        SendRequest r = request(server);
        QUrl base = server.baseUrl();
        base.setUserName(u"user"_s);
        base.setPassword(u"pa55word"_s);
        base.setQuery(u"api-version=2024-10-21&api-key=qk-QUERY-321"_s);
        r.provider.baseUrl = base;
        r.provider.extraHeaders = {{"X-Proxy-Token", "tok-EXTRA-789"}};
        const auto rec = run(r);
        QCOMPARE(rec->finished.status, GenerationStatus::Failed);
        QVERIFY2(!rec->finished.error.message.contains(u"tok-EXTRA-789"_s),
                 qPrintable(rec->finished.error.message));
        QVERIFY(!rec->finished.error.message.contains(u"pa55word"_s));
        auto g = m_reader->generation(rec->started.generationId);
        QVERIFY(g.ok());
        QVERIFY2(!g.value().baseUrl.contains(u"pa55word"_s) &&
                     !g.value().baseUrl.contains(u"qk-QUERY-321"_s),
                 qPrintable(g.value().baseUrl));
        QVERIFY(g.value().baseUrl.contains(u"api-version=2024-10-21"_s));
        QSqlQuery q(m_reader->database());
        QVERIFY(q.exec(
            u"SELECT error FROM generations WHERE id = %1"_s.arg(rec->started.generationId)));
        QVERIFY(q.next());
        QVERIFY(!q.value(0).toString().contains(u"tok-EXTRA-789"_s));
    }

    void apiKeyNeverReachesTheDisk()
    {
        QDir dir(m_dir.path());
        for (const QString& name : dir.entryList(QDir::Files)) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("sk-test-SECRET-123"), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineSecurity)
#include "tst_enginesecurity.moc"
