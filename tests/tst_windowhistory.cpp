// SPDX-License-Identifier: GPL-3.0-or-later
// The window and the history: rename and delete with Undo, search opening a message, import
// and export, a long conversation opening at its end; each test with a window of its own.
#include "windowfixture.h"

#include <QFileDialog>
#include <QProcess>
#include <QTimer>

class TestWindowHistory : public WindowFixture {
    Q_OBJECT
    // Runs `with` on the file dialog the next action opens (modal: its own event loop), then
    // closes it.
    void onNextFileDialog(const std::function<void(QFileDialog*)>& with)
    {
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [timer, with] {
            if (auto* d = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
                timer->stop();
                timer->deleteLater();
                with(d);
                d->reject();
            }
        });
        timer->start(20);
    }

private Q_SLOTS:
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    // A chat sent with tether-cli into the same journal shows up in the running window, and so
    // does its reply when that conversation is the one on screen.
    void aChatSentFromTheTerminalAppears()
    {
        const QString cliPath = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(cliPath), "TETHER_CLI must name the built tether-cli");
        MockResponse r;
        r.body = MockServer::chatStream({u"Answered "_s, u"in a terminal."_s});
        m_server->enqueue(r);
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"OPENAI_BASE_URL"_s, m_server->baseUrl().toString());
        env.insert(u"OPENAI_API_KEY"_s, u"sk-test"_s);
        env.insert(u"TETHER_MODEL"_s, u"mock-model"_s);
        env.insert(u"TETHER_DATA_DIR"_s, m_dir->path());
        cli.setProcessEnvironment(env);
        QSignalSpy finished(&cli, &QProcess::finished);
        cli.start(cliPath, {u"send"_s, u"Typed in a terminal"_s});
        QVERIFY(finished.wait(30000));
        QCOMPARE(cli.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            sidebar()->rowCount() == 1 && rowTitle(0).contains(u"Typed in a terminal"_s), 10000);
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        Q_EMIT list->clicked(sidebar()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Answered in a terminal."_s), 10000);
    }

    void renameAndDeleteWithUndo()
    {
        chat(u"First chat"_s, {u"One."_s});
        m_window->newConversation();
        chat(u"Second chat"_s, {u"Two."_s});
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        const int rows = sidebar()->rowCount();
        list->setCurrentIndex(sidebar()->index(0, 0));
        list->setFocus();
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setTextValue(u"Renamed by F2"_s);
            dialog->accept();
        });
        QTest::keyClick(list, Qt::Key_F2);
        QTRY_COMPARE_WITH_TIMEOUT(row(0), u"Renamed by F2"_s, 5000);

        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(sidebar()->rowCount(), rows - 1);
        QVERIFY(m_window->findChild<QWidget*>(u"undoBar"_s)->isVisible());
        QTest::mouseClick(m_window->findChild<QPushButton*>(u"undo"_s), Qt::LeftButton);
        QCOMPARE(sidebar()->rowCount(), rows);
        QCOMPARE(row(0), u"Renamed by F2"_s);

        const qint64 id = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        list->setCurrentIndex(sidebar()->index(0, 0));
        QTest::keyClick(list, Qt::Key_Delete);
        QSignalSpy deleted(m_engine.get(), &Engine::conversationDeleted);
        m_window->findChild<QTimer*>(u"undoTimer"_s)->start(0); // the Undo offer runs out
        QVERIFY(deleted.wait(5000));
        QCOMPARE(deleted.first().at(0).toLongLong(), id);
        QCOMPARE(sidebar()->rowCount(), rows - 1);
        // Another part's request that fails is answered to that part only: the window's status
        // line does not show it (it once showed every failure in the engine).
        const QString before = status();
        Error error;
        QVERIFY(!await<LoadConversationJob>(m_engine->loadConversation(id), {}, &error));
        QCOMPARE(error.code, ErrorCode::NotFound);
        QCoreApplication::processEvents();
        QCOMPARE(status(), before);
    }

    void searchOpensTheMessage()
    {
        chat(u"Something new"_s, {u"A **fresh** start."_s}, u"A fresh start."_s);
        m_window->newConversation();
        chat(u"Another topic"_s, {u"Unrelated."_s});
        auto* field = m_window->findChild<QLineEdit*>(u"search"_s);
        m_window->activateWindow(); // the dialogs of the tests before took it
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), field);
        QTest::keyClicks(field, u"fresh start"_s);
        auto* results = m_window->findChild<QListView*>(u"searchResults"_s);
        QTRY_VERIFY_WITH_TIMEOUT(results->isVisible() && results->model()->rowCount() == 1, 5000);
        const QModelIndex hit = results->model()->index(0, 0);
        // The reply's markdown marks are not shown in the result.
        QVERIFY2(hit.data().toString().contains(u"A fresh start."_s),
                 qPrintable(hit.data().toString()));
        const QString html = hit.data(SearchResultsModel::HtmlRole).toString(); // matches in bold
        QVERIFY2(html.contains(u"<b>fresh</b>"_s) && html.contains(u"<b>start</b>"_s) &&
                     !html.contains(u"**"_s),
                 qPrintable(html));
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {},
                          results->visualRect(hit).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Something new"_s), 5000);
        QVERIFY(!transcript().contains(u"Another topic"_s));
        // The message found is marked in the conversation: the reply, not the question.
        QTRY_COMPARE(browser()->extraSelections().size(), 1);
        const QString marked = browser()->extraSelections().first().cursor.selectedText();
        QVERIFY2(marked.contains(u"A fresh start."_s) && !marked.contains(u"Something new"_s),
                 qPrintable(marked));
        // Esc in the field clears it and shows the conversations again.
        field->setFocus();
        QTest::keyClick(field, Qt::Key_Escape);
        QVERIFY(field->text().isEmpty());
        QTRY_VERIFY(m_window->findChild<QListView*>(u"conversations"_s)->isVisible());
        QVERIFY(status().isEmpty() || !status().startsWith(u"Stopped"_s)); // nothing stopped
    }

    void importAndExportFromTheWindow()
    {
        const QByteArray chatgpt =
            "[{\"id\":\"w1\",\"title\":\"Imported in the window\",\"create_time\":1600000000,"
            "\"current_node\":\"a\",\"mapping\":{"
            "\"u\":{\"id\":\"u\",\"parent\":null,\"children\":[\"a\"],\"message\":{\"id\":\"u\","
            "\"author\":{\"role\":\"user\"},\"content\":{\"content_type\":\"text\",\"parts\":"
            "[\"An old question\"]}}},"
            "\"a\":{\"id\":\"a\",\"parent\":\"u\",\"children\":[],\"message\":{\"id\":\"a\","
            "\"author\":{\"role\":\"assistant\"},\"content\":{\"content_type\":\"text\","
            "\"parts\":[\"An old answer\"]}}}}}, 12]";
        QFile file(m_dir->filePath(u"conversations.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(chatgpt);
        file.close();
        chat(u"Made here"_s, {u"A native answer."_s});
        const int rows = sidebar()->rowCount();
        m_window->importFile(file.fileName());
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Imported 1 new conversation with"_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(sidebar()->rowCount(), rows + 1, 5000);
        // One entry was not a conversation: the report says so, with the reason.
        QMessageBox* report = nullptr;
        QTRY_VERIFY((report = m_window->findChild<QMessageBox*>(u"importReport"_s)));
        QVERIFY(report->text().contains(u"Skipped: 1."_s));
        report->accept();

        const QString out = m_dir->filePath(u"everything.md"_s);
        m_window->exportConversations({}, out);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Exported"_s), 10000);
        QFile md(out);
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QByteArray text = md.readAll();
        QVERIFY(text.contains("# Imported in the window"));
        QVERIFY(text.contains("An old answer"));
        QVERIFY(text.contains("A native answer."));
    }

    // File ▸ Export conversation… suggests the conversation's title, made safe as a file name,
    // as Markdown; Export all… a dated JSON file with the JSON filter chosen (it offered .json
    // under the Markdown filter, and every conversation as conversation.md).
    void exportSuggestsANameAndFormat()
    {
        chat(u"Plan: Q3/Q4 *review*?"_s, {u"Sure."_s});
        QTRY_COMPARE(m_window->findChild<QLabel*>(u"conversationTitle"_s)->toolTip(),
                     u"Plan: Q3/Q4 *review*?"_s);
        QString name;
        QString filter;
        const auto read = [&](QFileDialog* d) {
            name = QFileInfo(d->selectedFiles().value(0)).fileName();
            filter = d->selectedNameFilter();
        };
        onNextFileDialog(read);
        QTest::keyClick(m_window.get(), Qt::Key_E, Qt::ControlModifier);
        QCOMPARE(name, u"Plan Q3 Q4 review.md"_s);
        QVERIFY2(filter.startsWith(u"Markdown"_s), qPrintable(filter));

        QAction* all = nullptr;
        for (QAction* a : m_window->findChildren<QAction*>()) {
            if (a->text() == u"Export &all conversations…"_s)
                all = a;
        }
        QVERIFY(all);
        onNextFileDialog(read);
        all->trigger();
        QCOMPARE(name, u"tether-export-%1.json"_s.arg(QDate::currentDate().toString(Qt::ISODate)));
        QVERIFY2(filter.startsWith(u"JSON"_s), qPrintable(filter));
    }

    void aLongConversationOpensAtItsEnd()
    {
        // 150 messages, imported: the window renders the last 60 and offers the rest.
        QJsonObject mapping;
        for (int i = 0; i < 150; ++i) {
            const QString id = u"m%1"_s.arg(i);
            mapping.insert(
                id, QJsonObject{
                        {"id"_L1, id},
                        {"parent"_L1, i ? QJsonValue(u"m%1"_s.arg(i - 1)) : QJsonValue()},
                        {"children"_L1, i < 149 ? QJsonArray{u"m%1"_s.arg(i + 1)} : QJsonArray()},
                        {"message"_L1,
                         QJsonObject{
                             {"id"_L1, id},
                             {"author"_L1,
                              QJsonObject{{"role"_L1, i % 2 ? u"assistant"_s : u"user"_s}}},
                             {"content"_L1,
                              QJsonObject{
                                  {"content_type"_L1, u"text"_s},
                                  {"parts"_L1,
                                   QJsonArray{u"Message number %1 here, marker%1z"_s.arg(i)}}}}}}});
        }
        const QJsonArray doc{QJsonObject{{"id"_L1, u"long-1"_s},
                                         {"title"_L1, u"A long one"_s},
                                         {"create_time"_L1, 1500000000},
                                         {"current_node"_L1, u"m149"_s},
                                         {"mapping"_L1, mapping}}};
        QFile file(m_dir->filePath(u"long.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(doc).toJson());
        file.close();
        m_window->importFile(file.fileName());
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Imported 1 new"_s), 10000);

        // Found by search, message 10 is rendered and scrolled to.
        m_window->search(u"marker10z"_s);
        auto* results = m_window->findChild<QListView*>(u"searchResults"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(
            results->isVisible() && results->model()->rowCount() == 1 &&
                results->model()->index(0, 0).data().toString().contains(u"marker10z"_s),
            qPrintable(results->model()->index(0, 0).data().toString() + u" | "_s + status()),
            10000);
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {},
                          results->visualRect(results->model()->index(0, 0)).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Message number 10 here"_s), 5000);
        QVERIFY(!transcript().contains(u"Message number 9 here"_s));
        QVERIFY(transcript().contains(u"Show 10 earlier messages"_s));
        m_window->search(QString());

        // Opened from the sidebar: its end.
        m_window->newConversation();
        const int row = [&] {
            for (int i = 0; i < sidebar()->rowCount(); ++i)
                if (rowTitle(i) == u"A long one"_s)
                    return i;
            return -1;
        }();
        QVERIFY(row >= 0);
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualRect(sidebar()->index(row, 0)).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Message number 149 here"_s), 5000);
        QVERIFY(transcript().contains(u"Message number 90 here"_s));
        QVERIFY(!transcript().contains(u"Message number 89 here"_s));
        QVERIFY(transcript().contains(u"Show 90 earlier messages"_s));
        click(lastLink(u"earlier"_s));
        QVERIFY(transcript().contains(u"Message number 0 here"_s));
        QVERIFY(!transcript().contains(u"earlier messages"_s));
    }
};

QTEST_MAIN(TestWindowHistory)
#include "tst_windowhistory.moc"
