// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop window against the loopback mock, under QT_QPA_PLATFORM=offscreen.
#include "engine/engine.h"
#include "mockserver.h"
#include "recorder.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/models/searchresults.h"
#include "ui/session/keystore.h"
#include "ui/session/providerprofiles.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QUrlQuery>

using namespace tether::engine;
using namespace tether::test;
using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

namespace {
const QStringList Reply = {u"Hello "_s,     u"from "_s,  u"**Tether**, "_s,
                           u"streaming "_s, u"live "_s,  u"and "_s,
                           u"resuming "_s,  u"after "_s, u"drops."_s};
const QString Rendered = u"Hello from Tether, streaming live and resuming after drops."_s;

MockResponse continueFrom(const RecordedRequest& request)
{
    return MockServer::prefillContinuation(request, Reply.join(QString()), 4);
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    // Each test has a window, engine, journal, settings and server of its own.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MockServer> m_server;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString transcript()
    {
        return m_window->findChild<QTextBrowser*>(u"transcript"_s)->toPlainText();
    }
    QString status() { return m_window->findChild<QLabel*>(u"status"_s)->text(); }
    QTextBrowser* browser() { return m_window->findChild<QTextBrowser*>(u"transcript"_s); }
    QAbstractItemModel* sidebar()
    {
        return m_window->findChild<QListView*>(u"conversations"_s)->model();
    }
    QString row(int i) { return sidebar()->index(i, 0).data().toString(); }
    QString rowTitle(int i)
    {
        return sidebar()->index(i, 0).data(ConversationListModel::TitleRole).toString();
    }

    // The last link of `action` in the transcript, as the user would click it.
    QUrl lastLink(const QString& action)
    {
        const QString html = browser()->toHtml();
        const QString prefix = u"tether:"_s + action + u"?"_s;
        const qsizetype at = html.lastIndexOf(prefix);
        if (at < 0)
            return {};
        return QUrl(html.mid(at, html.indexOf(u'"', at) - at).replace(u"&amp;"_s, u"&"_s));
    }
    void click(const QUrl& url) { Q_EMIT browser()->anchorClicked(url); }

    static MockResponse slow(const QStringList& pieces)
    {
        MockResponse r;
        r.body = MockServer::chatStream(pieces);
        r.splits = MockServer::randomSplits(r.body.size(), 40, 5);
        r.writeIntervalMs = 40;
        return r;
    }

    void type(const QString& text)
    {
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setFocus();
        QTest::keyClicks(composer, text);
        QTest::keyClick(composer, Qt::Key_Return);
    }

    // One exchange, typed as the user does, to its end.
    // `shown`: the answer as rendered, when it has Markdown.
    void chat(const QString& question, const QStringList& answer, QString shown = {})
    {
        MockResponse r;
        r.body = MockServer::chatStream(answer);
        m_server->enqueue(r);
        if (shown.isEmpty())
            shown = answer.join(QString());
        const int before = int(transcript().count(shown));
        type(question);
        QTRY_VERIFY_WITH_TIMEOUT(
            transcript().count(shown) == before + 1 && status().contains(u"tokens"_s), 10000);
    }

    // A reply stopped with Esc halfway, in a conversation of its own.
    void stopMidReply()
    {
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Reply);
        stalled.stallAfter = stalled.body.size() / 2;
        m_server->enqueue(stalled);
        type(u"Stop me"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Hello from"_s), 10000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Stopped"_s), 10000);
        m_server->closeAll();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        // Settings of its own: what one test changes (Enter sends, geometry) never leaks into
        // the next, nor into the user's.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           m_dir->filePath(u"config"_s));
        m_server = std::make_unique<MockServer>();
        QVERIFY(m_server->listen());
        m_engine = std::make_unique<Engine>(m_dir->path());
        ProviderConfig provider;
        provider.baseUrl = m_server->baseUrl();
        provider.model = u"mock-model"_s;
        provider.retry.baseDelayMs = 50;
        m_window = std::make_unique<MainWindow>(*m_engine, provider);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy ready(m_engine.get(), &Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
        m_server.reset();
        m_dir.reset();
    }

    void composerHasFocusAndEnterSends()
    {
        QCOMPARE(QApplication::focusWidget(), m_window->findChild<QPlainTextEdit*>(u"composer"_s));
        MockResponse r;
        r.body = MockServer::chatStream(Reply);
        r.splits = MockServer::randomSplits(r.body.size(), 12, 3);
        m_server->enqueue(r);
        type(u"Say hello"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(Rendered), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"tokens"_s), 5000);
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
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"tokens"_s), 10000);
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
        QTRY_VERIFY2_WITH_TIMEOUT(status().contains(u"tokens"_s), qPrintable(status()), 10000);
        // The conversation is shown again from the journal: the stopped reply is now whole.
        QTRY_VERIFY2_WITH_TIMEOUT(transcript().count(Rendered) == 1,
                                  qPrintable(status() + u"\n"_s + transcript()), 5000);
        QVERIFY(!transcript().contains(u"stopped"_s));
    }

    void newChatAndReopen()
    {
        chat(u"Say hello"_s, Reply, Rendered);
        chat(u"Stop me"_s, Reply, Rendered); // the same chat
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QCOMPARE(list->model()->rowCount(), 1);
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(transcript().isEmpty());
        MockResponse r;
        r.body = MockServer::chatStream({u"A fresh start."_s});
        m_server->enqueue(r);
        type(u"Something new"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"A fresh start."_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 2, 5000);
        QCOMPARE(list->model()->index(0, 0).data().toString(), u"Something new"_s); // newest first
        const QModelIndex older = list->model()->index(1, 0);
        QCOMPARE(older.data().toString(), u"Say hello"_s);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(older).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Stop me"_s), 5000);
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
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"tokens"_s), 5000);
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
        chat(u"Something new"_s, {u"A fresh start."_s});
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
        QVERIFY(hit.data().toString().contains(u"A fresh start."_s));
        const QString html = hit.data(SearchResultsModel::HtmlRole).toString(); // matches in bold
        QVERIFY2(html.contains(u"<b>fresh</b>"_s) && html.contains(u"<b>start</b>"_s),
                 qPrintable(html));
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {},
                          results->visualRect(hit).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Something new"_s), 5000);
        QVERIFY(!transcript().contains(u"Another topic"_s));
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
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Imported 1 new"_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(sidebar()->rowCount(), rows + 1, 5000);
        // One entry was not a conversation: the report says so, with the reason.
        QMessageBox* report = nullptr;
        QTRY_VERIFY((report = m_window->findChild<QMessageBox*>(u"importReport"_s)));
        QVERIFY(report->text().contains(u"1 skipped"_s));
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
        for (const auto& [text, warned] : {std::pair{u"http://203.0.113.9/v1"_s, true},
                                           std::pair{u"https://api.x.ai/v1"_s, false},
                                           std::pair{u"http://192.168.1.2:8080/v1"_s, false}}) {
            url->setText(text);
            QCOMPARE(warning->isVisible(), warned);
        }
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
