// SPDX-License-Identifier: GPL-3.0-or-later
// Sync in the window, against a real WebDAV server (Debian's rclone): Settings ▸ Sync set up as
// the user does it, Sync Now bringing another device's conversations into the sidebar, a reply
// going to the other device by itself, the status bar, a wrong passphrase shown, and secrets
// kept out of the settings file.
#include "engine/journal/journal.h"
#include "engine/sync/syncjob.h"
#include "support/davserver.h"
#include "ui/dialogs/syncdialog.h"
#include "ui/session/syncsession.h"
#include "windowfixture.h"

#include <QCheckBox>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpServer>

class TestWindowSync : public WindowFixture {
    Q_OBJECT

    DavServer m_dav;
    QNetworkAccessManager m_nam;
    int m_folders = 0;
    std::unique_ptr<QTemporaryDir> m_other; // another device's data folder
    QUrl m_url;

    QString otherJournal() const { return Journal::pathIn(m_other->path()); }

    // A message and its finished reply written on the other device (a new conversation for 0).
    void writeOnTheOtherDevice(const QString& message, const QString& reply,
                               qint64 conversation = 0)
    {
        auto j = Journal::open(otherJournal());
        QVERIFY(j.ok());
        SendRequest r;
        r.conversationId = conversation;
        r.userText = message;
        r.provider.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
        r.provider.model = u"m"_s;
        auto ex = j.value()->beginExchange(r);
        QVERIFY(ex.ok());
        QVERIFY(j.value()
                    ->appendChunks(ex.value().generationId, 1, {Delta{ChunkKind::Text, reply, -1}},
                                   -1, {}, 10)
                    .ok());
        QVERIFY(j.value()->finishGeneration(ex.value().generationId, {}).ok());
    }

    Error syncOther(const QByteArray& passphrase = "shared secret")
    {
        SyncJob job({m_url, u"tether"_s, u"secret"_s, passphrase, otherJournal()}, &m_nam);
        QSignalSpy finished(&job, &SyncJob::finished);
        job.start();
        if (!finished.wait(60000))
            qFatal("the other device's sync did not finish");
        return finished.at(0).at(1).value<Error>();
    }

    QLabel* syncState() { return m_window->findChild<QLabel*>(u"syncState"_s); }

