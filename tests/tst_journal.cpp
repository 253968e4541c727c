#include "journal.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
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

} // namespace

class TestJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        QCOMPARE(ex.value().history[0].first, u"system"_s);
        QCOMPARE(ex.value().history[1].second, u"Hello there"_s);
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
        QCOMPARE(c.value().messages.size(), 3);
        const MessageRecord& m = c.value().messages[2];
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
        QCOMPARE(next.value().history[2].second, u"Hi, 中文!"_s);
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
