// SPDX-License-Identifier: GPL-3.0-or-later
// History at scale: a journal of 10,000 conversations / 1,000,000 messages (English and Chinese,
// realistic lengths; one conversation of 2,000 messages). Measures, and prints:
//   - building it (import of 10,000 conversations through Journal::importConversation),
//   - import throughput of a ChatGPT export file (MB/s),
//   - in a fresh GUI process (QT_QPA_PLATFORM=offscreen): cold start to an interactive window
//     (window shown, first sidebar page listed), sidebar scroll (a page of 100 rows fetched and
//     shown), opening the 2,000-message conversation, search p50/p95 (English, Chinese of 3+
//     characters, Chinese of 2), and peak RSS.
// Usage: bench_history [--data DIR] [--conversations N]   (the journal is built once and kept)
#include "engine/engine.h"
#include "engine/history/importer.h"
#include "engine/journal/journal.h"
#include "peakrss.h"
#include "ui/conversationview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTextBrowser>

#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether;
using namespace tether::engine;

namespace {

const QStringList English = {
    u"database"_s, u"index"_s,     u"query"_s,    u"kubernetes"_s, u"deployment"_s, u"the"_s,
    u"a"_s,        u"and"_s,       u"to"_s,       u"of"_s,         u"offset"_s,     u"consumer"_s,
    u"latency"_s,  u"thread"_s,    u"memory"_s,   u"function"_s,   u"returns"_s,    u"value"_s,
    u"error"_s,    u"handling"_s,  u"python"_s,   u"rust"_s,       u"compiler"_s,   u"lifetime"_s,
    u"borrow"_s,   u"network"_s,   u"request"_s,  u"response"_s,   u"stream"_s,     u"token"_s,
    u"model"_s,    u"training"_s,  u"gradient"_s, u"is"_s,         u"in"_s,         u"with"_s,
    u"for"_s,      u"this"_s,      u"that"_s,     u"you"_s,        u"recipe"_s,     u"garlic"_s,
    u"travel"_s,   u"itinerary"_s, u"budget"_s,   u"invoice"_s,    u"contract"_s,   u"schedule"_s,
    u"meeting"_s,  u"summary"_s};
const QStringList Chinese = {u"数据库"_s, u"索引"_s,     u"查询"_s, u"部署"_s, u"延迟"_s,
                             u"线程"_s,   u"内存"_s,     u"函数"_s, u"返回"_s, u"错误"_s,
                             u"处理"_s,   u"机器学习"_s, u"模型"_s, u"训练"_s, u"梯度"_s,
                             u"的"_s,     u"是"_s,       u"在"_s,   u"和"_s,   u"我们"_s,
                             u"旅行"_s,   u"预算"_s,     u"合同"_s, u"会议"_s, u"总结"_s};

QString sentence(QRandomGenerator& rng, bool chinese, int words)
{
    const QStringList& vocabulary = chinese ? Chinese : English;
    QString out;
    for (int i = 0; i < words; ++i) {
        if (!chinese && i > 0)
            out += u' ';
        out += vocabulary.at(rng.bounded(int(vocabulary.size())));
    }
    return out + (chinese ? u"。"_s : u". "_s);
}

// User messages ~15 words, replies ~120 (a few paragraphs), a code block now and then.
QString text(QRandomGenerator& rng, bool chinese, bool reply)
{
    QString out;
    const int sentences = reply ? 4 + rng.bounded(14) : 1 + rng.bounded(3);
    for (int s = 0; s < sentences; ++s) {
        out += sentence(rng, chinese && rng.bounded(4) != 0, 5 + rng.bounded(12));
        if (reply && s % 4 == 3)
            out += u"\n\n"_s;
    }
    if (reply && rng.bounded(5) == 0)
        out += u"\n```python\nfor row in cursor.execute(query):\n    print(row)\n```\n"_s;
    return out;
}

ImportedConversation conversation(QRandomGenerator& rng, int index, int messages)
{
    const bool chinese = rng.bounded(3) == 0;
    ImportedConversation c;
    c.source = u"bench"_s;
    c.externalId = QString::number(index);
    c.title = sentence(rng, chinese, 3).chopped(chinese ? 1 : 2);
    c.createdAt = 1'600'000'000'000 + qint64(index) * 3'600'000;
    c.updatedAt = c.createdAt + qint64(messages) * 30'000;
    QString parent;
    for (int m = 0; m < messages; ++m) {
        ImportedMessage msg;
        msg.externalId = QString::number(m);
        msg.parentExternalId = parent;
        msg.role = m % 2 ? u"assistant"_s : u"user"_s;
        msg.content = text(rng, chinese, m % 2);
        msg.model = m % 2 ? u"gpt-4o"_s : QString();
        msg.createdAt = c.createdAt + qint64(m) * 30'000;
        parent = msg.externalId;
        c.messages.append(msg);
    }
    return c;
}

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * v.size())));
}

