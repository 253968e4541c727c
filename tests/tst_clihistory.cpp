// SPDX-License-Identifier: GPL-3.0-or-later
// tether-cli on the history: import, list, search, show and export with their JSON shapes, and
// terminal escapes in stored text never reaching a terminal.
#include "clifixture.h"
#include "filemodes.h"

class TestCliHistory : public CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

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
#ifdef Q_OS_UNIX
        // The history written out is as private as the journal it came from (it was 0644).
        QCOMPARE(tether::test::unixMode(exported), 0600);
#endif
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

    // What a command cannot do it says, with exit 2 for what was asked wrongly and 1 for a
    // journal that cannot be read, and nothing half-done on standard output.
    void historyCommandsFailClearly()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        Outcome o = cli({u"show"_s, u"last"_s});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("no conversations"), o.err.constData());
        o = cli({u"show"_s, u"42"_s});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("no conversation 42"), o.err.constData());
        o = cli({u"export"_s, u"42"_s});
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.out.isEmpty());
        const QString missing = own.filePath(u"missing.zip"_s);
        o = cli({u"import"_s, missing});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(missing.toUtf8()), o.err.constData());
        o = cli({u"export"_s, u"--all"_s, u"-o"_s, own.filePath(u"no/such/folder/x.md"_s)});
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.err.contains("Cannot write"), o.err.constData());

        // A file that is not a journal: every history command says so and exits 1.
        QTemporaryDir broken;
        m_dataDir = broken.path();
        QFile junk(broken.filePath(u"journal.sqlite"_s));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(8192, 'x'));
        junk.close();
        for (const QStringList& args :
             {QStringList{u"list"_s}, QStringList{u"search"_s, u"word"_s},
              QStringList{u"show"_s, u"last"_s}, QStringList{u"export"_s, u"--all"_s}}) {
            o = cli(args);
            QCOMPARE(o.exitCode, 1);
            QVERIFY(o.out.isEmpty());
            QVERIFY2(o.err.startsWith("tether-cli: "), o.err.constData());
        }
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
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_clihistory.moc"
