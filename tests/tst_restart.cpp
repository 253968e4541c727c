// SPDX-License-Identifier: GPL-3.0-or-later
// The real window, as a user runs it: a message typed into `tether` on an X server, the process
// killed with SIGKILL mid-reply, `tether` started again. The reply must finish by itself, through
// the profile it was sent with as it is now: the Demo (a new port on every run) and a provider
// whose server moved to another port.
#include "engine/demo/demoserver.h"
#include "engine/journal/journal.h"
#include "mcpfixture.h"
#include "mockserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString Key = u"sk-restart-SECRET-789"_s;

[[maybe_unused]] QStringList longReply() // the kill tests are Unix-only
{
    QStringList pieces;
    for (int i = 0; i < 120; ++i)
        pieces.append(u"sentence %1 of a long reply, 中文 included. "_s.arg(i));
    return pieces;
}

struct Reply {
    QString status;
    QString content;
};

} // namespace

class TestRestart : public QObject {
    Q_OBJECT

    QProcess m_xvfb;
    QString m_display;
    QString m_xdotool;

    // A login of its own: fresh HOME and XDG folders, nothing configured.
    QProcessEnvironment environment(const QString& home, const QUrl& baseUrl) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const QString& name : {u"OPENAI_API_KEY"_s, u"OPENAI_BASE_URL"_s, u"TETHER_MODEL"_s,
                                    u"TETHER_DATA_DIR"_s, u"WAYLAND_DISPLAY"_s})
            e.remove(name);
        e.insert(u"HOME"_s, home);
        e.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
        e.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
        e.insert(u"DISPLAY"_s, m_display);
        e.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
        e.insert(u"LANG"_s, u"C.UTF-8"_s);
        e.insert(u"LANGUAGE"_s, u"en"_s);
        if (!baseUrl.isEmpty()) {
            e.insert(u"OPENAI_API_KEY"_s, Key);
            e.insert(u"OPENAI_BASE_URL"_s, baseUrl.toString());
            e.insert(u"TETHER_MODEL"_s, u"mock-model"_s);
        }
        return e;
    }

    bool xdotool(const QStringList& args, QByteArray* out = nullptr)
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"DISPLAY"_s, m_display);
        p.setProcessEnvironment(e);
        p.start(m_xdotool, args);
        if (!p.waitForFinished(10000))
            return false;
        if (out)
            *out = p.readAllStandardOutput();
        return p.exitCode() == 0;
    }

    static Reply lastReply(const QString& journalPath)
    {
        if (!QFile::exists(journalPath))
            return {};
        auto journal = Journal::open(journalPath);
        if (!journal)
            return {};
        auto last = journal.value()->lastConversationId();
        if (!last)
            return {};
        auto c = journal.value()->conversation(last.value());
        if (!c || c.value().messages.size() < 2)
            return {};
        const MessageRecord& m = c.value().messages.last();
        return {statusName(m.status), m.content};
    }

    // Starts tether and waits for its window. An X server can refuse a client in the moment
    // it resets (seen once in CI, before -noreset); that is the test machine's fault, not the
    // behaviour under test, so a start that never reached the display is tried once more.
    QByteArray start(QProcess& app, const QProcessEnvironment& env, const QString& dataDir)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            app.setProcessEnvironment(env);
            app.setProcessChannelMode(QProcess::ForwardedOutputChannel);
            app.start(qEnvironmentVariable("TETHER_GUI"), {u"--data-dir"_s, dataDir});
            if (!app.waitForStarted(10000))
                return {};
            QByteArray window;
            QDeadlineTimer deadline(15000);
            while (app.state() == QProcess::Running && !deadline.hasExpired() &&
                   (window = windowOf(app)).isEmpty())
                QTest::qWait(100);
            if (!window.isEmpty())
                return window;
            app.waitForFinished(1000);
            const QByteArray err = app.readAllStandardError();
            qWarning().noquote() << "tether did not show its window:" << QString::fromUtf8(err);
            if (!err.contains("could not connect to display"))
                return {};
        }
        return {};
    }

    // Starts tether and types `message` into its window, as the user sends it.
    bool startAndType(QProcess& app, const QProcessEnvironment& env, const QString& dataDir,
                      const QString& message)
    {
        const QByteArray window = start(app, env, dataDir);
        if (window.isEmpty()) {
            qWarning("tether did not show its window");
            return false;
        }
        return xdotool({u"windowfocus"_s, u"--sync"_s, QString::fromLatin1(window)}) &&
               xdotool({u"type"_s, u"--delay"_s, u"20"_s, message}) &&
               xdotool({u"key"_s, u"Return"_s});
    }

    // The window of this very process. processId() is 0 once the process is gone, and
    // `xdotool search --pid 0` matches any window: check that the app still runs, before and after.
    QByteArray windowOf(const QProcess& app)
    {
        const qint64 pid = app.processId();
        if (pid <= 0 || app.state() != QProcess::Running)
            return {};
        QByteArray found;
        if (!xdotool({u"search"_s, u"--pid"_s, QString::number(pid), u"--name"_s, u"^Tether$"_s},
                     &found) ||
            app.state() != QProcess::Running)
            return {};
        return found.split('\n').first();
    }

    // A fresh login whose Tether has the reference servers and the test server configured, with
    // the counting tool always allowed when `alwaysAllowCounter`.
    struct ToolLogin {
        QTemporaryDir home;
        QString dataDir = home.path() + u"/data"_s;
        QString journalPath = Journal::pathIn(dataDir);
        QString counter = home.path() + u"/counter.log"_s;

        explicit ToolLogin(bool alwaysAllowCounter)
        {
            QSettings settings(home.path() + u"/.config/Unknown Organization/tether.conf"_s,
                               QSettings::IniFormat);
            settings.setValue(u"tools/mcpServers"_s, mcpConfig(home.path(), counter));
            if (alwaysAllowCounter)
                settings.setValue(u"tools/alwaysAllow"_s, QStringList{u"test\x1f"
                                                                      "counter"_s});
        }
    };
    static inline const QString CounterAnswer =
        u"The counter said: counted 1. That is all there is to say about it, really."_s;

    // A model that calls the counting tool, then answers `answer` with the tool's result, the
    // answer stalling halfway when `stall`.
    static MockServer::Responder countThenAnswer(const QString& answer, bool stall)
    {
        return [answer, stall](const RecordedRequest& r) {
            MockResponse m;
            if (toolResults(r, true).isEmpty()) {
                m.body = toolCallStream({{u"counter"_s, {}}});
                return m;
            }
            if (!stall)
                return MockServer::prefillContinuation(r, answer, 40);
            m.body = MockServer::chatStream({answer.left(40), answer.mid(40)});
            m.stallAfter = m.body.indexOf(answer.mid(40).left(5).toUtf8());
            return m;
        };
    }

    static QString finalAnswer(const RecordedRequest& request)
    {
        return u"The counter said: "_s + toolResults(request, true).value(u"call_1"_s) +
               u". That is all there is to say about it, really."_s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("TETHER_GUI")),
                 "TETHER_GUI must name the built tether");
        const QString xvfb = QStandardPaths::findExecutable(u"Xvfb"_s);
        m_xdotool = QStandardPaths::findExecutable(u"xdotool"_s);
        QVERIFY2(!xvfb.isEmpty() && !m_xdotool.isEmpty(),
                 "Xvfb and xdotool are needed: scripts/setup-debian.sh installs them");
        int display = 70 + int(QCoreApplication::applicationPid() % 200);
        while (QFile::exists(u"/tmp/.X%1-lock"_s.arg(display)) ||
               QFile::exists(u"/tmp/.X11-unix/X%1"_s.arg(display)))
            ++display;
        m_display = u":%1"_s.arg(display);
        // -noreset: without it the server resets whenever its last client leaves, and an app
        // started in that moment cannot connect (seen in CI between two rows).
        m_xvfb.start(xvfb, {m_display, u"-screen"_s, u"0"_s, u"1280x800x24"_s, u"-nolisten"_s,
                            u"tcp"_s, u"-noreset"_s});
        QVERIFY(m_xvfb.waitForStarted(10000));
        // The socket comes before the server answers: ask it until it does.
        QTRY_VERIFY_WITH_TIMEOUT(xdotool({u"getdisplaygeometry"_s}), 10000);
    }

    void cleanupTestCase()
    {
        m_xvfb.terminate();
        m_xvfb.waitForFinished(5000);
    }

    void killedMidReplyFinishesOnNextStart_data()
    {
        QTest::addColumn<bool>("demo");
        QTest::newRow("built-in Demo") << true;
        QTest::newRow("provider whose server moved") << false;
    }

    void killedMidReplyFinishesOnNextStart()
    {
#ifndef Q_OS_UNIX
        QSKIP("SIGKILL and X11 only");
#else
        QFETCH(bool, demo);
        QTemporaryDir home;
        const QString dataDir = home.path() + u"/data"_s;
        const QString journalPath = Journal::pathIn(dataDir);
        MockServer before;
        MockServer moved;
        QString full = DemoServer::reply();
        if (!demo) {
            QVERIFY(before.listen());
            MockResponse slow;
            slow.body = MockServer::chatStream(longReply());
            slow.splits = MockServer::randomSplits(slow.body.size(), 120, 9);
            slow.writeIntervalMs = 40; // about 5 s in all
            before.enqueue(slow);
            full = longReply().join(QString());
        }

        QProcess first;
        QVERIFY(startAndType(first, environment(home.path(), demo ? QUrl() : before.baseUrl()),
                             dataDir, u"Tell me something"_s));

        // Mid-reply: some of it journaled, not all.
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).content.size() > 40, 15000);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);
        const Reply cut = lastReply(journalPath);
        QCOMPARE(cut.status, u"streaming"_s);
        QVERIFY(cut.content.size() < full.size());
        QVERIFY(full.startsWith(cut.content));

        // Started again; the provider's server is elsewhere now (the Demo's too: a new port).
        if (!demo) {
            before.closeAll();
            QVERIFY(moved.listen());
            moved.setResponder([full](const RecordedRequest& r) {
                return MockServer::prefillContinuation(r, full, 40);
            });
        }
        QProcess second;
        QVERIFY2(!start(second, environment(home.path(), demo ? QUrl() : moved.baseUrl()), dataDir)
                      .isEmpty(),
                 "tether did not show its window");
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).status == u"completed"_s, 30000);
        QCOMPARE(lastReply(journalPath).content, full);
        if (!demo) {
            QCOMPARE(before.requests().size(), 1);
            QVERIFY(!moved.requests().isEmpty());
            QCOMPARE(moved.requests().first().headers.value("authorization"),
                     QByteArray("Bearer ") + Key.toUtf8());
            QCOMPARE(MockServer::assistantPrefill(moved.requests().first()), cut.content);
        }
        second.terminate();
        QVERIFY(second.waitForFinished(10000));
