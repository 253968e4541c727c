// SPDX-License-Identifier: GPL-3.0-or-later
// Tools through the engine: MCP servers (the official reference servers over stdio and
// Streamable HTTP, and Tether's test server for the faults they lack), the tool loop against a
// scripted model, approvals, and the journal's guarantee that a call with a result never runs
// again.
#include "engine/stream/requestbuilder.h"
#include "engine/tools/toolloop.h"
#include "enginefixture.h"
#include "mcpfixture.h"

#include <QElapsedTimer>

class TestTools : public EngineFixture {
    Q_OBJECT

    QTemporaryDir m_files;
    QString m_counter;

    QList<ToolSpec> listTools(const QStringList& servers = {},
                              QList<ToolServerStatus>* status = nullptr)
    {
        QList<ToolSpec> tools;
        const bool ok = await<ListToolsJob>(
            m_engine->listTools(servers),
            [&](const ListToolsJob& job) {
                tools = job.tools();
                if (status)
                    *status = job.servers();
            },
            nullptr, 30000);
        if (!ok)
            qWarning("listing tools failed");
        return tools;
    }

    static const ToolSpec* find(const QList<ToolSpec>& tools, const QString& server,
                                const QString& tool)
    {
        for (const ToolSpec& t : tools) {
            if (t.server == server && t.tool == tool)
                return &t;
        }
        return nullptr;
    }

    struct LoopEnd {
        GenerationFinished last;
        QString note;
        QList<ToolCallRecord> changes;
        QList<ToolCallRecord> asked;
        bool ended = false;
        QString error;
    };

    // Sends `text` with `tools` and runs the loop to its end under `policy`.
    LoopEnd runLoop(const MockServer& server, const QList<ToolSpec>& tools,
                    const ToolLoop::Policy& policy, Api api = Api::ChatCompletions,
                    int maxRounds = ToolLoop::DefaultMaxRounds,
                    std::function<void(ToolLoop&, const ToolCallRecord&)> onAsk = {})
    {
        SendRequest r = request(server, api, u"Use the tools."_s);
        r.tools = tools;
        ToolLoop loop(m_engine.get(), r.provider, tools);
        loop.setPolicy(policy);
        loop.setMaxRounds(maxRounds);
        LoopEnd end;
        connect(&loop, &ToolLoop::callChanged, this,
                [&](const ToolCallRecord& c) { end.changes.append(c); });
        connect(&loop, &ToolLoop::approvalNeeded, this, [&](const ToolCallRecord& c, bool) {
            end.asked.append(c);
            if (onAsk)
                onAsk(loop, c);
        });
        connect(&loop, &ToolLoop::finished, this,
                [&](const GenerationFinished& f, const QString& note) {
                    end.last = f;
                    end.note = note;
                    end.ended = true;
                });
        connect(&loop, &ToolLoop::failed, this, [&](const Error& e) {
            end.error = e.message;
            end.ended = true;
        });
        loop.follow(m_engine->send(r));
        if (!QTest::qWaitFor([&] { return end.ended; }, 60000))
            end.error = u"the tool loop did not end"_s;
        return end;
    }

    static std::optional<ToolApproval> allowAll(const ToolCallRecord&, bool)
    {
        return ToolApproval::Listed;
    }

