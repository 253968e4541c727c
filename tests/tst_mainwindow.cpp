// The desktop window against the loopback mock, under QT_QPA_PLATFORM=offscreen.
#include "conversationlistmodel.h"
#include "engine.h"
#include "mainwindow.h"
#include "mockserver.h"

#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

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

    QTemporaryDir m_dir;
    MockServer m_server;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString transcript()
    {
        return m_window->findChild<QTextBrowser*>(u"transcript"_s)->toPlainText();
    }
    QString status() { return m_window->findChild<QLabel*>(u"status"_s)->text(); }

    void type(const QString& text)
    {
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setFocus();
        QTest::keyClicks(composer, text);
        QTest::keyClick(composer, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        m_engine = std::make_unique<Engine>(m_dir.path());
        ProviderConfig provider;
        provider.baseUrl = m_server.baseUrl();
        provider.model = u"mock-model"_s;
        provider.retry.baseDelayMs = 50;
        m_window = std::make_unique<MainWindow>(*m_engine, provider);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy ready(m_engine.get(), &Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_engine.reset();
    }

    void composerHasFocusAndEnterSends()
    {
        QCOMPARE(QApplication::focusWidget(), m_window->findChild<QPlainTextEdit*>(u"composer"_s));
        MockResponse r;
        r.body = MockServer::chatStream(Reply);
        r.splits = MockServer::randomSplits(r.body.size(), 12, 3);
        m_server.enqueue(r);
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
        m_server.enqueue(cut);
        MockResponse busy = MockServer::answer(503, "busy", "text/plain", {{"Retry-After", "1"}});
        m_server.enqueue(busy);
        m_server.setResponder(continueFrom);
        type(u"Again"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Reconnecting"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(status().contains(u"tokens"_s), 10000);
        // The reply appears once, whole: nothing lost, nothing doubled.
        QCOMPARE(transcript().count(Rendered), 2); // the first exchange and this one
        m_server.setResponder({});
    }

    void escapeStopsAndKeepsThePartial()
    {
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Reply);
        stalled.stallAfter = stalled.body.size() / 2;
        m_server.enqueue(stalled);
        type(u"Stop me"_s);
        // Wait for this reply's own first tokens (the two before also start "Hello from").
        QTRY_VERIFY_WITH_TIMEOUT(transcript().count(u"Hello from"_s) == 3, 10000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"cancelled"_s), 10000);
        m_server.closeAll();
    }

    void continueAfterStopCompletesTheSameReply()
    {
        auto* browser = m_window->findChild<QTextBrowser*>(u"transcript"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Continue"_s), 5000);
        const QString html = browser->toHtml();
        const qsizetype at = html.indexOf(u"tether:continue?id="_s);
        QVERIFY(at > 0);
        const QString id = html.mid(at + 19, html.indexOf(u'"', at) - at - 19);
        QVERIFY(id.toLongLong() > 0);
        m_server.setResponder(continueFrom);
        Q_EMIT browser->anchorClicked(QUrl(u"tether:continue?id="_s + id));
        QTRY_VERIFY2_WITH_TIMEOUT(status().contains(u"tokens"_s), qPrintable(status()), 10000);
        // The conversation is shown again from the journal: the stopped reply is now whole.
        QTRY_VERIFY2_WITH_TIMEOUT(transcript().count(Rendered) == 3,
                                  qPrintable(status() + u"\n"_s + transcript()), 5000);
        QVERIFY(!transcript().contains(u"Stopped:"_s));
        m_server.setResponder({});
    }

    void newChatAndReopen()
    {
        auto* list = m_window->findChild<QListView*>(u"conversations"_s);
        QCOMPARE(list->model()->rowCount(), 1); // the three exchanges above were one chat
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(transcript().isEmpty());
        MockResponse r;
        r.body = MockServer::chatStream({u"A fresh start."_s});
        m_server.enqueue(r);
        type(u"Something new"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"A fresh start."_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 2, 5000);
        QCOMPARE(list->model()->index(0, 0).data().toString(), u"Something new"_s); // newest first
        const QModelIndex older = list->model()->index(1, 0);
        QCOMPARE(older.data().toString(), u"Say hello"_s);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(older).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Stop me"_s), 5000);
        QVERIFY(transcript().contains(Rendered));
        QVERIFY(transcript().contains(u"tokens/s"_s)); // footers under the replies
        QVERIFY(!transcript().contains(u"A fresh start."_s));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
