// SPDX-License-Identifier: GPL-3.0-or-later
// tether-cli with tools: the reference servers through --mcp-config, --allow-tool and what is
// declined without it, `mcp tools` and `mcp call`, and the crash guarantee with a real process
// killed with SIGKILL: a tool whose result is journaled never runs again, and one that was
// running is run again only when allowed.
#include "clifixture.h"
#include "mcpfixture.h"

class TestCliTools : public CliFixture {
    Q_OBJECT

    QTemporaryDir m_files;
    QString m_config;
    QString m_counter;

    QStringList withTools(QStringList args, const QStringList& allowed = {})
    {
        args << u"--mcp-config"_s << m_config;
        for (const QString& a : allowed)
            args << u"--allow-tool"_s << a;
        return args;
    }

    static QJsonArray messages(const QJsonObject& conversation)
    {
        return conversation.value("messages"_L1).toArray();
    }

    // Starts the CLI and returns it running; the caller kills it.
    std::unique_ptr<QProcess> start(const QStringList& args, const MockServer& server)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env(&server));
        p->start(m_cli, args);
        p->waitForStarted(5000);
        return p;
    }

    static void killHard(QProcess& p)
    {
        p.kill(); // SIGKILL: no handler runs, nothing is flushed or marked
        p.waitForFinished(5000);
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    }

