// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window against the loopback mock, under QT_QPA_PLATFORM=offscreen.
#include "engine/journal/journal.h"
#include "windowfixture.h"

#include "ui/elidedlabel.h"
#include "ui/helpmenu.h"
#include "ui/icons.h"

#include <QDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QScopeGuard>
#include <QTimer>

class TestMainWindow : public WindowFixture {
    Q_OBJECT
private Q_SLOTS:
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void composerHasFocusAndEnterSends()
    {
        QCOMPARE(QApplication::focusWidget(), m_window->findChild<QPlainTextEdit*>(u"composer"_s));
        MockResponse r;
        r.body = MockServer::chatStream(Reply);
        r.splits = MockServer::randomSplits(r.body.size(), 12, 3);
        m_server->enqueue(r);
        type(u"Say hello"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(Rendered), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"token"_s), 5000);
        QVERIFY(transcript().contains(u"Say hello"_s));
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 1, 5000);
        QCOMPARE(list->model()->index(0, 0).data().toString(), u"Say hello"_s);
    }

    void aDropShowsReconnectingThenResumes()
    {
        MockResponse cut;
        cut.body = MockServer::chatStream(Reply);
        cut.cutAfter = cut.body.size() / 2;
        m_server->enqueue(cut);
        MockResponse busy = MockServer::answer(503, "busy", "text/plain", {{"Retry-After", "1"}});
        m_server->enqueue(busy);
        m_server->setResponder(continueFrom);
        type(u"Again"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Reconnecting"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"token"_s), 10000);
        // The reply appears once, whole: nothing lost, nothing doubled.
        QCOMPARE(transcript().count(Rendered), 1);
    }

    void escapeStopsAndKeepsThePartial()
    {
        stopMidReply();
        QVERIFY(transcript().contains(u"Hello from"_s)); // what was shown stays
        QVERIFY(!transcript().contains(Rendered));
        const qint64 id = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        auto j = Journal::open(m_engine->journalPath());
        QVERIFY(j.ok());
        const MessageRecord reply = j.value()->conversation(id).value().messages.last();
        QCOMPARE(reply.status, GenerationStatus::Cancelled);
        QVERIFY(Reply.join(QString()).startsWith(reply.content) && !reply.content.isEmpty());
    }

    void continueAfterStopCompletesTheSameReply()
    {
        stopMidReply();
        auto* browser = m_window->findChild<QTextBrowser*>(u"transcript"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Continue"_s), 5000);
        const QUrl link = lastLink(u"continue"_s);
        QVERIFY(QUrlQuery(link).queryItemValue(u"id"_s).toLongLong() > 0);
        m_server->setResponder(continueFrom);
        Q_EMIT browser->anchorClicked(link);
        QTRY_VERIFY2_WITH_TIMEOUT(status().contains(u"token"_s), qPrintable(status()), 10000);
        // The conversation is shown again from the journal: the stopped reply is now whole.
        QTRY_VERIFY2_WITH_TIMEOUT(transcript().count(Rendered) == 1,
                                  qPrintable(status() + u"\n"_s + transcript()), 5000);
        QVERIFY(!transcript().contains(u"stopped"_s));
    }

    // Closed mid-reply: the next start resumes it and opens on it, not on an empty new chat.
    // A refused key is said in words, large, with what to do: Continue and Providers….
    void aRefusedKeyShowsWhatToDo()
    {
        m_server->enqueue(MockServer::answer(
            401, R"({"error":{"message":"Incorrect API key provided.","code":"invalid_api_key"}})",
            "application/json"));
        type(u"Hello"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"did not accept the API key"_s), 10000);
        QVERIFY(transcript().contains(u"Check the key in Providers, then Continue."_s));
        QVERIFY(lastLink(u"continue"_s).isValid());
        QVERIFY(lastLink(u"providers"_s).isValid());
        // Providers… opens the Providers dialog.
        bool opened = false;
        QTimer closer;
        connect(&closer, &QTimer::timeout, this, [&] {
            if (auto* d = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
                opened = d->windowTitle() == u"Providers"_s;
                d->reject();
            }
        });
        closer.start(20);
        click(lastLink(u"providers"_s));
        QTRY_VERIFY_WITH_TIMEOUT(opened, 5000);
    }

    // With no icon theme (Windows, a bare desktop) the buttons still have their drawn icons.
    void iconsWithoutATheme()
    {
        const QString theme = QIcon::themeName();
        QIcon::setThemeName(u"no-such-theme"_s);
        const auto restore = qScopeGuard([&] { QIcon::setThemeName(theme); });
        for (const QIcon& icon : {tether::ui::icons::send(), tether::ui::icons::stop(),
                                  tether::ui::icons::attach(), tether::ui::icons::newChat(),
                                  tether::ui::icons::search(), tether::ui::icons::settings()}) {
            const QImage drawn = icon.pixmap(24, 24).toImage();
            QVERIFY(!drawn.isNull());
            int inked = 0;
            for (int y = 0; y < drawn.height(); ++y)
                for (int x = 0; x < drawn.width(); ++x)
                    inked += qAlpha(drawn.pixel(x, y)) > 128 ? 1 : 0;
            QVERIFY2(inked > 10, qPrintable(QString::number(inked)));
        }
    }

    // Help: the shortcuts, the data folder, About with the version and where the data lives.
    void theHelpMenu()
    {
        QMenu* help = nullptr;
        for (QAction* a : m_window->menuBar()->actions()) {
            if (a->text() == u"&Help"_s)
                help = a->menu();
        }
        QVERIFY(help);
        QStringList names;
        for (QAction* a : help->actions())
            names << a->objectName();
        QVERIFY2(names.contains(u"shortcuts"_s) && names.contains(u"openDataFolder"_s) &&
                     names.contains(u"about"_s),
                 qPrintable(names.join(u',')));
        const QString keys = tether::ui::HelpMenu::shortcutsText();
        QVERIFY(keys.contains(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
        QString about;
        QTimer closer;
        connect(&closer, &QTimer::timeout, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                about = box->text() + box->informativeText();
                box->reject();
            }
        });
        closer.start(20);
        for (QAction* a : help->actions()) {
            if (a->objectName() == u"about"_s)
                a->trigger();
        }
        QVERIFY(about.contains(QCoreApplication::applicationVersion()));
        QVERIFY2(about.contains(m_dir->path()), qPrintable(about)); // where the journal is
    }

    void aRestartOpensOnTheReplyItResumes()
    {
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Reply);
        stalled.stallAfter = stalled.body.size() / 2;
        m_server->enqueue(stalled);
        type(u"Finish me after a restart"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Hello from"_s), 10000);
        m_window.reset(); // quit mid-reply
        m_engine.reset();
        m_server->closeAll();
        m_server->setResponder(continueFrom);

        m_engine = std::make_unique<Engine>(m_dir->path());
        ProviderConfig provider;
        provider.baseUrl = m_server->baseUrl();
        provider.model = u"mock-model"_s;
        m_window = std::make_unique<MainWindow>(*m_engine, provider);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(Rendered), 10000);
        QVERIFY(transcript().contains(u"Finish me after a restart"_s));
    }

    // The title uses the room the header has once the new chat's preset picker is gone.
    void theHeaderShowsTheWholeTitleWhenThereIsRoom()
    {
        const QString question = u"Why is the sky blue at noon?"_s;
        chat(question, {u"Rayleigh "_s, u"scattering."_s});
        auto* title = m_window->findChild<tether::ui::ElidedLabel*>(u"conversationTitle"_s);
        QVERIFY(title);
        m_window->resize(1300, m_window->height()); // room, whatever the platform's widgets take
        QTRY_COMPARE(title->text(), question);
        QVERIFY2(!title->isElided(), qPrintable(QString::number(title->width())));
        m_window->resize(420, m_window->height()); // narrow: now it ends in "…"
        QTRY_VERIFY(title->isElided());
    }

    void newChatAndReopen()
    {
        chat(u"Say hello"_s, Reply, Rendered);
        chat(u"Stop me"_s, Reply, Rendered); // the same chat
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QCOMPARE(list->model()->rowCount(), 1);
        QVERIFY(status().contains(u"token"_s));
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(transcript().isEmpty());
        // The last reply's figures went with its conversation.
        QVERIFY2(!status().contains(u"token"_s), qPrintable(status()));
        MockResponse r;
        r.body = MockServer::chatStream({u"A fresh start."_s});
        m_server->enqueue(r);
        type(u"Something new"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"A fresh start."_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 2, 5000);
        QCOMPARE(list->model()->index(0, 0).data().toString(), u"Something new"_s); // newest first
        const QModelIndex older = list->model()->index(1, 0);
        QCOMPARE(older.data().toString(), u"Say hello"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"token"_s), 5000);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(older).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Stop me"_s), 5000);
        QVERIFY2(!status().contains(u"token"_s), qPrintable(status()));
        QVERIFY(transcript().contains(Rendered));
        QCOMPARE(transcript().count(u"first token"_s), 2); // footers under both replies
        QVERIFY(!transcript().contains(u"A fresh start."_s));
    }

    void twoConversationsStreamAtOnce()
    {
        // Both conversations get a slow reply at the same time.
        const QStringList one = {u"First "_s, u"conversation "_s, u"streams."_s};
        const QStringList two = {u"Second "_s, u"conversation "_s, u"streams "_s, u"too."_s};
        m_server->enqueue(slow(one));
        type(u"Stream one"_s);
        QTRY_VERIFY_WITH_TIMEOUT(row(0).startsWith(u"● "_s), 5000);
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        m_server->enqueue(slow(two));
        type(u"Stream two"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(sidebar()->rowCount() == 2,
                                  qPrintable(status() + u"|"_s + transcript()), 5000);
        // Both show as streaming in the sidebar while they do.
        QTRY_VERIFY_WITH_TIMEOUT(row(0).startsWith(u"● "_s) && row(1).startsWith(u"● "_s), 5000);
        // Opening the other one shows its reply live, and it completes there.
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualRect(sidebar()->index(1, 0)).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Stream one"_s), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(one.join(QString())), 15000);
        QVERIFY(!transcript().contains(u"Stream two"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!row(0).startsWith(u"● "_s) && !row(1).startsWith(u"● "_s), 15000);
        QCOMPARE(transcript().count(one.join(QString())), 1);
    }

    void offlineMessageWaitsForTheNetwork()
    {
        m_window->setLocalServersIgnoreOffline(false);
        m_window->setOnline(false);
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        const int before = int(m_server->requests().size());
        type(u"While offline"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"waiting for the network"_s), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(row(0).startsWith(u"⏸ "_s), 5000);
        QCOMPARE(int(m_server->requests().size()), before); // stored, not sent
        QVERIFY(transcript().contains(u"While offline"_s));

        MockResponse r;
        r.body = MockServer::chatStream({u"Sent once the network returned."_s});
        m_server->enqueue(r);
        m_window->setOnline(true);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Sent once the network returned."_s),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!row(0).startsWith(u"⏸ "_s), 5000);
        QVERIFY(!transcript().contains(u"waiting for the network"_s));
    }

    void editAndResendReplacesTheExchange()
    {
        chat(u"Original question"_s, {u"An answer to the original."_s});
        const QUrl edit = lastLink(u"edit"_s);
        QVERIFY(edit.isValid());
        click(edit);
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        QCOMPARE(composer->toPlainText(), u"Original question"_s);
        composer->clear();
        MockResponse r;
        r.body = MockServer::chatStream({u"An answer to the edited question."_s});
        m_server->enqueue(r);
        type(u"Edited question"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"An answer to the edited question."_s),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!transcript().contains(u"Original question"_s), 5000);
        QVERIFY(!transcript().contains(u"An answer to the original."_s));
        const QJsonArray sent = m_server->requests().last().json().value("messages"_L1).toArray();
        QCOMPARE(sent.size(), 1);
    }

    void thinkingFoldsAndCodeCopies()
    {
        ChatStreamOptions o;
        o.reasoning = {u"Let me think "_s, u"about printing."_s};
        MockResponse r;
        r.body =
            MockServer::chatStream({u"Here:\n\n```python\n"_s, u"print(1)\n```\n\nDone."_s}, o);
        m_server->enqueue(r);
        type(u"Code please"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Done."_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"token"_s), 5000);
        QVERIFY2(transcript().contains(u"▸ Thinking · 5 words"_s),
                 qPrintable(transcript().right(300)));
        QVERIFY(!transcript().contains(u"about printing"_s)); // folded
        click(lastLink(u"thinking"_s));
        QVERIFY(transcript().contains(u"Let me think about printing."_s));
        QVERIFY(transcript().contains(u"▾ Thinking"_s));
        click(lastLink(u"thinking"_s));
        QVERIFY(!transcript().contains(u"about printing"_s));

        QApplication::clipboard()->clear();
        click(lastLink(u"copy-code"_s));
        QCOMPARE(QApplication::clipboard()->text(), u"print(1)\n"_s);
        click(lastLink(u"copy"_s));
        QCOMPARE(QApplication::clipboard()->text(),
                 u"Here:\n\n```python\nprint(1)\n```\n\nDone."_s);
    }

    void timelineListsTheAttempts()
    {
        chat(u"Say hello"_s, Reply, Rendered);
        click(lastLink(u"timeline"_s));
        QTreeWidget* tree = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QWidget* w : QApplication::topLevelWidgets()) {
                    if (auto* t = w->findChild<QTreeWidget*>(u"timeline"_s); t && w->isVisible())
                        tree = t;
                }
                return tree && tree->topLevelItemCount() == 1;
            }(),
            5000);
        QCOMPARE(tree->topLevelItem(0)->text(3), u"connect"_s);
        QCOMPARE(tree->topLevelItem(0)->text(4), u"200"_s);
        tree->window()->close();
    }

    void enterCanMakeANewLineInstead()
    {
        m_window->setEnterSends(false);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setFocus();
        QTest::keyClicks(composer, u"line one"_s);
        QTest::keyClick(composer, Qt::Key_Return);
        QTest::keyClicks(composer, u"line two"_s);
        QCOMPARE(composer->toPlainText(), u"line one\nline two"_s);
        QVERIFY(transcript().isEmpty());
        MockResponse r;
        r.body = MockServer::chatStream({u"Two lines received."_s});
        m_server->enqueue(r);
        QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Two lines received."_s), 10000);
        QVERIFY(composer->toPlainText().isEmpty());
    }

    // A reply whose profile was deleted: the start-up resume leaves it alone and says so;
    // Continue asks, and only then goes to the old address, without any key.
    void profileGoneAsksBeforeTheOldAddress_data()
    {
        QTest::addColumn<bool>("accept");
        QTest::newRow("continue there") << true;
        QTest::newRow("cancel") << false;
    }

    void profileGoneAsksBeforeTheOldAddress()
    {
        QFETCH(bool, accept);
        MockServer old;
        QVERIFY(old.listen());
        MockResponse cut;
        cut.body = MockServer::chatStream(Reply);
        cut.cutAfter = cut.body.size() / 2;
        old.enqueue(cut);
        SendRequest r;
        r.userText = u"Sent through a profile since deleted (%1)"_s.arg(
            QString::fromUtf8(QTest::currentDataTag()));
        r.provider.profileId = u"profile-deleted"_s;
        r.provider.name = u"Old Server"_s;
        r.provider.baseUrl = old.baseUrl();
        r.provider.model = u"mock-model"_s;
        r.provider.apiKey = u"sk-deleted-profile"_s;
        r.provider.retry.maxAttempts = 1;
        Recorder sent(m_engine->send(r));
        QVERIFY(sent.wait(10000));
        const GenerationFinished f = sent.finished;
        QCOMPARE(f.status, GenerationStatus::Interrupted);
        old.setResponder(continueFrom);

        m_window->resumeInterrupted({f.generationId}); // as at start-up
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"no longer set up"_s), 5000);
        QCOMPARE(old.requests().size(), 1);

        m_window->openConversation(f.conversationId);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(r.userText), 5000);
        QVERIFY(lastLink(u"continue"_s).isValid());
        click(lastLink(u"continue"_s));
        QMessageBox* box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(box = m_window->findChild<QMessageBox*>(u"profileGone"_s), 5000);
        QVERIFY(box->text().contains(u"Old Server"_s));
        QVERIFY(box->text().contains(old.baseUrl().toString()));
        QCOMPARE(old.requests().size(), 1); // nothing sent while the question is open
        for (QAbstractButton* b : box->buttons()) {
            if (box->buttonRole(b) == (accept ? QMessageBox::AcceptRole : QMessageBox::RejectRole))
                b->click();
        }
        if (!accept) {
            QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<QMessageBox*>(u"profileGone"_s), 5000);
            QTest::qWait(300); // a request would have left by now; none may
            QCOMPARE(old.requests().size(), 1);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(old.requests().size(), 2, 5000);
        QVERIFY(!old.requests().last().headers.contains("authorization"));
        QTRY_VERIFY_WITH_TIMEOUT(transcript().count(Rendered) >= 1, 10000);
    }

    // A key about to go out over http:// to a public host: the window asks first, and nothing
    // is sent or stored unless the user agrees; the settings dialog says so beside the URL.
    void clearTextKeyIsNotSentUnasked()
    {
        Engine engine(m_dir->filePath(u"cleartext"_s));
        ProviderConfig provider;
        provider.profileId = u"profile-cleartext"_s;
        provider.baseUrl = QUrl(u"http://203.0.113.9/v1"_s); // TEST-NET-3: never reached
        provider.apiKey = u"sk-would-travel-in-clear"_s;
        MainWindow window(engine, provider);
        window.show();
        QSignalSpy ready(&engine, &Engine::ready);
        engine.start();
        QVERIFY(ready.wait(5000));
        QSignalSpy started(&engine, &Engine::generationStarted);
        auto* composer = window.findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setPlainText(u"secret plans"_s);
        window.send();
        QMessageBox* box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(box = window.findChild<QMessageBox*>(u"clearText"_s), 5000);
        QVERIFY(box->text().contains(u"203.0.113.9"_s));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            window.findChild<QLabel*>(u"status"_s)->text().contains(u"Not sent"_s), 5000);
        QCOMPARE(composer->toPlainText(), u"secret plans"_s); // nothing lost
        QTest::qWait(200);
        QCOMPARE(started.size(), 0);
        QVERIFY(
            !QSettings().contains(u"providers/clearTextAllowed/profile-cleartext@203.0.113.9"_s));

        ProviderProfiles profiles;
        KeyStore keys;
        SettingsDialog dialog(profiles, keys, engine, &window);
        auto* url = dialog.findChild<QLineEdit*>(u"baseUrl"_s);
        auto* warning = dialog.findChild<QLabel*>(u"clearTextWarning"_s);
        QVERIFY(url && warning);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QSize size = dialog.size();
        const QRect field = url->geometry();
        for (const auto& [text, warned] : {std::pair{u"http://203.0.113.9/v1"_s, true},
                                           std::pair{u"https://api.x.ai/v1"_s, false},
                                           std::pair{u"http://192.168.1.2:8080/v1"_s, false}}) {
            url->setText(text);
            QCOMPARE(warning->isVisible(), warned);
            QCoreApplication::processEvents();
            // Nothing grows or moves under the user's cursor while they type.
            QCOMPARE(dialog.size(), size);
            QCOMPARE(url->geometry(), field);
        }
        // What the keychain says has the room it needs: no line is clipped.
        auto* state = dialog.findChild<QLabel*>(u"keyState"_s);
        state->setText(u"The keychain is not available (Failed to execute child process "
                       "“dbus-launch” (No such file or directory)). A key you save is kept for "
                       "this session only and is never written to disk."_s);
        QCoreApplication::processEvents();
        QVERIFY2(state->height() >= state->heightForWidth(state->width()),
                 qPrintable(
                     u"%1 < %2"_s.arg(state->height()).arg(state->heightForWidth(state->width()))));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
