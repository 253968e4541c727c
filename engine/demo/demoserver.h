// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace tether::engine {

// The Demo provider: an OpenAI-compatible server inside the app, on 127.0.0.1, that streams a
// canned reply through the same engine path as a real provider. The first reply of a session
// loses its connection halfway and the server then asks to retry after 2 s, so a new user sees
// Tether wait, reconnect and finish the same reply.
class DemoServer : public QObject {
    Q_OBJECT
public:
    explicit DemoServer(QObject* parent = nullptr);

    bool start();
    QUrl baseUrl() const;
    void setSimulateDrop(bool on) { m_dropNext = on; }
    // Any local process can connect: a request's head, body and time are bounded.
    static constexpr qsizetype MaxHeaderBytes = qsizetype(16) * 1024;
    // A 20 MB picture is 27 MB in base64.
    static constexpr qsizetype MaxBodyBytes = qsizetype(32) * 1024 * 1024;
    void setRequestTimeout(int ms) { m_requestTimeoutMs = ms; }

    static QString reply();
    static QString model() { return QStringLiteral("tether-demo"); }

private:
    void onReadyRead(QTcpSocket* socket);
    void stream(QTcpSocket* socket, const QString& text, qsizetype dropAfter);
    void refuse(QTcpSocket* socket, const QByteArray& status);

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    bool m_dropNext = true;
    bool m_busyNext = false; // after the drop, one "503, retry after 2 s" to show the wait
    int m_requestTimeoutMs = 10'000;
};

} // namespace tether::engine
