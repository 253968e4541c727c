// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/mcp/jsonrpcreader.h"
#include "engine/tools/tooltypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QProcess>

#include <memory>

class QNetworkAccessManager;

namespace tether::engine {

// Carries JSON-RPC messages to one MCP server and back. Knows nothing of the protocol's meaning.
class McpTransport : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    // Starts the process or prepares the endpoint; messages may be sent at once.
    virtual void open() = 0;
    // `headers`: what HTTP mirrors of the message (stateless revision); stdio has none.
    virtual void send(const QJsonObject& message,
                      const QList<QPair<QByteArray, QByteArray>>& headers = {}) = 0;
    // Ends the session: stdin closed and the process stopped, or the HTTP session deleted.
    virtual void close() = 0;
    // Streamable HTTP sends the negotiated version on every request after initialize.
    virtual void setProtocolVersion(const QString&) {}
    // Streamable HTTP: open the GET stream for messages the server starts.
    virtual void listen() {}
    // The stateless revision (2026-07-28): no session, no GET stream, no resumption; a request
    // whose stream breaks fails alone ("may have run"), and an HTTP error's JSON-RPC answer is
    // the request's answer.
    virtual void setStateless(bool) {}

Q_SIGNALS:
    void received(const QJsonObject& message);
    // The server cannot be reached any more (exited, refused, garbage): every pending request
    // fails with this.
    void failed(const QString& message);
    // Streamable HTTP: the server forgot the session (404); initialize again.
    void sessionExpired();
    // Streamable HTTP: `initialize` was refused with 400, 404 or 405 and no JSON-RPC answer, as a
    // 2024-11-05 server (HTTP+SSE) refuses it.
    void oldHttpSuggested();
};

// A server run as a child process: one JSON message per line on stdin and stdout; stderr is the
// server's log and goes to tether.engine.mcp.
class StdioTransport : public McpTransport {
    Q_OBJECT
public:
    explicit StdioTransport(McpServerConfig config, QObject* parent = nullptr);
    ~StdioTransport() override;
    void open() override;
    void send(const QJsonObject& message,
              const QList<QPair<QByteArray, QByteArray>>& headers = {}) override;
    void close() override;

private:
    void readOut();
    void readErr();
    McpServerConfig m_config;
    QProcess m_process;
    JsonRpcLineReader m_reader; // a line over the limit (a huge image) ends the session
    QByteArray m_err;
    bool m_closing = false;
    bool m_failed = false;
};

class McpAuth;
std::unique_ptr<McpTransport> makeTransport(const McpServerConfig& config,
                                            QNetworkAccessManager* nam, McpAuth* auth);

} // namespace tether::engine
