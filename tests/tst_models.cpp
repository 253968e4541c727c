// SPDX-License-Identifier: GPL-3.0-or-later
// Every item model of the window under QAbstractItemModelTester (fatal on any broken contract):
// the sidebar's pages fetched, touched, hidden and restored; search results replaced.
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/models/searchresults.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

class TestModels : public QObject {
    Q_OBJECT

    // `count` conversations of one message each, the newest last.
    static bool makeConversations(const QString& dir, int count)
    {
        auto journal = Journal::open(Journal::pathIn(dir));
        if (!journal.ok())
            return false;
        for (int i = 0; i < count; ++i) {
            SendRequest r;
            r.userText = u"conversation %1"_s.arg(i);
            r.provider.model = u"m"_s;
            if (!journal.value()->beginExchange(r).ok())
                return false;
        }
        return true;
    }

private Q_SLOTS:
    void sidebarSectionsByDate()
    {
        const QDateTime now(QDate(2026, 12, 3), QTime(10, 0));
        const auto at = [&](int daysAgo) { return now.addDays(-daysAgo).toMSecsSinceEpoch(); };
        QCOMPARE(ConversationListModel::section(at(0), now), u"Today"_s);
        QCOMPARE(ConversationListModel::section(at(1), now), u"Yesterday"_s);
        QCOMPARE(ConversationListModel::section(at(6), now), u"Previous 7 days"_s);
        QCOMPARE(ConversationListModel::section(at(20), now), u"Previous 30 days"_s);
        QCOMPARE(ConversationListModel::section(at(60), now),
                 QLocale().standaloneMonthName(10) + u" 2026"_s);
    }

    // A pinned conversation is on top however old it is: pages are fetched until it is in.
    void pinnedConversationsComeFirst()
    {
        QTemporaryDir dir;
        // Settings of the test's own, in a file on every platform (the registry ignores setPath,
        // and refuses an application without an organization).
        tether::setApplicationIdentity();
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(u"config"_s));
        const int total = ConversationListModel::PageSize * 2 + 5;
        QVERIFY(makeConversations(dir.path(), total));
        QSettings().setValue(u"sidebar/pinned"_s, QVariantList{1}); // the oldest
        Engine engine(dir.path());
        ConversationListModel model(engine);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&model);
        sorted.setSortRole(ConversationListModel::OrderRole);
        sorted.sort(0, Qt::DescendingOrder);
        engine.start();
        QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(1) >= 0, 10000); // on the third page, fetched
        QCOMPARE(sorted.index(0, 0).data(ConversationListModel::IdRole).toLongLong(), 1);
        QCOMPARE(sorted.index(0, 0).data(ConversationListModel::SectionRole).toString(),
                 u"Pinned"_s);
        QCOMPARE(sorted.index(1, 0).data(ConversationListModel::SectionRole).toString(),
                 u"Today"_s);
        model.setPinned(1, false);
        QVERIFY(sorted.index(0, 0).data(ConversationListModel::IdRole).toLongLong() != 1);
        QVERIFY(QSettings().value(u"sidebar/pinned"_s).toList().isEmpty());
        model.setPinned(total, true); // the newest, pinned: on top, and remembered
        QCOMPARE(sorted.index(0, 0).data(ConversationListModel::SectionRole).toString(),
                 u"Pinned"_s);
        QCOMPARE(QSettings().value(u"sidebar/pinned"_s).toList(), QVariantList{qint64(total)});
    }

    void conversationListPagesAndChanges()
    {
        QTemporaryDir dir;
        const int total = ConversationListModel::PageSize * 2 + 37;
        QVERIFY(makeConversations(dir.path(), total));
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