#endif
    }

    // kill -9 after a tool ran, while the model's answer streams: the next start finishes the
    // answer from the journaled result; the tool's side effect happened once.
    void killedAfterToolRanNeverRunsItAgain()
    {
#ifndef Q_OS_UNIX
        QSKIP("SIGKILL and X11 only");
#else
        ToolLogin login(true);
        const QString home = login.home.path();
        const QString& dataDir = login.dataDir;
        const QString& journalPath = login.journalPath;
        const QString& counter = login.counter;
        const QString& full = CounterAnswer;
        MockServer before;
        QVERIFY(before.listen());
        before.setResponder(countThenAnswer(full, true));

        QProcess first;
        QVERIFY(startAndType(first, environment(home, before.baseUrl()), dataDir,
                             u"Count, then tell me"_s));

        // The tool ran (always allowed) and the answer began: the kill lands in it.
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).content == full.left(40), 30000);
        QCOMPARE(lineCount(counter), 1);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(lastReply(journalPath).status, u"streaming"_s);
        before.closeAll();

        MockServer moved;
        QVERIFY(moved.listen());
        moved.setResponder(countThenAnswer(full, false));
        QProcess second;
        QVERIFY2(!start(second, environment(home, moved.baseUrl()), dataDir).isEmpty(),
                 "tether did not show its window");
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).status == u"completed"_s, 30000);
        QCOMPARE(lastReply(journalPath).content, full);
        QCOMPARE(lineCount(counter), 1); // never run again
        QCOMPARE(moved.requests().size(), 1);
        QCOMPARE(finalAnswer(moved.requests().first()), full); // the journaled result went out
        second.terminate();
        QVERIFY(second.waitForFinished(10000));
