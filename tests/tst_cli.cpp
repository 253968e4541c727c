// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end: the built tether-cli against the loopback mock, as other tooling would drive it.
#include "engine/core/version.h"
#include "mockserver.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString Key = u"sk-cli-SECRET-456"_s;

const QStringList Story = {u"Once "_s,    u"upon "_s,     u"a time, "_s, u"中文 "_s,  u"🎉 "_s,
                           u"a reply "_s, u"streamed "_s, u"and was "_s, u"cut "_s,   u"off, "_s,
                           u"but "_s,     u"Tether "_s,   u"kept "_s,    u"every "_s, u"token."_s};

QString story()
{
    return Story.join(QString());
}

// A llama.cpp-like continuation of the story.
MockResponse continueFrom(const RecordedRequest& request)
{
    return MockServer::prefillContinuation(request, story(), 4);
}

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_dataDir; // overrides m_dir for tests that need a journal of their own

    QProcessEnvironment env(const MockServer* server) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"OPENAI_API_KEY"_s, Key);
        e.insert(u"OPENAI_BASE_URL"_s,
                 server ? server->baseUrl().toString() : u"http://127.0.0.1:9/v1"_s);
        e.insert(u"TETHER_MODEL"_s, u"mock-model"_s);
        e.insert(u"TETHER_DATA_DIR"_s, m_dataDir.isEmpty() ? m_dir.path() : m_dataDir);
        return e;
    }

    // Runs the CLI while this thread's event loop keeps serving the mock.
    Outcome cli(const QStringList& args, const MockServer* server = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(env(server));
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(m_cli, args);
        if (!p.waitForStarted(5000))
            return {};
        if (!finished.wait(30000))
            p.kill();
        Outcome o;
        o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        o.out = p.readAllStandardOutput();
        o.err = p.readAllStandardError();
        return o;
    }

    QJsonObject showJson(const QString& which)
    {
        const Outcome o = cli({u"show"_s, which, u"--format"_s, u"json"_s});
        if (o.exitCode != 0)
            return {};
        return QJsonDocument::fromJson(o.out).object();
    }

    static QJsonObject lastMessage(const QJsonObject& conversation)
    {
        return conversation.value("messages"_L1).toArray().last().toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(m_cli), "TETHER_CLI must name the built tether-cli");
        QVERIFY(m_dir.isValid());
    }

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
        QCOMPARE(showJson(id).value("messages"_L1).toArray().size(), 5);

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
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(finished.wait(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        printed += p.readAllStandardOutput();

        // The journal holds at least what was printed, and nothing that was not in the reply.
        const QJsonObject before = lastMessage(showJson(u"last"_s));
        const QString journaled = before.value("content"_L1).toString();
        QCOMPARE(before.value("status"_L1), u"streaming"_s);
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

    void historyCommands()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        // A ChatGPT export with one conversation, and one malformed entry.
        const QByteArray chatgpt =
            "[{\"id\":\"g1\",\"title\":\"Rust lifetimes\",\"create_time\":1700000000,"
            "\"update_time\":1700000100,\"current_node\":\"a\",\"mapping\":{"
            "\"u\":{\"id\":\"u\",\"parent\":null,\"children\":[\"a\"],\"message\":{\"id\":\"u\","
            "\"author\":{\"role\":\"user\"},\"content\":{\"content_type\":\"text\",\"parts\":"
            "[\"Explain borrow checker lifetimes\"]}}},"
            "\"a\":{\"id\":\"a\",\"parent\":\"u\",\"children\":[],\"message\":{\"id\":\"a\","
            "\"author\":{\"role\":\"assistant\"},\"metadata\":{\"model_slug\":\"gpt-4o\"},"
            "\"content\":{\"content_type\":\"text\",\"parts\":[\"Lifetimes name scopes. "
            "生命周期\"]}}}"
            "}}, {\"title\":\"broken\"}]";
        QFile file(own.filePath(u"conversations.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(chatgpt);
        file.close();

        Outcome o = cli({u"import"_s, u"chatgpt"_s, file.fileName()});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(o.out.contains("Imported 1 new conversations"));
        QVERIFY(o.out.contains("1 skipped"));
        QVERIFY(o.err.contains("skipped: entry 2"));
        QCOMPARE(cli({u"import"_s, file.fileName()}).out.contains("1 already up to date"), true);

        o = cli({u"list"_s, u"--format"_s, u"json"_s});
        QCOMPARE(o.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(o.out).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject row = list.first().toObject();
        QCOMPARE(row.value("title"_L1).toString(), u"Rust lifetimes"_s);
        QCOMPARE(row.value("message_count"_L1).toInt(), 2);
        QVERIFY(row.value("id"_L1).toInteger() > 0);
        QCOMPARE(row.value("updated_at"_L1).toString(), u"2023-11-14T22:15:00.000Z"_s);

        o = cli({u"search"_s, u"borrow"_s, u"checker"_s, u"--format"_s, u"json"_s});
        QCOMPARE(o.exitCode, 0);
        const QJsonArray hits = QJsonDocument::fromJson(o.out).array();
        QCOMPARE(hits.size(), 1);
        const QJsonObject hit = hits.first().toObject();
        QCOMPARE(hit.value("conversation_id"_L1).toInteger(), row.value("id"_L1).toInteger());
        QVERIFY(hit.value("message_id"_L1).toInteger() > 0);
        QCOMPARE(hit.value("role"_L1).toString(), u"user"_s);
        QVERIFY(hit.value("snippet"_L1).toString().contains(u"**borrow**"_s));
        o = cli({u"search"_s, u"生命"_s, u"--limit"_s, u"5"_s});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(QString::fromUtf8(o.out).contains(u"**生命**周期"_s));
        QCOMPARE(cli({u"search"_s, u"nothing-like-this"_s, u"--format"_s, u"json"_s}).out.trimmed(),
                 QByteArray("[\n]"));

        // Export, then import into a fresh journal: the same Markdown comes back out.
        const QString id = QString::number(row.value("id"_L1).toInteger());
        const QString exported = own.filePath(u"export.json"_s);
        QCOMPARE(
            cli({u"export"_s, u"--all"_s, u"--format"_s, u"json"_s, u"-o"_s, exported}).exitCode,
            0);
        const QByteArray markdown = cli({u"export"_s, id}).out;
        QVERIFY(markdown.startsWith("# Rust lifetimes"));
        QVERIFY(markdown.contains("**Assistant · gpt-4o**"));
        QTemporaryDir other;
        m_dataDir = other.path();
        QCOMPARE(cli({u"import"_s, exported}).exitCode, 0);
        QCOMPARE(cli({u"export"_s, u"--all"_s}).out, markdown);
        QCOMPARE(cli({u"show"_s, u"last"_s}).exitCode, 0);
        m_dataDir.clear();
    }

    // A reply carrying terminal escapes (OSC 52 sets the clipboard in terminals that honour
    // it): on a terminal they are shown escaped, streamed or replayed by show, and so are
    // server messages on stderr; into a pipe the text stays byte for byte.
    void terminalEscapesAreNeverSentToATerminal()
    {
        if (QStandardPaths::findExecutable(u"script"_s).isEmpty())
            QSKIP("script (util-linux) is needed for a pseudo-terminal");
        const QString osc52 = u"\x1b]52;c;ZXZpbA==\x07"_s;
        const QStringList pieces = {u"Copy this: "_s, osc52, u" and \x1b[2Jthat\u009b1m."_s};
        MockServer server;
        QVERIFY(server.listen());
        MockResponse reply;
        reply.body = MockServer::chatStream(pieces);
        server.enqueue(reply);
        server.enqueue(reply);
        server.enqueue(
            MockServer::answer(400, MockServer::jsonError(u"bad \x1b]52;c;ZXZpbA==\x07 request"_s,
                                                          u"invalid_request_error"_s)));
        const auto onTerminal = [&](const QStringList& args) {
            QString command = u"'"_s + m_cli + u"'"_s;
            for (const QString& a : args)
                command += u" '"_s + a + u"'"_s;
            QProcess p;
            p.setProcessEnvironment(env(&server));
            QSignalSpy finished(&p, &QProcess::finished);
            // script runs the command on a pseudo-terminal and copies what it shows.
            p.start(u"script"_s, {u"-qec"_s, command, u"/dev/null"_s});
            p.closeWriteChannel();
            if (!finished.wait(30000))
                p.kill();
            return Outcome{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
        };
        const Outcome streamed = onTerminal({u"send"_s, u"hi"_s});
        QCOMPARE(streamed.exitCode, 0);
        QVERIFY2(!streamed.out.contains('\x1b') && !streamed.out.contains('\x07'),
                 streamed.out.toHex(' ').constData());
        QVERIFY2(
            streamed.out.contains("Copy this: \\x1b]52;c;ZXZpbA==\\x07 and \\x1b[2Jthat\\x9b1m."),
            streamed.out.constData());
        const Outcome shown = onTerminal({u"show"_s, u"last"_s});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(!shown.out.contains('\x1b'));
        QVERIFY(shown.out.contains("\\x1b]52;c;ZXZpbA=="));
        // Into a pipe, exactly what the model sent.
        const Outcome piped = cli({u"send"_s, u"hi"_s}, &server);
        QCOMPARE(piped.exitCode, 0);
        QCOMPARE(QString::fromUtf8(piped.out).trimmed(), pieces.join(QString()).trimmed());
        const Outcome refused = onTerminal({u"send"_s, u"hi"_s});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(!refused.out.contains('\x1b'), refused.out.constData());
        QVERIFY(refused.out.contains("bad \\x1b]52;c;ZXZpbA==\\x07 request"));
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
