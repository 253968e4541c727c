// SPDX-License-Identifier: GPL-3.0-or-later
// The protocol revisions in use. 2024-11-05 on its own HTTP+SSE transport, against
// tests/mcp/sse-server.mjs (the v1 SDK's SSEServerTransport), reached from the URL a user pastes
// through Streamable HTTP's refusal. MCP 2026-07-28, the stateless revision, against
// tests/mcp/modern-server.mjs (the official v2
// SDK's server, which refuses 2025 clients): server/discover instead of initialize, the request
// metadata and headers (Mcp-Method, Mcp-Name, Mcp-Param-* for x-mcp-header), input_required
// answered by asking the user and sending the request again, a cancel or a repeated question
// after a decline ending the call. And with a mock of Tether's own, the faults the SDK's server
// does not make: a stream cut mid-call ("may have run", never resumed), and ttlMs.
#include "engine/engine.h"
#include "mcpfixture.h"
#include "recorder.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestMcpVersions : public QObject {
    Q_OBJECT
    QProcess m_server;
    quint16 m_port = 0;
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    ElicitationAnswer m_answer;
    QList<Elicitation> m_asked;

    void startEngine(const QUrl& url)
    {
        m_engine = std::make_unique<Engine>(m_dir.path());
        McpServerConfig c;
        c.name = u"modern"_s;
        c.url = url;
        m_engine->setToolServers({c});
        connect(m_engine.get(), &Engine::elicitationRequested, this, [this](const Elicitation& e) {
            m_asked.append(e);
            m_engine->answerElicitation(e.id, m_answer);
        });
        QSignalSpy ready(m_engine.get(), &Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(10000));
    }

    QJsonObject stats()
    {
        QNetworkAccessManager nam;
        QNetworkReply* r =
            nam.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/stats"_s.arg(m_port))));
        QSignalSpy done(r, &QNetworkReply::finished);
        done.wait(5000);
        r->deleteLater();
        return QJsonDocument::fromJson(r->readAll()).object();
    }

    QStringList methods()
    {
        QStringList out;
        for (const QJsonValue v : stats().value("methods"_L1).toArray())
            out << v.toString();
        return out;
    }

    ToolOutcome call(const QString& tool, const QString& args, Error* error = nullptr)
    {
        ToolOutcome out;
        Error e;
        if (!await<McpCallJob>(
                m_engine->callTool(u"modern"_s, tool, args),
                [&](const McpCallJob& j) { out = j.outcome(); }, &e, 30000))
            out.error = e;
        if (error)
            *error = e;
        return out;
    }

    static QString text(const ToolOutcome& out)
    {
        return out.result.value("content"_L1)
            .toArray()
            .at(0)
            .toObject()
            .value("text"_L1)
            .toString();
    }

