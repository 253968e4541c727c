// SPDX-License-Identifier: GPL-3.0-or-later
// The tool loop's own cost per round trip: from the reply that asks for a tool to the request
// that carries its result, minus the tool's own time. The model is the loopback mock (answers
// at once), the tool is the test server's `counter` over stdio (no file: it only answers).
//   build/bin/bench_tools [ROUNDS]
// Prints the medians; asserts nothing.
#include "engine/engine.h"
#include "engine/tools/toolloop.h"
#include "mcpfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace tether::engine;
using namespace tether::test;

namespace {
double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 50;
    QTemporaryDir dir;
    Engine engine(dir.path());
    QSignalSpy ready(&engine, &Engine::ready);
    engine.start();
    ready.wait(10000);
    auto config = parseMcpConfig(
        QJsonDocument(
            QJsonObject{
                {"mcpServers"_L1,
                 QJsonObject{{"test"_L1,
                              QJsonObject{{"command"_L1, u"node"_s},
                                          {"args"_L1, QJsonArray{QString(
                                                          mcpDir() + u"/test-server.mjs"_s)}}}}}}})
            .toJson());
    engine.setToolServers(config.value());
    QList<ToolSpec> tools;
    {
        ListToolsJob* job = engine.listTools();
        QSignalSpy done(job, &Job::finished);
        QObject::connect(job, &Job::succeeded, [&] { tools = job->tools(); });
        done.wait(30000);
    }

    // The tool's own time: the same call straight to the server, no journal, no model.
    QList<double> direct;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        McpCallJob* job = engine.callTool(u"test"_s, u"counter"_s, u"{}"_s);
        QSignalSpy done(job, &Job::finished);
        done.wait(10000);
        direct.append(double(t.nsecsElapsed()) / 1e6);
    }

    MockServer server;
    server.listen();
    QElapsedTimer clock;
    clock.start();
    double askedAt = 0;
    QList<double> loop;
    server.setResponder([&](const RecordedRequest& r) {
        MockResponse m;
        if (!toolResults(r).isEmpty())
            loop.append(double(clock.nsecsElapsed()) / 1e6 - askedAt);
        m.body = toolCallStream({{u"counter"_s, {}}});
        return m;
    });
    SendRequest request;
    request.userText = u"Count."_s;
    request.provider.name = u"mock"_s;
    request.provider.baseUrl = server.baseUrl();
    request.provider.model = u"mock-model"_s;
    request.tools = tools;
    ToolLoop toolLoop(&engine, request.provider, tools);
    toolLoop.setMaxRounds(rounds);
    toolLoop.setPolicy([](const ToolCallRecord&, bool) { return ToolApproval::Listed; });
    // The clock starts when the reply asking for the tool has ended (journaled, reported).
    const auto watch = [&](Generation* g) {
        QObject::connect(g, &Generation::finished,
                         [&] { askedAt = double(clock.nsecsElapsed()) / 1e6; });
    };
    QObject::connect(&toolLoop, &ToolLoop::generationStarted, watch);
    QSignalSpy finished(&toolLoop, &ToolLoop::finished);
    Generation* first = engine.send(request);
    watch(first);
    toolLoop.follow(first);
    finished.wait(600000);

    const double tool = median(direct);
    const double roundTrip = median(loop);
    std::printf("tool loop, %d rounds (test server over stdio, loopback mock model)\n",
                int(loop.size()));
    std::printf("  tool alone (tools/call round trip):        median %.2f ms\n", tool);
    std::printf("  reply ended -> next request with result:   median %.2f ms\n", roundTrip);
    std::printf("  loop overhead beyond the tool's own time:  median %.2f ms\n", roundTrip - tool);
    return 0;
}
