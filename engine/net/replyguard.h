// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/net/limits.h"

#include <QObject>
#include <QTimer>

class QNetworkReply;

namespace tether::engine {

// Bounds one reply by its Edge's limits: aborts it when it is silent too long, takes too long,
// or its body grows past the cap, and then says which in error(). It counts what arrives
// without reading it, so the transport reads the reply as before. Lives as long as the reply.
class ReplyGuard : public QObject {
    Q_OBJECT
public:
    // `maxBodyBytes` overrides the Edge's cap where the caller knows a smaller one.
    static ReplyGuard* watch(QNetworkReply* reply, Edge edge, const QString& what,
                             qint64 maxBodyBytes = 0);

    // Why the reply was stopped; ErrorCode::None while it was not.
    const Error& error() const { return m_error; }
    bool stopped() const { return m_error.code != ErrorCode::None; }
    // Progress that is not a byte: an MCP server's progress notification keeps a call alive
    // against silence, never against the total.
    void touch();

private:
    ReplyGuard(QNetworkReply* reply, EdgeLimits limits, QString what);
    void stop(Error error);
    // The answer's body is, or says it will be, `bytes` long.
    void checkSize(qint64 bytes);

    QNetworkReply* m_reply;
    EdgeLimits m_limits;
    QString m_what;
    QTimer m_silence;
    QTimer m_total;
    Error m_error;
};

} // namespace tether::engine