private Q_SLOTS:
    void init()
    {
        m_asked.clear();
        m_answer = {ElicitAction::Accept, {}};
        m_port = freePort();
        m_server.start(u"node"_s, {mcpDir() + u"/modern-server.mjs"_s, QString::number(m_port)});
        QVERIFY(m_server.waitForReadyRead(10000));
        QVERIFY(m_server.readAllStandardOutput().startsWith("listening"));
    }

    void cleanup()
    {
        m_engine.reset();
        m_server.kill();
        m_server.waitForFinished();
    }

    void discoversAndCallsWithTheRequestHeaders()
    {
        startEngine(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)));
        const ToolOutcome out = call(u"echo"_s, u"{\"text\": \"hi\", \"region\": \"Zürich\"}"_s);
        QVERIFY2(out.ok, qPrintable(out.error.message));
        // The marked argument went in its header too (base64: it is not ASCII), and the SDK's
        // server checked the two agree.
        QCOMPARE(text(out), u"echo hi (Zürich; header =?base64?WsO8cmljaA==?=)"_s);
        const QStringList seen = methods();
        QCOMPARE(seen.first(), u"server/discover"_s);
        QVERIFY(!seen.contains(u"initialize"_s));
        const QJsonObject headers = stats().value("lastCallHeaders"_L1).toObject();
        QCOMPARE(headers.value("mcp-method"_L1).toString(), u"tools/call"_s);
        QCOMPARE(headers.value("mcp-name"_L1).toString(), u"echo"_s);
        QCOMPARE(headers.value("mcp-protocol-version"_L1).toString(), u"2026-07-28"_s);
        QVERIFY(!headers.contains("mcp-session-id"_L1));
    }

    void inputRequiredIsAskedAndSentAgain()
    {
        startEngine(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)));
        m_answer = {ElicitAction::Accept, {{"name"_L1, u"Grace"_s}, {"sure"_L1, false}}};
        const ToolOutcome out = call(u"confirm"_s, u"{}"_s);
        QVERIFY2(out.ok, qPrintable(out.error.message));
        QCOMPARE(text(out), u"confirmed by Grace (false)"_s);
        QCOMPARE(m_asked.size(), 1);
        QCOMPARE(m_asked.first().message, u"Who confirms?"_s);
        QCOMPARE(elicitationDefaults(m_asked.first().schema),
                 (QJsonObject{{"name"_L1, u"Ada"_s}, {"sure"_L1, true}}));
        QCOMPARE(methods().count(u"tools/call"_s), 2);
    }

    void aCancelEndsTheCallAtOnce()
    {
        startEngine(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)));
        m_answer = {ElicitAction::Cancel, {}};
        Error error;
        QVERIFY(!call(u"confirm"_s, u"{}"_s, &error).ok);
        QVERIFY2(error.message.contains("was cancelled"_L1), qPrintable(error.message));
        QCOMPARE(methods().count(u"tools/call"_s), 1);
    }

    void aQuestionAskedAgainAfterADeclineEndsTheCall()
    {
        startEngine(QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)));
        m_answer = {ElicitAction::Decline, {}};
        Error error;
        QVERIFY(!call(u"confirm"_s, u"{}"_s, &error).ok);
        QVERIFY2(error.message.contains("asked again after"_L1), qPrintable(error.message));
        QCOMPARE(methods().count(u"tools/call"_s), 2); // the decline was sent, once
    }

    void anHttpSseServerOf2024IsReachedThroughTheFallback()
    {
        QProcess old;
        const quint16 port = freePort();
        old.start(u"node"_s, {mcpDir() + u"/sse-server.mjs"_s, QString::number(port)});
        QVERIFY(old.waitForReadyRead(10000));
        startEngine(QUrl(u"http://127.0.0.1:%1/sse"_s.arg(port)));
        ListToolsJob* list = m_engine->listTools();
        QList<ToolServerStatus> servers;
        QVERIFY(await<ListToolsJob>(list, [&](const ListToolsJob& j) { servers = j.servers(); }));
        QVERIFY2(servers.value(0).ok, qPrintable(servers.value(0).error));
        QCOMPARE(servers.value(0).serverInfo, u"sse-test 2024.11.5"_s);
        const ToolOutcome out = call(u"echo"_s, u"{\"text\": \"old\"}"_s);
        QVERIFY2(out.ok, qPrintable(out.error.message));
        QCOMPARE(text(out), u"echo old"_s);
        m_engine.reset();
        old.kill();
        old.waitForFinished();
    }

    // The SDK's server never cuts a stream: Tether's mock does, mid-call.
    void aCutStreamMayHaveRunAndIsNotResumed()
    {
        MockServer mock;
        QVERIFY(mock.listen());
        int calls = 0;
        mock.setResponder([&calls](const RecordedRequest& r) {
            const QJsonObject m = r.json();
            const QString method = m.value("method"_L1).toString();
            QJsonObject result;
            if (method == "server/discover"_L1)
                result = {{"supportedVersions"_L1, QJsonArray{u"2026-07-28"_s}},
                          {"capabilities"_L1, QJsonObject{{"tools"_L1, QJsonObject{}}}}};
            else if (method == "tools/list"_L1)
                result = {
                    {"tools"_L1, QJsonArray{QJsonObject{
                                     {"name"_L1, u"act"_s},
                                     {"inputSchema"_L1, QJsonObject{{"type"_L1, u"object"_s}}}}}},
                    {"ttlMs"_L1, 1}};
            if (method != "tools/call"_L1) {
                return MockServer::answer(200,
                                          QJsonDocument(QJsonObject{{"jsonrpc"_L1, u"2.0"_s},
                                                                    {"id"_L1, m.value("id"_L1)},
                                                                    {"result"_L1, result}})
                                              .toJson(QJsonDocument::Compact));
            }
            ++calls;
            MockResponse cut;
            cut.body = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                       "\"params\":{\"progressToken\":1,\"progress\":1}}\n\n"
                       "data: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}\n\n";
            cut.cutAfter = cut.body.indexOf("data: {\"jsonrpc\":\"2.0\",\"id\"");
            return cut;
        });
        startEngine(mock.baseUrl());
        Error error;
        QVERIFY(!call(u"act"_s, u"{}"_s, &error).ok);
        QVERIFY2(error.message.contains("may or may not have acted"_L1), qPrintable(error.message));
        QCOMPARE(calls, 1);
        for (const RecordedRequest& r : mock.requests())
            QVERIFY(r.method == "POST"); // no GET, no resumption
        // ttlMs 1: the next listing asks the server again.
        const auto listings = [&mock] {
            return std::count_if(mock.requests().cbegin(), mock.requests().cend(),
                                 [](const RecordedRequest& r) {
                                     return r.json().value("method"_L1) == "tools/list"_L1;
                                 });
        };
        const auto before = listings();
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 3) {
        }
        QVERIFY(await<ListToolsJob>(m_engine->listTools(), {}, nullptr, 10000));
        QCOMPARE(listings(), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestMcpVersions)
#include "tst_mcpversions.moc"
