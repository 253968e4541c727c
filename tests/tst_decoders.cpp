// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/chatdecoder.h"
#include "engine/stream/responsesdecoder.h"

#include <QJsonDocument>
#include <QTest>

// Declared before the raw-string test data: moc does not tokenize raw strings.
class TestDecoders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chatTextReasoningRefusal();
    void chatFinishUsageDone();
    void chatEmptyChoicesAzure();
    void chatToolCallsAccumulateByIndex();
    void chatMidStreamErrors_data();
    void chatMidStreamErrors();
    void chatCloseWithoutDoneIsInterruption();
    void chatContentFilterAndMalformed();
    void chatReadsValidJsonSimdjsonDeclines();
    void responsesStream();
    void responsesDropsAlreadySeenSequenceNumbers();
    void responsesTerminals_data();
    void responsesTerminals();
    void responsesCloseWithoutTerminalIsInterruption();
    void responsesPolledFinalReadsLikeTheStream();
};

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

namespace {

SseEvent ev(const QByteArray& data, const QByteArray& type = "message")
{
    return SseEvent{type, data, {}};
}

QString joined(const std::vector<Delta>& deltas, ChunkKind kind)
{
    QString out;
    for (const Delta& d : deltas)
        if (d.kind == kind)
            out += d.text;
    return out;
}

QByteArray chunk(const QByteArray& delta, const QByteArray& finish = "null")
{
    return R"({"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}";
}

} // namespace

void TestDecoders::chatTextReasoningRefusal()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(chunk(R"({"role":"assistant","content":""})")), out);
    d.decode(ev(chunk(R"({"reasoning_content":"think "})")), out);
    d.decode(ev(chunk(R"({"reasoning":"more"})")), out);
    d.decode(ev(chunk(R"({"content":"Hel"})")), out);
    d.decode(ev(chunk(R"({"content":"lo \u4e2d"})")), out);
    d.decode(ev(chunk(R"({"refusal":"no"})")), out);
    QVERIFY(d.isOpen());
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("Hello 中"));
    QCOMPARE(joined(out, ChunkKind::Reasoning), QStringLiteral("think more"));
    QCOMPARE(joined(out, ChunkKind::Refusal), QStringLiteral("no"));
    QCOMPARE(out.size(), size_t(5)); // the empty role chunk adds nothing
    QCOMPARE(d.model(), QStringLiteral("m"));
}

void TestDecoders::chatFinishUsageDone()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(chunk(R"({"content":"x"})")), out);
    d.decode(ev(chunk("{}", R"("stop")")), out);
    QVERIFY(d.isOpen()); // the usage chunk may still come
    d.decode(
        ev(R"({"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":9,"total_tokens":12,"completion_tokens_details":{"reasoning_tokens":4}}})"),
        out);
    d.decode(ev("[DONE]"), out);
    QCOMPARE(d.state(), StreamState::Completed);
    QCOMPARE(d.finishReason(), QStringLiteral("stop"));
    QCOMPARE(d.usage().inputTokens, 3);
    QCOMPARE(d.usage().outputTokens, 9);
    QCOMPARE(d.usage().reasoningTokens, 4);
    d.decode(ev(chunk(R"({"content":"after done"})")), out);
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("x"));
}

void TestDecoders::chatEmptyChoicesAzure()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(R"({"choices":[],"prompt_filter_results":[{"prompt_index":0}]})"), out);
    d.decode(ev(R"({"id":"x","choices":[{"index":0,"delta":{},"content_filter_results":{}}]})"),
             out);
    QVERIFY(d.isOpen());
    QVERIFY(out.empty());
}

void TestDecoders::chatToolCallsAccumulateByIndex()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(
        ev(chunk(
            R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]})")),
        out);
    d.decode(
        ev(chunk(
            R"({"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]})")),
        out);
    d.decode(ev(chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]})")),
             out);
    d.decode(ev(chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]})")),
             out);
    d.decode(ev(chunk("{}", R"("tool_calls")")), out);
    d.decode(ev("[DONE]"), out);
    QCOMPARE(d.state(), StreamState::Completed);
    // Every fragment is journaled, and the calls are rebuilt from the journaled fragments.
    QStringList fragments;
    for (const Delta& x : out) {
        if (x.kind == ChunkKind::ToolCall)
            fragments.append(x.text);
    }
    QCOMPARE(fragments.size(), 4);
    const QList<ToolCallRecord> calls = assembleToolCalls(false, fragments);
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].callId, QStringLiteral("call_a"));
    QCOMPARE(calls[0].name, QStringLiteral("get_weather"));
    QCOMPARE(calls[0].arguments, QStringLiteral(R"({"city":"Paris"})"));
    QCOMPARE(calls[1].name, QStringLiteral("get_time"));
    QCOMPARE(calls[1].arguments, QStringLiteral("{}"));
    QCOMPARE(d.finishReason(), QStringLiteral("tool_calls"));
}

