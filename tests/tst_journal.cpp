// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/journal/journal.h"
#include "engine/journal/row.h"
#include "filemodes.h"
#include "sanitizers.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

namespace {

SendRequest request(const QString& text, qint64 conversation = 0)
{
    SendRequest r;
    r.conversationId = conversation;
    r.userText = text;
    r.provider.name = u"test"_s;
    r.provider.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
    r.provider.model = u"m"_s;
    r.provider.apiKey = u"sk-never-stored"_s;
    return r;
}

std::vector<Delta> deltas(std::initializer_list<std::pair<ChunkKind, const char*>> items)
{
    std::vector<Delta> out;
    for (const auto& [kind, text] : items)
        out.push_back(Delta{kind, QString::fromUtf8(text), -1});
    return out;
}

// A v1 journal (the first release's schema) with a conversation and a reply cut off mid-stream.
void makeVersion1(const QString& path, const QString& extraStatement = {})
{
    auto v1 = Journal::open(path, 1);
    QVERIFY(v1.ok());
    QSqlQuery q(v1.value()->database());
    QVERIFY(q.exec(u"INSERT INTO conversations(id, title, created_at, updated_at) "
                   "VALUES(1, 'old', 10, 20)"_s));
    QVERIFY(q.exec(u"INSERT INTO messages(id, conversation_id, role, content, status, "
                   "created_at) VALUES(1, 1, 'user', 'hi', 'completed', 10), "
                   "(2, 1, 'assistant', '', 'streaming', 11)"_s));
    QVERIFY(q.exec(u"INSERT INTO generations(id, message_id, status, created_at) "
                   "VALUES(1, 2, 'streaming', 11)"_s));
    QVERIFY(q.exec(u"INSERT INTO chunks(generation_id, seq, kind, text, received_at) "
                   "VALUES(1, 1, 0, 'par', 12), (1, 2, 0, 'tial', 13)"_s));
    if (!extraStatement.isEmpty())
        QVERIFY(q.exec(extraStatement));
}

// What a journal holds, table by table, as text: equal dumps are equal journals.
QString dump(const QString& path)
{
    const QString name = u"dump-%1"_s.arg(QRandomGenerator::global()->generate());
    QString out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open())
            return u"cannot open: "_s + db.lastError().text();
        QSqlQuery q(db);
        q.exec(u"PRAGMA user_version"_s);
        q.next();
        out += u"version "_s + q.value(0).toString() + u'\n';
        QStringList tables;
        q.exec(u"SELECT name, sql FROM sqlite_master ORDER BY name"_s);
        while (q.next()) {
            out += q.value(0).toString() + u": "_s + q.value(1).toString() + u'\n';
            if (q.value(1).toString().startsWith(u"CREATE TABLE"_s))
                tables.append(q.value(0).toString());
        }
        for (const QString& t : tables) {
            QSqlQuery rows(db);
            rows.exec(u"SELECT * FROM \"%1\""_s.arg(t));
            while (rows.next()) {
                QStringList values;
                for (int i = 0; i < rows.record().count(); ++i)
                    values.append(rows.value(i).toString());
                out += t + u" | "_s + values.join(u" | "_s) + u'\n';
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

QStringList backups(const QString& dir)
{
    return QDir(dir).entryList({u"journal-schema*.sqlite"_s}, QDir::Files, QDir::Name);
}

} // namespace

class TestJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every read goes by column name (engine/journal/row.h): a name that is not in the SELECT
    // list fails the test that reads it, instead of reading NULL.
    void init() { QTest::failOnWarning(QRegularExpression(u"no column"_s)); }

    void rowReadsByNameAndWarnsOnAnUnknownOne()
    {
        QTemporaryDir dir;
        auto j = Journal::open(Journal::pathIn(dir.path()));
        QVERIFY(j.ok());
        QSqlQuery q(j.value()->database());
        QVERIFY2(q.exec(u"SELECT 7 AS seven, NULL AS absent, 'x' AS letter"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        const Row row(q);
        QCOMPARE(row["letter"_L1].toString(), u"x"_s);
        QCOMPARE(row["seven"_L1].toInt(), 7);
        QVERIFY(row.isNull("absent"_L1));
        QCOMPARE(row.integerOr("absent"_L1, -1), -1);
        QCOMPARE(row.integerOr("seven"_L1, -1), 7);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"no column .*sevn"_s));
        QVERIFY(!row["sevn"_L1].isValid());
    }

    void createsLatestSchema()
    {
        QTemporaryDir dir;
        auto j = Journal::open(Journal::pathIn(dir.path()));
        QVERIFY2(j.ok(), qPrintable(j.ok() ? QString() : j.error().message));
        QCOMPARE(j.value()->schemaVersion(), Journal::LatestVersion);
        QSqlQuery q(j.value()->database());
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
        QVERIFY(q.exec(u"PRAGMA synchronous"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 1); // NORMAL
    }

    void migratesFromVersion1KeepingData()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        {
            auto v1 = Journal::open(path, 1);
            QVERIFY(v1.ok());
            QCOMPARE(v1.value()->schemaVersion(), 1);
            QSqlQuery q(v1.value()->database());
            QVERIFY(q.exec(u"INSERT INTO conversations(id, title, created_at, updated_at) "
                           "VALUES(1, 'old', 10, 20)"_s));
            QVERIFY(q.exec(u"INSERT INTO messages(id, conversation_id, role, content, status, "
                           "created_at) VALUES(1, 1, 'user', 'hi', 'completed', 10), "
                           "(2, 1, 'assistant', '', 'streaming', 11)"_s));
            QVERIFY(q.exec(u"INSERT INTO generations(id, message_id, status, created_at) "
                           "VALUES(1, 2, 'streaming', 11)"_s));
            QVERIFY(q.exec(u"INSERT INTO chunks(generation_id, seq, kind, text, received_at) "
                           "VALUES(1, 1, 0, 'par', 12), (1, 2, 0, 'tial', 13)"_s));
            // v1 has no v2 columns.
            QVERIFY(!q.exec(u"SELECT attempt FROM chunks"_s));
        }
        auto j = Journal::open(path);
        QVERIFY(j.ok());
        QCOMPARE(j.value()->schemaVersion(), Journal::LatestVersion);
        auto c = j.value()->conversation(1);
        QVERIFY(c.ok());
        QCOMPARE(c.value().title, u"old"_s);
        QCOMPARE(c.value().messages.size(), 2);
        QCOMPARE(c.value().messages[0].content, u"hi"_s);
        // The streaming reply cut off under v1 reads back from its chunks.
        QCOMPARE(c.value().messages[1].content, u"partial"_s);
        QCOMPARE(c.value().messages[1].status, GenerationStatus::Streaming);
        QSqlQuery q(j.value()->database());
        QVERIFY(q.exec(u"SELECT attempt FROM chunks WHERE generation_id = 1 ORDER BY seq"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    // Schema 7: system prompts sent as messages become the conversation's own (joined, in
    // order), those messages are hidden, and the conversation takes its latest generation's
    // profile and model.
    void migratesSystemPromptsAndModelOntoTheConversation()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        {
            auto v6 = Journal::open(path, 6);
            QVERIFY(v6.ok());
            QSqlQuery q(v6.value()->database());
            QVERIFY(q.exec(u"INSERT INTO conversations(id, title, created_at, updated_at) "
                           "VALUES(1, 'with prompts', 10, 20), (2, 'plain', 10, 20)"_s));
            QVERIFY(q.exec(
                u"INSERT INTO messages(id, conversation_id, role, content, status, created_at) "
                "VALUES(1, 1, 'system', 'Be brief.', 'completed', 10), "
                "(2, 1, 'user', 'hi', 'completed', 10), (3, 1, 'assistant', 'hello', "
                "'completed', 11), (4, 1, 'system', 'Use French.', 'completed', 12), "
                "(5, 1, 'user', 'again', 'completed', 12), (6, 1, 'assistant', 'salut', "
                "'completed', 13), (7, 2, 'user', 'x', 'completed', 10)"_s));
            QVERIFY(q.exec(u"INSERT INTO generations(id, message_id, model, status, created_at, "
                           "profile) VALUES(1, 3, 'old-model', 'completed', 11, 'p1'), "
                           "(2, 6, 'new-model', 'completed', 13, 'p2')"_s));
        }
        auto j = Journal::open(path);
        QVERIFY(j.ok());
        auto c = j.value()->conversation(1);
        QVERIFY(c.ok());
        QCOMPARE(c.value().settings.systemPrompt, u"Be brief.\n\nUse French."_s);
        QCOMPARE(c.value().settings.model, u"new-model"_s);
        QCOMPARE(c.value().settings.profileId, u"p2"_s);
        QCOMPARE(c.value().messages.size(), 4); // the two system messages are no longer shown
        auto history = j.value()->historyBefore(1, 6);
        QVERIFY(history.ok());
        QCOMPARE(history.value().size(), 4);
        QCOMPARE(history.value().first(),
                 (ChatMessage{u"system"_s, u"Be brief.\n\nUse French."_s, {}, {}, {}}));
        QCOMPARE(history.value().last().content, u"again"_s); // parents from schema 8
        auto plain = j.value()->conversationSettings(2);
        QVERIFY(plain.ok());
        QCOMPARE(plain.value(), ConversationSettings{});
    }

    void migrationKeepsACopyOfTheOldJournal()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        makeVersion1(path);
        const QString before = dump(path);
        QVERIFY(before.startsWith(u"version 1\n"_s));
        QVERIFY(backups(dir.path()).isEmpty());
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            QCOMPARE(j.value()->schemaVersion(), Journal::LatestVersion);
        }
        const QStringList copies = backups(dir.path());
        QCOMPARE(copies.size(), 1);
        QVERIFY(copies[0].startsWith(u"journal-schema1-"_s));
        // The copy is the journal as it was, whole.
        QCOMPARE(dump(QDir(dir.path()).filePath(copies[0])), before);
#ifdef Q_OS_UNIX
        QCOMPARE(tether::test::unixMode(QDir(dir.path()).filePath(copies[0])), 0600);
#endif
        // Opening an up-to-date journal copies nothing.
        QVERIFY(Journal::open(path).ok());
        QCOMPARE(backups(dir.path()).size(), 1);
    }

    void onlyTheLastTwoCopiesAreKept()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        makeVersion1(path);
        const QDateTime base = QDateTime::currentDateTime().addDays(-1);
        for (int version = 2; version <= 5; ++version) {
            QVERIFY(Journal::open(path, version).ok());
            // Each copy an hour apart, as separate upgrades would be.
            for (const QString& name : backups(dir.path())) {
                const int from = name.mid(14, 1).toInt();
                QFile f(QDir(dir.path()).filePath(name));
                QVERIFY(f.open(QIODevice::ReadWrite));
                QVERIFY(
                    f.setFileTime(base.addSecs(3600 * from), QFileDevice::FileModificationTime));
            }
        }
        const QStringList copies = backups(dir.path());
        QCOMPARE(copies.size(), 2);
        QVERIFY(copies[0].startsWith(u"journal-schema3-"_s));
        QVERIFY(copies[1].startsWith(u"journal-schema4-"_s));
    }

