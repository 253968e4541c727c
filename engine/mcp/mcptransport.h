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
    virtual void send(const QJsonObject& message) = 0;
    // Ends the session: stdin closed and the process stopped, or the HTTP session deleted.
    virtual void close() = 0;
    // Streamable HTTP sends the negotiated version on every request after initialize.
    virtual void setProtocolVersion(const QString&) {}
    // Streamable HTTP: open the GET stream for messages the server starts.
    virtual void listen() {}

Q_SIGNALS:
    void received(const QJsonObject& message);
    // The server cannot be reached any more (exited, refused, garbage): every pending request
    // fails with this.
    void failed(const QString& message);
    // Streamable HTTP: the server forgot the session (404); initialize again.
    void sessionExpired();
};

// A server run as a child process: one JSON message per line on stdin and stdout; stderr is the
// server's log and goes to tether.engine.mcp.
class StdioTransport : public McpTransport {
    Q_OBJECT
public:
    explicit StdioTransport(McpServerConfig config, QObject* parent = nullptr);
    ~StdioTransport() override;
    void open() override;
    void send(const QJsonObject& message) override;
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