private Q_SLOTS:
    void initTestCase()
    {
        setUpFixture();
        QVERIFY2(QFile::exists(referenceServer(u"server-filesystem"_s)),
                 "run scripts/setup-debian.sh: it installs the MCP reference servers");
        QVERIFY(m_files.isValid());
        QFile f(m_files.filePath(u"todo.txt"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("buy milk\n");
        f.close();
        m_counter = m_dir.filePath(u"counter.log"_s);
        m_config = m_dir.filePath(u"mcp.json"_s);
        QFile c(m_config);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(mcpConfig(m_files.path(), m_counter));
    }
    void init()
    {
        QFile::remove(m_counter);
        m_dataDir = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    }

    void sendUsesBothReferenceServers()
    {
        MockServer server;
        QVERIFY(server.listen());
        const QString path = m_files.filePath(u"todo.txt"_s);
        server.setResponder([&](const RecordedRequest& r) {
            MockResponse m;
            const auto results = toolResults(r);
            if (results.isEmpty()) {
                m.body = toolCallStream({{u"get-sum"_s, QJsonObject{{"a"_L1, 19}, {"b"_L1, 23}}},
                                         {u"read_text_file"_s, QJsonObject{{"path"_L1, path}}}});
                return m;
            }
            const QStringList pieces{results.value(u"call_1"_s), u" / "_s,
                                     results.value(u"call_2"_s)};
            m.body = MockServer::chatStream(pieces);
            return m;
        });
        const Outcome o =
            cli(withTools({u"send"_s, u"Add and read."_s}, {u"everything.get-sum"_s, u"files.*"_s}),
                &server);
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY2(o.out.contains("The sum of 19 and 23 is 42. / buy milk"), o.out.constData());
        QVERIFY(o.err.contains("running everything.get-sum"));
        QVERIFY(o.err.contains("files.read_text_file done"));
        const QJsonArray m = messages(showJson(u"last"_s));
        // user, the reply asking (with its calls), two results, the answer
        QCOMPARE(m.size(), 5);
        const QJsonArray calls = m.at(1)["tool_calls"_L1].toArray();
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0)["name"_L1].toString(), u"get-sum"_s);
        QCOMPARE(calls.at(0)["arguments"_L1].toString(), u"{\"a\":19,\"b\":23}"_s);
        QCOMPARE(m.at(2)["role"_L1].toString(), u"tool"_s);
        QCOMPARE(m.at(2)["tool_call_id"_L1].toString(), calls.at(0)["id"_L1].toString());
        QCOMPARE(m.at(2)["status"_L1].toString(), u"done"_s);
        QCOMPARE(m.at(3)["content"_L1].toString(), u"buy milk\n"_s);
    }

    void notAllowedIsDeclinedWithoutATerminal()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{u"counter"_s, {}}}));
        const Outcome o = cli(withTools({u"send"_s, u"Count."_s}), &server);
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY(o.err.contains("declined test.counter: not allowed by --allow-tool"));
        QCOMPARE(lineCount(m_counter), 0);
        QVERIFY(o.out.contains("The user declined to run this tool."));
    }

    // "server.tool" names one tool. A server named with a dot is refused, since it made
    // `--allow-tool corp.files.delete` allow server corp's tool "files.delete" as well as server
    // corp.files' "delete"; and a pattern allows the server before its first dot and the tool
    // after it, whole.
    void allowedToolsNameOneServerAndTool()
    {
        const QString dotted = m_dir.filePath(u"dotted.json"_s);
        QFile c(dotted);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(mcpConfig(
            m_files.path(), m_counter,
            {{"corp.files"_L1,
              QJsonObject{{"command"_L1, u"node"_s},
                          {"args"_L1, QJsonArray{QString(mcpDir() + u"/test-server.mjs"_s)}}}}}));
        c.close();
        Outcome o = cli({u"mcp"_s, u"tools"_s, u"test"_s, u"--mcp-config"_s, dotted});
        QVERIFY2(o.exitCode != 0, o.err.constData());
        QVERIFY2(o.err.contains("\"corp.files\" contains \".\""), o.err.constData());

        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{u"counter"_s, {}}}));
        o = cli(withTools({u"send"_s, u"Count."_s},
                          {u"test.counte"_s, u"tes.tcounter"_s, u"test.counter.x"_s}),
                &server);
        QVERIFY2(o.err.contains("declined test.counter: not allowed by --allow-tool"),
                 o.err.constData());
        QCOMPARE(lineCount(m_counter), 0);
    }

    void mcpCommands()
    {
        Outcome o = cli(withTools({u"mcp"_s, u"tools"_s, u"files"_s}));
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY(o.out.contains("read_text_file\t"));
        o = cli(withTools(
            {u"mcp"_s, u"call"_s, u"everything"_s, u"get-sum"_s, u"{\"a\": 1, \"b\": 2}"_s}));
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QCOMPARE(o.out, QByteArray("The sum of 1 and 2 is 3.\n"));
        o = cli(withTools({u"mcp"_s, u"call"_s, u"everything"_s, u"no-such-tool"_s}));
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.err.contains("has no tool \"no-such-tool\""));
        o = cli(withTools({u"mcp"_s, u"tools"_s, u"nobody"_s}));
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.err.contains("There is no MCP server \"nobody\""));
        // A server that cannot start: exit 1 with the reason.
        o = cli({u"mcp"_s, u"tools"_s, u"http://127.0.0.1:9/mcp"_s});
        QCOMPARE(o.exitCode, 1);
        QVERIFY(o.err.contains("failed"));
    }

    // kill -9 after the tool ran and before the answer finished: the resume reuses the journaled
    // result, and the tool's side effect happened once.
    void killAfterToolRanNeverRunsItAgain()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder([](const RecordedRequest& r) {
            if (toolResults(r).isEmpty()) {
                MockResponse m;
                m.body = toolCallStream({{u"counter"_s, QJsonObject{{"note"_L1, u"mail"_s}}}});
                return m;
            }
            // The answer starts, then stalls: the kill lands in the middle of it.
            MockResponse m;
            m.body = MockServer::chatStream(MockServer::pieces(story(), 4));
            m.stallAfter = m.body.size() / 2;
            return m;
        });
        auto p = start(withTools({u"send"_s, u"Send the mail."_s}, {u"test.counter"_s}), server);
        QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() == 2, 20000);
        QByteArray shown;
        QTRY_VERIFY_WITH_TIMEOUT((shown += p->readAllStandardOutput()).contains("Once"), 20000);
        QCOMPARE(p->state(), QProcess::Running);
        killHard(*p);
        QCOMPARE(lineCount(m_counter), 1);

        server.closeAll();
        server.setResponder([](const RecordedRequest& r) {
            // The continuation carries the journaled result, not a new one.
            if (toolResults(r).value(u"call_1"_s) != "counted 1"_L1)
                return MockServer::answer(400, "missing tool result");
            return continueFrom(r);
        });
        const Outcome o = cli(withTools({u"resume"_s, u"--all"_s}, {u"test.counter"_s}), &server);
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QCOMPARE(lineCount(m_counter), 1);
        const QJsonArray m = messages(showJson(u"last"_s));
        QCOMPARE(m.last()["content"_L1].toString(), story());
        QCOMPARE(m.at(2)["status"_L1].toString(), u"done"_s);
    }

    // kill -9 while the tool runs: it may or may not have acted, so it is never started again
    // silently. Without --allow-tool it is declined; with it, run again, saying so.
    void killWhileToolRunsAsksAgain()
    {
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(callsThenResults({{u"slow"_s, QJsonObject{{"ms"_L1, 1500}}}}));
        auto p = start(withTools({u"send"_s, u"Wait."_s}, {u"test.slow"_s}), server);
        QTRY_VERIFY_WITH_TIMEOUT(lineCount(m_counter) == 1, 20000);
        killHard(*p);
        QCOMPARE(server.requests().size(), 1);

        // Not allowed now: declined, and the model is told.
        Outcome o = cli(withTools({u"resume"_s, u"--all"_s}), &server);
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY(o.err.contains("declined test.slow"));
        QCOMPARE(lineCount(m_counter), 1);
        QJsonArray m = messages(showJson(u"last"_s));
        QCOMPARE(m.at(2)["status"_L1].toString(), u"declined"_s);

        // Again, from the start, with --allow-tool: run again, and the CLI says why.
        m_dataDir += u"-allowed"_s;
        QFile::remove(m_counter);
        p = start(withTools({u"send"_s, u"Wait."_s}, {u"test.slow"_s}), server);
        QTRY_VERIFY_WITH_TIMEOUT(lineCount(m_counter) == 1, 20000);
        killHard(*p);
        o = cli(withTools({u"resume"_s, u"--all"_s}, {u"test.slow"_s}), &server);
        QVERIFY2(o.exitCode == 0, o.err.constData());
        QVERIFY(o.err.contains("was running when Tether stopped"));
        QCOMPARE(lineCount(m_counter), 2);
        m = messages(showJson(u"last"_s));
        QCOMPARE(m.last()["content"_L1].toString(), u"slept"_s);
    }
};

QTEST_GUILESS_MAIN(TestCliTools)
#include "tst_clitools.moc"