void TestDecoders::chatMidStreamErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    QTest::newRow("openai")
        << QByteArray(R"({"error":{"message":"overloaded","type":"server_error","code":"x1"}})")
        << QStringLiteral("overloaded (x1)");
    QTest::newRow("vllm")
        << QByteArray(
               R"({"object":"error","message":"bad things","type":"InternalServerError","code":500})")
        << QStringLiteral("bad things (500)");
    QTest::newRow("string") << QByteArray(R"({"error":"plain"})") << QStringLiteral("plain");
}

void TestDecoders::chatMidStreamErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(chunk(R"({"content":"partial"})")), out);
    d.decode(ev(data), out);
    QCOMPARE(d.state(), StreamState::Failed);
    QCOMPARE(d.error().code, ErrorCode::ServerError);
    QCOMPARE(d.error().message, message);
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("partial"));
}

void TestDecoders::chatCloseWithoutDoneIsInterruption()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(chunk(R"({"content":"half"})")), out);
    d.endOfStream();
    QCOMPARE(d.state(), StreamState::Interrupted);
    QCOMPARE(d.error().code, ErrorCode::Interrupted);

    ChatDecoder finished;
    finished.decode(ev(chunk(R"({"content":"all"})", R"("length")")), out);
    finished.endOfStream(); // finish_reason seen, only usage and [DONE] missing
    QCOMPARE(finished.state(), StreamState::Completed);
    QCOMPARE(finished.finishReason(), QStringLiteral("length"));
}

void TestDecoders::chatContentFilterAndMalformed()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(chunk("{}", R"("content_filter")")), out);
    d.decode(ev("[DONE]"), out);
    QCOMPARE(d.state(), StreamState::Failed);
    QCOMPARE(d.error().code, ErrorCode::ContentFilter);

    ChatDecoder bad;
    bad.decode(ev(R"({"choices":[{"delta":{"content":"x"})"), out);
    QCOMPARE(bad.state(), StreamState::Failed);
    QCOMPARE(bad.error().code, ErrorCode::Protocol);
    QVERIFY(bad.error().message.contains(QStringLiteral("malformed")));
}

// Valid JSON that simdjson's DOM parser refuses (an integer beyond 64 bits) is still read.
void TestDecoders::chatReadsValidJsonSimdjsonDeclines()
{
    ChatDecoder d;
    std::vector<Delta> out;
    d.decode(ev(R"({"id":"c1","created":123456789012345678901234567890,"choices":[{"index":0,)"
                R"("delta":{"content":"big \u00e9"},"finish_reason":null}]})"),
             out);
    d.decode(ev(chunk(R"({"content":"!"})")), out);
    QVERIFY(d.isOpen());
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("big é!"));
    QCOMPARE(d.remoteId(), QStringLiteral("c1"));
}

void TestDecoders::responsesStream()
{
    ResponsesDecoder d;
    std::vector<Delta> out;
    d.decode(
        ev(R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"gpt","status":"queued"}})",
           "response.created"),
        out);
    d.decode(
        ev(R"({"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_1"}})"),
        out);
    d.decode(
        ev(R"({"type":"response.reasoning_summary_text.delta","sequence_number":2,"delta":"hmm"})"),
        out);
    d.decode(
        ev(R"({"type":"response.output_text.delta","sequence_number":3,"item_id":"m","output_index":0,"content_index":0,"delta":"Hi "})"),
        out);
    d.decode(ev(R"({"type":"response.output_text.delta","sequence_number":4,"delta":"there"})"),
             out);
    d.decode(ev(R"({"type":"response.refusal.delta","sequence_number":5,"delta":"nope"})"), out);
    d.decode(ev(R"({"type":"response.output_text.done","sequence_number":6,"text":"Hi there"})"),
             out);
    QVERIFY(d.isOpen());
    QCOMPARE(d.remoteId(), QStringLiteral("resp_1"));
    QCOMPARE(d.lastProviderSeq(), 6);
    d.decode(
        ev(R"({"type":"response.completed","sequence_number":7,"response":{"id":"resp_1","status":"completed","usage":{"input_tokens":2,"output_tokens":5,"total_tokens":7,"output_tokens_details":{"reasoning_tokens":1}}}})"),
        out);
    QCOMPARE(d.state(), StreamState::Completed);
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("Hi there"));
    QCOMPARE(joined(out, ChunkKind::Reasoning), QStringLiteral("hmm"));
    QCOMPARE(joined(out, ChunkKind::Refusal), QStringLiteral("nope"));
    QCOMPARE(out[1].providerSeq, 3);
    QCOMPARE(out[2].providerSeq, 4);
    QCOMPARE(d.usage().outputTokens, 5);
    QCOMPARE(d.usage().reasoningTokens, 1);
}

void TestDecoders::responsesDropsAlreadySeenSequenceNumbers()
{
    ResponsesDecoder d;
    d.setLastProviderSeq(4);
    std::vector<Delta> out;
    d.decode(ev(R"({"type":"response.output_text.delta","sequence_number":4,"delta":"dup"})"), out);
    d.decode(ev(R"({"type":"response.output_text.delta","sequence_number":5,"delta":"new"})"), out);
    d.decode(ev(R"({"type":"response.output_text.delta","sequence_number":5,"delta":"dup"})"), out);
    QCOMPARE(joined(out, ChunkKind::Text), QStringLiteral("new"));
}

