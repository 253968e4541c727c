// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in Demo provider through the real engine: a first reply that loses its connection
// halfway and still completes exactly.
#include "engine/demo/demoserver.h"
#include "engine/engine.h"
#include "recorder.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstReplyDropsAndCompletes()
    {
        QTemporaryDir dir;
        DemoServer demo;
        QVERIFY(demo.start());
        Engine engine(dir.path());
        QSignalSpy ready(&engine, &Engine::ready);
        engine.start();
        QVERIFY(ready.wait(5000));

        SendRequest request;
        request.userText = u"Hello demo"_s;
        request.provider.baseUrl = demo.baseUrl();
        request.provider.model = DemoServer::model();
        request.provider.retry.baseDelayMs = 50;
        for (int round = 0; round < 2; ++round) {
            Recorder rec(engine.send(request));
            QVERIFY(rec.wait(60000));
            QCOMPARE(rec.finished.status, GenerationStatus::Completed);
            QCOMPARE(rec.shown, DemoServer::reply());
            // Only the first reply of a session is cut (then one 503 with Retry-After: 2).
            QCOMPARE(rec.retries.size(), round == 0 ? 2 : 0);
            if (round == 0) {
                QCOMPARE(rec.retries[1].httpStatus, 503);
                QVERIFY(rec.retries[1].delayMs >= 2000);
            }
        }
    }

    // The picker lists the Demo's model; a message with a picture is answered as such, and
    // its continuation after the drop does not repeat that sentence.
    void listsItsModelAndNoticesPictures()
    {
        QTemporaryDir dir;
        DemoServer demo;
        QVERIFY(demo.start());
        Engine engine(dir.path());
        QSignalSpy ready(&engine, &Engine::ready);
        engine.start();
        QVERIFY(ready.wait(5000));
        ProviderConfig provider;
        provider.baseUrl = demo.baseUrl();
        QStringList models;
        QVERIFY(await<ListModelsJob>(engine.listModels(provider),
                                     [&](const ListModelsJob& job) { models = job.models(); }));
        QCOMPARE(models, QStringList{DemoServer::model()});

        SendRequest request;
        request.userText = u"Look"_s;
        request.provider = provider;
        request.provider.model = DemoServer::model();
        request.provider.retry.baseDelayMs = 50;
        auto gif = makeAttachment(u"dot.gif"_s, QByteArray("GIF89a\x01\0\x01\0\0\0\0;", 14), {});
        QVERIFY(gif.ok());
        request.attachments = {gif.value()};
        Recorder rec(engine.send(request));
        QVERIFY(rec.wait(60000));
        QCOMPARE(rec.finished.status, GenerationStatus::Completed);
        QVERIFY(rec.retries.size() > 0); // the drop came, and the continuation…
        QVERIFY(rec.shown.startsWith(u"The demo received 1 picture"_s));
        QCOMPARE(rec.shown.count(u"The demo received"_s), 1); // …did not repeat it
        QVERIFY(rec.shown.endsWith(DemoServer::reply()));
    }

    // Any local process can reach the Demo: what it sends is bounded in size and time.
    void hostileRequestsAreBounded_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("huge Content-Length")
            << QByteArray("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 999999999999"
                          "\r\n\r\n{\"a\":")
            << QByteArray("413");
        QTest::newRow("endless head")
            << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(64 * 1024, 'x')
            << QByteArray("431");
        QTest::newRow("nothing at all") << QByteArray() << QByteArray("408");
    }

    void hostileRequestsAreBounded()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        DemoServer demo;
        demo.setRequestTimeout(500);
        QVERIFY(demo.start());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(demo.baseUrl().port()));
        QVERIFY(socket.waitForConnected(5000));
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        QElapsedTimer clock;
        clock.start();
        socket.write(request);
        QVERIFY(closed.wait(5000));
        QVERIFY(clock.elapsed() < 3000);
        const QByteArray answer = socket.readAll();
        QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 ").append(status)), answer.constData());
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
