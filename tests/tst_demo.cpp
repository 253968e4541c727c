// The built-in Demo provider through the real engine: a first reply that loses its connection
// halfway and still completes exactly.
#include "demoserver.h"
#include "engine.h"
#include "recorder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace tether::ui;
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
            Recorder rec(engine, quint64(round + 1));
            engine.send(quint64(round + 1), request);
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
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
