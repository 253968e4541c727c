// SPDX-License-Identifier: GPL-3.0-or-later
// Every item model of the window under QAbstractItemModelTester (fatal on any broken contract):
// the sidebar's pages fetched, touched, hidden and restored; search results replaced.
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/models/searchresults.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conversationListPagesAndChanges()
    {
        QTemporaryDir dir;
        const int total = ConversationListModel::PageSize * 2 + 37;
        {
            auto journal = Journal::open(Journal::pathIn(dir.path()));
            QVERIFY(journal.ok());
            for (int i = 0; i < total; ++i) {
                SendRequest r;
                r.userText = u"conversation %1"_s.arg(i);
                r.provider.model = u"m"_s;
                QVERIFY(journal.value()->beginExchange(r).ok());
            }
        }
        Engine engine(dir.path());
        ConversationListModel model(engine);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        engine.start();
        // Pages come as they are asked for (the tester asks too, as a view would).
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (model.canFetchMore({}))
                    model.fetchMore({});
                return model.rowCount() >= total && !model.canFetchMore({});
            }(),
            10000);
        QCOMPARE(model.rowCount(), total);
        const qint64 newest = model.index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        const qint64 oldest =
            model.index(total - 1, 0).data(ConversationListModel::IdRole).toLongLong();
        QVERIFY(newest > oldest);

        model.setActivity(oldest, ConversationListModel::Activity::Streaming);
        QCOMPARE(
            model.index(model.rowOf(oldest), 0).data(ConversationListModel::ActivityRole).toInt(),
            int(ConversationListModel::Activity::Streaming));
        model.hide(newest);
        QCOMPARE(model.rowCount(), total - 1);
        QCOMPARE(model.rowOf(newest), -1);
        model.restore(newest);
        QCOMPARE(model.rowCount(), total);
        QVERIFY(model.rowOf(newest) >= 0);
        model.reload(); // the first page again (a reset), the rest fetched on demand
        QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(newest), 0, 5000);
        QVERIFY(model.rowCount() >= ConversationListModel::PageSize);
        QVERIFY(model.rowCount() <= total);
    }

    void searchResultsReplaced()
    {
        SearchResultsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        QList<SearchHit> hits;
        for (int i = 0; i < 5; ++i) {
            SearchHit h;
            h.conversationId = i + 1;
            h.messageId = 10 * (i + 1);
            h.title = u"title %1"_s.arg(i);
            h.snippet = u"a "_s + HighlightStart + u"match"_s + HighlightEnd +
                        u" <b>not bold</b> %1"_s.arg(i);
            hits.append(h);
        }
        model.setHits(hits);
        QCOMPARE(model.rowCount(), 5);
        const QString html = model.index(0, 0).data(SearchResultsModel::HtmlRole).toString();
        QVERIFY2(html.contains(u"<b>match</b>"_s) && html.contains(u"&lt;b&gt;"_s),
                 qPrintable(html));
        QCOMPARE(model.index(4, 0).data(SearchResultsModel::MessageIdRole).toLongLong(), 50);
        model.setHits(hits.mid(0, 2));
        QCOMPARE(model.rowCount(), 2);
        model.setHits({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
