// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the tool tests share: the official MCP reference servers (installed by
// scripts/setup-debian.sh with npm ci in tests/mcp) and Tether's own test server, configured in
// the mcpServers format; and a model that calls tools, scripted on the mock provider.
#include "engine/tools/tooltypes.h"
#include "mockserver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

namespace tether::test {

using namespace Qt::Literals::StringLiterals;

inline QString mcpDir()
{
    return QStringLiteral(TETHER_MCP_DIR);
}

inline QString referenceServer(const QString& package)
{
    return mcpDir() + u"/node_modules/@modelcontextprotocol/"_s + package + u"/dist/index.js"_s;
}

// {"mcpServers": …} with server-everything and server-filesystem over stdio (the latter serving
// `folder`), and the test server counting into `counterFile`.
inline QByteArray mcpConfig(const QString& folder, const QString& counterFile,
                            const QJsonObject& extra = {})
{
    QJsonObject servers{
        {"everything"_L1,
         QJsonObject{{"command"_L1, u"node"_s},
                     {"args"_L1, QJsonArray{referenceServer(u"server-everything"_s), u"stdio"_s}}}},
        {"files"_L1,
         QJsonObject{{"command"_L1, u"node"_s},
                     {"args"_L1, QJsonArray{referenceServer(u"server-filesystem"_s), folder}}}},
        {"test"_L1, QJsonObject{{"command"_L1, u"node"_s},
                                {"args"_L1, QJsonArray{QString(mcpDir() + u"/test-server.mjs"_s)}},
                                {"env"_L1, QJsonObject{{"COUNTER_FILE"_L1, counterFile}}}}}};
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        servers.insert(it.key(), it.value());
    return QJsonDocument(QJsonObject{{"mcpServers"_L1, servers}}).toJson();
}

inline int lineCount(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return int(f.readAll().count('\n'));
}

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

// A node server on `port` (server-everything streamableHttp, or the test server's http mode),
// waited for until it accepts connections.
inline bool startHttpServer(QProcess& process, const QStringList& args, quint16 port)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PORT"_s, QString::number(port));
    process.setProcessEnvironment(env);
    process.start(u"node"_s, args);
    if (!process.waitForStarted(5000))
        return false;
    for (int i = 0; i < 100; ++i) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(100))
            return true;
        QTest::qWait(50);
    }
    return false;
}

struct ScriptedCall {
    QString name;
    QJsonObject arguments;
};

// A Chat Completions stream that asks for `calls` (their arguments cut into fragments, as
// providers stream them), finish_reason tool_calls.
inline QByteArray toolCallStream(const QList<ScriptedCall>& calls, const QString& text = {})
{
    QByteArray out;
    const auto event = [&out](const QJsonObject& delta, const QJsonValue& finish = QJsonValue()) {
        QJsonObject choice{{"index"_L1, 0}, {"delta"_L1, delta}, {"finish_reason"_L1, finish}};
        out += "data: " +
               QJsonDocument(QJsonObject{{"id"_L1, u"chatcmpl-tools"_s},
                                         {"object"_L1, u"chat.completion.chunk"_s},
                                         {"choices"_L1, QJsonArray{choice}}})
                   .toJson(QJsonDocument::Compact) +
               "\n\n";
    };
    event(QJsonObject{{"role"_L1, u"assistant"_s}});
    if (!text.isEmpty())
        event(QJsonObject{{"content"_L1, text}});
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString args =
            QString::fromUtf8(QJsonDocument(calls.at(i).arguments).toJson(QJsonDocument::Compact));
        event(QJsonObject{
            {"tool_calls"_L1,
             QJsonArray{QJsonObject{{"index"_L1, int(i)},
                                    {"id"_L1, u"call_%1"_s.arg(i + 1)},
                                    {"type"_L1, u"function"_s},
                                    {"function"_L1, QJsonObject{{"name"_L1, calls.at(i).name},
                                                                {"arguments"_L1, QString()}}}}}}});
        for (qsizetype at = 0; at < args.size(); at += 5) {
            event(QJsonObject{
                {"tool_calls"_L1,
                 QJsonArray{QJsonObject{
                     {"index"_L1, int(i)},
                     {"function"_L1, QJsonObject{{"arguments"_L1, args.mid(at, 5)}}}}}}});
        }
    }
    event(QJsonObject{}, u"tool_calls"_s);
    out += "data: [DONE]\n\n";
    return out;
}

