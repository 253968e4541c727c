// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTcpServer>
#include <QTimer>
#include <QUrlQuery>

namespace tether::engine::oauth {

// The redirect URI of a sign-in on this machine (RFC 8252 7.3): listens on 127.0.0.1 only, takes
// the one request the browser brings back, answers it with a page that says to return to Tether,
// and closes. A request over 8 KiB, a connection silent for 10 s, anything but GET /callback is
// answered 400 and forgotten; the sign-in as a whole waits at most limits::MaxSignInMs.
class LoopbackRedirect : public QObject {
    Q_OBJECT
public:
    explicit LoopbackRedirect(QObject* parent = nullptr);
    // `port` 0: any free one.
    bool listen(quint16 port = 0);
    QString redirectUri() const;

Q_SIGNALS:
    // The query of the callback (code, state, iss, or error and error_description).
    void received(const QUrlQuery& query);
    void timedOut();

private:
    void serve(QTcpSocket* socket);
    QTcpServer m_server;
    QTimer m_deadline;
    bool m_done = false;
};

} // namespace tether::engine::oauth