void TestDecoders::responsesTerminals_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("detail");
    QTest::newRow("error flat")
        << QByteArray(
               R"({"type":"error","sequence_number":1,"code":"server_error","message":"boom"})")
        << int(StreamState::Failed) << QStringLiteral("boom (server_error)");
    QTest::newRow("error nested")
        << QByteArray(
               R"({"type":"error","sequence_number":1,"error":{"code":"rate","message":"slow down"}})")
        << int(StreamState::Failed) << QStringLiteral("slow down (rate)");
    QTest::newRow("failed")
        << QByteArray(
               R"({"type":"response.failed","sequence_number":1,"response":{"id":"r","error":{"code":"server_error","message":"died"}}})")
        << int(StreamState::Failed) << QStringLiteral("died (server_error)");
    QTest::newRow("incomplete")
        << QByteArray(
               R"({"type":"response.incomplete","sequence_number":1,"response":{"id":"r","incomplete_details":{"reason":"max_output_tokens"}}})")
        << int(StreamState::Completed) << QStringLiteral("length");
    QTest::newRow("cancelled")
        << QByteArray(R"({"type":"response.cancelled","sequence_number":1,"response":{"id":"r"}})")
        << int(StreamState::Cancelled) << QString();
}

void TestDecoders::responsesTerminals()
{
    QFETCH(QByteArray, data);
    QFETCH(int, state);
    QFETCH(QString, detail);
    ResponsesDecoder d;
    std::vector<Delta> out;
    d.decode(ev(data), out);
    QCOMPARE(int(d.state()), state);
    if (d.state() == StreamState::Completed)
        QCOMPARE(d.finishReason(), detail);
    else if (!detail.isEmpty())
        QCOMPARE(d.error().message, detail);
}

void TestDecoders::responsesCloseWithoutTerminalIsInterruption()
{
    ResponsesDecoder d;
    std::vector<Delta> out;
    d.decode(ev(R"({"type":"response.output_text.delta","sequence_number":3,"delta":"x"})"), out);
    d.endOfStream();
    QCOMPARE(d.state(), StreamState::Interrupted);
}

// The poll path and the stream path must agree on what a final response means.
void TestDecoders::responsesPolledFinalReadsLikeTheStream()
{
    const auto object = [](const char* json) {
        return QJsonDocument::fromJson(QByteArray(json)).object();
    };
    const char* incomplete =
        R"({"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},)"
        R"("output":[{"type":"message","content":[{"type":"output_text","text":"Hello "},)"
        R"({"type":"output_text","text":"world"}]}],)"
        R"("usage":{"input_tokens":7,"output_tokens":2,"total_tokens":9,)"
        R"("output_tokens_details":{"reasoning_tokens":1}}})";
    ResponsesDecoder polled;
    QCOMPARE(polled.decodeFinal(object(incomplete)), u"Hello world"_s);
    ResponsesDecoder streamed;
    std::vector<Delta> out;
    streamed.decode(
        ev(QByteArray(R"({"type":"response.incomplete","sequence_number":9,"response":)") +
           incomplete + "}"),
        out);
    for (const ResponsesDecoder* d : {&polled, &streamed}) {
        QCOMPARE(d->state(), StreamState::Completed);
        QCOMPARE(d->finishReason(), u"length"_s);
        QCOMPARE(d->usage().inputTokens, 7);
        QCOMPARE(d->usage().outputTokens, 2);
        QCOMPARE(d->usage().totalTokens, 9);
        QCOMPARE(d->usage().reasoningTokens, 1);
        QCOMPARE(d->remoteId(), u"resp_1"_s);
    }

    ResponsesDecoder filtered;
    filtered.decodeFinal(
        object(R"({"status":"incomplete","incomplete_details":{"reason":"content_filter"}})"));
    QCOMPARE(filtered.finishReason(), u"content_filter"_s); // not "length"

    ResponsesDecoder failed;
    failed.decodeFinal(object(R"({"status":"failed","error":{"message":"overloaded"}})"));
    QCOMPARE(failed.state(), StreamState::Failed);
    QVERIFY(failed.error().message.contains(u"overloaded"_s));

    ResponsesDecoder cancelled;
    cancelled.decodeFinal(object(R"({"status":"cancelled"})"));
    QCOMPARE(cancelled.state(), StreamState::Cancelled);

    for (const char* open : {R"({"status":"queued"})", R"({"status":"in_progress"})"}) {
        ResponsesDecoder waiting;
        QVERIFY(waiting.decodeFinal(object(open)).isEmpty());
        QVERIFY(waiting.isOpen());
        QCOMPARE(waiting.remoteStatus(), object(open).value("status"_L1).toString());
    }
}

QTEST_GUILESS_MAIN(TestDecoders)
#include "tst_decoders.moc"
