// SPDX-License-Identifier: GPL-3.0-or-later
// Sync between two and three data folders through a real WebDAV server (Debian's rclone, started
// here on 127.0.0.1): each device's conversations reach the others, a new empty device gets
// everything (from a snapshot once logs have grown), follow-ups (concurrent ones as
// alternatives), renames and deletes propagate, attachments travel once, one new message costs
// a small upload, and the server holds no plaintext. tst_syncfaults: what goes wrong.
#include "support/syncharness.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

class TestSync : public QObject, protected SyncHarness {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_server.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void conversationsReachEveryDevice()
    {
        Device a, b, c;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            say(*j, u"Zebra-striped aardvarks from the laptop"_s);
        }
        {
            auto j = b.open();
            const Exchange first = say(*j, u"Quokka questions from the desktop"_s);
            say(*j, u"and a follow-up about wombats"_s, first.conversationId);
        }
        const Synced up = sync(a, url);
        QVERIFY2(up.ok(), qPrintable(up.error.message));
        QVERIFY(up.summary.createdFolder);
        QCOMPARE(up.summary.recordsUp, 3); // the conversation, its two messages
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 6);

        // A new, empty device gets everything, and shows each conversation's thread.
        const Synced first = sync(c, url);
        QVERIFY2(first.ok(), qPrintable(first.error.message));
        QCOMPARE(first.summary.devices, 2);
        QCOMPARE(contents(c), contents(a));
        QCOMPARE(count(c, u"SELECT count(*) FROM messages WHERE hidden = 0"_s), 6);
        // Each reply names the model that wrote it (there, a generation's; here, the message's).
        QCOMPARE(
            count(c, u"SELECT count(*) FROM messages WHERE role = 'assistant' AND model = 'm'"_s),
            3);

        // Nothing new: nothing sent, nothing applied.
        const Synced again = sync(c, url);
        QCOMPARE(again.summary.recordsUp, 0);
        QCOMPARE(again.summary.recordsApplied, 0);

        // The host cannot read a word: not the text, not a title, not the JSON around them.
        const auto files = serverFiles(url);
        QVERIFY2(files.size() >= 3, qPrintable(QStringList(files.keys()).join(u' ')));
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            for (const QByteArray& word :
                 {QByteArray("aardvark"), QByteArray("Quokka"), QByteArray("wombat"),
                  QByteArray("assistant"), QByteArray("content")}) {
                QVERIFY2(!it.value().contains(word), qPrintable(it.key()));
            }
            QVERIFY2(!it.key().contains(u"aardvark"_s), qPrintable(it.key()));
        }
    }

    void followUpsRenamesAndDeletesPropagate()
    {
        Device a, b;
        const QUrl url = freshFolder();
        qint64 onA = 0;
        {
            auto j = a.open();
            onA = say(*j, u"Plans for the weekend"_s).conversationId;
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        qint64 onB = 0;
        {
            auto j = b.open();
            auto list = j->conversations(0, 10);
            QVERIFY(list.ok());
            QCOMPARE(list.value().size(), 1);
            onB = list.value().first().id;
        }
        // Both follow up before hearing of the other: two answers to the same reply.
        {
            auto j = a.open();
            say(*j, u"Hiking, from the laptop"_s, onA);
        }
        {
            auto j = b.open();
            say(*j, u"Cinema, from the desktop"_s, onB);
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 6);
        // Each device still shows its own follow-up; the other's is an alternative beside it.
        const QString shownUser =
            u"SELECT content FROM messages WHERE role = 'user' AND hidden = 0 ORDER BY id DESC"_s;
        {
            auto j = a.open();
            QSqlQuery q(j->database());
            QVERIFY(q.exec(shownUser) && q.next());
            QCOMPARE(q.value(0).toString(), u"Hiking, from the laptop"_s);
            QCOMPARE(count(a,
                           u"SELECT count(*) FROM messages m WHERE role = 'user' AND parent_id = "
                           "(SELECT parent_id FROM messages WHERE content = 'Cinema, from the "
                           "desktop')"_s),
                     2);
        }

        // A rename goes across; so does a delete.
        {
            auto j = b.open();
            QVERIFY(j->renameConversation(onB, u"Weekend, renamed on the desktop"_s).ok());
        }
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        {
            auto j = a.open();
            auto conv = j->conversation(onA);
            QVERIFY(conv.ok());
            QCOMPARE(conv.value().title, u"Weekend, renamed on the desktop"_s);
            QVERIFY(j->deleteConversation(onA).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(count(b, u"SELECT count(*) FROM conversations"_s), 0);
        QCOMPARE(count(b, u"SELECT count(*) FROM messages"_s), 0);
        QCOMPARE(contents(a), contents(b));
    }

    // A delete removes what it saw: a follow-up written elsewhere before the delete arrived
    // survives it, and keeps its conversation.
    void aDeleteKeepsWhatItDidNotSee()
    {
        Device a, b;
        const QUrl url = freshFolder();
        qint64 onA = 0;
        {
            auto j = a.open();
            onA = say(*j, u"An old question"_s).conversationId;
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        {
            auto j = b.open();
            say(*j, u"A new thought, written offline"_s, j->conversationIds().value().first());
            auto j2 = a.open();
            QVERIFY(j2->deleteConversation(onA).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QVERIFY(sync(a, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(a, u"SELECT count(*) FROM messages"_s), 2);
        QCOMPARE(count(a, u"SELECT count(*) FROM messages WHERE content LIKE '%old question%'"_s),
                 0);
        QCOMPARE(count(a, u"SELECT count(*) FROM conversations"_s), 1);
    }

    void interruptedRepliesSyncWithTheirTextAndStreamingOnesWait()
    {
        Device a, b;
        const QUrl url = freshFolder();
        Exchange streaming;
        {
            auto j = a.open();
            say(*j, u"cut off"_s, 0, GenerationStatus::Interrupted);
            streaming = say(*j, u"still streaming"_s, 0, GenerationStatus::Streaming);
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE status = 'interrupted' AND "
                          "content = 'Re: cut off'"_s),
                 1);
        // The user's message went; the reply streaming on the laptop did not, yet.
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE content LIKE '%still streaming'"_s),
                 1);
        {
            auto j = a.open();
            QVERIFY(j->finishGeneration(streaming.generationId, GenerationOutcome{}).ok());
        }
        QVERIFY(sync(a, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(contents(a), contents(b));
        QCOMPARE(count(b, u"SELECT count(*) FROM messages WHERE content = 'Re: still streaming' "
                          "AND status = 'completed'"_s),
                 1);
    }

    void attachmentsTravelOnce()
    {
        Device a, b;
        const QUrl url = freshFolder();
        Attachment file;
        file.name = u"notes.txt"_s;
        file.mime = u"text/plain"_s;
        file.data = "Secret notes about marmosets\n";
        file.text = QString::fromUtf8(file.data);
        file.size = file.data.size();
        file.sha256 = QString::fromLatin1(
            QCryptographicHash::hash(file.data, QCryptographicHash::Sha256).toHex());
        {
            auto j = a.open();
            const Exchange ex = say(*j, u"read this"_s, 0, GenerationStatus::Completed, {file});
            say(*j, u"and again"_s, ex.conversationId, GenerationStatus::Completed, {file});
        }
        const Synced up = sync(a, url);
        QVERIFY(up.ok());
        QCOMPARE(up.summary.blobsUp, 1);
        const Synced down = sync(b, url);
        QVERIFY(down.ok());
        QCOMPARE(down.summary.blobsDown, 1);
        QCOMPARE(contents(a), contents(b));
        {
            auto stored = b.open()->attachment(file.sha256);
            QVERIFY(stored.ok());
            QCOMPARE(stored.value(), a.open()->attachment(file.sha256).value());
            QCOMPARE(stored.value().data, file.data);
        }
        for (const QByteArray& bytes : serverFiles(url))
            QVERIFY(!bytes.contains("marmoset"));
    }

    // Compaction: a device writes a snapshot once the logs have grown; a new device starts from
    // it and reads only the segments written after it — with the same history as everyone.
    void aNewDeviceStartsFromASnapshot()
    {
        Device a, b, c;
        const QUrl url = freshFolder();
        {
            auto j = a.open();
            for (int i = 0; i < 30; ++i)
                say(*j, u"laptop note %1 %2"_s.arg(i).arg(QString(100, u'l')));
            auto j2 = b.open();
            for (int i = 0; i < 5; ++i)
                say(*j2, u"desktop note %1"_s.arg(i));
        }
        QVERIFY(sync(a, url, Passphrase, u"secret"_s, 3000).ok());
        QVERIFY(sync(b, url, Passphrase, u"secret"_s, 3000).ok());
        {
            auto j = b.open();
            QVERIFY(j->deleteConversation(j->conversationIds().value().first()).ok());
        }
        QVERIFY(sync(b, url).ok());
        m_snapshotEvery = 3;
        const Synced compacted = sync(a, url);
        m_snapshotEvery = 0;
        QVERIFY2(compacted.ok(), qPrintable(compacted.error.message));
        QVERIFY(compacted.summary.snapshotWritten);
        {
            auto j = a.open();
            say(*j, u"written after the snapshot"_s);
        }
        QVERIFY(sync(a, url).ok());

        const Synced fresh = sync(c, url);
        QVERIFY2(fresh.ok(), qPrintable(fresh.error.message));
        QVERIFY(fresh.summary.snapshotRecords >= 70);
        QCOMPARE(fresh.summary.segmentsDown, 1); // only the laptop's segment after the snapshot
        QCOMPARE(contents(c), contents(a));
        QCOMPARE(count(c, u"SELECT count(*) FROM conversations"_s), 35);
        QCOMPARE(count(c, u"SELECT count(*) FROM messages WHERE hidden = 0"_s), 70);
        // And it goes on like any device.
        {
            auto j = c.open();
            say(*j, u"from the new device"_s);
        }
        QVERIFY(sync(c, url).ok());
        QVERIFY(sync(b, url).ok());
        QCOMPARE(contents(b), contents(c));

        // A second snapshot replaces the first (its parts go); the next new device reads it.
        const int filesBefore = int(serverFiles(url).size());
        m_snapshotEvery = 1;
        QVERIFY(sync(a, url).summary.snapshotWritten);
        m_snapshotEvery = 0;
        QCOMPARE(int(serverFiles(url).size()), filesBefore);
        Device d;
        const Synced next = sync(d, url);
        QVERIFY(next.ok());
        QCOMPARE(next.summary.segmentsDown, 0);
        QCOMPARE(contents(d), contents(a));
    }

    // However large the history, one new message goes up as a small segment.
    void oneMessageUploadsLittle()
    {
        Device a;
        const QUrl url = freshFolder();
        qint64 conversation = 0;
        {
            auto j = a.open();
            for (int i = 0; i < 300; ++i)
                conversation =
                    say(*j, u"message %1 %2"_s.arg(i).arg(QString(200, u'x'))).conversationId;
        }
        const Synced first = sync(a, url);
        QVERIFY(first.ok());
        QVERIFY(first.summary.bytesUp > 20'000);
        {
            auto j = a.open();
            say(*j, u"one more"_s, conversation);
        }
        const Synced next = sync(a, url);
        QVERIFY(next.ok());
        QCOMPARE(next.summary.recordsUp, 2);
        QVERIFY2(next.summary.bytesUp < 2'000, qPrintable(QString::number(next.summary.bytesUp)));
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