int build(const QString& dir, int conversations)
{
    const QString marker = QDir(dir).filePath(u"complete-%1"_s.arg(conversations));
    if (QFile::exists(marker)) {
        std::printf("journal: reusing %s\n", qPrintable(dir));
        return 0;
    }
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    auto journal = Journal::open(Journal::pathIn(dir));
    if (!journal) {
        std::fprintf(stderr, "%s\n", qPrintable(journal.error().message));
        return 1;
    }
    QRandomGenerator rng(2026);
    const int total = conversations * 100;
    int stored = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 chars = 0;
    for (int i = 0; i < conversations; ++i) {
        // One conversation of 2,000 messages; the others share the rest evenly.
        const int others = std::max(1, conversations - 1);
        const int other = i - (i > conversations / 2); // index among the others
        const int n = i == conversations / 2
                          ? 2000
                          : (total - 2000) / others + (other < (total - 2000) % others ? 1 : 0);
        const ImportedConversation c = conversation(rng, i, n);
        for (const ImportedMessage& m : c.messages)
            chars += m.content.size();
        if (auto r = journal.value()->importConversation(c); !r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
            return 1;
        }
        stored += n;
        if (i % 1000 == 999)
            std::fprintf(stderr, "  %d conversations, %d messages, %.0f s\n", i + 1, stored,
                         clock.elapsed() / 1000.0);
    }
    const double seconds = clock.elapsed() / 1000.0;
    QFile(marker).open(QIODevice::WriteOnly);
    std::printf("journal: %d conversations, %d messages, %.0f M characters, built in %.0f s "
                "(%.0f messages/s, FTS index included); file %.0f MB\n",
                conversations, stored, double(chars) / 1e6, seconds, stored / seconds,
                double(QFileInfo(Journal::pathIn(dir)).size()) / 1e6);
    return 0;
}

