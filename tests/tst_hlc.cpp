// SPDX-License-Identifier: GPL-3.0-or-later
// The order of synced changes: a hybrid logical clock that keeps order when the wall clock stands
// still or goes back and after another device's changes, its text form sorting as it does, and
// UUIDv7 global ids.
#include "engine/sync/hlc.h"

#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

class TestHlc : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ordersWhateverTheWallClockDoes()
    {
        qint64 wall = 1'800'000'000'000;
        HlcClock clock([&wall] { return wall; });
        const Hlc a = clock.now();
        QCOMPARE(a, (Hlc{wall, 0}));
        const Hlc b = clock.now(); // the same millisecond
        QVERIFY(b > a);
        wall -= 60'000; // the clock went back a minute
        const Hlc c = clock.now();
        QVERIFY(c > b);
        QCOMPARE(c.wallMs, a.wallMs);
        wall += 120'000;
        const Hlc d = clock.now();
        QCOMPARE(d, (Hlc{wall, 0}));
    }

    void afterAnotherDevicesChange()
    {
        qint64 wall = 1'000;
        HlcClock clock([&wall] { return wall; });
        clock.now();
        const Hlc remote{5'000, 7}; // a device whose clock runs ahead
        clock.observe(remote);
        QVERIFY(clock.now() > remote);
        clock.observe(Hlc{10, 0}); // an older one changes nothing
        QCOMPARE(clock.last(), (Hlc{5'000, 8}));
    }

    void textSortsAsTheClock()
    {
        const QList<Hlc> times = {{0, 0},           {1, 0},   {1, 1},
                                  {1, 0xFFFF'FFFF}, {255, 0}, {1'800'000'000'000, 3}};
        for (qsizetype i = 0; i + 1 < times.size(); ++i) {
            QVERIFY(times.at(i) < times.at(i + 1));
            QVERIFY(times.at(i).toString() < times.at(i + 1).toString());
        }
        for (const Hlc& h : times)
            QCOMPARE(Hlc::fromString(h.toString()), h);
        QCOMPARE((Hlc{1'800'000'000'000, 3}.toString()), u"01a3185c5000-00000003"_s);
        QVERIFY(!Hlc::fromString(u"01a3185c5000_00000003"_s));
        QVERIFY(!Hlc::fromString(u"zz"_s));
        QVERIFY(!Hlc::fromString(u"01a3185c5000-0000000g"_s));
    }

    void uuidV7IsTimeOrdered()
    {
        const QRegularExpression shape(
            u"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
        const QString a = uuidV7(1'800'000'000'000);
        QVERIFY2(shape.match(a).hasMatch(), qPrintable(a));
        QVERIFY(a.startsWith(u"01a3185c-5000-7"_s)); // the timestamp first
        QVERIFY(!QUuid::fromString(a).isNull());     // Qt 6.4 parses it; version 7 is newer than it
        QVERIFY(uuidV7(1'800'000'000'000) != a);     // random below the timestamp
        QVERIFY(uuidV7(1'800'000'000'001) > a);
    }
};

QTEST_GUILESS_MAIN(TestHlc)
#include "tst_hlc.moc"