    // A step that fails halfway (here: a table in the way of the search index, as another tool
    // might leave) after earlier steps succeeded: the journal is left exactly as it was.
    void failedMigrationLeavesTheJournalAsItWas()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        makeVersion1(path, u"CREATE TABLE messages_fts(x)"_s);
        const QString before = dump(path);
        auto j = Journal::open(path);
        QVERIFY(!j.ok());
        const QStringList copies = backups(dir.path());
        QCOMPARE(copies.size(), 1);
        const QString copy = QDir::toNativeSeparators(QDir(dir.path()).filePath(copies[0]));
        QVERIFY2(j.error().message.contains(u"left as it was"_s), qPrintable(j.error().message));
        QVERIFY2(j.error().message.contains(copy), qPrintable(j.error().message));
        QVERIFY2(j.error().message.contains(u"To go back"_s), qPrintable(j.error().message));
        QCOMPARE(dump(path), before);
        QCOMPARE(dump(QDir(dir.path()).filePath(copies[0])), before);
        // The previous release can still open it and read the cut-off reply.
        auto old = Journal::open(path, 1);
        QVERIFY(old.ok());
        QCOMPARE(old.value()->schemaVersion(), 1);
    }

#ifdef Q_OS_LINUX
    // A real full disk and a real read-only mount: a private tmpfs in a user and mount namespace
    // (unshare), the journal a v1 one with data, opened by the real tether-cli.
    void fullDiskOrReadOnlyMountLeavesTheJournalAsItWas_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("expected");
        QTest::newRow("full disk")
            << u"dd if=/dev/zero of=\"$D/fill\" bs=4k 2>/dev/null; true"_s << u"disk is full"_s;
        // Room to open the journal (its 32 KiB -shm file), none for the copy: no upgrade.
        QTest::newRow("no room for the copy")
            << u"dd if=/dev/zero of=\"$D/fill\" bs=4k 2>/dev/null; "
               "truncate -s -%1K \"$D/fill\""_s.arg(40)
            << u"could not copy the journal"_s;
        QTest::newRow("read-only mount") << u"mount -o remount,ro \"$D\""_s << u"read-only"_s;
    }

    void fullDiskOrReadOnlyMountLeavesTheJournalAsItWas()
    {
#ifdef TETHER_UNDER_TSAN
        QSKIP("ThreadSanitizer aborts in QProcess's fork; this runs in the plain and ASan builds");
#endif
        QFETCH(QString, fault);
        QFETCH(QString, expected);
        const QString cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY(QFileInfo(cli).isExecutable());
        QProcess probe;
        probe.start(u"unshare"_s, {u"-rm"_s, u"true"_s});
        if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
            QSKIP("unshare -rm is not available here (no user namespaces)");
        QTemporaryDir source;
        makeVersion1(Journal::pathIn(source.path()));
        QTemporaryDir mountPoint;
        const QString script = uR"(set -u
D="$1"
mount -t tmpfs -o size=1m tmpfs "$D" || exit 90
cp "$2/journal.sqlite" "$D/"
before=$(sha256sum < "$D/journal.sqlite")
%1
"$3" list --data-dir "$D" > "$D.out" 2> /dev/stderr
echo "exit=$?"
after=$(sha256sum < "$D/journal.sqlite")
[ "$before" = "$after" ] && echo "unchanged" || echo "CHANGED"
ls "$D" | grep -c 'schema1' | sed 's/^/copies=/'
# With room again (or writable again), the upgrade goes through and keeps the data.
rm -f "$D/fill"; mount -o remount,rw "$D" 2>/dev/null
"$3" list --data-dir "$D" --format json
echo "exit2=$?"
)"_s.arg(fault);
        QProcess p;
        p.start(u"unshare"_s, {u"-rm"_s, u"sh"_s, u"-c"_s, script, u"sh"_s, mountPoint.path(),
                               source.path(), cli});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        if (p.exitCode() == 90)
            QSKIP("cannot mount a tmpfs in a user namespace here");
        const QString both = out + u"\n"_s + err;
        QVERIFY2(out.contains(u"exit=1\n"_s), qPrintable(both));
        QVERIFY2(out.contains(u"unchanged\n"_s), qPrintable(both));
        QVERIFY2(err.contains(expected, Qt::CaseInsensitive), qPrintable(both));
        QVERIFY2(out.contains(u"\"title\": \"old\""_s), qPrintable(both));
        QVERIFY2(out.contains(u"exit2=0\n"_s), qPrintable(both));
    }