int importThroughput(const QString& dir)
{
    // A ChatGPT export of 2,000 conversations x 40 messages, in ChatGPT's own shape.
    QRandomGenerator rng(7);
    QJsonArray array;
    for (int i = 0; i < 2000; ++i) {
        const ImportedConversation c = conversation(rng, i, 40);
        QJsonObject mapping;
        QString parent;
        for (qsizetype m = 0; m < c.messages.size(); ++m) {
            const ImportedMessage& msg = c.messages[m];
            const QString id = u"n%1"_s.arg(m);
            const QString child = m + 1 < c.messages.size() ? u"n%1"_s.arg(m + 1) : QString();
            mapping.insert(
                id,
                QJsonObject{
                    {"id"_L1, id},
                    {"parent"_L1, parent.isEmpty() ? QJsonValue() : QJsonValue(parent)},
                    {"children"_L1, child.isEmpty() ? QJsonArray() : QJsonArray{child}},
                    {"message"_L1,
                     QJsonObject{{"id"_L1, id},
                                 {"author"_L1, QJsonObject{{"role"_L1, msg.role}}},
                                 {"create_time"_L1, double(msg.createdAt) / 1000.0},
                                 {"content"_L1, QJsonObject{{"content_type"_L1, u"text"_s},
                                                            {"parts"_L1, QJsonArray{msg.content}}}},
                                 {"metadata"_L1, QJsonObject{{"model_slug"_L1, msg.model}}}}}});
            parent = id;
        }
        array.append(QJsonObject{{"id"_L1, u"bench-%1"_s.arg(i)},
                                 {"title"_L1, c.title},
                                 {"create_time"_L1, double(c.createdAt) / 1000.0},
                                 {"update_time"_L1, double(c.updatedAt) / 1000.0},
                                 {"current_node"_L1, parent},
                                 {"mapping"_L1, mapping}});
    }
    QDir().mkpath(dir);
    const QString file = QDir(dir).filePath(u"conversations.json"_s);
    {
        QFile f(file);
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(array).toJson(QJsonDocument::Compact));
    }
    array = {};
    const QString target = QDir(dir).filePath(u"import-target"_s);
    QDir(target).removeRecursively();
    QDir().mkpath(target);
    auto journal = Journal::open(Journal::pathIn(target));
    auto report = importFile(*journal.value(), file);
    if (!report) {
        std::fprintf(stderr, "%s\n", qPrintable(report.error().message));
        return 1;
    }
    const ImportReport& r = report.value();
    std::printf("import: %.0f MB ChatGPT export, %d conversations, %d messages in %.1f s: "
                "%.1f MB/s (peak RSS of this process so far %lld MB)\n",
                double(r.bytes) / 1e6, r.conversationsAdded, r.messagesAdded, r.elapsedMs / 1000.0,
                double(r.bytes) / 1e6 / (r.elapsedMs / 1000.0), tether::bench::peakRssKb() / 1024);
    return 0;
}

