// SPDX-License-Identifier: GPL-3.0-or-later
#include "mockserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <set>

using namespace Qt::Literals::StringLiterals;

namespace tether::test {

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

MockServer::MockServer(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<RecordedRequest>();
    connect(&m_server, &QTcpServer::newConnection, this, &MockServer::onNewConnection);
}

MockServer::~MockServer()
{
    closeAll();
}

bool MockServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 MockServer::port() const
{
    return m_server.serverPort();
}

QUrl MockServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port()));
}

void MockServer::enqueue(const MockResponse& response)
{
    m_queue.enqueue(response);
}

void MockServer::closeAll()
{
    const auto sockets = m_connections.keys();
    for (QTcpSocket* s : sockets) {
        s->abort();
        s->deleteLater();
    }
    m_connections.clear();
}

void MockServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, Connection{});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void MockServer::onReadyRead(QTcpSocket* socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    if (it->responding)
        return;
    RecordedRequest request;
    // The tests' own limits are generous: a request the engine sends is never refused here.
    if (engine::takeHttpRequest(it->buffer, &request, 1 << 20, qsizetype(1) << 30) !=
        engine::HttpParse::Complete)
        return;
    it->responding = true;
    m_requests.append(request);
    m_arrivals.append(QDateTime::currentMSecsSinceEpoch());
    Q_EMIT requestReceived(request);

    MockResponse response;
    if (!m_queue.isEmpty()) {
        response = m_queue.dequeue();
    } else if (m_responder) {
        response = m_responder(request);
    } else {
        response.status = 500;
        response.contentType = "application/json";
        response.body = jsonError(u"the mock server has no scripted response"_s, u"server_error"_s);
    }
    respond(socket, response);
}

