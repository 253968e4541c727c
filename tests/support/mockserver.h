// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/demo/httprequest.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace tether::test {

// One scripted answer. The body is written in segments cut at `splits` (byte offsets), each in
// its own write and event-loop turn, so the client sees reads end anywhere: inside a UTF-8
// character, between CR and LF, in the middle of a JSON string.
struct MockResponse {
    int status = 200;
    QByteArray contentType = "text/event-stream";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QList<qsizetype> splits;
    int writeIntervalMs = 0;
    qsizetype cutAfter = -1;   // close the connection after this many body bytes
    qsizetype stallAfter = -1; // stop sending after this many body bytes, connection kept open
    bool chunked = true;       // Transfer-Encoding: chunked; else the close ends the body
};

// A request as the engine sent it (engine/demo/httprequest.h reads it, as for the Demo).
struct RecordedRequest : engine::HttpRequest {
    QJsonObject json() const;
};

struct ChatStreamOptions {
    bool crlf = false;
    bool comments = false; // keep-alive comments between events
    bool roleChunk = true;
    QString finishReason = QStringLiteral("stop");
    bool usage = true;
    bool done = true;
    QStringList reasoning; // reasoning_content pieces sent before the text
};

struct ResponsesStreamOptions {
    QString responseId = QStringLiteral("resp_mock");
    bool terminal = true; // send response.completed
    QString terminalType = QStringLiteral("response.completed");
};

// A loopback OpenAI-compatible server for tests: serves scripted responses in order and records
// every request.
class MockServer : public QObject {
    Q_OBJECT
public:
    explicit MockServer(QObject* parent = nullptr);
    ~MockServer() override;

    bool listen();
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1
    quint16 port() const;

    void enqueue(const MockResponse& response);
    // Answers requests when the queue is empty (e.g. continuations that depend on the request).
    using Responder = std::function<MockResponse(const RecordedRequest&)>;
    void setResponder(Responder responder) { m_responder = std::move(responder); }
    // When each request arrived (ms since epoch), in order.
    const QList<qint64>& arrivals() const { return m_arrivals; }
    const QList<RecordedRequest>& requests() const { return m_requests; }
    int pending() const { return int(m_queue.size()); }
    // Closes every open connection (ends stalls).
    void closeAll();

    static QByteArray chatStream(const QStringList& pieces, const ChatStreamOptions& o = {});
    static QByteArray responsesStream(const QStringList& pieces,
                                      const ResponsesStreamOptions& o = {});
    // The same events one by one; event i has sequence_number i.
    static QList<QByteArray> responsesEvents(const QStringList& pieces,
                                             const ResponsesStreamOptions& o = {});
    static QByteArray jsonError(const QString& message, const QString& type,
                                const QString& code = {});
    // A whole, non-streaming answer: an error status, a JSON body, a plain text.
    static MockResponse answer(int status, const QByteArray& body,
                               const QByteArray& contentType = "application/json",
                               const QList<QPair<QByteArray, QByteArray>>& headers = {});
    // The whole stream of `events`, the connection cut after the first `kept` of them.
    static MockResponse eventsCutAfter(const QList<QByteArray>& events, qsizetype kept);
    // `count` distinct offsets in (0, size), sorted, from a seeded generator.
    static QList<qsizetype> randomSplits(qsizetype size, int count, quint32 seed);
    static QList<qsizetype> everyByte(qsizetype size);
    // `text` in pieces of about `size` characters, never splitting a surrogate pair (JSON
    // cannot carry half a character).
    static QStringList pieces(const QString& text, int size = 3);
    // The trailing assistant message of a request, or empty: what a prefill continuation
    // continues.
    static QString assistantPrefill(const RecordedRequest& request);
    // A llama.cpp-like server continuing `full`: streams what follows the trailing assistant
    // message; 400 when that message is not a prefix of `full`.
    static MockResponse prefillContinuation(const RecordedRequest& request, const QString& full,
                                            int pieceSize = 3);

Q_SIGNALS:
    void requestReceived(const tether::test::RecordedRequest& request);

private:
    struct Connection {
        QByteArray buffer;
        bool responding = false;
    };
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const MockResponse& response);
    void writeSegments(QPointer<QTcpSocket> socket, MockResponse response, int index,
                       qsizetype offset);
    void finishResponse(QTcpSocket* socket, const MockResponse& response);

    QTcpServer m_server;
    QQueue<MockResponse> m_queue;
    Responder m_responder;
    QList<qint64> m_arrivals;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket*, Connection> m_connections;
};

} // namespace tether::test

Q_DECLARE_METATYPE(tether::test::RecordedRequest)
