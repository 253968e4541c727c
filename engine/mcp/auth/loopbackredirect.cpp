// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/auth/loopbackredirect.h"

#include "engine/net/limits.h"

#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine::oauth {

namespace {
constexpr qsizetype MaxRequestBytes = 8192;

void answer(QTcpSocket* socket, QByteArrayView status, const QString& text)
{
    const QByteArray page =
        "<!doctype html><meta charset=utf-8><title>Tether</title>"
        "<body style=\"font:16px system-ui,sans-serif;margin:3em auto;max-width:32em\"><p>" +
        text.toHtmlEscaped().toUtf8() + "</p>";
    socket->write("HTTP/1.1 " + status.toByteArray() +
                  "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                  "Connection: close\r\nContent-Length: " +
                  QByteArray::number(page.size()) + "\r\n\r\n" + page);
    socket->disconnectFromHost();
}
} // namespace

LoopbackRedirect::LoopbackRedirect(QObject* parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_server.close();
        if (!std::exchange(m_done, true))
            Q_EMIT timedOut();
    });
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* s = m_server.nextPendingConnection())
            serve(s);
    });
}

bool LoopbackRedirect::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_deadline.start(limits::MaxSignInMs);
    return true;
}

QString LoopbackRedirect::redirectUri() const
{
    return u"http://127.0.0.1:%1/callback"_s.arg(m_server.serverPort());
}

void LoopbackRedirect::serve(QTcpSocket* socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto* silence = new QTimer(socket);
    silence->setSingleShot(true);
    connect(silence, &QTimer::timeout, socket, [socket] { socket->abort(); });
    silence->start(10'000);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket->bytesAvailable() > MaxRequestBytes) {
            answer(socket, "400 Bad Request", u"This request is too large."_s);
            return;
        }
        if (!socket->canReadLine())
            return;
        // Only the request line matters: GET /callback?… HTTP/1.1
        const QList<QByteArray> line = socket->readLine(MaxRequestBytes).trimmed().split(' ');
        const QUrl target(QString::fromLatin1(line.value(1)));
        if (line.value(0) != "GET" || target.path() != "/callback"_L1 || m_done) {
            answer(socket, "404 Not Found",
                   m_done ? u"This sign-in is over; you can close this tab."_s
                          : u"Nothing is here."_s);
            return;
        }
        const QUrlQuery query(target);
        const bool failed = query.hasQueryItem(u"error"_s);
        answer(socket, "200 OK",
               failed ? u"Sign-in did not complete. You can close this tab and return to "
                        "Tether."_s
                      : u"You are signed in. You can close this tab and return to Tether."_s);
        m_done = true;
        m_deadline.stop();
        m_server.close();
        Q_EMIT received(query);
    });
}

} // namespace tether::engine::oauth