// The same for the Responses API: function_call output items, then response.completed.
inline QByteArray responsesToolCallStream(const QList<ScriptedCall>& calls)
{
    QByteArray out;
    int seq = 0;
    const auto event = [&](QJsonObject e) {
        e.insert("sequence_number"_L1, seq++);
        out += "event: " + e.value("type"_L1).toString().toUtf8() +
               "\ndata: " + QJsonDocument(e).toJson(QJsonDocument::Compact) + "\n\n";
    };
    const QJsonObject response{{"id"_L1, u"resp_tools"_s}, {"status"_L1, u"in_progress"_s}};
    event(QJsonObject{{"type"_L1, u"response.created"_s}, {"response"_L1, response}});
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString args =
            QString::fromUtf8(QJsonDocument(calls.at(i).arguments).toJson(QJsonDocument::Compact));
        event(QJsonObject{{"type"_L1, u"response.output_item.added"_s},
                          {"output_index"_L1, int(i)},
                          {"item"_L1, QJsonObject{{"type"_L1, u"function_call"_s},
                                                  {"id"_L1, u"fc_%1"_s.arg(i)},
                                                  {"call_id"_L1, u"call_r%1"_s.arg(i)},
                                                  {"name"_L1, calls.at(i).name},
                                                  {"arguments"_L1, QString()}}}});
        for (qsizetype at = 0; at < args.size(); at += 4) {
            event(QJsonObject{{"type"_L1, u"response.function_call_arguments.delta"_s},
                              {"output_index"_L1, int(i)},
                              {"item_id"_L1, u"fc_%1"_s.arg(i)},
                              {"delta"_L1, args.mid(at, 4)}});
        }
    }
    QJsonObject done = response;
    done.insert("status"_L1, u"completed"_s);
    event(QJsonObject{{"type"_L1, u"response.completed"_s}, {"response"_L1, done}});
    return out;
}

// The tool results a request carries (Chat Completions `tool` messages or Responses
// `function_call_output` items), by call id; `sinceUser`: only those after the last user message.
inline QHash<QString, QString> toolResults(const RecordedRequest& request, bool sinceUser = false)
{
    QHash<QString, QString> out;
    const QJsonObject body = request.json();
    for (const QJsonValue& v :
         body.value(body.contains("input"_L1) ? "input"_L1 : "messages"_L1).toArray()) {
        const QJsonObject m = v.toObject();
        if (sinceUser && m.value("role"_L1) == "user"_L1)
            out.clear();
        else if (m.value("role"_L1) == "tool"_L1)
            out.insert(m.value("tool_call_id"_L1).toString(), m.value("content"_L1).toString());
        else if (m.value("type"_L1) == "function_call_output"_L1)
            out.insert(m.value("call_id"_L1).toString(), m.value("output"_L1).toString());
    }
    return out;
}

// A model that asks for `calls`, then answers with the results it was given, in call order,
// joined by " | "; again for each new user message.
inline MockServer::Responder callsThenResults(const QList<ScriptedCall>& calls)
{
    return [calls](const RecordedRequest& r) {
        MockResponse m;
        const auto results = toolResults(r, true);
        if (results.isEmpty()) {
            m.body = toolCallStream(calls);
            return m;
        }
        QStringList answers;
        for (qsizetype i = 0; i < calls.size(); ++i)
            answers.append(results.value(u"call_%1"_s.arg(i + 1)));
        m.body = MockServer::chatStream({answers.join(u" | "_s)});
        return m;
    };
}

} // namespace tether::test