#endif

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            QSqlQuery q(j.value()->database());
            QVERIFY(q.exec(u"PRAGMA user_version = 99"_s));
        }
        auto j = Journal::open(path);
        QVERIFY(!j.ok());
        QCOMPARE(j.error().code, ErrorCode::DatabaseTooNew);
        QVERIFY(j.error().message.contains(u"newer"_s));
    }

    void corruptFileGivesClearError()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, '\x5a'));
        f.close();
        auto j = Journal::open(path);
        QVERIFY(!j.ok());
        QCOMPARE(j.error().code, ErrorCode::DatabaseCorrupt);
        QVERIFY(j.error().message.contains(u"damaged"_s));
        // Nothing was overwritten.
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray(8192, '\x5a'));
    }

    void exchangeChunksAndMaterialisation()
    {
        QTemporaryDir dir;
        auto opened = Journal::open(Journal::pathIn(dir.path()));
        QVERIFY(opened.ok());
        Journal& j = *opened.value();
        SendRequest r = request(u"Hello there"_s);
        r.systemPrompt = u"Be brief."_s;
        auto ex = j.beginExchange(r);
        QVERIFY2(ex.ok(), qPrintable(ex.ok() ? QString() : ex.error().message));
        QCOMPARE(ex.value().history.size(), 2);
        QCOMPARE(ex.value().history[0].role, u"system"_s);
        QCOMPARE(ex.value().history[1].content, u"Hello there"_s);
        const qint64 g = ex.value().generationId;

        QVERIFY(j.appendChunks(g, 1,
                               deltas({{ChunkKind::Reasoning, "hmm"}, {ChunkKind::Text, "Hi"}}), -1,
                               u"chatcmpl-1"_s, 100)
                    .ok());
        QVERIFY(j.appendChunks(g, 3, deltas({{ChunkKind::Text, ", 中文"}, {ChunkKind::Text, "!"}}),
                               -1, {}, 200)
                    .ok());
        // A batch that repeats a seq is refused whole: nothing of it is kept.
        auto dup = j.appendChunks(g, 4, deltas({{ChunkKind::Text, "X"}, {ChunkKind::Text, "Y"}}),
                                  -1, {}, 300);
        QVERIFY(!dup.ok());
        QCOMPARE(j.chunkText(g, ChunkKind::Text).value(), u"Hi, 中文!"_s);

        QSqlQuery q(j.database());
        QVERIFY(q.exec(u"SELECT seq FROM chunks WHERE generation_id = %1 ORDER BY seq"_s.arg(g)));
        qint64 expected = 1;
        while (q.next())
            QCOMPARE(q.value(0).toLongLong(), expected++);
        QCOMPARE(expected, 5);

        auto gen = j.generation(g);
        QVERIFY(gen.ok());
        QCOMPARE(gen.value().lastSeq, 4);
        QCOMPARE(gen.value().remoteId, u"chatcmpl-1"_s);
        QCOMPARE(gen.value().status, GenerationStatus::Streaming);

        GenerationOutcome o;
        o.status = GenerationStatus::Completed;
        o.finishReason = u"stop"_s;
        o.usage.outputTokens = 4;
        o.timings.firstTokenMs = 12;
        QVERIFY(j.finishGeneration(g, o).ok());
        auto c = j.conversation(ex.value().conversationId);
        QVERIFY(c.ok());
        QCOMPARE(c.value().title, u"Hello there"_s);
        // The system prompt is the conversation's, not one of its messages.
        QCOMPARE(c.value().settings.systemPrompt, u"Be brief."_s);
        QCOMPARE(c.value().messages.size(), 2);
        const MessageRecord& m = c.value().messages[1];
        QCOMPARE(m.role, u"assistant"_s);
        QCOMPARE(m.content, u"Hi, 中文!"_s);
        QCOMPARE(m.reasoning, u"hmm"_s);
        QCOMPARE(m.status, GenerationStatus::Completed);
        QCOMPARE(m.finishReason, u"stop"_s);
        QCOMPARE(m.usage.outputTokens, 4);
        QCOMPARE(m.timings.firstTokenMs, 12);
        QCOMPARE(m.model, u"m"_s);

        // A follow-up carries the whole conversation.
        auto next = j.beginExchange(request(u"And?"_s, ex.value().conversationId));
        QVERIFY(next.ok());
        QCOMPARE(next.value().history.size(), 4);
        QCOMPARE(next.value().history[2].content, u"Hi, 中文!"_s);
        QCOMPARE(j.lastConversationId().value(), ex.value().conversationId);
    }

    void fullDiskKeepsWhatWasCommitted()
    {
        QTemporaryDir dir;
        auto opened = Journal::open(Journal::pathIn(dir.path()));
        QVERIFY(opened.ok());
        Journal& j = *opened.value();
        auto ex = j.beginExchange(request(u"fill the disk"_s));
        QVERIFY(ex.ok());
        const qint64 g = ex.value().generationId;
        QVERIFY(j.appendChunks(g, 1, deltas({{ChunkKind::Text, "kept"}}), -1, {}, 4).ok());
        // Cap the file at its current size: the next growth fails with SQLITE_FULL, as on a full
        // disk.
        QSqlQuery q(j.database());
        QVERIFY(q.exec(u"PRAGMA page_count"_s) && q.next());
        QVERIFY(q.exec(u"PRAGMA max_page_count = %1"_s.arg(q.value(0).toLongLong())));
        std::vector<Delta> big;
        for (int i = 0; i < 64; ++i)
            big.push_back(Delta{ChunkKind::Text, QString(4096, u'x'), -1});
        auto r = j.appendChunks(g, 2, big, -1, {}, 5);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::DiskFull);
        QVERIFY(r.error().message.contains(u"disk is full"_s));
        // The failed batch left nothing behind and what was committed before is intact.
        QCOMPARE(j.chunkText(g, ChunkKind::Text).value(), u"kept"_s);
        QCOMPARE(j.generation(g).value().lastSeq, 1);
    }

    void unknownConversation()
    {
        QTemporaryDir dir;
        auto j = Journal::open(Journal::pathIn(dir.path()));
        QVERIFY(j.ok());
        auto ex = j.value()->beginExchange(request(u"x"_s, 42));
        QVERIFY(!ex.ok());
        QCOMPARE(ex.error().code, ErrorCode::NotFound);
        QCOMPARE(j.value()->conversation(42).error().code, ErrorCode::NotFound);
        QCOMPARE(j.value()->lastConversationId().error().code, ErrorCode::NotFound);
    }

    void apiKeyIsNeverStored()
    {
        QTemporaryDir dir;
        const QString path = Journal::pathIn(dir.path());
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            auto ex = j.value()->beginExchange(request(u"secret test"_s));
            QVERIFY(ex.ok());
        }
        for (const QString& file : QStringList{path, path + u"-wal"_s}) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                QVERIFY(!f.readAll().contains("sk-never-stored"));
        }
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
