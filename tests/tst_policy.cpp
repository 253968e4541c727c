// SPDX-License-Identifier: GPL-3.0-or-later
// Retry policy, Retry-After, circuit breaker and continuation building, without a network.
#include "engine/resilience/circuitbreaker.h"
#include "engine/resilience/continuation.h"
#include "engine/resilience/retrypolicy.h"
#include "engine/stream/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

class TestPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backoffIsFullJitterUnderTheCap()
    {
        RetryPolicy p;
        QRandomGenerator rng(7);
        for (int failures = 1; failures <= 12; ++failures) {
            const double ceiling =
                std::min(double(p.maxDelayMs), double(p.baseDelayMs) * (1 << (failures - 1)));
            qint64 lo = LLONG_MAX;
            qint64 hi = 0;
            for (int i = 0; i < 2000; ++i) {
                const qint64 d = backoffDelayMs(p, failures, rng);
                QVERIFY(d >= 0 && d <= qint64(ceiling));
                lo = std::min(lo, d);
                hi = std::max(hi, d);
            }
            // Full jitter spreads over the whole range, not just near the ceiling.
            QVERIFY(lo < ceiling * 0.05);
            QVERIFY(hi > ceiling * 0.95);
        }
    }

    void clearTextKeyIsRecognised_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("clearText");
        QTest::newRow("http public") << u"http://api.example.com/v1"_s << true;
        QTest::newRow("http public IP") << u"http://203.0.113.9:8080/v1"_s << true;
        QTest::newRow("https public") << u"https://api.example.com/v1"_s << false;
        QTest::newRow("loopback") << u"http://127.0.0.1:11434/v1"_s << false;
        QTest::newRow("localhost") << u"http://localhost:1234/v1"_s << false;
        QTest::newRow("IPv6 loopback") << u"http://[::1]:8000/v1"_s << false;
        QTest::newRow("home network") << u"http://192.168.1.20:8080/v1"_s << false;
        QTest::newRow("office network") << u"http://10.2.3.4/v1"_s << false;
        QTest::newRow("mDNS name") << u"http://gpu-box.local:8000/v1"_s << false;
        QTest::newRow("172.32 is public") << u"http://172.32.0.1/v1"_s << true;
    }

    void clearTextKeyIsRecognised()
    {
        QFETCH(QString, url);
        QFETCH(bool, clearText);
        QCOMPARE(sendsKeyInClearText(QUrl(url)), clearText);
    }

    void redirectRule_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("same origin")
            << u"https://api.example.com/v1"_s << u"https://api.example.com/v2/x"_s << true;
        QTest::newRow("explicit default port")
            << u"https://api.example.com/v1"_s << u"https://api.example.com:443/v1"_s << true;
        QTest::newRow("host case") << u"http://Host:8080/v1"_s << u"http://host:8080/x"_s << true;
        QTest::newRow("upgrade to https")
            << u"http://api.example.com/v1"_s << u"https://api.example.com/v1"_s << true;
        QTest::newRow("downgrade to http")
            << u"https://api.example.com/v1"_s << u"http://api.example.com/v1"_s << false;
        QTest::newRow("other port")
            << u"http://127.0.0.1:8080/v1"_s << u"http://127.0.0.1:8081/v1"_s << false;
        QTest::newRow("other host")
            << u"https://api.example.com/v1"_s << u"https://evil.example.net/v1"_s << false;
        QTest::newRow("subdomain")
            << u"https://example.com/v1"_s << u"https://api.example.com/v1"_s << false;
        QTest::newRow("loopback by another name")
            << u"http://127.0.0.1:1/v1"_s << u"http://localhost:1/v1"_s << false;
    }

    void redirectRule()
    {
        QFETCH(QString, origin);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        QCOMPARE(mayFollowRedirect(QUrl(origin), QUrl(to)), allowed);
    }

    void publicUrlHasNoCredentials_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("shown");
        QTest::newRow("user and password")
            << u"http://user:pa55word@host:8080/v1"_s << u"http://host:8080/v1"_s;
        QTest::newRow("azure api-key in the query")
            << u"https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21&api-key=s3cr3t"_s
            << u"https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21"_s;
        QTest::newRow("token and sig")
            << u"https://h/v1?token=a&sig=b&Access_Token=c"_s << u"https://h/v1"_s;
        QTest::newRow("nothing secret")
            << u"https://api.openai.com/v1"_s << u"https://api.openai.com/v1"_s;
    }

    void publicUrlHasNoCredentials()
    {
        QFETCH(QString, url);
        QFETCH(QString, shown);
        QCOMPARE(publicUrl(QUrl(url)), shown);
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("ms");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("ms wins") << QByteArray("1500") << QByteArray("9") << qint64(1500);
        QTest::newRow("seconds") << QByteArray() << QByteArray("2") << qint64(2000);
        QTest::newRow("fraction") << QByteArray() << QByteArray("0.25") << qint64(250);
        QTest::newRow("date") << QByteArray() << QByteArray("Tue, 24 Nov 2026 10:00:07 GMT")
                              << qint64(7000);
        QTest::newRow("past date")
            << QByteArray() << QByteArray("Tue, 24 Nov 2026 09:00:00 GMT") << qint64(0);
        QTest::newRow("absent") << QByteArray() << QByteArray() << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << QByteArray("later") << qint64(-1);
        QTest::newRow("negative") << QByteArray() << QByteArray("-3") << qint64(-1);
    }

    void retryAfter()
    {
        QFETCH(QByteArray, ms);
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const QDateTime now(QDate(2026, 11, 24), QTime(10, 0, 0), Qt::UTC);
        QCOMPARE(retryAfterMs(ms, value, now), expected);
    }

    void shouldRetry()
    {
        QCOMPARE(shouldRetryHeader("true"), ServerRetryHint::Retry);
        QCOMPARE(shouldRetryHeader(" False "), ServerRetryHint::DontRetry);
        QCOMPARE(shouldRetryHeader(""), ServerRetryHint::None);
        QCOMPARE(shouldRetryHeader("maybe"), ServerRetryHint::None);
        QVERIFY(tether::engine::shouldRetry(ErrorCode::HttpRefused, ServerRetryHint::Retry));
        QVERIFY(!tether::engine::shouldRetry(ErrorCode::HttpRetryable, ServerRetryHint::DontRetry));
        QVERIFY(tether::engine::shouldRetry(ErrorCode::Network, ServerRetryHint::None));
        QVERIFY(!tether::engine::shouldRetry(ErrorCode::HttpRefused, ServerRetryHint::None));
        // One classification for generations and the model list alike.
        for (int status : {408, 409, 429, 500, 502, 503, 504})
            QCOMPARE(httpErrorCode(status), ErrorCode::HttpRetryable);
        for (int status : {400, 401, 403, 404, 422})
            QCOMPARE(httpErrorCode(status), ErrorCode::HttpRefused);
        QCOMPARE(statusAfter(ErrorCode::HttpRetryable), GenerationStatus::Interrupted);
        QCOMPARE(statusAfter(ErrorCode::HttpRefused), GenerationStatus::Failed);
        QCOMPARE(statusAfter(ErrorCode::Cancelled), GenerationStatus::Cancelled);
    }

    void circuitBreakerOpensAndCloses()
    {
        CircuitBreaker b(3, 1000);
        const QString key = u"http://a/v1"_s;
        QVERIFY(b.tryAcquire(key, 0));
        b.recordFailure(key, 0);
        b.recordFailure(key, 10);
        QCOMPARE(b.state(key, 10), CircuitBreaker::State::Closed);
        b.recordFailure(key, 20); // third in a row
        QCOMPARE(b.state(key, 21), CircuitBreaker::State::Open);
        QVERIFY(!b.tryAcquire(key, 500));
        QVERIFY(b.tryAcquire(u"http://other/v1"_s, 500)); // per provider
        QCOMPARE(b.reopensAt(key), 1020);
        // After the cool-down exactly one probe goes.
        QVERIFY(b.tryAcquire(key, 1020));
        QVERIFY(!b.tryAcquire(key, 1030));
        QVERIFY(b.tryAcquire(key, 2020)); // a probe lost for a whole cool-down is replaced
        b.recordFailure(key, 1100);       // the probe failed: open again
        QVERIFY(!b.tryAcquire(key, 1500));
        QVERIFY(b.tryAcquire(key, 2100));
        b.recordSuccess(key); // the probe worked: closed
        QCOMPARE(b.state(key, 2100), CircuitBreaker::State::Closed);
        QVERIFY(b.tryAcquire(key, 2100));
        QVERIFY(b.tryAcquire(key, 2100));
        // A success in between resets the count.
        b.recordFailure(key, 3000);
        b.recordFailure(key, 3000);
        b.recordSuccess(key);
        b.recordFailure(key, 3000);
        QCOMPARE(b.state(key, 3000), CircuitBreaker::State::Closed);
    }

    void continuationChosenFromHost_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("mode");
        QTest::newRow("loopback") << u"http://127.0.0.1:8080/v1"_s
                                  << int(ContinuationMode::Prefill);
        QTest::newRow("localhost")
            << u"http://localhost:11434/v1"_s << int(ContinuationMode::Prefill);
        QTest::newRow("lan") << u"http://192.168.1.20:1234/v1"_s << int(ContinuationMode::Prefill);
        QTest::newRow("10/8") << u"http://10.1.2.3/v1"_s << int(ContinuationMode::Prefill);
        QTest::newRow("ipv6 loopback")
            << u"http://[::1]:8000/v1"_s << int(ContinuationMode::Prefill);
        QTest::newRow("deepseek") << u"https://api.deepseek.com/beta"_s
                                  << int(ContinuationMode::Prefix);
        QTest::newRow("mistral") << u"https://api.mistral.ai/v1"_s << int(ContinuationMode::Prefix);
        QTest::newRow("openai") << u"https://api.openai.com/v1"_s
                                << int(ContinuationMode::Instruct);
        QTest::newRow("unknown public")
            << u"https://llm.example.com/v1"_s << int(ContinuationMode::Instruct);
    }

    void continuationChosenFromHost()
    {
        QFETCH(QString, url);
        QFETCH(int, mode);
        QCOMPARE(int(resolveContinuation(ContinuationMode::Auto, QUrl(url))), mode);
        // An explicit choice always wins.
        QCOMPARE(resolveContinuation(ContinuationMode::Restart, QUrl(url)),
                 ContinuationMode::Restart);
    }

    void continuationBodies()
    {
        const QByteArray original =
            R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
        const auto body = [&](ContinuationMode m) {
            return QJsonDocument::fromJson(continuationBody(original, m, u"Hello wor"_s)).object();
        };
        const QJsonObject prefill = body(ContinuationMode::Prefill);
        QJsonArray messages = prefill.value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[1].toObject().value("role"_L1), u"assistant"_s);
        QCOMPARE(messages[1].toObject().value("content"_L1), u"Hello wor"_s);
        QVERIFY(prefill.value("stream"_L1).toBool());

        messages = body(ContinuationMode::Prefix).value("messages"_L1).toArray();
        QVERIFY(messages[1].toObject().value("prefix"_L1).toBool());

        const QJsonObject vllm = body(ContinuationMode::Vllm);
        QVERIFY(vllm.value("continue_final_message"_L1).toBool());
        QCOMPARE(vllm.value("add_generation_prompt"_L1), QJsonValue(false));

        messages = body(ContinuationMode::Instruct).value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[2].toObject().value("role"_L1), u"user"_s);

        QCOMPARE(continuationBody(original, ContinuationMode::Restart, u"x"_s), original);
        QCOMPARE(continuationBody(original, ContinuationMode::Prefill, QString()), original);
    }

    void overlapTrimmer_data()
    {
        QTest::addColumn<QString>("partial");
        QTest::addColumn<QStringList>("pieces");
        QTest::addColumn<QString>("expected");
        QTest::newRow("repeats the tail")
            << u"The quick brown fo"_s << QStringList{u"quick "_s, u"brown fox"_s, u" jumps"_s}
            << u"x jumps"_s;
        QTest::newRow("repeats a word part")
            << u"The quick brown fo"_s << QStringList{u"fox jumps over the lazy dog"_s}
            << u"x jumps over the lazy dog"_s;
        QTest::newRow("no overlap")
            << u"The quick brown fox"_s << QStringList{u" jumps"_s, u" over"_s} << u" jumps over"_s;
        QTest::newRow("short stream") << u"abc"_s << QStringList{u"bc"_s} << QString();
        QTest::newRow("empty partial") << QString() << QStringList{u"all new"_s} << u"all new"_s;
    }

    void overlapTrimmer()
    {
        QFETCH(QString, partial);
        QFETCH(QStringList, pieces);
        QFETCH(QString, expected);
        OverlapTrimmer t(partial, 16);
        QString out;
        for (const QString& p : pieces)
            out += t.feed(p);
        out += t.flush();
        QCOMPARE(out, expected);
        QCOMPARE(partial + out, partial + expected);
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