#endif
    }

    // kill -9 while a call waits for the user: the next start asks again, and the call runs once
    // it is allowed (Alt+O, Allow Once).
    void killedWhileAskingAsksAgain()
    {
#ifndef Q_OS_UNIX
        QSKIP("SIGKILL and X11 only");
#else
        ToolLogin login(false);
        const QString home = login.home.path();
        const QString& dataDir = login.dataDir;
        const QString& journalPath = login.journalPath;
        const QString& counter = login.counter;
        const QString& full = CounterAnswer;
        MockServer server;
        QVERIFY(server.listen());
        server.setResponder(countThenAnswer(full, false));

        QProcess first;
        QVERIFY(startAndType(first, environment(home, server.baseUrl()), dataDir,
                             u"Count, then tell me"_s));
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).status == u"completed"_s, 30000);
        QCOMPARE(server.requests().size(), 1); // the reply asked; the window asks the user
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(lineCount(counter), 0);

        QProcess second;
        const QByteArray again = start(second, environment(home, server.baseUrl()), dataDir);
        QVERIFY2(!again.isEmpty(), "tether did not show its window");
        QVERIFY(xdotool({u"windowfocus"_s, u"--sync"_s, QString::fromLatin1(again)}));
        QCOMPARE(lineCount(counter), 0); // not run without the user
        // Alt+O until the panel has it (the round is picked up once the journal is open).
        QTRY_VERIFY_WITH_TIMEOUT(xdotool({u"key"_s, u"alt+o"_s}) && lineCount(counter) == 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(lastReply(journalPath).content == full, 30000);
        QCOMPARE(lineCount(counter), 1);
        second.terminate();
        QVERIFY(second.waitForFinished(10000));
#endif
    }
};

QTEST_GUILESS_MAIN(TestRestart)
#include "tst_restart.moc"