// The GUI process: prints one line per measure.
int gui(int argc, char* argv[], const QString& dir, qint64 spawnedAtMs)
{
    QApplication app(argc, argv);
    QElapsedTimer clock;
    clock.start();
    Engine engine(dir);
    ProviderConfig provider;
    provider.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
    ui::MainWindow window(engine, provider);
    auto* list = window.findChild<QListView*>(u"conversations"_s);
    QSignalSpy listed(list->model(), &QAbstractItemModel::modelReset);
    window.show();
    engine.start();
    if (!QTest::qWaitForWindowExposed(&window) || !listed.wait(10000))
        return 1;
    QCoreApplication::processEvents();
    const qint64 ready = QDateTime::currentMSecsSinceEpoch();
    std::printf("gui: cold start (process start to window shown and first %d conversations "
                "listed) %lld ms, of which in main() %lld ms\n",
                list->model()->rowCount(), static_cast<long long>(ready - spawnedAtMs),
                static_cast<long long>(clock.elapsed()));

    // Sidebar scroll: fetch and show 20 more pages, as scrolling to the bottom does.
    QList<double> pages;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer t;
        t.start();
        const int before = list->model()->rowCount();
        list->scrollToBottom();
        if (!QTest::qWaitFor([&] { return list->model()->rowCount() > before; }, 5000))
            break;
        QCoreApplication::processEvents();
        pages.append(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("gui: sidebar scroll, a page of 100 conversations fetched and shown: p50 %.1f ms, "
                "p95 %.1f ms (%lld pages, %d rows)\n",
                percentile(pages, 0.5), percentile(pages, 0.95),
                static_cast<long long>(pages.size()), list->model()->rowCount());

    // The 2,000-message conversation: asked of the engine thread, then rendered.
    auto j = Journal::open(engine.journalPath());
    QSqlQuery q(j.value()->database());
    q.exec(u"SELECT conversation_id FROM messages GROUP BY conversation_id "
           "ORDER BY count(*) DESC LIMIT 1"_s);
    q.next();
    const qint64 big = q.value(0).toLongLong();
    QSignalSpy loaded(window.findChild<ui::ConversationView*>(), &ui::ConversationView::rendered);
    QElapsedTimer open;
    open.start();
    window.openConversation(big);
    if (!loaded.wait(20000))
        return 1;
    const double openMs = double(open.nsecsElapsed()) / 1e6;
    QCoreApplication::processEvents();
    const double shownMs = double(open.nsecsElapsed()) / 1e6;
    std::printf(
        "gui: open the 2,000-message conversation: loaded and rendered %.0f ms, painted "
        "%.0f ms (%lld characters)\n",
        openMs, shownMs,
        static_cast<long long>(
            window.findChild<QTextBrowser*>(u"transcript"_s)->document()->characterCount()));

    // Search through the engine's search thread, as the sidebar does.
    const auto measure = [&](const char* name, const QStringList& queries) {
        QList<double> times;
        int hits = 0;
        for (const QString& query : queries) {
            QElapsedTimer t;
            t.start();
            SearchJob* job = engine.search(query, 50);
            bool done = false;
            QObject context; // a late answer after a timeout finds nobody
            QObject::connect(job, &Job::succeeded, &context, [&, job] {
                hits += int(job->hits().size());
                done = true;
            });
            if (!QTest::qWaitFor([&] { return done; }, 30000))
                return;
            times.append(double(t.nsecsElapsed()) / 1e6);
        }
        std::printf("gui: search %-28s p50 %6.1f ms, p95 %6.1f ms, max %6.1f ms (%lld queries, "
                    "%d hits)\n",
                    name, percentile(times, 0.5), percentile(times, 0.95),
                    *std::max_element(times.begin(), times.end()),
                    static_cast<long long>(times.size()), hits);
    };
    QRandomGenerator rng(99);
    QStringList english, englishPairs, chinese3, chinese2, rare;
    for (int i = 0; i < 40; ++i) {
        english << English.at(10 + rng.bounded(int(English.size()) - 10));
        englishPairs << English.at(10 + rng.bounded(30)) + u' ' + English.at(10 + rng.bounded(30));
        chinese3 << QStringList{u"数据库"_s, u"机器学习"_s, u"数据库索引"_s, u"模型训练"_s}.at(i %
                                                                                               4);
        chinese2 << Chinese.at(1 + rng.bounded(14));
        rare << u"zzqx%1"_s.arg(i);
    }
    measure("English word:", english);
    measure("English two words:", englishPairs);
    measure("Chinese, 3+ characters:", chinese3);
    measure("Chinese, 2 characters:", chinese2);
    measure("no match:", rare);
    std::printf("gui: peak RSS %lld MB\n", tether::bench::peakRssKb() / 1024);
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QString dir = QDir::temp().filePath(u"tether-bench-history"_s);
    int conversations = 10'000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--data") == 0)
            dir = QString::fromLocal8Bit(argv[++i]);
        else if (qstrcmp(argv[i], "--conversations") == 0)
            conversations = QByteArray(argv[++i]).toInt();
        else if (qstrcmp(argv[i], "--gui") == 0 && i + 2 < argc) {
            const QString journalDir = QString::fromLocal8Bit(argv[i + 1]);
            return gui(argc, argv, journalDir, QByteArray(argv[i + 2]).toLongLong());
        }
    }
    {
        QCoreApplication app(argc, argv);
        if (int r = build(dir, conversations))
            return r;
        if (int r = importThroughput(QDir::temp().filePath(u"tether-bench-import"_s)))
            return r;
    }
    // A new process, as a user starting the app: nothing of the journal is in its memory.
    QCoreApplication app(argc, argv);
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(u"QT_QPA_PLATFORM"_s))
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::temp().filePath(u"tether-bench-config"_s));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(),
                {u"--gui"_s, dir, QString::number(QDateTime::currentMSecsSinceEpoch())});
    child.waitForFinished(600'000);
    return child.exitCode();
}