void MockServer::respond(QTcpSocket* socket, const MockResponse& response)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " Mock\r\n";
    head += "Content-Type: " + response.contentType + "\r\n";
    for (const auto& [name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    if (response.chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else
        head += "Connection: close\r\n";
    head += "\r\n";
    socket->write(head);
    writeSegments(socket, response, 0, 0);
}

void MockServer::writeSegments(QPointer<QTcpSocket> socket, MockResponse response, int index,
                               qsizetype offset)
{
    if (!socket || !m_connections.contains(socket.data()))
        return;
    const qsizetype size = response.body.size();
    qsizetype limit = size;
    if (response.cutAfter >= 0)
        limit = std::min(limit, response.cutAfter);
    if (response.stallAfter >= 0)
        limit = std::min(limit, response.stallAfter);
    if (offset >= limit) {
        if (response.stallAfter >= 0 && response.stallAfter < size)
            return; // stall: keep the connection, send nothing more
        if (response.cutAfter >= 0 && response.cutAfter < size) {
            socket->disconnectFromHost(); // writes what is buffered, then closes
            return;
        }
        finishResponse(socket, response);
        return;
    }
    while (index < response.splits.size() && response.splits[index] <= offset)
        ++index;
    qsizetype next = index < response.splits.size() ? response.splits[index] : size;
    next = std::min(next, limit);
    const QByteArray segment = response.body.mid(offset, next - offset);
    if (response.chunked)
        socket->write(QByteArray::number(segment.size(), 16) + "\r\n" + segment + "\r\n");
    else
        socket->write(segment);
    socket->flush();
    QTimer::singleShot(response.writeIntervalMs, this,
                       [=, this] { writeSegments(socket, response, index, next); });
}

void MockServer::finishResponse(QTcpSocket* socket, const MockResponse& response)
{
    if (response.chunked) {
        socket->write("0\r\n\r\n");
        socket->flush();
        auto it = m_connections.find(socket);
        if (it != m_connections.end()) {
            it->responding = false;
            if (!it->buffer.isEmpty()) // a pipelined next request
                QTimer::singleShot(0, this, [this, s = QPointer<QTcpSocket>(socket)] {
                    if (s)
                        onReadyRead(s);
                });
        }
    } else {
        socket->disconnectFromHost();
    }
}

MockResponse MockServer::answer(int status, const QByteArray& body, const QByteArray& contentType,
                                const QList<QPair<QByteArray, QByteArray>>& headers)
{
    MockResponse r;
    r.status = status;
    r.body = body;
    r.contentType = contentType;
    r.headers = headers;
    return r;
}

MockResponse MockServer::eventsCutAfter(const QList<QByteArray>& events, qsizetype kept)
{
    MockResponse r;
    r.body = events.mid(0, kept).join();
    r.cutAfter = r.body.size();
    r.body += events.mid(kept).join();
    return r;
}

QByteArray MockServer::jsonError(const QString& message, const QString& type, const QString& code)
{
    QJsonObject error{{"message"_L1, message}, {"type"_L1, type}};
    if (!code.isEmpty())
        error.insert("code"_L1, code);
    return QJsonDocument(QJsonObject{{"error"_L1, error}}).toJson(QJsonDocument::Compact);
}

QByteArray MockServer::chatStream(const QStringList& pieces, const ChatStreamOptions& o)
{
    const QByteArray eol = o.crlf ? "\r\n" : "\n";
    QByteArray out;
    int n = 0;
    auto event = [&](const QJsonObject& chunk) {
        if (o.comments && n % 3 == 0)
            out += ": keep-alive" + eol + eol;
        out += "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + eol + eol;
        ++n;
    };
    auto chunk = [](const QJsonObject& delta, const QJsonValue& finish) {
        return QJsonObject{{"id"_L1, u"chatcmpl-mock"_s},
                           {"object"_L1, u"chat.completion.chunk"_s},
                           {"created"_L1, 1700000000},
                           {"model"_L1, u"mock-model"_s},
                           {"choices"_L1, QJsonArray{QJsonObject{{"index"_L1, 0},
                                                                 {"delta"_L1, delta},
                                                                 {"finish_reason"_L1, finish}}}}};
    };
    if (o.roleChunk)
        event(chunk(QJsonObject{{"role"_L1, u"assistant"_s}, {"content"_L1, u""_s}},
                    QJsonValue::Null));
    for (const QString& r : o.reasoning)
        event(chunk(QJsonObject{{"reasoning_content"_L1, r}}, QJsonValue::Null));
    for (const QString& p : pieces)
        event(chunk(QJsonObject{{"content"_L1, p}}, QJsonValue::Null));
    if (!o.finishReason.isEmpty())
        event(chunk(QJsonObject{}, o.finishReason));
    if (o.usage) {
        event(QJsonObject{{"id"_L1, u"chatcmpl-mock"_s},
                          {"object"_L1, u"chat.completion.chunk"_s},
                          {"model"_L1, u"mock-model"_s},
                          {"choices"_L1, QJsonArray{}},
                          {"usage"_L1, QJsonObject{{"prompt_tokens"_L1, 7},
                                                   {"completion_tokens"_L1, pieces.size()},
                                                   {"total_tokens"_L1, 7 + pieces.size()}}}});
    }
    if (o.done)
        out += "data: [DONE]" + eol + eol;
    return out;
}

QList<QByteArray> MockServer::responsesEvents(const QStringList& pieces,
                                              const ResponsesStreamOptions& o)
{
    QList<QByteArray> out;
    auto event = [&](const QString& type, QJsonObject data) {
        data.insert("type"_L1, type);
        data.insert("sequence_number"_L1, out.size());
        out.append("event: " + type.toUtf8() +
                   "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n");
    };
    const auto response = [&](const QString& status) {
        return QJsonObject{{"id"_L1, o.responseId},
                           {"object"_L1, u"response"_s},
                           {"status"_L1, status},
                           {"model"_L1, u"mock-model"_s},
                           {"background"_L1, true}};
    };
    event(u"response.created"_s, {{"response"_L1, response(u"queued"_s)}});
    event(u"response.in_progress"_s, {{"response"_L1, response(u"in_progress"_s)}});
    event(u"response.output_item.added"_s,
          {{"output_index"_L1, 0},
           {"item"_L1, QJsonObject{{"id"_L1, u"msg_1"_s}, {"type"_L1, u"message"_s}}}});
    QString full;
    for (const QString& p : pieces) {
        full += p;
        event(u"response.output_text.delta"_s, {{"item_id"_L1, u"msg_1"_s},
                                                {"output_index"_L1, 0},
                                                {"content_index"_L1, 0},
                                                {"delta"_L1, p}});
    }
    event(u"response.output_text.done"_s,
          {{"item_id"_L1, u"msg_1"_s}, {"output_index"_L1, 0}, {"text"_L1, full}});
    if (o.terminal) {
        QJsonObject r = response(u"completed"_s);
        r.insert("usage"_L1, QJsonObject{{"input_tokens"_L1, 5},
                                         {"output_tokens"_L1, pieces.size()},
                                         {"total_tokens"_L1, 5 + pieces.size()}});
        event(o.terminalType, {{"response"_L1, r}});
    }
    return out;
}

QByteArray MockServer::responsesStream(const QStringList& pieces, const ResponsesStreamOptions& o)
{
    return responsesEvents(pieces, o).join();
}

QList<qsizetype> MockServer::randomSplits(qsizetype size, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::set<qsizetype> offsets;
    if (size > 1) {
        for (int i = 0; i < count; ++i)
            offsets.insert(1 + qsizetype(rng.bounded(quint64(size - 1))));
    }
    return QList<qsizetype>(offsets.begin(), offsets.end());
}

QStringList MockServer::pieces(const QString& text, int size)
{
    QStringList out;
    for (qsizetype i = 0; i < text.size();) {
        qsizetype n = std::min<qsizetype>(size, text.size() - i);
        if (text.at(i + n - 1).isHighSurrogate() && i + n < text.size())
            ++n;
        out.append(text.mid(i, n));
        i += n;
    }
    return out;
}

QString MockServer::assistantPrefill(const RecordedRequest& request)
{
    const QJsonObject last = request.json().value("messages"_L1).toArray().last().toObject();
    return last.value("role"_L1) == "assistant"_L1 ? last.value("content"_L1).toString()
                                                   : QString();
}

MockResponse MockServer::prefillContinuation(const RecordedRequest& request, const QString& full,
                                             int pieceSize)
{
    const QString partial = assistantPrefill(request);
    if (!full.startsWith(partial))
        return answer(400, jsonError(u"partial is not a prefix"_s, u"invalid_request_error"_s));
    MockResponse r;
    r.body = chatStream(pieces(full.mid(partial.size()), pieceSize));
    return r;
}

QList<qsizetype> MockServer::everyByte(qsizetype size)
{
    QList<qsizetype> out;
    for (qsizetype i = 1; i < size; ++i)
        out.append(i);
    return out;
}

} // namespace tether::test
