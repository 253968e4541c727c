// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/mcp/mcptransport.h"
#include "engine/tools/tooltypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace tether::engine {

class McpAuth;
class SecretStore;

// One MCP server as a client sees it: the lifecycle (initialize with version negotiation,
// notifications/initialized), the tool list (paginated, listed again on list_changed), requests
// with timeouts, progress and cancellation, and what the server asks of us (ping is answered,
// elicitation goes to the user; sampling and roots are declined with -32601). An HTTP server
// may ask for sign-in (McpAuth); its requests wait for it.
class McpClient : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Starting, Ready, Failed };
    using Done = std::function<void(Result<QJsonObject>)>;
    using Progress = std::function<void(const QJsonObject&)>;

    using Elicit = std::function<void(Elicitation, std::function<void(ElicitationAnswer)>)>;

    static constexpr QLatin1StringView LatestVersion{"2025-11-25"};
    // A server/discover unanswered this long is an earlier revision's server (stdio).
    static constexpr int ProbeTimeoutMs = 10'000;
    // input_required rounds one request may take (the stateless revision).
    static constexpr int MaxInputRounds = 10;
    // What Tether accepts from a server, as the official SDKs do: the older ones have fewer
    // features (no structured output, no elicitation) and nothing Tether relies on.
    static bool supportsVersion(QStringView version);

    McpClient(McpServerConfig config, QNetworkAccessManager* nam, SecretStore* secrets = nullptr,
              QObject* parent = nullptr);
    ~McpClient() override;

    const McpServerConfig& config() const { return m_config; }
    State state() const { return m_state; }
    QString error() const { return m_error; }
    QString protocolVersion() const { return m_version; }
    QString serverInfo() const { return m_serverInfo; }
    // The tools as the server lists them (tool = its own name; name unset).
    const QList<ToolSpec>& tools() const { return m_tools; }
    // The tools, listed again first when the server's ttlMs has passed.
    void withFreshTools(std::function<void()> then);

    // Starts the server unless it runs; `done` once it is ready or has failed.
    void whenReady(std::function<void()> done);
    // Sends a request once ready. `timeoutMs` restarts with each progress notification; the
    // server's totalTimeoutMs bounds the whole call whatever progress says. `key` names it for
    // cancel().
    void request(const QString& method, QJsonObject params, Done done, int timeoutMs = 0,
                 Progress progress = {}, const QString& key = {});
    // notifications/cancelled for the request `key` if it was sent; its `done` gets Cancelled.
    void cancel(const QString& key, const QString& reason);
    void stop();
    // HTTP servers only (null otherwise): their sign-in.
    McpAuth* auth() const { return m_auth; }
    // Who answers elicitation/create; without one, it is declined.
    void setElicitationHandler(Elicit handler) { m_elicit = std::move(handler); }

Q_SIGNALS:
    void toolsChanged();
    void stateChanged();
    void signInRequested(const QUrl& url, bool again);

private:
    struct Pending {
        Done done;
        Progress progress;
        std::unique_ptr<QTimer> timer;    // silence: restarts with each progress notification
        std::unique_ptr<QTimer> deadline; // the whole call: progress never moves it
        int timeoutMs = 0;
        QString method;
        QString key;
    };
    void start();
    void watchTransport();
    void discover();
    void initialize();
    static QJsonObject capabilities();
    static QString describe(const QJsonObject& serverInfo);
    void sendWithInput(const QString& method, QJsonObject params, Done done, int timeoutMs,
                       Progress progress, const QString& key, int round, bool declined);
    void gatherInput(QJsonObject requests, std::function<void(QJsonObject)> then,
                     QJsonObject answers = {});
    // Asks the user (elicitation/create's params); `answer` gets the ElicitResult.
    void elicit(const QJsonObject& params, std::function<void(QJsonObject)> answer);
    void listTools(const QString& cursor, QList<ToolSpec> soFar, std::function<void()> then);
    void onMessage(const QJsonObject& message);
    // A request unanswered for `ms` (silence), or unfinished for `ms` in all (`whole`).
    void expire(qint64 id, bool whole, int ms);
    void fail(const QString& message);
    qint64 sendRequest(const QString& method, QJsonObject params, Done done, int timeoutMs,
                       Progress progress, const QString& key = {});
    void notify(const QString& method, const QJsonObject& params = {});
    void becomeReady();
    void answer(const QJsonValue& id, const QString& method, const QJsonObject& params);
    // While the user is busy (signing in, answering a form) no request's clock runs.
    void hold(bool on);

    McpServerConfig m_config;
    QNetworkAccessManager* m_nam;
    McpAuth* m_auth = nullptr;
    Elicit m_elicit;
    int m_holds = 0;
    bool m_modern = false;        // the stateless revision
    qint64 m_toolsFreshUntil = 0; // its tools/list ttlMs; 0: until list_changed
    std::unique_ptr<McpTransport> m_transport;
    State m_state = State::Idle;
    QString m_error;
    QString m_version;
    QString m_serverInfo;
    QList<ToolSpec> m_tools;
    qint64 m_nextId = 0;
    QHash<qint64, std::shared_ptr<Pending>> m_pending;
    QList<std::function<void()>> m_waiting;
    QSet<QString> m_cancelled; // keys cancelled before they were sent
};

} // namespace tether::engine
