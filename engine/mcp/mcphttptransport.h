// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/mcp/mcptransport.h"
#include "engine/stream/sseparser.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QSet>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace tether::engine {

class McpAuth;

// Streamable HTTP (MCP 2025-06-18 and later): every message is a POST to one endpoint; the
// answer is JSON, or an SSE stream carrying the server's messages and then the response. A stream
// that drops before its response is resumed with GET and Last-Event-ID after the server's
// `retry:` delay. After initialize a GET stream carries what the server starts on its own.
class HttpTransport : public McpTransport {
    Q_OBJECT
public:
    // `auth` (may be null) answers 401 and 403 insufficient_scope: the request waits for the
    // sign-in and is sent again, at most limits::MaxAuthorizationsPerRequest times.
    HttpTransport(McpServerConfig config, QNetworkAccessManager* nam, McpAuth* auth,
                  QObject* parent = nullptr);
    ~HttpTransport() override;
    void open() override {}
    void send(const QJsonObject& message,
              const QList<QPair<QByteArray, QByteArray>>& headers = {}) override;
    void close() override;
    void setProtocolVersion(const QString& version) override { m_version = version.toUtf8(); }
    void listen() override;
    void setStateless(bool on) override { m_stateless = on; }

    static constexpr int MaxResumes = 5;
    static constexpr qint64 DefaultRetryMs = 1000;

private:
    // One SSE stream: a POST's answer, or a GET (the listening stream or a resumption).
    struct Stream {
        SseParser parser;
        QSet<QString> awaiting; // request ids whose responses this stream still owes
        QByteArray lastEventId;
        qint64 retryMs = DefaultRetryMs;
        int resumes = 0;
        bool listening = false; // the GET stream for server-initiated messages
        QByteArray body;        // a POST's message, sent again after a sign-in
        QList<QPair<QByteArray, QByteArray>> headers;
        int authorizations = 0;
        bool probe = false;      // server/discover
        bool initialize = false; // its refusal may say the server is of 2024-11-05
    };
    void post(const std::shared_ptr<Stream>& stream);
    // A refusal a sign-in may cure; false when it is not one, or no more are allowed.
    bool authorizeAndRetry(QNetworkReply* reply, const std::shared_ptr<Stream>& stream, int status);
    QNetworkRequest request(bool post) const;
    // Answers for the requests a stream still owes, from an HTTP error's JSON-RPC body or made
    // up with `why`: the requests fail, the session goes on.
    bool answerOwed(const std::shared_ptr<Stream>& stream, const QByteArray& body,
                    const QString& why);
    void watch(QNetworkReply* reply, const std::shared_ptr<Stream>& stream);
    void readStream(QNetworkReply* reply, const std::shared_ptr<Stream>& stream);
    void ended(QNetworkReply* reply, const std::shared_ptr<Stream>& stream);
    void deliver(const QByteArray& json, Stream* stream);
    void resume(const std::shared_ptr<Stream>& stream);

    McpServerConfig m_config;
    QNetworkAccessManager* m_nam;
    QPointer<McpAuth> m_auth;
    QByteArray m_session;
    QByteArray m_version;
    bool m_closed = false;
    bool m_stateless = false;
    QList<QPointer<QNetworkReply>> m_replies;
};

} // namespace tether::engine
