// SPDX-License-Identifier: GPL-3.0-or-later
// A conversation's model, system prompt and sampling parameters: remembered with it, sent in
// both APIs' own words and only when set, kept by a retry, and named when a provider refuses one.
#include "enginefixture.h"

#include <QJsonDocument>

class TestConversationSettings : public EngineFixture {
    Q_OBJECT

    static MockResponse stream(QByteArray body = MockServer::chatStream(Pieces))
    {
        MockResponse r;
        r.body = std::move(body);
        return r;
    }

    ConversationSettings stored(qint64 conversationId)
    {
        auto c = m_reader->conversation(conversationId);
        return c.ok() ? c.value().settings : ConversationSettings{};
    }

private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

    void chatBodyCarriesWhatIsSet()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream());
        SendRequest r = request(server);
        r.provider.profileId = u"work"_s;
        r.systemPrompt = u"Answer in one line."_s;
        r.params.temperature = 0.0; // zero is a value, not "unset"
        r.params.maxOutputTokens = 300;
        r.params.reasoningEffort = u"low"_s;
        const auto first = run(r);
        QCOMPARE(first->finished.status, GenerationStatus::Completed);
        const QJsonObject body = server.requests().at(0).json();
        QCOMPARE(body.value("model"_L1).toString(), u"mock-model"_s);
        QCOMPARE(body.value("temperature"_L1).toDouble(-1), 0.0);
        QCOMPARE(body.value("max_completion_tokens"_L1).toInteger(), 300);
        QCOMPARE(body.value("reasoning_effort"_L1).toString(), u"low"_s);
        const QJsonArray messages = body.value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
        QCOMPARE(messages.at(0).toObject().value("content"_L1).toString(),
                 u"Answer in one line."_s);

        // Remembered with the conversation, and not shown as a message of it.
        const qint64 id = first->started.conversationId;
        const ConversationSettings s = stored(id);
        QCOMPARE(s.profileId, u"work"_s);
        QCOMPARE(s.model, u"mock-model"_s);
        QCOMPARE(s.systemPrompt, u"Answer in one line."_s);
        QCOMPARE(s.params.temperature, std::optional<double>(0.0));
        QCOMPARE(s.params.maxOutputTokens, std::optional<qint64>(300));
        auto c = m_reader->conversation(id);
        QVERIFY(c.ok());
        for (const MessageRecord& m : c.value().messages)
            QVERIFY(m.role != "system"_L1);

        // A follow-up with no model and no settings talks to the conversation's, with its
        // prompt first; one parameter set replaces only that one.
        server.enqueue(stream());
        SendRequest followUp = request(server, Api::ChatCompletions, u"And again"_s);
        followUp.conversationId = id;
        followUp.provider.model.clear();
        followUp.params.maxOutputTokens = 50;
        QCOMPARE(run(followUp)->finished.status, GenerationStatus::Completed);
        const QJsonObject second = server.requests().at(1).json();
        QCOMPARE(second.value("model"_L1).toString(), u"mock-model"_s);
        QCOMPARE(second.value("temperature"_L1).toDouble(-1), 0.0);
        QCOMPARE(second.value("max_completion_tokens"_L1).toInteger(), 50);
        const QJsonArray thread = second.value("messages"_L1).toArray();
        QCOMPARE(thread.size(), 4); // system, user, assistant, user
        QCOMPARE(thread.first().toObject().value("role"_L1).toString(), u"system"_s);
        QCOMPARE(stored(id).params.maxOutputTokens, std::optional<qint64>(50));
    }

    void nothingSetSendsNothing()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream(MockServer::responsesStream(Pieces)));
        server.enqueue(stream());
        QCOMPARE(run(request(server, Api::Responses))->finished.status,
                 GenerationStatus::Completed);
        QCOMPARE(run(request(server))->finished.status, GenerationStatus::Completed);
        for (const RecordedRequest& req : server.requests()) {
            const QJsonObject body = req.json();
            for (const char* key : {"temperature", "max_completion_tokens", "max_output_tokens",
                                    "reasoning_effort", "reasoning"})
                QVERIFY2(!body.contains(QLatin1StringView(key)), key);
            const QJsonArray input =
                body.value(body.contains("input"_L1) ? "input"_L1 : "messages"_L1).toArray();
            QCOMPARE(input.size(), 1); // no empty system message either
        }
    }

    void responsesBodyUsesItsOwnNames()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream(MockServer::responsesStream(Pieces)));
        SendRequest r = request(server, Api::Responses);
        r.systemPrompt = u"Be terse."_s;
        r.params.temperature = 0.7;
        r.params.maxOutputTokens = 1000;
        r.params.reasoningEffort = u"high"_s;
        QCOMPARE(run(r)->finished.status, GenerationStatus::Completed);
        const QJsonObject body = server.requests().at(0).json();
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.7);
        QCOMPARE(body.value("max_output_tokens"_L1).toInteger(), 1000);
        QCOMPARE(body.value("reasoning"_L1).toObject().value("effort"_L1).toString(), u"high"_s);
        QVERIFY(!body.contains("max_completion_tokens"_L1));
        QVERIFY(!body.contains("reasoning_effort"_L1));
        QCOMPARE(body.value("input"_L1).toArray().first().toObject().value("role"_L1).toString(),
                 u"system"_s);
    }

    // A cut stream is continued with the same model and parameters.
    void aRetryKeepsTheParameters()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse cut = stream();
        cut.cutAfter = cut.body.size() / 2;
        server.enqueue(cut);
        server.setResponder([](const RecordedRequest& req) {
            return MockServer::prefillContinuation(req, Pieces.join(QString()), 2);
        });
        SendRequest r = request(server, Api::ChatCompletions, u"Hi"_s, 3);
        r.provider.retry.baseDelayMs = 10;
        r.params.temperature = 1.3;
        r.params.maxOutputTokens = 77;
        const auto rec = run(r);
        QCOMPARE(rec->finished.status, GenerationStatus::Completed);
        QCOMPARE(storedReply(rec->started.conversationId).content, Pieces.join(QString()));
        QVERIFY(server.requests().size() >= 2);
        for (const RecordedRequest& req : server.requests()) {
            QCOMPARE(req.json().value("temperature"_L1).toDouble(), 1.3);
            QCOMPARE(req.json().value("max_completion_tokens"_L1).toInteger(), 77);
        }
    }

    // OpenAI names the refused field in "param": the message says which one.
    void aRefusedParameterIsNamed()
    {
        MockServer server;
        QVERIFY(server.listen());
        QJsonObject error{{"message"_L1, u"Unsupported value: 'temperature' does not support 0.2 "
                                         "with this model."_s},
                          {"type"_L1, u"invalid_request_error"_s},
                          {"param"_L1, u"temperature"_s},
                          {"code"_L1, u"unsupported_value"_s}};
        server.enqueue(MockServer::answer(
            400, QJsonDocument(QJsonObject{{"error"_L1, error}}).toJson(), "application/json"));
        SendRequest r = request(server);
        r.params.temperature = 0.2;
        const auto rec = run(r);
        QCOMPARE(rec->finished.status, GenerationStatus::Failed);
        QCOMPARE(rec->finished.error.code, ErrorCode::HttpRefused);
        QVERIFY2(rec->finished.error.message.contains(u"parameter temperature"_s),
                 qPrintable(rec->finished.error.message));
    }

    void configureChangesTheNextRequest()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream());
        server.enqueue(stream());
        const auto first = run(request(server));
        const qint64 id = first->started.conversationId;
        ConversationSettings s = stored(id);
        s.model = u"other-model"_s;
        s.systemPrompt = u"You are a poet."_s;
        s.params.reasoningEffort = u"medium"_s;
        QSignalSpy configured(m_engine.get(), &Engine::conversationConfigured);
        Job* job = m_engine->configureConversation(id, s);
        QSignalSpy done(job, &Job::succeeded);
        QVERIFY(done.wait(5000));
        QCOMPARE(configured.size(), 1);
        QCOMPARE(configured.at(0).at(0).toLongLong(), id);
        QCOMPARE(stored(id), s);

        SendRequest followUp = request(server, Api::ChatCompletions, u"More"_s);
        followUp.conversationId = id;
        followUp.provider.model.clear();
        QCOMPARE(run(followUp)->finished.status, GenerationStatus::Completed);
        const QJsonObject body = server.requests().at(1).json();
        QCOMPARE(body.value("model"_L1).toString(), u"other-model"_s);
        QCOMPARE(body.value("reasoning_effort"_L1).toString(), u"medium"_s);
        QCOMPARE(body.value("messages"_L1).toArray().first().toObject().value("content"_L1),
                 u"You are a poet."_s);

        Job* missing = m_engine->configureConversation(987654, s);
        QSignalSpy failed(missing, &Job::failed);
        QVERIFY(failed.wait(5000));
        QCOMPARE(missing->error().code, ErrorCode::NotFound);
    }

    // Imported conversations may name no model: the request's fallback is used, and without
    // one the send is refused before anything is stored.
    void aConversationWithoutAModel()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream());
        const qint64 id = run(request(server))->started.conversationId;
        ConversationSettings s = stored(id);
        s.model.clear();
        Job* job = m_engine->configureConversation(id, s);
        QSignalSpy done(job, &Job::succeeded);
        QVERIFY(done.wait(5000));

        SendRequest noModel = request(server, Api::ChatCompletions, u"Who?"_s);
        noModel.conversationId = id;
        noModel.provider.model.clear();
        const auto refused = run(noModel);
        QCOMPARE(refused->sendError.isEmpty(), false);
        QCOMPARE(server.requests().size(), 1);

        server.enqueue(stream());
        noModel.fallbackModel = u"fallback-model"_s;
        QCOMPARE(run(noModel)->finished.status, GenerationStatus::Completed);
        QCOMPARE(server.requests().at(1).json().value("model"_L1).toString(), u"fallback-model"_s);
        QCOMPARE(stored(id).model, u"fallback-model"_s);
    }

    void theModelNamesTheConversation()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(stream());
        const qint64 id =
            run(request(server, Api::ChatCompletions, u"Hi there"_s))->started.conversationId;
        QCOMPARE(m_reader->conversation(id).value().title, u"Hi there"_s);

        const auto answer = [](const QJsonObject& json) {
            return MockServer::answer(200, QJsonDocument(json).toJson(), "application/json");
        };
        const auto chatAnswer = [&](const QString& content) {
            return answer(QJsonObject{
                {"choices"_L1,
                 QJsonArray{QJsonObject{{"message"_L1, QJsonObject{{"role"_L1, u"assistant"_s},
                                                                   {"content"_L1, content}}}}}}});
        };
        const auto suggest = [&](Api api) {
            SendRequest r = request(server, api);
            Job* job = m_engine->suggestTitle(id, r.provider);
            QSignalSpy ended(job, &Job::finished);
            return ended.wait(5000) ? job : nullptr;
        };

        server.enqueue(chatAnswer(u"\"Greetings exchanged.\"\nMore text"_s));
        QSignalSpy renamed(m_engine.get(), &Engine::conversationRenamed);
        Job* job = suggest(Api::ChatCompletions);
        QVERIFY(job);
        QCOMPARE(job->status(), Job::Status::Succeeded);
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(renamed.at(0).at(1).toString(), u"Greetings exchanged"_s);
        QCOMPARE(m_reader->conversation(id).value().title, u"Greetings exchanged"_s);
        const QJsonObject body = server.requests().last().json();
        QVERIFY(!body.contains("stream"_L1)); // one answer, not a stream
        QCOMPARE(body.value("model"_L1).toString(), u"mock-model"_s);
        QCOMPARE(body.value("messages"_L1).toArray().last().toObject().value("content"_L1),
                 u"Hi there"_s);

        // Named once: its title is no longer the one its first message gave it.
        server.enqueue(chatAnswer(u"Another title"_s));
        job = suggest(Api::ChatCompletions);
        QVERIFY(job);
        QCOMPARE(job->status(), Job::Status::Failed);
        QCOMPARE(m_reader->conversation(id).value().title, u"Greetings exchanged"_s);

        // Back to its first title, the Responses API's answer and a failure.
        Job* back = m_engine->renameConversation(id, u"Hi there"_s);
        QSignalSpy backDone(back, &Job::finished);
        QVERIFY(backDone.wait(5000));
        server.enqueue(MockServer::answer(500, "{}", "application/json"));
        job = suggest(Api::ChatCompletions);
        QVERIFY(job);
        QCOMPARE(job->status(), Job::Status::Failed);
        QCOMPARE(m_reader->conversation(id).value().title, u"Hi there"_s);
        server.enqueue(answer(QJsonObject{
            {"output"_L1,
             QJsonArray{QJsonObject{
                 {"type"_L1, u"message"_s},
                 {"content"_L1, QJsonArray{QJsonObject{{"type"_L1, u"output_text"_s},
                                                       {"text"_L1, u"Title: 问候"_s}}}}}}}}));
        job = suggest(Api::Responses);
        QVERIFY(job);
        QCOMPARE(job->status(), Job::Status::Succeeded);
        QCOMPARE(m_reader->conversation(id).value().title, u"问候"_s);
        QCOMPARE(server.requests().last().path, QByteArray("/v1/responses"));
    }
};

QTEST_GUILESS_MAIN(TestConversationSettings)
#include "tst_conversationsettings.moc"