    void configure(const QJsonObject& extra = {})
    {
        auto config = parseMcpConfig(mcpConfig(m_files.path(), m_counter, extra));
        QVERIFY(config.ok());
        m_engine->setToolServers(config.value());
    }

private Q_SLOTS:
    void initTestCase()
    {
        setUpFixture();
        QVERIFY2(QFile::exists(referenceServer(u"server-everything"_s)),
                 "run scripts/setup-debian.sh: it installs the MCP reference servers");
        QVERIFY(m_files.isValid());
        QFile f(m_files.filePath(u"notes.txt"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("The launch code is 0000.\n");
        f.close();
        m_counter = m_dir.filePath(u"counter.log"_s);
    }
    void init()
    {
        QFile::remove(m_counter);
        configure();
    }
    void cleanupTestCase() { tearDownFixture(); }

    void configFormat()
    {
        const QByteArray pasted = "{\"mcpServers\": {"
                                  "\"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"pkg\"], "
                                  "\"env\": {\"TOKEN\": \"t\"}},"
                                  "\"web\": {\"url\": \"http://127.0.0.1:3001/mcp\", "
                                  "\"headers\": {\"Authorization\": \"Bearer x\"}, \"timeout\": 5},"
                                  "\"off\": {\"command\": \"x\", \"disabled\": true}}}";
        auto config = parseMcpConfig(pasted);
        QVERIFY(config.ok());
        QCOMPARE(config.value().size(), 3);
        const auto fs = findServer(config.value(), u"fs"_s);
        QVERIFY(fs && !fs->isHttp());
        QCOMPARE(fs->args, QStringList({u"-y"_s, u"pkg"_s}));
        QCOMPARE(fs->env.value(0), qMakePair(u"TOKEN"_s, u"t"_s));
        const auto web = findServer(config.value(), u"web"_s);
        QVERIFY(web && web->isHttp());
        QCOMPARE(web->timeoutMs, 5000);
        QCOMPARE(web->headers.value(0).second, QByteArray("Bearer x"));
        QVERIFY(!findServer(config.value(), u"off"_s)->enabled);
        // Round trip.
        auto again = parseMcpConfig(mcpConfigJson(config.value()));
        QVERIFY(again.ok());
        QCOMPARE(again.value(), config.value());
        // Refusals say what is wrong.
        QVERIFY(!parseMcpConfig("{nope").ok());
        auto empty = parseMcpConfig("{\"mcpServers\": {\"x\": {}}}");
        QVERIFY(!empty.ok());
        QVERIFY(empty.error().message.contains(u"\"x\""_s));
    }

    void namesQualifiedOnlyWhereTheyCollide()
    {
        const QList<ToolSpec> tools = qualifyTools({{{}, u"a"_s, u"read"_s, {}, {}, {}},
                                                    {{}, u"b"_s, u"read"_s, {}, {}, {}},
                                                    {{}, u"b"_s, u"write"_s, {}, {}, {}},
                                                    {{}, u"c d"_s, u"has space"_s, {}, {}, {}}});
        QCOMPARE(tools.at(0).name, u"a__read"_s);
        QCOMPARE(tools.at(1).name, u"b__read"_s);
        QCOMPARE(tools.at(2).name, u"write"_s);
        QCOMPARE(tools.at(3).name, u"c_d__has_space"_s);
    }

    void requestBodiesCarryCallsAndResults()
    {
        ToolCallRecord call;
        call.callId = u"call_9"_s;
        call.name = u"get-sum"_s;
        call.arguments = u"{\"a\":1}"_s;
        call.status = ToolCallStatus::Done;
        call.result = QJsonObject{
            {"content"_L1, QJsonArray{QJsonObject{{"type"_L1, u"text"_s}, {"text"_L1, u"2"_s}}}}};
        const History history{{u"user"_s, u"add"_s, {}, {}, {}},
                              {u"assistant"_s, QString(), {}, {call}, {}},
                              {u"tool"_s, toolResultText(call), {}, {}, u"call_9"_s}};
        const ToolSpec spec{u"get-sum"_s, u"everything"_s, u"get-sum"_s, {}, u"Adds"_s, {}};
        ProviderConfig p;
        p.model = u"m"_s;
        const QJsonObject chat =
            QJsonDocument::fromJson(streamBody(p, history, {}, {spec})).object();
        const QJsonArray messages = chat.value("messages"_L1).toArray();
        QCOMPARE(messages.at(1)["tool_calls"_L1][0]["function"_L1]["name"_L1].toString(),
                 u"get-sum"_s);
        QCOMPARE(messages.at(2)["role"_L1].toString(), u"tool"_s);
        QCOMPARE(messages.at(2)["tool_call_id"_L1].toString(), u"call_9"_s);
        QCOMPARE(messages.at(2)["content"_L1].toString(), u"2"_s);
        QCOMPARE(chat["tools"_L1][0]["function"_L1]["parameters"_L1]["type"_L1].toString(),
                 u"object"_s);
        p.api = Api::Responses;
        const QJsonObject resp =
            QJsonDocument::fromJson(streamBody(p, history, {}, {spec})).object();
        const QJsonArray input = resp.value("input"_L1).toArray();
        QCOMPARE(input.at(1)["type"_L1].toString(), u"function_call"_s);
        QCOMPARE(input.at(1)["call_id"_L1].toString(), u"call_9"_s);
        QCOMPARE(input.at(2)["type"_L1].toString(), u"function_call_output"_s);
        QCOMPARE(input.at(2)["output"_L1].toString(), u"2"_s);
        QCOMPARE(resp["tools"_L1][0]["name"_L1].toString(), u"get-sum"_s);
    }

    // The done-when case: a scripted model uses tools of both reference servers, two calls in
    // parallel, and answers from their results.
    void referenceServersOverStdio()
    {
        QList<ToolServerStatus> status;
        const QList<ToolSpec> tools = listTools({}, &status);
        QVERIFY(find(tools, u"everything"_s, u"get-sum"_s));
        QVERIFY(find(tools, u"files"_s, u"read_text_file"_s));
        QVERIFY(find(tools, u"test"_s, u"counter"_s));
        for (const ToolServerStatus& s : status)
            QVERIFY2(s.ok, qPrintable(s.error));
        MockServer server;
        QVERIFY(server.listen());
        const QString path = m_files.filePath(u"notes.txt"_s);
        server.setResponder([&](const RecordedRequest& r) {
            const auto results = toolResults(r);
            if (results.isEmpty()) {
                MockResponse m;
                m.body = toolCallStream({{find(tools, u"everything"_s, u"get-sum"_s)->name,
                                          QJsonObject{{"a"_L1, 2}, {"b"_L1, 3}}},
                                         {find(tools, u"files"_s, u"read_text_file"_s)->name,
                                          QJsonObject{{"path"_L1, path}}}},
                                        u"Let me look."_s);
                return m;
            }
            MockResponse m;
            m.body = MockServer::chatStream(
                {u"Sum: "_s, results.value(u"call_1"_s), u" File: "_s, results.value(u"call_2"_s)});
            return m;
        });
        const LoopEnd end = runLoop(server, tools, allowAll);
        QVERIFY2(end.error.isEmpty(), qPrintable(end.error));
        QCOMPARE(end.last.status, GenerationStatus::Completed);
        QVERIFY(end.note.isEmpty());
        QCOMPARE(server.requests().size(), 2);
        // Offered: every tool, as functions.
        QCOMPARE(server.requests().at(0).json().value("tools"_L1).toArray().size(), tools.size());
        const auto results = toolResults(server.requests().at(1));
        QCOMPARE(results.value(u"call_1"_s), u"The sum of 2 and 3 is 5."_s);
        QVERIFY(results.value(u"call_2"_s).contains(u"The launch code is 0000."_s));
        // The journal: both done, in the order asked, and the final reply after them.
        const MessageRecord reply = storedReply(end.last.conversationId);
        QVERIFY(reply.content.contains(u"The sum of 2 and 3 is 5."_s));
        auto c = m_reader->conversation(end.last.conversationId);
        QVERIFY(c.ok());
        const MessageRecord asking = c.value().messages.at(1);
        QCOMPARE(asking.content, u"Let me look."_s);
        QCOMPARE(asking.calls.size(), 2);
        QCOMPARE(asking.calls.at(0).status, ToolCallStatus::Done);
        QCOMPARE(asking.calls.at(0).server, u"everything"_s);
        QCOMPARE(asking.calls.at(1).tool, u"read_text_file"_s);
        QCOMPARE(asking.calls.at(1).approval, u"allowed"_s);
        QCOMPARE(c.value().messages.size(), 3); // user, asking reply, answer
    }

    void responsesApi()
    {
        const QList<ToolSpec> tools = listTools({u"everything"_s});
        const ToolSpec* echo = find(tools, u"everything"_s, u"echo"_s);
        QVERIFY(echo);
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder([&](const RecordedRequest& r) {
            const auto results = toolResults(r);
            MockResponse m;
            m.body = results.isEmpty()
                         ? responsesToolCallStream(
                               {{echo->name, QJsonObject{{"message"_L1, u"hi 中文"_s}}}})
                         : MockServer::responsesStream({results.value(u"call_r0"_s)});
            return m;
        });
        const LoopEnd end = runLoop(server, tools, allowAll, Api::Responses);
        QCOMPARE(end.last.status, GenerationStatus::Completed);
        QCOMPARE(server.requests().size(), 2);
        const QJsonArray input = server.requests().at(1).json().value("input"_L1).toArray();
        bool sawCall = false;
        for (const QJsonValue& v : input)
            sawCall |= v["type"_L1] == "function_call"_L1 && v["name"_L1] == echo->name;
        QVERIFY(sawCall);
        QCOMPARE(storedReply(end.last.conversationId).content, u"Echo: hi 中文"_s);
    }

    void streamableHttpReference()
    {
        const quint16 port = freePort();
        QProcess everything;
        QVERIFY(startHttpServer(
            everything, {referenceServer(u"server-everything"_s), u"streamableHttp"_s}, port));
        auto stop = qScopeGuard([&] {
            everything.kill();
            everything.waitForFinished();
        });
        configure(QJsonObject{
            {"web"_L1, QJsonObject{{"url"_L1, u"http://127.0.0.1:%1/mcp"_s.arg(port)}}}});
        QList<ToolServerStatus> status;
        const QList<ToolSpec> tools = listTools({u"web"_s}, &status);
        QVERIFY2(status.value(0).ok, qPrintable(status.value(0).error));
        QVERIFY(find(tools, u"web"_s, u"get-sum"_s));
        McpCallJob* job = m_engine->callTool(u"web"_s, u"get-sum"_s, u"{\"a\":20,\"b\":22}"_s);
        ToolOutcome outcome;
        QVERIFY(await<McpCallJob>(
            job, [&](const McpCallJob& j) { outcome = j.outcome(); }, nullptr, 20000));
        ToolCallRecord r;
        r.status = ToolCallStatus::Done;
        r.result = outcome.result;
        QCOMPARE(toolResultText(r), u"The sum of 20 and 22 is 42."_s);
    }

    // Tether's test server cuts the tools/call stream after its first event; the answer comes
    // on the GET that resumes it with Last-Event-ID.
    void httpStreamDropResumed()
    {
        const quint16 port = freePort();
        QProcess test;
        QVERIFY(startHttpServer(
            test, {QString(mcpDir() + u"/test-server.mjs"_s), u"http"_s, QString::number(port)},
            port));
        auto stop = qScopeGuard([&] {
            test.kill();
            test.waitForFinished();
        });
        configure(QJsonObject{
            {"drops"_L1, QJsonObject{{"url"_L1, u"http://127.0.0.1:%1/mcp"_s.arg(port)}}}});
        QElapsedTimer t;
        t.start();
        McpCallJob* job = m_engine->callTool(u"drops"_s, u"counter"_s, u"{}"_s);
        ToolOutcome outcome;
        Error error;
        QVERIFY2(await<McpCallJob>(
                     job, [&](const McpCallJob& j) { outcome = j.outcome(); }, &error, 20000),
                 qPrintable(error.message));
        QVERIFY(outcome.ok);
        QCOMPARE(lineCount(m_counter), 0); // the HTTP server was started without a counter file
        QVERIFY2(t.elapsed() >= 200, "the server's retry: 200 was not honoured");
    }

    void declinedIsToldToTheModel()
    {
        const QList<ToolSpec> tools = listTools({u"test"_s});
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{u"counter"_s, {}}}));
        const LoopEnd end = runLoop(
            server, tools, [](const ToolCallRecord&, bool) { return std::nullopt; },
            Api::ChatCompletions, 10,
            [](ToolLoop& loop, const ToolCallRecord& c) {
                // The window shows the full arguments: they are in the record asked about.
                QCOMPARE(c.arguments, u"{}"_s);
                loop.decide(c.id, ToolApproval::Declined);
            });
        QCOMPARE(end.asked.size(), 1);
        QCOMPARE(end.asked.first().server, u"test"_s);
        QCOMPARE(lineCount(m_counter), 0); // nothing ran
        QCOMPARE(storedReply(end.last.conversationId).content,
                 u"The user declined to run this tool."_s);
    }

    // Stop while a call waits for its answer: it is declined (never run, never cancelled as if
    // it ran), and the loop ends without asking for another reply.
    void stopDeclinesWaitingCalls()
    {
        const QList<ToolSpec> tools = listTools({u"test"_s});
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{u"counter"_s, {}}}));
        const LoopEnd end = runLoop(
            server, tools, [](const ToolCallRecord&, bool) { return std::nullopt; },
            Api::ChatCompletions, 10, [](ToolLoop& loop, const ToolCallRecord&) { loop.stop(); });
        QVERIFY2(end.error.isEmpty(), qPrintable(end.error));
        QCOMPARE(end.asked.size(), 1);
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(lineCount(m_counter), 0);
        auto calls = m_reader->toolCalls({end.last.messageId});
        QVERIFY(calls.ok());
        const ToolCallRecord call = calls.value().value(end.last.messageId).value(0);
        QCOMPARE(call.status, ToolCallStatus::Declined);
        QVERIFY(call.error.contains(u"stopped"_s));
    }

    void serverThatCrashesOrAnswersGarbage()
    {
        QJsonObject slowToAnswer{{"command"_L1, u"node"_s},
                                 {"args"_L1, QJsonArray{QString(mcpDir() + u"/test-server.mjs"_s)}},
                                 {"timeout"_L1, 1}};
        configure(QJsonObject{{"quick"_L1, slowToAnswer}});
        const QList<ToolSpec> tools = listTools({u"test"_s, u"quick"_s});
        const QString die = find(tools, u"test"_s, u"die"_s)->name;
        const QString garbage = find(tools, u"quick"_s, u"garbage"_s)->name;
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{die, {}}, {garbage, {}}}));
        QElapsedTimer t;
        t.start();
        const LoopEnd end = runLoop(server, tools, allowAll);
        QCOMPARE(end.last.status, GenerationStatus::Completed); // the chat goes on
        const QString answer = storedReply(end.last.conversationId).content;
        QVERIFY2(answer.contains(u"exited"_s), qPrintable(answer));
        QVERIFY2(answer.contains(u"did not answer tools/call within 1 s"_s), qPrintable(answer));
        QVERIFY(t.elapsed() < 15000);
        // The crashed server starts again when next needed.
        McpCallJob* job = m_engine->callTool(u"test"_s, u"counter"_s, u"{}"_s);
        QVERIFY(await<McpCallJob>(job, {}, nullptr, 20000));
        QCOMPARE(lineCount(m_counter), 1);
    }

    // An HTTP MCP server's JSON answer is read only up to the cap for one message (64 MiB, as
    // over stdio): a 70 MB answer ends the session saying so, where it was read whole.
    void anHttpAnswerLargerThanAMessageIsRefused()
    {
        MockServer huge;
        QVERIFY(huge.listen());
        huge.setResponder([](const RecordedRequest&) {
            MockResponse r;
            r.contentType = "application/json";
            r.body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pad\":\"" +
                     QByteArray(70 * 1024 * 1024, 'x') + "\"}}";
            return r;
        });
        configure(QJsonObject{{"huge"_L1, QJsonObject{{"url"_L1, huge.baseUrl().toString()}}}});
        QList<ToolServerStatus> status;
        listTools({u"huge"_s}, &status);
        QVERIFY(!status.value(0).ok);
        QVERIFY2(status.value(0).error.contains(u"larger than 64 MiB"_s),
                 qPrintable(status.value(0).error));
    }

    // Progress restarts a call's clock against silence, never against its whole time: a server
    // that reports progress for ever is stopped after totalTimeout, saying so.
    void progressCannotKeepACallAliveForever()
    {
        QJsonObject chatty{{"command"_L1, u"node"_s},
                           {"args"_L1, QJsonArray{QString(mcpDir() + u"/test-server.mjs"_s)}},
                           {"timeout"_L1, 1},
                           {"totalTimeout"_L1, 3}};
        configure(QJsonObject{{"chatty"_L1, chatty}});
        QElapsedTimer t;
        t.start();
        McpCallJob* job = m_engine->callTool(u"chatty"_s, u"chatty"_s, u"{}"_s);
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(20000));
        QVERIFY(!job->outcome().ok);
        QVERIFY2(job->outcome().error.message.contains(
                     u"did not finish tools/call within 3 s (its progress does not extend"_s),
                 qPrintable(job->outcome().error.message));
        QVERIFY2(t.elapsed() >= 2900 && t.elapsed() < 10000,
                 qPrintable(QString::number(t.elapsed())));
    }

    void roundLimitStopsAndSaysSo()
    {
        const QList<ToolSpec> tools = listTools({u"test"_s});
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder([&](const RecordedRequest&) {
            MockResponse m;
            m.body = toolCallStream({{u"counter"_s, {}}}); // a model that never stops
            return m;
        });
        const LoopEnd end = runLoop(server, tools, allowAll, Api::ChatCompletions, 2);
        QVERIFY(end.note.contains(u"2 rounds"_s));
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(lineCount(m_counter), 2);
        // The third round's call is declined in the journal: a follow-up is a valid request.
        QCOMPARE(end.last.toolCalls.size(), 1);
        auto calls = m_reader->toolCalls({end.last.messageId});
        QVERIFY(calls.ok());
        QCOMPARE(calls.value().value(end.last.messageId).first().status, ToolCallStatus::Declined);
    }

    // A call whose result is journaled is never run again: not by a second start, and not by a
    // new loop picking up the round (as after a restart) — the journaled result is reused.
    void resultJournaledNeverRunsAgain()
    {
        const QList<ToolSpec> tools = listTools({u"test"_s});
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(
            MockResponse{200,
                         "text/event-stream",
                         {},
                         toolCallStream({{u"counter"_s, QJsonObject{{"note"_L1, u"once"_s}}}}),
                         {},
                         0,
                         -1,
                         -1,
                         true});
        // The answer after the tool is refused: the round stays without a reply.
        server.enqueue(MockServer::answer(400, MockServer::jsonError(u"no"_s, u"invalid"_s)));
        const LoopEnd first = runLoop(server, tools, allowAll);
        QCOMPARE(lineCount(m_counter), 1);
        auto c = m_reader->conversation(first.last.conversationId);
        QVERIFY(c.ok());
        const ToolCallRecord done = c.value().messages.at(1).calls.first();
        QCOMPARE(done.status, ToolCallStatus::Done);
        // The counter saw Tether's stable id.
        QFile log(m_counter);
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains(done.stableId.toUtf8()));
        Error refused;
        QVERIFY(
            !await<ToolCallJob>(m_engine->runToolCall(done.id, ToolApproval::Once), {}, &refused));
        QVERIFY(refused.message.contains(u"not run again"_s));
        // The round picked up again: straight to the next request, with the journaled result.
        server.setResponder([](const RecordedRequest& r) {
            MockResponse m;
            m.body = MockServer::chatStream({toolResults(r).value(u"call_1"_s)});
            return m;
        });
        ToolLoop loop(m_engine.get(), request(server).provider, tools);
        loop.setPolicy(allowAll);
        QSignalSpy finished(&loop, &ToolLoop::finished);
        loop.resumeRound(done.messageId);
        QVERIFY(finished.wait(20000));
        QCOMPARE(lineCount(m_counter), 1);
        QCOMPARE(storedReply(first.last.conversationId).content, u"counted 1"_s);
    }
};

QTEST_GUILESS_MAIN(TestTools)
#include "tst_tools.moc"
