// SPDX-License-Identifier: GPL-3.0-or-later
// tether-cli and a conversation's settings: a follow-up talks to its conversation's model with
// its system prompt and parameters, `--conversation last`, parameters sent only when given, and
// `delete`.
#include "clifixture.h"

class TestCliSettings : public CliFixture {
    Q_OBJECT

    static MockResponse reply(const QString& text)
    {
        MockResponse r;
        r.body = MockServer::chatStream({text});
        return r;
    }

private Q_SLOTS:
    void initTestCase() { setUpFixture(); }
    void cleanupTestCase() { tearDownFixture(); }

    void aFollowUpUsesItsConversationsSettings()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(reply(u"one"_s));
        Outcome o =
            cli({u"send"_s, u"--model"_s, u"chosen-model"_s, u"--system"_s, u"Answer briefly."_s,
                 u"--temperature"_s, u"0.3"_s, u"--max-output-tokens"_s, u"120"_s, u"First"_s},
                &server);
        QCOMPARE(o.exitCode, 0);
        QJsonObject body = server.requests().at(0).json();
        QCOMPARE(body.value("model"_L1).toString(), u"chosen-model"_s);
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.3);
        QCOMPARE(body.value("max_completion_tokens"_L1).toInteger(), 120);
        QVERIFY(!body.contains("reasoning_effort"_L1));

        // No --model: the conversation's, not TETHER_MODEL; its prompt and parameters too,
        // with the one flag given on top.
        server.enqueue(reply(u"two"_s));
        o = cli({u"send"_s, u"--conversation"_s, u"last"_s, u"--reasoning-effort"_s, u"low"_s,
                 u"Second"_s},
                &server);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("two"));
        body = server.requests().at(1).json();
        QCOMPARE(body.value("model"_L1).toString(), u"chosen-model"_s);
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.3);
        QCOMPARE(body.value("reasoning_effort"_L1).toString(), u"low"_s);
        const QJsonArray messages = body.value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.first().toObject().value("content"_L1).toString(), u"Answer briefly."_s);

        const QJsonObject shown = showJson(u"last"_s);
        QCOMPARE(shown.value("model"_L1).toString(), u"chosen-model"_s);
        QCOMPARE(shown.value("system_prompt"_L1).toString(), u"Answer briefly."_s);
        const QJsonObject params = shown.value("parameters"_L1).toObject();
        QCOMPARE(params.value("temperature"_L1).toDouble(), 0.3);
        QCOMPARE(params.value("max_output_tokens"_L1).toInteger(), 120);
        QCOMPARE(params.value("reasoning_effort"_L1).toString(), u"low"_s);

        // --model on a follow-up switches the conversation to it.
        server.enqueue(reply(u"three"_s));
        QCOMPARE(
            cli({u"send"_s, u"--conversation"_s, u"last"_s, u"--model"_s, u"other"_s, u"Third"_s},
                &server)
                .exitCode,
            0);
        QCOMPARE(server.requests().at(2).json().value("model"_L1).toString(), u"other"_s);
        QCOMPARE(showJson(u"last"_s).value("model"_L1).toString(), u"other"_s);
        m_dataDir.clear();
    }

    void conversationLastNeedsOne()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        const Outcome o = cli({u"send"_s, u"--conversation"_s, u"last"_s, u"Hi"_s}, &server);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("no conversations"), o.err.constData());
        QVERIFY(server.requests().isEmpty());
        m_dataDir.clear();
    }

    void badParametersAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("temperature not a number") << QStringList{u"--temperature"_s, u"hot"_s};
        QTest::newRow("temperature too high") << QStringList{u"--temperature"_s, u"9"_s};
        QTest::newRow("no tokens") << QStringList{u"--max-output-tokens"_s, u"0"_s};
        QTest::newRow("empty effort") << QStringList{u"--reasoning-effort"_s, QString()};
        QTest::newRow("conversation word") << QStringList{u"--conversation"_s, u"first"_s};
    }

    void badParametersAreUsageErrors()
    {
        QFETCH(QStringList, args);
        MockServer server;
        QVERIFY(server.listen());
        const Outcome o = cli(QStringList{u"send"_s} + args + QStringList{u"Hi"_s}, &server);
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.err.startsWith("tether-cli: "));
        QVERIFY(server.requests().isEmpty());
    }

    void deleteRemovesAConversation()
    {
        QTemporaryDir own;
        m_dataDir = own.path();
        MockServer server;
        QVERIFY(server.listen());
        server.enqueue(reply(u"kept"_s));
        server.enqueue(reply(u"gone"_s));
        QCOMPARE(cli({u"send"_s, u"Keep me"_s}, &server).exitCode, 0);
        QCOMPARE(cli({u"send"_s, u"Delete me"_s}, &server).exitCode, 0);
        const QString id = QString::number(showJson(u"last"_s).value("id"_L1).toInteger());
        Outcome o = cli({u"delete"_s, id});
        QCOMPARE(o.exitCode, 0);
        QVERIFY(QString::fromUtf8(o.err).contains(u"Deleted conversation "_s + id));
        QCOMPARE(cli({u"show"_s, id}).exitCode, 2);
        QCOMPARE(showJson(u"last"_s).value("title"_L1).toString(), u"Keep me"_s);
        QCOMPARE(cli({u"search"_s, u"Delete"_s}).out, QByteArray());
        o = cli({u"delete"_s, id});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("no conversation"), o.err.constData());
        QCOMPARE(cli({u"delete"_s}).exitCode, 2);
        QCOMPARE(cli({u"delete"_s, u"last"_s}).exitCode, 2);
        m_dataDir.clear();
    }
};

QTEST_GUILESS_MAIN(TestCliSettings)
#include "tst_clisettings.moc"
