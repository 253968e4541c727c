// SPDX-License-Identifier: GPL-3.0-or-later
// History in the thread's order on every device, whatever order other devices' changes arrive in:
// A asks, B (which has A's question) follows up, and a third device C reads the two logs in
// either order. Row ids follow arrival; the window, `show`, exports and the history sent to the
// model must follow the parents instead.
#include "engine/sync/hlc.h"
#include "support/devicefixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {

// One device's changes as they go up in a segment: its records and its stamp.
struct Segment {
    QList<QJsonObject> records;
    QString stamp;
};

Segment sendFrom(Journal& j, HlcClock& clock)
{
    const auto device = j.syncDevice(true);
    const auto out = j.syncOutgoing(qint64(1) << 20, 100'000);
    if (!device || !out)
        qFatal("cannot read the outgoing changes");
    Segment s;
    s.stamp = clock.now().toString() + u'/' + device.value();
    for (const QByteArray& line : out.value().lines.split('\n')) {
        if (!line.isEmpty())
            s.records.append(QJsonDocument::fromJson(line).object());
    }
    if (!j.syncSent(out.value(), s.stamp, {}))
        qFatal("cannot note what was sent");
    return s;
}

void apply(Journal& j, const Segment& s)
{
    if (!j.syncApply(s.records, s.stamp, {}))
        qFatal("cannot apply a segment");
}

qint64 onlyConversation(Journal& j)
{
    QSqlQuery q(j.database());
    if (!q.exec(u"SELECT id FROM conversations"_s) || !q.next())
        qFatal("no conversation");
    return q.value(0).toLongLong();
}

} // namespace

class TestSyncOrder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theThreadsOrderWhateverTheArrival_data()
    {
        QTest::addColumn<bool>("followUpFirst");
        QTest::newRow("question's log first") << false;
        QTest::newRow("follow-up's log first") << true;
    }

    void theThreadsOrderWhateverTheArrival()
    {
        QFETCH(bool, followUpFirst);
        HlcClock clock;
        Device a, b, c;
        auto ja = a.open();
        say(*ja, u"question"_s);
        const Segment fromA = sendFrom(*ja, clock);
        auto jb = b.open();
        QVERIFY(jb->syncDevice(true).ok());
        apply(*jb, fromA);
        say(*jb, u"follow-up"_s, onlyConversation(*jb));
        const Segment fromB = sendFrom(*jb, clock);

        auto jc = c.open();
        QVERIFY(jc->syncDevice(true).ok());
        apply(*jc, followUpFirst ? fromB : fromA);
        apply(*jc, followUpFirst ? fromA : fromB);

        const QStringList thread{u"question"_s, u"Re: question"_s, u"follow-up"_s,
                                 u"Re: follow-up"_s};
        const qint64 id = onlyConversation(*jc);
        auto shown = jc->conversation(id);
        QVERIFY(shown.ok());
        QStringList texts;
        for (const MessageRecord& m : std::as_const(shown.value().messages))
            texts.append(m.content);
        QCOMPARE(texts, thread);
        // What a regeneration of the last reply would send: the thread up to it, in order.
        auto history = jc->historyBefore(id, shown.value().messages.last().id);
        QVERIFY(history.ok());
        QStringList sent;
        for (const ChatMessage& m : std::as_const(history.value()))
            sent.append(m.content);
        QCOMPARE(sent, thread.mid(0, 3));
    }
};

QTEST_GUILESS_MAIN(TestSyncOrder)
#include "tst_syncorder.moc"
