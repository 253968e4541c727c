// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the engine tests share: one engine and a reader of its journal for the whole run, a
// request to a mock server, and the check that every shown batch is already committed.
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "mockserver.h"
#include "recorder.h"
#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

inline const QStringList Pieces = {u"Hello"_s, u", "_s,          u"wörld"_s,        u"! 中文"_s,
                                   u" 🎉 "_s,   u"line\nbreak"_s, u" \"quoted\" "_s, u"end."_s};

class EngineFixture : public QObject {
protected:
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Journal> m_reader; // the test thread's own connection

    // One attempt unless said otherwise: these tests look at how a single stream ends;
    // tst_resilience looks at what retries make of it.
    SendRequest request(const MockServer& server, Api api = Api::ChatCompletions,
                        const QString& text = u"Hi"_s, int maxAttempts = 1)
    {
        SendRequest r;
        r.userText = text;
        r.provider.name = u"mock"_s;
        r.provider.baseUrl = server.baseUrl();
        r.provider.model = u"mock-model"_s;
        r.provider.apiKey = u"sk-test-SECRET-123"_s;
        r.provider.api = api;
        r.provider.retry.maxAttempts = maxAttempts;
        return r;
    }

    // Runs one generation to its end. Checks on every batch that what is shown is already in
    // the journal.
    std::unique_ptr<Recorder> run(const SendRequest& r)
    {
        Generation* generation = m_engine->send(r);
        auto rec = std::make_unique<Recorder>(generation);
        connect(generation, &Generation::chunksAdded, rec.get(),
                [this](const ChunkBatch& b) { verifyCommitted(b); });
        if (!rec->wait(20000))
            qWarning("generation did not finish: %s", qPrintable(rec->sendError));
        return rec;
    }

    void verifyCommitted(const ChunkBatch& b)
    {
        QSqlQuery q(m_reader->database());
        q.prepare(u"SELECT count(*) FROM chunks WHERE generation_id = ? AND seq <= ?"_s);
        q.addBindValue(b.generationId);
        q.addBindValue(b.lastSeq);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toLongLong(), b.lastSeq);
        q.prepare(u"SELECT text FROM chunks WHERE generation_id = ? AND seq BETWEEN ? AND ? "
                  "AND kind = 0 ORDER BY seq"_s);
        q.addBindValue(b.generationId);
        q.addBindValue(b.firstSeq);
        q.addBindValue(b.lastSeq);
        QVERIFY(q.exec());
        QString text;
        while (q.next())
            text += q.value(0).toString();
        QCOMPARE(text, b.text);
    }

    MessageRecord storedReply(qint64 conversationId)
    {
        auto c = m_reader->conversation(conversationId);
        if (!c.ok() || c.value().messages.isEmpty())
            return {};
        return c.value().messages.last();
    }

    void setUpFixture()
    {
        QVERIFY(m_dir.isValid());
        m_engine = std::make_unique<Engine>(m_dir.path());
        QSignalSpy ready(m_engine.get(), &Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
        auto reader = Journal::open(m_engine->journalPath());
        QVERIFY(reader.ok());
        m_reader = std::move(reader).value();
    }

    void tearDownFixture()
    {
        m_reader.reset();
        m_engine.reset();
    }
};