    // Settings ▸ Sync as the user fills it in, then Sync Now.
    void fillInSync(SyncDialog& dialog, const QString& passphrase)
    {
        dialog.show();
        dialog.findChild<QLineEdit*>(u"syncUrl"_s)->setText(m_url.toString());
        dialog.findChild<QLineEdit*>(u"syncUser"_s)->setText(u"tether"_s);
        dialog.findChild<QLineEdit*>(u"syncPassword"_s)->setText(u"secret"_s);
        QTest::keyClicks(dialog.findChild<QLineEdit*>(u"syncPassphrase"_s), passphrase);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"syncNow"_s), Qt::LeftButton);
    }
    void setUpSyncWithoutWaiting(const QString& passphrase)
    {
        SyncDialog dialog(*m_window->sync(), m_window.get());
        fillInSync(dialog, passphrase);
    }
    void setUpSync(const QString& passphrase)
    {
        SyncDialog dialog(*m_window->sync(), m_window.get());
        QSignalSpy done(m_window->sync(), &SyncSession::finished);
        fillInSync(dialog, passphrase);
        QVERIFY(done.wait(60000));
        m_lastError = done.at(0).at(1).toString();
        // What the dialog shows is what the status bar shows.
        QCOMPARE(dialog.findChild<QLabel*>(u"syncStatus"_s)->text(),
                 m_window->sync()->statusText());
    }
    QString m_lastError;

    // Synced, and the other device's conversation open on screen.
    void syncAndOpenTheOtherDevicesConversation()
    {
        setUpSync(u"shared secret"_s);
        QCOMPARE(m_lastError, QString());
        QTRY_COMPARE(sidebar()->rowCount(), 1);
        m_window->openConversation(
            sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong());
        QTRY_VERIFY(transcript().contains(u"An answer from afar"_s));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString why = m_dav.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    void init()
    {
        setUpFixture();
        m_other = std::make_unique<QTemporaryDir>();
        m_url = m_dav.folder(u"sync%1"_s.arg(++m_folders));
        // The other device has a conversation, and has set the folder up.
        writeOnTheOtherDevice(u"Written on the other device"_s, u"An answer from afar"_s);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(syncOther().message, QString());
    }
    void cleanup() { tearDownFixture(); }

    void syncNowBringsTheOtherDevicesConversations()
    {
        QVERIFY(!syncState()->isVisible()); // not set up: no status bar
        setUpSync(u"shared secret"_s);
        QCOMPARE(m_lastError, QString());
        QTRY_COMPARE(sidebar()->rowCount(), 1);
        QCOMPARE(rowTitle(0), u"Written on the other device"_s);
        QVERIFY(syncState()->isVisible());
        QVERIFY2(syncState()->text().startsWith(u"Synced at"_s), qPrintable(syncState()->text()));
        if (qgetenv("DBUS_SESSION_BUS_ADDRESS") == "disabled:") {
            // CTest runs this without a keychain: the sync's outcome and the keychain's refusal
            // are both shown, whichever came last.
            QTRY_VERIFY2(syncState()->toolTip().contains(u"keychain did not keep"_s),
                         qPrintable(syncState()->toolTip()));
            QVERIFY(syncState()->toolTip().startsWith(u"Synced at"_s));
        }
        // The password and passphrase are not in the settings file.
        QSettings().sync();
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray stored = settings.readAll();
        QVERIFY(stored.contains("127.0.0.1"));
        QVERIFY(!stored.contains("shared secret"));
        QVERIFY(!stored.contains("secret\n"));

        // The conversation opens with the other device's words.
        m_window->openConversation(
            sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong());
        QTRY_VERIFY(transcript().contains(u"An answer from afar"_s));
    }

    void aReplyFromTheOtherDeviceCanBeRegeneratedAndSwitchedBackTo()
    {
        syncAndOpenTheOtherDevicesConversation();
        if (QTest::currentTestFailed())
            return;
        // Its line, without what only the device that made it has (its generation's timeline).
        QVERIFY(transcript().contains(u"Copy"_s));
        QVERIFY(lastLink(u"timeline"_s).isEmpty());
        QVERIFY(lastLink(u"continue"_s).isEmpty());

        MockResponse again;
        again.body = MockServer::chatStream({u"An answer from here."_s});
        m_server->enqueue(again);
        const QUrl regenerate = lastLink(u"regenerate"_s);
        QVERIFY(!regenerate.isEmpty());
        click(regenerate);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"An answer from here."_s) &&
                                     transcript().contains(u"2 / 2"_s),
                                 10000);
        // Back to the other device's reply, and the switcher is still there to come back.
        click(lastLink(u"alternative"_s));
        QTRY_VERIFY(transcript().contains(u"An answer from afar"_s));
        QVERIFY(transcript().contains(u"1 / 2"_s));
        QVERIFY(!lastLink(u"alternative"_s).isEmpty());
    }

    void anOpenConversationShowsWhatAnotherDeviceAdded()
    {
        syncAndOpenTheOtherDevicesConversation();
        if (QTest::currentTestFailed())
            return;

        // The other device follows up in that conversation while it is on screen here.
        writeOnTheOtherDevice(u"A follow-up from afar"_s, u"Its answer"_s, 1);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(syncOther().message, QString());
        QSignalSpy done(m_window->sync(), &SyncSession::finished);
        m_window->sync()->syncNow();
        QVERIFY(done.wait(60000));
        QTRY_VERIFY(transcript().contains(u"A follow-up from afar"_s) &&
                    transcript().contains(u"Its answer"_s));
        QVERIFY(transcript().contains(u"An answer from afar"_s));
    }

    void aReplyGoesToTheOtherDeviceByItself()
    {
        setUpSync(u"shared secret"_s);
        QCOMPARE(m_lastError, QString());
        QSignalSpy synced(m_window->sync(), &SyncSession::finished);
        chat(u"Sent from the window"_s, Reply, Rendered);
        QVERIFY(synced.wait(SyncSession::AfterReplyMs + 30000));
        QCOMPARE(synced.at(0).at(1).toString(), QString());
        QCOMPARE(syncOther().message, QString());
        auto j = Journal::open(otherJournal());
        QVERIFY(j.ok());
        auto hits = j.value()->search(u"Sent from the window"_s, 5);
        QVERIFY(hits.ok());
        QCOMPARE(hits.value().size(), 1);
    }

    void anUnreachableServerIsTriedAgainAndSaysSo()
    {
        QTcpServer closed; // a port nothing answers on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        m_url.setPort(port);
        setUpSyncWithoutWaiting(u"shared secret"_s);
        // While the engine backs off, the status says why the sync takes long, not yet a failure.
        QTRY_VERIFY_WITH_TIMEOUT(syncState()->toolTip().contains(u"Trying again in"_s), 15000);
        // Which attempt depends on the jittered delays (tens of ms at first): the status names one
        // of the five.
        QVERIFY2(syncState()->toolTip().contains(QRegularExpression(u"attempt [2-5] of 5"_s)),
                 qPrintable(syncState()->toolTip()));
        QVERIFY(syncState()->toolTip().contains(u"cannot be reached"_s));
        QVERIFY(!syncState()->toolTip().startsWith(u"Sync failed"_s));
        // The window closes (cleanup) with the sync still waiting to try again.
    }

    void aWrongPassphraseIsShownAndChangesNothing()
    {
        setUpSync(u"not the passphrase"_s);
        QVERIFY2(m_lastError.contains(u"Wrong passphrase"_s), qPrintable(m_lastError));
        QVERIFY(syncState()->text().startsWith(u"Sync failed"_s));
        QCOMPARE(sidebar()->rowCount(), 0);
    }

    // The WebDAV password goes with every request: an http:// folder beyond this machine is
    // warned of as it is typed, https:// and one on this machine are not.
    void aClearTextFolderIsWarnedOf()
    {
        SyncDialog dialog(*m_window->sync(), m_window.get());
        dialog.show();
        auto* url = dialog.findChild<QLineEdit*>(u"syncUrl"_s);
        auto* warning = dialog.findChild<QLabel*>(u"syncClearText"_s);
        QVERIFY(url && warning);
        url->setText(u"http://dav.example.com/remote.php/dav/files/me/Tether"_s);
        QVERIFY(warning->isVisible());
        url->setText(u"https://dav.example.com/remote.php/dav/files/me/Tether"_s);
        QVERIFY(!warning->isVisible());
        url->setText(m_url.toString()); // rclone on 127.0.0.1
        QVERIFY(m_url.scheme() == "http"_L1 && !warning->isVisible());
        url->setText(u"http://dav.example.com/Tether"_s);
        QVERIFY(warning->isVisible());
    }
};

QTEST_MAIN(TestWindowSync)
#include "tst_windowsync.moc"
