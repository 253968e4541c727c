// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/mcp/auth/oauthmetadata.h"
#include "engine/tools/tooltypes.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QUrlQuery;

namespace tether::engine {

class SecretStore;

namespace oauth {
class LoopbackRedirect;
}

// The sign-in to one HTTP MCP server, per the MCP authorization spec (OAuth 2.1): protected
// resource metadata (RFC 9728) from the server's challenge or the well-known paths, the
// authorization server's metadata (RFC 8414, OpenID fallbacks, 2025-03-26 defaults), a client
// pre-registered, named by a metadata document or registered dynamically (RFC 7591), PKCE S256,
// the `resource` parameter (RFC 8707), `iss` checked (RFC 9207), and tokens refreshed. The
// browser is the front end's: `signInRequested` gives the URL, a loopback redirect receives the
// code. Tokens live in the SecretStore, never in a file or a log. On the tools thread.
class McpAuth : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<void>)>;
    McpAuth(McpServerConfig config, QNetworkAccessManager* nam, SecretStore* secrets,
            QObject* parent = nullptr);
    ~McpAuth() override;

    // Reads the stored tokens once; `done` when they are known (or known to be absent).
    void whenLoaded(std::function<void()> done);
    // "Bearer …", or empty before any sign-in.
    QByteArray authorization() const;
    // The server refused a request (401, or 403 insufficient_scope with this WWW-Authenticate):
    // refreshes the token or signs in again; `done` when there is a new token to try, or not.
    void challenged(int status, const QByteArray& wwwAuthenticate, Done done);
    // Signs in whether or not the server asked (tether-cli mcp login).
    void signIn(Done done);
    // Forgets the tokens here and in the keychain; `done` once they are gone.
    void signOut(std::function<void()> done);
    bool busy() const { return m_busy; }
    // The user gave up the sign-in in the browser: what waits for it fails now.
    void cancel();

    // The key the tokens are stored under: one per server URL.
    static QString secretKey(const QUrl& server);

Q_SIGNALS:
    // Open this in the browser. `again`: a sign-in the server no longer accepts.
    void signInRequested(const QUrl& url, bool again);
    void busyChanged(bool busy);
    // A sign-in in the browser ended: signed in (`error` empty), or why not.
    void signInEnded(const QString& error);

private:
    struct Attempt;
    void start(const oauth::BearerChallenge& challenge, bool again);
    void finish(Result<void> result);
    void refresh(const oauth::BearerChallenge& challenge);
    void findResource(const std::shared_ptr<Attempt>& a, int index);
    void findAuthServer(const std::shared_ptr<Attempt>& a, int index);
    void chooseClient(const std::shared_ptr<Attempt>& a);
    void authorize(const std::shared_ptr<Attempt>& a);
    void clientCredentials(const std::shared_ptr<Attempt>& a);
    void redeem(const std::shared_ptr<Attempt>& a, const QUrlQuery& query);
    void requestTokens(const QUrl& endpoint, const oauth::Client& client,
                       QList<QPair<QString, QString>> form,
                       std::function<void(Result<oauth::Tokens>)> done);
    void keep(oauth::Session session);
    // GET or POST bounded by Edge::OAuth; `done(status, body)`, status 0 when it failed.
    void fetch(QNetworkReply* reply, std::function<void(int, const QByteArray&)> done);
    QNetworkReply* get(const QUrl& url);

    McpServerConfig m_config;
    QNetworkAccessManager* m_nam;
    SecretStore* m_secrets;
    oauth::Session m_session;
    bool m_loaded = false;
    bool m_loading = false;
    bool m_busy = false;
    qint64 m_lastRefresh = 0; // ms since the epoch
    QList<std::function<void()>> m_onLoaded;
    QList<Done> m_waiting;
    QPointer<oauth::LoopbackRedirect> m_redirect;
};

} // namespace tether::engine
