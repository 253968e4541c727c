// SPDX-License-Identifier: GPL-3.0-or-later
// The window with tools from the MCP reference servers: the approval panel with the full
// arguments, Allow Once, Always Allow (remembered, revocable in Tool Servers) and Deny; Stop
// while a call waits; the calls folded in the transcript, a tool's picture drawn from its bytes;
// the settings dialog's servers, status and tools; and a call that was running when tether-cli
// was killed with SIGKILL, asked about again in the window, saying so.
#include "mcpfixture.h"
#include "ui/dialogs/toolserversdialog.h"
#include "ui/session/toolconfig.h"
#include "ui/session/toolsession.h"
#include "ui/toolapprovalpanel.h"
#include "windowfixture.h"

#include <QGroupBox>
#include <QListWidget>
#include <QTextBlock>
#include <QTextImageFormat>

class TestWindowTools : public WindowFixture {
    Q_OBJECT

    QTemporaryDir m_files;
    QString m_counter;

    ToolApprovalPanel* panel()
    {
        return m_window->findChild<ToolApprovalPanel*>(u"toolApproval"_s);
    }
    QString panelTitle() { return panel()->findChild<QLabel*>(u"toolApprovalTitle"_s)->text(); }
    QString panelArguments()
    {
        return panel()->findChild<QPlainTextEdit*>(u"toolArguments"_s)->toPlainText();
    }
    bool panelSaysInterrupted()
    {
        return panel()->findChild<QLabel*>(u"toolApprovalInterrupted"_s)->isVisibleTo(panel());
    }
    void press(const QString& button)
    {
        auto* b = panel()->findChild<QPushButton*>(button);
        QVERIFY(b && b->isVisible());
        QTest::mouseClick(b, Qt::LeftButton);
    }
    bool waitingFor(const QString& tool)
    {
        return panel()->isVisible() && panelTitle().contains(u"“%1”"_s.arg(tool));
    }

    void configure()
    {
        auto config = parseMcpConfig(mcpConfig(m_files.path(), m_counter));
        QVERIFY(config);
        m_window->tools()->setServers(config.value());
    }

    // The lines of the tool calls in the transcript.
    QStringList toolLines()
    {
        QStringList lines;
        for (QTextBlock b = browser()->document()->begin(); b.isValid(); b = b.next()) {
            const QString text = b.text();
            if (text.startsWith(u"▸ Tool "_s) || text.startsWith(u"▾ Tool "_s))
                lines << text;
        }
        return lines;
    }

