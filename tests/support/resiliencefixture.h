// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What tst_resilience and tst_resume share: an engine with its journal, a request to a mock
// server, and the figures the fault cases collect.
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "mockserver.h"
#include "recorder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace tether::test {

using namespace Qt::Literals::StringLiterals;

// Multi-byte characters, quotes and newlines so that cuts land inside all of them.
inline const QStringList Pieces = {u"Resil"_s,  u"ience: "_s,       u"中文字符"_s,   u" and "_s,
                                   u"é🎉"_s,     u" \"quoted\"\n"_s, u"line two, "_s, u"ünïcode "_s,
                                   u"終わり"_s, u" the end."_s};

inline QString fullText()
{
    return Pieces.join(QString());
}

class ResilienceFixture : public QObject {
protected:
    using SendRequest = engine::SendRequest;
    using Api = engine::Api;

    QTemporaryDir m_dir;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<engine::Journal> m_reader;
    int m_faultCases = 0;
    QList<qint64> m_dropToToken;

    SendRequest request(const MockServer& server, Api api = Api::ChatCompletions)
    {
        SendRequest r;
        r.userText = u"Tell me about resilience"_s;
        r.provider.name = u"mock"_s;
        r.provider.baseUrl = server.baseUrl();
        r.provider.model = u"mock-model"_s;
        r.provider.apiKey = u"sk-resilience"_s;
        r.provider.api = api;
        return r;
    }

    std::unique_ptr<Recorder> send(const SendRequest& r)
    {
        auto rec = std::make_unique<Recorder>(m_engine->send(r));
        return rec;
    }

    QString stored(qint64 conversationId)
    {
        auto c = m_reader->conversation(conversationId);
        return c ? c.value().messages.last().content : QString();
    }

    void startEngine()
    {
        m_engine = std::make_unique<engine::Engine>(m_dir.path());
        QSignalSpy ready(m_engine.get(), &engine::Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
        auto reader = engine::Journal::open(m_engine->journalPath());
        QVERIFY(reader.ok());
        m_reader = std::move(reader).value();
    }

    void stopEngine()
    {
        std::sort(m_dropToToken.begin(), m_dropToToken.end());
        if (!m_dropToToken.isEmpty()) {
            qInfo("fault cases run: %d; drop -> first resumed token: min %lld ms, median %lld "
                  "ms, max %lld ms (backoff with full jitter, base 0.5 s, included)",
                  m_faultCases, m_dropToToken.first(), m_dropToToken[m_dropToToken.size() / 2],
                  m_dropToToken.last());
        }
        m_reader.reset();
        m_engine.reset();
    }
};

} // namespace tether::test
