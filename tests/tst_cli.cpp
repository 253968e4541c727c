// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end: the built tether-cli against the loopback mock, as other tooling would drive it.
// A llama.cpp-like continuation of the story.
#include "clifixture.h"

class TestCli : public CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

    void sendStreamsExactlyTheText()
    {
        MockServer server;
        QVERIFY(server.listen());
        const QStringList pieces = {u"Stream"_s, u"ed "_s, u"中文"_s, u" text\n"_s, u"ok"_s};
        MockResponse r;
        ChatStreamOptions options;
        options.crlf = true;
        r.body = MockServer::chatStream(pieces, options);
        r.splits = MockServer::randomSplits(r.body.size(), 40, 11);
        server.enqueue(r);
        const Outcome o =
            cli({u"send"_s, u"--system"_s, u"Be brief."_s, u"Say"_s, u"hi"_s}, &server);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(QString::fromUtf8(o.out), pieces.join(QString()));
        const QJsonObject body = server.requests().first().json();
        const QJsonArray messages = body.value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject().value("role"_L1), u"system"_s);
        QCOMPARE(messages[1].toObject().value("content"_L1), u"Say hi"_s);
        QCOMPARE(body.value("model"_L1), u"mock-model"_s);

        const QJsonObject shown = showJson(u"last"_s);
        QCOMPARE(shown.value("title"_L1), u"Say hi"_s);
        const QJsonObject reply = lastMessage(shown);
        QCOMPARE(reply.value("role"_L1), u"assistant"_s);
        QCOMPARE(reply.value("content"_L1).toString(), pieces.join(QString()));
        QCOMPARE(reply.value("status"_L1), u"completed"_s);
        QVERIFY(shown.value("id"_L1).toInteger() > 0);

        // A follow-up in the same conversation carries the history.
        MockResponse second;
        second.body = MockServer::chatStream({u"again"_s});
        server.enqueue(second);
        const QString id = QString::number(shown.value("id"_L1).toInteger());
        const Outcome o2 = cli({u"send"_s, u"--conversation"_s, id, u"More"_s}, &server);
        QCOMPARE(o2.exitCode, 0);
        QCOMPARE(o2.out, QByteArray("again"));
        QCOMPARE(server.requests().last().json().value("messages"_L1).toArray().size(), 4);
        QCOMPARE(showJson(id).value("messages"_L1).toArray().size(), 4);
        QCOMPARE(showJson(id).value("system_prompt"_L1).toString(),
                 messages[0].toObject().value("content"_L1).toString());

        const Outcome md = cli({u"show"_s, id, u"--format"_s, u"markdown"_s});
        QCOMPARE(md.exitCode, 0);
        QVERIFY(md.out.startsWith("# Say hi"));
        QVERIFY(md.out.contains("中文"));
    }

    void responsesApi()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r;
        r.body = MockServer::responsesStream({u"via "_s, u"responses"_s});
        r.splits = MockServer::randomSplits(r.body.size(), 15, 4);
        server.enqueue(r);
        const Outcome o = cli({u"send"_s, u"--api"_s, u"responses"_s, u"hello"_s}, &server);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("via responses"));
        QCOMPARE(server.requests().first().path, QByteArray("/v1/responses"));
    }

    void flagsOverrideEnvironment()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r;
        r.body = MockServer::chatStream({u"x"_s});
        server.enqueue(r);
        // The environment points at a dead port; the flags win.
        const Outcome o = cli({u"send"_s, u"--base-url"_s, server.baseUrl().toString(),
                               u"--model"_s, u"other-model"_s, u"q"_s});
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(server.requests().first().json().value("model"_L1), u"other-model"_s);
    }

    void unauthorizedExits3AfterOneRequest()
    {
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r = MockServer::answer(
            401, MockServer::jsonError(u"invalid API key"_s, u"invalid_request_error"_s),
            "application/json");
        server.enqueue(r);
        const Outcome o = cli({u"send"_s, u"hi"_s}, &server);
        QCOMPARE(o.exitCode, 3);
        QVERIFY(o.out.isEmpty());
        QVERIFY2(o.err.contains("401: invalid API key"), o.err.constData());
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(lastMessage(showJson(u"last"_s)).value("status"_L1), u"failed"_s);
    }

    void cutConnectionExits4AndKeepsThePrefix()
    {
        MockServer server;
        QVERIFY(server.listen());
        const QStringList pieces = {u"one "_s, u"two "_s, u"three "_s, u"four "_s, u"five"_s};
        MockResponse r;
        r.body = MockServer::chatStream(pieces);
        r.cutAfter = r.body.size() * 2 / 3;
        server.enqueue(r);
        const Outcome o = cli({u"send"_s, u"--max-attempts"_s, u"1"_s, u"count"_s}, &server);
        QCOMPARE(o.exitCode, 4);
        QVERIFY(!o.out.isEmpty());
        QVERIFY(pieces.join(QString()).startsWith(QString::fromUtf8(o.out)));
        const QJsonObject reply = lastMessage(showJson(u"last"_s));
        QCOMPARE(reply.value("status"_L1), u"interrupted"_s);
        QCOMPARE(reply.value("content"_L1).toString(), QString::fromUtf8(o.out));
    }

    void sigintExits130AndKeepsWhatWasPrinted()
    {
#ifndef Q_OS_UNIX
        QSKIP("POSIX signals only");
#else
        MockServer server;
        QVERIFY(server.listen());
        MockResponse r;
        r.body = MockServer::chatStream({u"before "_s, u"the "_s, u"stall"_s, u" after"_s});
        r.stallAfter = r.body.indexOf("after") - 20;
        server.enqueue(r);
        QProcess p;
        p.setProcessEnvironment(env(&server));
        QSignalSpy finished(&p, &QProcess::finished);
        QByteArray out;
        connect(&p, &QProcess::readyReadStandardOutput, this,
                [&] { out += p.readAllStandardOutput(); });
        p.start(m_cli, {u"send"_s, u"wait"_s});
        QTRY_VERIFY_WITH_TIMEOUT(out.contains("stall"), 10000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(finished.wait(10000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QCOMPARE(out, QByteArray("before the stall"));
        const QJsonObject reply = lastMessage(showJson(u"last"_s));
        QCOMPARE(reply.value("status"_L1), u"interrupted"_s);
        QCOMPARE(reply.value("content"_L1).toString(), QString::fromUtf8(out));
#endif
    }

    void dropsAreResumedAndStdoutIsExact_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 6; ++seed)
            QTest::addRow("chat %u", seed) << u"chat"_s << seed;
        for (quint32 seed = 1; seed <= 4; ++seed)
            QTest::addRow("responses %u", seed) << u"responses"_s << seed;
    }

    void dropsAreResumedAndStdoutIsExact()
    {
        QFETCH(QString, api);
        QFETCH(quint32, seed);
        MockServer server;
        QVERIFY(server.listen());
        MockResponse first;
        QList<QByteArray> events;
        if (api == "chat"_L1) {
            first.body = MockServer::chatStream(Story);
            server.setResponder(continueFrom);
        } else {
            events = MockServer::responsesEvents(Story);
            first.body = events.join();
            server.setResponder([&events, &first](const RecordedRequest& r) {
                MockResponse resp;
                const QUrlQuery q(QUrl(QString::fromUtf8(r.path)));
                resp.body =
                    r.method == "GET"
                        ? events.mid(q.queryItemValue(u"starting_after"_s).toInt() + 1).join()
                        : first.body;
                return resp;
            });
        }
        first.cutAfter = MockServer::randomSplits(first.body.size(), 1, seed).value(0, 1);
        server.enqueue(first);
        const Outcome o = cli({u"send"_s, u"--api"_s, api, u"tell me"_s}, &server);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(QString::fromUtf8(o.out), story());
        QCOMPARE(lastMessage(showJson(u"last"_s)).value("content"_L1).toString(), story());
        if (server.requests().size() > 1) // a cut after the finish_reason needs no retry
            QVERIFY(o.err.contains("Retrying"));
    }

    // resume goes through the environment's provider as it is now (the server moved), never
    // to an address the key was not configured for, unless --base-url says so.
    void resumeFollowsTheEnvironmentNotTheOldAddress_data()
    {
        QTest::addColumn<bool>("sentWithFlag");
        QTest::addColumn<bool>("resumeWithFlag");
        QTest::newRow("environment, server moved") << false << false;
        QTest::newRow("sent with --base-url, resumed without") << true << false;
        QTest::newRow("sent and resumed with --base-url") << true << true;
    }

    void resumeFollowsTheEnvironmentNotTheOldAddress()
    {
        QFETCH(bool, sentWithFlag);
        QFETCH(bool, resumeWithFlag);
        QTemporaryDir own;
        m_dataDir = own.path();
        const auto restore = qScopeGuard([this] { m_dataDir.clear(); });
        MockServer old;
        MockServer moved;
        QVERIFY(old.listen());
        QVERIFY(moved.listen());
        MockResponse cut;
        cut.body = MockServer::chatStream(Story);
        cut.cutAfter = cut.body.size() / 2;
        old.enqueue(cut);
        old.setResponder(continueFrom);
        moved.setResponder(continueFrom);
        QStringList send{u"send"_s, u"--max-attempts"_s, u"1"_s, u"a story"_s};
        if (sentWithFlag)
            send << u"--base-url"_s << old.baseUrl().toString();
        // Sent through the environment (OPENAI_BASE_URL = old) or with --base-url old while the
        // environment names another server.
        const Outcome sent = cli(send, sentWithFlag ? &moved : &old);
        QCOMPARE(sent.exitCode, 4);
        const qint64 id = lastMessage(showJson(u"last"_s)).value("generation_id"_L1).toInteger();
        QVERIFY(id > 0);

        QStringList resume{u"resume"_s, QString::number(id)};
        if (resumeWithFlag)
            resume << u"--base-url"_s << old.baseUrl().toString();
        const Outcome resumed = cli(resume, &moved); // the environment now says: moved
        if (sentWithFlag && !resumeWithFlag) {
            QCOMPARE(resumed.exitCode, 2);
            QVERIFY2(resumed.err.contains("does not send OPENAI_API_KEY there"),
                     resumed.err.constData());
            QCOMPARE(old.requests().size(), 1);
            QCOMPARE(moved.requests().size(), 0);
            QCOMPARE(lastMessage(showJson(u"last"_s)).value("status"_L1), u"interrupted"_s);
            return;
        }
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        MockServer& reached = resumeWithFlag ? old : moved;
        QVERIFY(!reached.requests().isEmpty());
        QCOMPARE(reached.requests().last().headers.value("authorization"),
                 QByteArray("Bearer ") + Key.toUtf8());
        QCOMPARE(old.requests().size(), resumeWithFlag ? 2 : 1);
        QCOMPARE(lastMessage(showJson(u"last"_s)).value("content"_L1).toString(), story());
    }

    void killDashNineThenResumeAll_data()
    {
        QTest::addColumn<int>("printedBeforeKill");
        for (int bytes : {1, 9, 23, 40, 61})
            QTest::addRow("after %d bytes", bytes) << bytes;
    }

    void killDashNineThenResumeAll()
    {
#ifndef Q_OS_UNIX
        QSKIP("POSIX signals only");
#else
        QFETCH(int, printedBeforeKill);
        // Its own journal: `resume --all` must find only this generation.
        QTemporaryDir own;
        m_dataDir = own.path();
        const auto restore = qScopeGuard([this] { m_dataDir.clear(); });
        MockServer server;
        QVERIFY(server.listen());
        MockResponse slow;
        slow.body = MockServer::chatStream(Story);
        slow.splits = MockServer::randomSplits(slow.body.size(), 60, quint32(printedBeforeKill));
        slow.writeIntervalMs = 15;
        server.enqueue(slow);
        server.setResponder(continueFrom);

        QProcess p;
        p.setProcessEnvironment(env(&server));
        QSignalSpy finished(&p, &QProcess::finished);
        QByteArray printed;
        connect(&p, &QProcess::readyReadStandardOutput, this,
                [&] { printed += p.readAllStandardOutput(); });
        p.start(m_cli, {u"send"_s, u"a story"_s});
        QTRY_VERIFY_WITH_TIMEOUT(printed.size() >= printedBeforeKill, 15000);
        p.kill(); // SIGKILL; TerminateProcess on Windows: nothing is flushed either way
        QVERIFY(finished.wait(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        printed += p.readAllStandardOutput();

        // The journal holds at least what was printed, and nothing that was not in the reply.
        // `show` starts the engine, which finds the dead sender's reply and marks it
        // interrupted.
        const QJsonObject before = lastMessage(showJson(u"last"_s));
        const QString journaled = before.value("content"_L1).toString();
        QCOMPARE(before.value("status"_L1), u"interrupted"_s);
        QVERIFY(!journaled.isEmpty());
        QVERIFY(journaled.startsWith(QString::fromUtf8(printed)));
        QVERIFY(story().startsWith(journaled));

        const Outcome resumed = cli({u"resume"_s, u"--all"_s}, &server);
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(QString::fromUtf8(resumed.out), story().mid(journaled.size()));
        const QJsonObject after = lastMessage(showJson(u"last"_s));
        QCOMPARE(after.value("status"_L1), u"completed"_s);
        QCOMPARE(after.value("content"_L1).toString(), story());
        // Nothing is left to resume.
        const Outcome again = cli({u"resume"_s, u"--all"_s}, &server);
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.isEmpty());
        QVERIFY(again.err.contains("nothing to resume"));
#endif
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s};
        QTest::newRow("unknown flag") << QStringList{u"send"_s, u"--bogus"_s, u"x"_s};
        QTest::newRow("bad api") << QStringList{u"send"_s, u"--api"_s, u"soap"_s, u"x"_s};
        QTest::newRow("no message") << QStringList{u"send"_s};
        QTest::newRow("bad format") << QStringList{u"show"_s, u"last"_s, u"--format"_s, u"xml"_s};
        QTest::newRow("bad id") << QStringList{u"show"_s, u"abc"_s};
        QTest::newRow("resume without target") << QStringList{u"resume"_s};
        QTest::newRow("resume bad id") << QStringList{u"resume"_s, u"x"_s};
        QTest::newRow("bad continuation")
            << QStringList{u"send"_s, u"--continuation"_s, u"magic"_s, u"x"_s};
        QTest::newRow("bad idle timeout")
            << QStringList{u"send"_s, u"--idle-timeout"_s, u"-1"_s, u"x"_s};
        QTest::newRow("missing conversation")
            << QStringList{u"send"_s, u"--conversation"_s, u"999999"_s, u"x"_s};
        QTest::newRow("search without query") << QStringList{u"search"_s};
        QTest::newRow("search bad limit") << QStringList{u"search"_s, u"x"_s, u"--limit"_s, u"0"_s};
        QTest::newRow("list bad format") << QStringList{u"list"_s, u"--format"_s, u"markdown"_s};
        QTest::newRow("import nothing") << QStringList{u"import"_s};
        QTest::newRow("import missing file") << QStringList{u"import"_s, u"/nonexistent.zip"_s};
        QTest::newRow("export nothing") << QStringList{u"export"_s};
        QTest::newRow("export text")
            << QStringList{u"export"_s, u"--all"_s, u"--format"_s, u"text"_s};
        QTest::newRow("export missing") << QStringList{u"export"_s, u"999999"_s};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Outcome o = cli(args);
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.out.isEmpty());
        QVERIFY(!o.err.isEmpty());
    }

    void versionAndHelp()
    {
        const Outcome v = cli({u"--version"_s});
        QCOMPARE(v.exitCode, 0);
        QCOMPARE(v.out, QByteArray("tether-cli ") + tether::Version + "\n");
        const Outcome h = cli({u"--help"_s});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("send"));
        QVERIFY(h.out.contains("Exit codes"));
    }

    void keyNeverWrittenOrPrinted()
    {
        QDirIterator it(m_dir.path(), QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(Key.toUtf8()), qPrintable(f.fileName()));
            ++files;
        }
        QVERIFY(files > 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