    // tether-cli, with the window closed, sends "Wait." through the mock and runs the test
    // server's slow tool; it is killed with SIGKILL while the tool runs.
    void killCliWhileSlowToolRuns()
    {
        m_window.reset();
        m_engine.reset();
        m_server->setResponder(callsThenResults({{u"slow"_s, QJsonObject{{"ms"_L1, 3000}}}}));
        const QString config = m_dir->filePath(u"mcp.json"_s);
        QFile c(config);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(mcpConfig(m_files.path(), m_counter));
        c.close();
        QProcess cli;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"OPENAI_API_KEY"_s, u"sk-test"_s);
        e.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        e.insert(u"TETHER_MODEL"_s, u"mock-model"_s);
        e.insert(u"TETHER_DATA_DIR"_s, m_dir->path());
        cli.setProcessEnvironment(e);
        cli.start(
            QString::fromLocal8Bit(qgetenv("TETHER_CLI")),
            {u"send"_s, u"Wait."_s, u"--mcp-config"_s, config, u"--allow-tool"_s, u"test.slow"_s});
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(lineCount(m_counter) == 1, 20000);
        cli.kill();
        QVERIFY(cli.waitForFinished(5000));
    }

    // The window started again on the same journal, its provider at `baseUrl`.
    void reopen(const QUrl& baseUrl)
    {
        m_engine = std::make_unique<Engine>(m_dir->path());
        ProviderConfig provider;
        provider.baseUrl = baseUrl;
        provider.model = u"mock-model"_s;
        m_window = std::make_unique<MainWindow>(*m_engine, provider);
        m_window->show();
        m_engine->start();
    }

    bool answered(const QString& text)
    {
        return transcript().contains(text) && status().contains(u"token"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(referenceServer(u"server-everything"_s)),
                 "run scripts/setup-debian.sh: it installs the MCP reference servers");
        QVERIFY(m_files.isValid());
        QFile f(m_files.filePath(u"todo.txt"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("buy milk\n");
    }
    void init()
    {
        setUpFixture();
        m_counter = m_dir->filePath(u"counter.log"_s);
        configure();
    }
    void cleanup() { tearDownFixture(); }

    // What is a secret, how it leaves the stored configuration, and how an edit keeps the ones
    // it left as placeholders.
    void secretsSplitAndMerge()
    {
        for (const QString& name : {u"Authorization"_s, u"X-Api-Key"_s, u"GITHUB_TOKEN"_s,
                                    u"DB_PASSWORD"_s, u"Cookie"_s, u"OPENAI_API_KEY"_s})
            QVERIFY2(toolconfig::isSecretName(name), qPrintable(name));
        for (const QString& name : {u"PATH"_s, u"Accept"_s, u"HOME"_s, u"LOG_LEVEL"_s})
            QVERIFY2(!toolconfig::isSecretName(name), qPrintable(name));

        McpServerConfig s;
        s.name = u"api"_s;
        s.url = QUrl(u"https://mcp.example.com/"_s);
        s.headers = {{"Authorization", "Bearer one"}, {"Accept-Language", "en"}};
        QJsonObject secrets;
        const McpServerConfig stored = toolconfig::withoutSecrets(s, &secrets);
        QCOMPARE(stored.headers.at(0).second, QByteArray("<in keychain>"));
        QCOMPARE(stored.headers.at(1).second, QByteArray("en"));
        QVERIFY(toolconfig::hasPlaceholders(stored));
        QVERIFY(!QString::fromUtf8(mcpConfigJson({stored})).contains(u"Bearer one"_s));
        QCOMPARE(toolconfig::withSecrets(stored, secrets), s);

        // Edited with the placeholder left: the stored secret stays; typed anew: replaced.
        QJsonObject edited;
        toolconfig::withoutSecrets(stored, &edited);
        QCOMPARE(toolconfig::mergeSecrets(secrets, edited, stored), secrets);
        McpServerConfig retyped = stored;
        retyped.headers[0].second = "Bearer two";
        toolconfig::withoutSecrets(retyped, &edited);
        const QJsonObject merged = toolconfig::mergeSecrets(secrets, edited, retyped);
        QCOMPARE(toolconfig::withSecrets(stored, merged).headers.at(0).second,
                 QByteArray("Bearer two"));
        // A placeholder the keychain has no value for is dropped, and named.
        QStringList missing;
        QVERIFY(toolconfig::withSecrets(stored, {}, &missing).headers.size() == 1);
        QCOMPARE(missing, QStringList{u"Authorization"_s});
    }

    // Three calls in one round, from three servers: each asked about with its arguments; the
    // model gets the two results and the refusal, and the transcript shows the three calls.
    void approveOnceAlwaysAndDeny()
    {
        const QString file = m_files.filePath(u"todo.txt"_s);
        m_server->setResponder(
            callsThenResults({{u"echo"_s, QJsonObject{{"message"_L1, u"héllo from the window"_s}}},
                              {u"read_text_file"_s, QJsonObject{{"path"_L1, file}}},
                              {u"counter"_s, QJsonObject{{"note"_L1, u"do not"_s}}}}));
        type(u"Use your tools."_s);

        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"echo"_s), 20000);
        QVERIFY(panelTitle().contains(u"“everything”"_s));
        // The full arguments, as indented JSON.
        QCOMPARE(panelArguments(), u"{\n    \"message\": \"héllo from the window\"\n}"_s);
        QVERIFY(!panelSaysInterrupted());
        QVERIFY(panel()->findChild<QLabel*>()->isVisible());
        QCOMPARE(m_server->requests().size(), 1); // nothing goes on while the user decides
        // The composer waits for the round; the message is not answered yet.
        QTest::keyClicks(m_window->findChild<QPlainTextEdit*>(u"composer"_s), u"later"_s);
        press(u"allowOnce"_s);

        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"read_text_file"_s), 20000);
        QVERIFY(panelTitle().contains(u"“files”"_s));
        QVERIFY(panelArguments().contains(file));
        press(u"allowAlways"_s);
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"counter"_s), 20000);
        press(u"deny"_s);

        QTRY_VERIFY_WITH_TIMEOUT(answered(u"Echo: héllo from the window | buy milk"_s), 20000);
        QVERIFY(!panel()->isVisible());
        QCOMPARE(lineCount(m_counter), 0); // denied: never ran
        QVERIFY(toolconfig::isAlwaysAllowed(u"files"_s, u"read_text_file"_s));
        QVERIFY(!toolconfig::isAlwaysAllowed(u"everything"_s, u"echo"_s));
        const QHash<QString, QString> results = toolResults(m_server->requests().at(1));
        QCOMPARE(results.value(u"call_3"_s), u"The user declined to run this tool."_s);

        QTRY_COMPARE(toolLines().size(), 3);
        QVERIFY(toolLines().at(0).startsWith(u"▸ Tool everything.echo · done"_s));
        QVERIFY(toolLines().at(1).startsWith(u"▸ Tool files.read_text_file · done"_s));
        QCOMPARE(toolLines().at(2), u"▸ Tool test.counter · declined"_s);
        // Folded: the arguments and result show when the line is clicked, and stay open when the
        // conversation is drawn again.
        QVERIFY(!transcript().contains(u"\"message\": \"héllo from the window\""_s));
        click(firstLink(u"tool"_s));
        QTRY_VERIFY(transcript().contains(u"\"message\": \"héllo from the window\""_s));
        QVERIFY(transcript().contains(u"Echo: héllo from the window"_s));
        QVERIFY(toolLines().at(0).startsWith(u"▾ "_s));
        const qint64 id = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        m_window->newConversation();
        m_window->openConversation(id);
        QTRY_COMPARE(toolLines().size(), 3);
        QVERIFY(transcript().contains(u"\"message\": \"héllo from the window\""_s));
    }

    // "Always allow" runs the tool without asking from then on, until revoked in Tool Servers.
    void alwaysAllowIsRememberedAndRevocable()
    {
        m_server->setResponder(callsThenResults({{u"counter"_s, {}}}));
        type(u"Count once."_s);
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"counter"_s), 20000);
        press(u"allowAlways"_s);
        QTRY_VERIFY_WITH_TIMEOUT(answered(u"counted 1"_s), 20000);

        type(u"Count again."_s);
        QTRY_VERIFY_WITH_TIMEOUT(answered(u"counted 2"_s), 20000);
        QVERIFY(!panel()->isVisible()); // not asked
        QCOMPARE(lineCount(m_counter), 2);

        ToolServersDialog dialog(*m_window->tools(), m_window.get());
        dialog.show();
        auto* allowed = dialog.findChild<QListWidget*>(u"alwaysAllowed"_s);
        QCOMPARE(allowed->count(), 1);
        QCOMPARE(allowed->item(0)->text(), u"“counter” from “test”"_s);
        allowed->setCurrentRow(0);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"revoke"_s), Qt::LeftButton);
        QCOMPARE(allowed->count(), 0);
        QVERIFY(!toolconfig::isAlwaysAllowed(u"test"_s, u"counter"_s));
        dialog.close();

        type(u"Count a third time."_s);
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"counter"_s), 20000); // asked again
        QCOMPARE(lineCount(m_counter), 2);
        press(u"allowOnce"_s);
        QTRY_VERIFY_WITH_TIMEOUT(answered(u"counted 3"_s), 20000);
    }

    // Esc while a call waits for the user: the call is declined (the model is not asked again),
    // the panel goes, and the next message can be sent.
    void stopWhileAskingDeclines()
    {
        m_server->setResponder(callsThenResults({{u"counter"_s, {}}}));
        type(u"Count."_s);
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"counter"_s), 20000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!panel()->isVisible(), 10000);
        QTRY_COMPARE(toolLines().value(0), u"▸ Tool test.counter · declined"_s);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(lineCount(m_counter), 0);
        QTRY_VERIFY(!m_window->tools()->isRunning(
            sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong()));
        chat(u"Just talk."_s, {u"Talking."_s});
    }

    // Esc while the servers are still asked for their tools: nothing is sent, and the message
    // is back in the composer.
    void stopWhileListingToolsSendsNothing()
    {
        McpServerConfig hang;
        hang.name = u"hang"_s;
        hang.command = u"sleep"_s; // never answers initialize
        hang.args = {u"30"_s};
        m_window->tools()->setServers({hang});
        type(u"Wait for the tools."_s);
        QTRY_COMPARE(status(), u"Asking the tool servers for their tools…"_s);
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        QVERIFY(composer->toPlainText().isEmpty());
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QCOMPARE(status(), u"Not sent."_s);
        QCOMPARE(composer->toPlainText(), u"Wait for the tools."_s);
        QVERIFY(m_server->requests().isEmpty());
        QCOMPARE(sidebar()->rowCount(), 0);
    }

    // A tool's picture is drawn from the bytes it returned.
    void toolPictureFromItsBytes()
    {
        m_server->setResponder(callsThenResults({{u"get-tiny-image"_s, {}}}));
        type(u"Show me the logo."_s);
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"get-tiny-image"_s), 20000);
        press(u"allowOnce"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"token"_s) && toolLines().size() == 1, 20000);
        QVERIFY(images().isEmpty()); // folded
        click(lastLink(u"tool"_s));
        QTRY_COMPARE(images().size(), 1);
        QTRY_VERIFY(!firstImage().isNull());
    }

    // Tool Servers: each server with its status and tools; disabling one leaves its tools out.
    void dialogShowsServersAndTheirTools()
    {
        ToolServersDialog dialog(*m_window->tools(), m_window.get());
        dialog.show();
        auto* servers = dialog.findChild<QListWidget*>(u"servers"_s);
        QCOMPARE(servers->count(), 3);
        QVERIFY(servers->item(0)->text().startsWith(u"everything   node "_s));
        auto* status = dialog.findChild<QLabel*>(u"serverStatus"_s);
        auto* tools = dialog.findChild<QListWidget*>(u"serverTools"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"offers"_s), 20000);
        QVERIFY(!tools->findItems(u"echo — Echoes back the input string"_s, Qt::MatchExactly)
                     .isEmpty());
        servers->setCurrentRow(2);
        QTRY_COMPARE(status->text(), u"“test” (tether-test-server 1) offers 5 tools."_s);

        servers->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(!m_window->tools()->servers().at(0).enabled);
        QVERIFY(QSettings().value(u"tools/mcpServers"_s).toString().contains(u"\"disabled\""_s));
        servers->setCurrentRow(0);
        QCOMPARE(status->text(), u"“everything” is disabled: its tools are not offered."_s);
        QList<ToolSpec> offered;
        bool listed = false;
        m_window->tools()->withTools(this, [&](const QList<ToolSpec>& t, const auto&) {
            offered = t;
            listed = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(listed, 20000);
        QVERIFY(std::none_of(offered.cbegin(), offered.cend(),
                             [](const ToolSpec& t) { return t.server == "everything"_L1; }));
        QVERIFY(std::any_of(offered.cbegin(), offered.cend(),
                            [](const ToolSpec& t) { return t.server == "files"_L1; }));
    }

    // A server whose headers carry a token, reached over http:// beyond this machine: the
    // dialog says so beside it, and not for https://, one on this machine, or one without
    // headers. (Disabled: nothing here is contacted.)
    void clearTextHeadersAreWarnedOf()
    {
        const QByteArray token = "\"headers\": {\"Authorization\": \"Bearer t0ken\"}";
        auto config = parseMcpConfig(
            "{\"mcpServers\": {"
            "\"plain\": {\"url\": \"http://mcp.example.com/mcp\", \"disabled\": true, " +
            token +
            "}, \"tls\": {\"url\": \"https://mcp.example.com/mcp\", "
            "\"disabled\": true, " +
            token +
            "}, "
            "\"here\": {\"url\": \"http://127.0.0.1:9/mcp\", \"disabled\": true, " +
            token + "}, \"open\": {\"url\": \"http://mcp.example.com/mcp\", \"disabled\": true}}}");
        QVERIFY(config);
        m_window->tools()->setServers(config.value());
        ToolServersDialog dialog(*m_window->tools(), m_window.get());
        dialog.show();
        auto* servers = dialog.findChild<QListWidget*>(u"servers"_s);
        auto* warning = dialog.findChild<QLabel*>(u"toolClearText"_s);
        QVERIFY(servers && warning);
        QCOMPARE(servers->count(), 4);
        QStringList warned;
        for (int row = 0; row < servers->count(); ++row) {
            servers->setCurrentRow(row);
            if (warning->isVisible())
                warned << servers->item(row)->text().section(u' ', 0, 0);
        }
        QCOMPARE(warned, QStringList{u"plain"_s});
    }

    // tether-cli killed with SIGKILL while a tool ran: the window picks the round up at start and
    // asks again, saying the tool may have acted, even for a tool always allowed.
    void interruptedCallIsAskedAgain()
    {
        toolconfig::setAlwaysAllowed(u"test"_s, u"slow"_s, true);
        killCliWhileSlowToolRuns();
        reopen(m_server->baseUrl());
        QTRY_VERIFY_WITH_TIMEOUT(waitingFor(u"slow"_s), 20000);
        QVERIFY(panelSaysInterrupted());
        QCOMPARE(lineCount(m_counter), 1); // not run again silently
        press(u"allowOnce"_s);
        QTRY_COMPARE_WITH_TIMEOUT(lineCount(m_counter), 2, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requests().size() == 2, 20000);
        QCOMPARE(toolResults(m_server->requests().at(1)).value(u"call_1"_s), u"slept"_s);
    }

    // The same round when the provider it was sent through is no longer set up: nothing is sent
    // anywhere, and the user is told.
    void roundOfAGoneProviderWaits()
    {
        killCliWhileSlowToolRuns();
        MockServer elsewhere;
        QVERIFY(elsewhere.listen());
        reopen(elsewhere.baseUrl());
        QTRY_VERIFY_WITH_TIMEOUT(
            status().contains(u"asked for tools; its calls were left waiting"_s), 20000);
        QVERIFY(!panel()->isVisible());
        QCOMPARE(lineCount(m_counter), 1);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(elsewhere.requests().isEmpty());
    }
};

QTEST_MAIN(TestWindowTools)
#include "tst_windowtools.moc"
