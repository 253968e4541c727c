// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/demo/demoserver.h"

#include "engine/demo/httprequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

DemoServer::DemoServer(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
            // A request that does not arrive whole in time is dropped (an answer being
            // streamed has its own timer and is not affected).
            QTimer::singleShot(m_requestTimeoutMs, s, [this, s] {
                if (s->property("answering").isNull())
                    refuse(s, "408 Request Timeout");
            });
            connect(s, &QTcpSocket::disconnected, this, [this, s] {
                m_buffers.remove(s);
                s->deleteLater();
            });
        }
    });
}

bool DemoServer::start()
{
    return m_server.isListening() || m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl DemoServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(m_server.serverPort()));
}

QString DemoServer::reply()
{
    return QObject::tr(
        "Welcome to **Tether**. This reply comes from the built-in demo, through the same "
        "engine as a real provider:\n\n"
        "1. Every chunk is saved to your journal *before* it appears on screen.\n"
        "2. If the connection drops — this demo drops it once, halfway through this reply — "
        "Tether reconnects and continues the same reply, without losing or repeating a word.\n"
        "3. If Tether itself is closed mid-reply, it finishes the reply next time.\n\n"
        "Add a provider in **Providers…** (Ctrl+,): OpenAI, Ollama, LM Studio, llama.cpp, "
        "vLLM… Your API key stays in the system keychain. The same engine answers in a "
        "terminal:\n\n"
        "```sh\n# every reply is kept, and resumed after a crash\n"
        "tether-cli send --base-url http://localhost:11434/v1 --model llama3.2 \"Hello\"\n"
        "tether-cli search \"keychain\"\n```");
}

void DemoServer::onReadyRead(QTcpSocket* socket)
{
    if (!socket->property("answering").isNull()) {
        socket->readAll(); // one request per connection; the rest is ignored
        return;
    }
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->read(MaxHeaderBytes + MaxBodyBytes + 4 - buffer.size());
    HttpRequest request;
    switch (takeHttpRequest(buffer, &request, MaxHeaderBytes, MaxBodyBytes)) {
    case HttpParse::Incomplete:
        return;
    case HttpParse::HeadersTooLarge:
        refuse(socket, "431 Request Header Fields Too Large");
        return;
    case HttpParse::BodyTooLarge:
        refuse(socket, "413 Content Too Large");
        return;
    case HttpParse::Complete:
        break;
    }
    m_buffers.remove(socket);
    socket->setProperty("answering", true);
    if (request.method == "GET" && request.path.endsWith("/models")) {
        // The picker lists the Demo's one model like any provider's.
        const QByteArray list =
            QJsonDocument(
                QJsonObject{{"object"_L1, u"list"_s},
                            {"data"_L1, QJsonArray{QJsonObject{{"id"_L1, model()},
                                                               {"object"_L1, u"model"_s}}}}})
                .toJson(QJsonDocument::Compact);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: "
                      "close\r\nContent-Length: " +
                      QByteArray::number(list.size()) + "\r\n\r\n" + list);
        socket->disconnectFromHost();
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    // A trailing assistant message is a continuation (prefill): go on from there.
    const QJsonObject last = body.value("messages"_L1).toArray().last().toObject();
    const QString partial =
        last.value("role"_L1) == "assistant"_L1 ? last.value("content"_L1).toString() : QString();
    QString full = reply();
    // Attached pictures come as parts: the demo cannot look at them, but says it got them.
    int images = 0;
    const QJsonArray messages = body.value("messages"_L1).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value("role"_L1) != "user"_L1)
            continue;
        for (const QJsonValue part : m.value("content"_L1).toArray())
            images += part.toObject().value("type"_L1) == "image_url"_L1 ? 1 : 0;
        break;
    }
    if (images > 0) {
        full = QObject::tr("The demo received %n picture(s) with your message; a real model "
                           "would describe them.\n\n",
                           nullptr, images) +
               full;
    }
    const QString rest = full.startsWith(partial) ? full.mid(partial.size()) : full;
    if (std::exchange(m_busyNext, false)) {
        const QByteArray busy =
            R"({"error":{"message":"The demo server is busy, on purpose, to show a retry.","type":"server_error"}})";
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      "Retry-After: 2\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(busy.size()) + "\r\n\r\n" + busy);
        socket->disconnectFromHost();
        return;
    }
    const bool drop = std::exchange(m_dropNext, false);
    m_busyNext = drop;
    stream(socket, rest, drop ? rest.size() / 2 : -1);
}

void DemoServer::refuse(QTcpSocket* socket, const QByteArray& status)
{
    m_buffers.remove(socket);
    socket->setProperty("answering", true);
    socket->write("HTTP/1.1 " + status + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    socket->disconnectFromHost();
}

void DemoServer::stream(QTcpSocket* socket, const QString& text, qsizetype dropAfter)
{
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  "Connection: close\r\n\r\n");
    static const QRegularExpression token(uR"(\S+\s*|\s+)"_s);
    QStringList tokens;
    for (auto it = token.globalMatch(text); it.hasNext();)
        tokens.append(it.next().captured());
    auto* timer = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    auto index = std::make_shared<qsizetype>(0);
    connect(timer, &QTimer::timeout, socket, [=, s = QPointer<QTcpSocket>(socket)] {
        if (!s)
            return;
        auto event = [&](const QJsonObject& delta, const QJsonValue& finish) {
            const QJsonObject chunk{
                {"object"_L1, u"chat.completion.chunk"_s},
                {"model"_L1, model()},
                {"choices"_L1,
                 QJsonArray{QJsonObject{
                     {"index"_L1, 0}, {"delta"_L1, delta}, {"finish_reason"_L1, finish}}}}};
            s->write("data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n");
        };
        if (dropAfter >= 0 && *sent >= dropAfter) {
            timer->stop();
            s->disconnectFromHost(); // the simulated network drop
            return;
        }
        if (*index < tokens.size()) {
            const QString& t = tokens[(*index)++];
            *sent += t.size();
            event(QJsonObject{{"content"_L1, t}}, QJsonValue::Null);
            return;
        }
        timer->stop();
        event(QJsonObject{}, u"stop"_s);
        s->write("data: [DONE]\n\n");
        s->disconnectFromHost();
    });
    timer->start(25);
}

} // namespace tether::engine
