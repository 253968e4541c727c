// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/auth/mcpauth.h"

#include "engine/core/logging.h"
#include "engine/core/secretstore.h"
#include "engine/core/version.h"
#include "engine/mcp/auth/loopbackredirect.h"
#include "engine/net/replyguard.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

using namespace oauth;

struct McpAuth::Attempt {
    BearerChallenge challenge;
    bool again = false;
    QList<QUrl> resourceUrls;
    ProtectedResource resource;
    QUrl issuer;
    QList<QUrl> serverUrls;
    AuthServer server;
    Client client;
    QByteArray verifier;
    QByteArray state;
    QStringList scopes;
};

namespace {
QUrl originOf(const QUrl& url)
{
    QUrl o = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                          QUrl::RemoveUserInfo);
    return o;
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray form(const QList<QPair<QString, QString>>& items)
{
    QUrlQuery q;
    for (const auto& [k, v] : items)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    return q.query(QUrl::FullyEncoded).toLatin1();
}
} // namespace

McpAuth::McpAuth(McpServerConfig config, QNetworkAccessManager* nam, SecretStore* secrets,
                 QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(nam)
    , m_secrets(secrets)
{}

McpAuth::~McpAuth() = default;

QString McpAuth::secretKey(const QUrl& server)
{
    return u"mcp-oauth "_s + canonicalResource(server).toString();
}

void McpAuth::whenLoaded(std::function<void()> done)
{
    if (m_loaded || !m_secrets) {
        m_loaded = true;
        done();
        return;
    }
    m_onLoaded.append(std::move(done));
    if (std::exchange(m_loading, true))
        return;
    QPointer<McpAuth> self(this);
    m_secrets->read(secretKey(m_config.url), [self](Result<QByteArray> r) {
        if (!self)
            return;
        if (r)
            self->m_session = parseSession(r.value());
        else if (r.error().code != ErrorCode::NotFound)
            qCWarning(lcMcp) << self->m_config.name
                             << "sign-in could not be read from the keychain:" << r.error().message;
        self->m_loaded = true;
        const auto waiting = std::exchange(self->m_onLoaded, {});
        for (const auto& w : waiting)
            w();
    });
}

QByteArray McpAuth::authorization() const
{
    return m_session.isEmpty() ? QByteArray() : "Bearer " + m_session.tokens.accessToken.toUtf8();
}

void McpAuth::challenged(int status, const QByteArray& wwwAuthenticate, Done done)
{
    m_waiting.append(std::move(done));
    if (m_busy)
        return;
    m_busy = true;
    Q_EMIT busyChanged(true);
    const BearerChallenge challenge = parseBearerChallenge(wwwAuthenticate);
    qCInfo(lcMcp) << m_config.name << "asks for authorization: HTTP" << status << challenge.error;
    if (status == 403) {
        start(challenge, false); // step-up: more scopes
        return;
    }
    // A token refreshed a moment ago and refused at once will not be saved by refreshing.
    if (!m_session.tokens.refreshToken.isEmpty() && now() - m_lastRefresh > 30'000) {
        refresh(challenge);
        return;
    }
    start(challenge, !m_session.isEmpty());
}

void McpAuth::signIn(Done done)
{
    m_waiting.append(std::move(done));
    if (m_busy)
        return;
    m_busy = true;
    Q_EMIT busyChanged(true);
    start({}, false);
}

void McpAuth::signOut(std::function<void()> done)
{
    m_session = {};
    if (m_secrets)
        m_secrets->remove(secretKey(m_config.url), std::move(done));
    else
        done();
}

void McpAuth::cancel()
{
    if (m_busy && m_redirect)
        finish(Error{ErrorCode::Cancelled,
                     u"The sign-in to \"%1\" was cancelled."_s.arg(m_config.name)});
}

void McpAuth::finish(Result<void> result)
{
    if (!result)
        qCWarning(lcMcp) << m_config.name << "sign-in failed:" << result.error().message;
    if (m_redirect) {
        m_redirect->deleteLater();
        Q_EMIT signInEnded(result ? QString() : result.error().message);
    }
    m_busy = false;
    Q_EMIT busyChanged(false);
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto& w : waiting)
        w(result);
}

void McpAuth::refresh(const BearerChallenge& challenge)
{
    QPointer<McpAuth> self(this);
    m_lastRefresh = now();
    requestTokens(m_session.tokenEndpoint, m_session.client,
                  {{u"grant_type"_s, u"refresh_token"_s},
                   {u"refresh_token"_s, m_session.tokens.refreshToken},
                   {u"resource"_s, m_session.resource.toString()}},
                  [self, challenge](Result<Tokens> r) {
                      if (!self)
                          return;
                      if (!r) {
                          qCInfo(lcMcp)
                              << self->m_config.name << "refresh refused:" << r.error().message;
                          self->start(challenge, true);
                          return;
                      }
                      Session s = self->m_session;
                      const QString refreshToken = s.tokens.refreshToken;
                      s.tokens = r.value();
                      if (s.tokens.refreshToken.isEmpty())
                          s.tokens.refreshToken = refreshToken;
                      self->keep(s);
                      self->finish({});
                  });
}

void McpAuth::start(const BearerChallenge& challenge, bool again)
{
    auto a = std::make_shared<Attempt>();
    a->challenge = challenge;
    a->again = again;
    a->resourceUrls = protectedResourceUrls(m_config.url, challenge.resourceMetadata);
    findResource(a, 0);
}

void McpAuth::findResource(const std::shared_ptr<Attempt>& a, int index)
{
    if (index >= a->resourceUrls.size()) {
        // A 2025-03-26 server: no resource metadata; its origin is the authorization server.
        a->resource.resource = canonicalResource(m_config.url);
        a->issuer = originOf(m_config.url);
        findAuthServer(a, 0);
        return;
    }
    QPointer<McpAuth> self(this);
    fetch(get(a->resourceUrls.at(index)), [self, a, index](int status, const QByteArray& body) {
        if (!self)
            return;
        auto r = parseProtectedResource(body);
        if (status != 200 || !r) {
            self->findResource(a, index + 1);
            return;
        }
        if (!resourceCovers(r.value().resource, self->m_config.url)) {
            self->finish(Error{ErrorCode::Protocol,
                               u"The MCP server \"%1\" says its tokens are for %2, another "
                               "server; Tether does not sign in there."_s.arg(
                                   self->m_config.name, r.value().resource.toString())});
            return;
        }
        a->resource = r.value();
        a->issuer = a->resource.authorizationServers.value(0, originOf(self->m_config.url));
        self->findAuthServer(a, 0);
    });
}

void McpAuth::findAuthServer(const std::shared_ptr<Attempt>& a, int index)
{
    if (a->serverUrls.isEmpty())
        a->serverUrls = authServerMetadataUrls(a->issuer);
    if (index >= a->serverUrls.size()) {
        // No metadata anywhere: the default endpoints at its origin (2025-03-26).
        a->server = defaultAuthServer(originOf(a->issuer));
        chooseClient(a);
        return;
    }
    QPointer<McpAuth> self(this);
    fetch(get(a->serverUrls.at(index)), [self, a, index](int status, const QByteArray& body) {
        if (!self)
            return;
        auto r = parseAuthServer(body);
        if (status == 200 && !r && r.error().code == ErrorCode::Protocol &&
            body.contains("code_challenge_methods_supported")) {
            self->finish(r.error());
            return;
        }
        if (status != 200 || !r) {
            self->findAuthServer(a, index + 1);
            return;
        }
        a->server = r.value();
        if (a->server.issuer.isEmpty())
            a->server.issuer = a->issuer.toString();
        self->chooseClient(a);
    });
}

void McpAuth::chooseClient(const std::shared_ptr<Attempt>& a)
{
    a->scopes = chooseScopes(a->challenge, a->resource,
                             a->challenge.error == "insufficient_scope"_L1 ? m_session.tokens.scopes
                                                                           : QStringList());
    m_redirect = new LoopbackRedirect(this);
    const Client& kept = m_session.client;
    const quint16 keptPort = QUrl(kept.redirectUri).port(0);
    bool listening = false;
    if (!m_config.oauthClientId.isEmpty()) {
        a->client = {m_config.oauthClientId, m_config.oauthClientSecret, QString(), QString()};
        if (a->client.secret.isEmpty() && kept.id == a->client.id)
            a->client.secret = kept.secret; // given once, kept in the keychain since
    } else if (a->server.clientIdMetadataDocuments && !m_config.oauthClientMetadataUrl.isEmpty()) {
        a->client = {m_config.oauthClientMetadataUrl.toString(), QString(), u"none"_s, QString()};
    } else if (!kept.id.isEmpty() && m_session.issuer == a->server.issuer && keptPort != 0) {
        // Registered before with this redirect URI: the same port, if it is free.
        listening = m_redirect->listen(keptPort);
        if (listening)
            a->client = kept;
    }
    if (!listening && !m_redirect->listen(0)) {
        finish(Error{ErrorCode::Network,
                     u"Tether could not listen on 127.0.0.1 for the browser's answer."_s});
        return;
    }
    if (!a->client.id.isEmpty()) {
        if (a->client.authMethod.isEmpty())
            a->client.authMethod = chooseAuthMethod(a->client, a->server);
        a->client.redirectUri = m_redirect->redirectUri();
        // A server for machines only (SEP-1046): a registered client with a secret gets its
        // token itself, no browser.
        if (!a->client.secret.isEmpty() && a->server.grantTypes.contains("client_credentials"_L1) &&
            !a->server.grantTypes.contains("authorization_code"_L1)) {
            clientCredentials(a);
            return;
        }
        authorize(a);
        return;
    }
    if (a->server.registrationEndpoint.isEmpty()) {
        finish(Error{ErrorCode::Usage,
                     u"The MCP server \"%1\" asks for sign-in, but its authorization server "
                     "registers no new clients: give Tether a client ID for it (\"oauth\": "
                     "{\"clientId\": …} in its configuration)."_s.arg(m_config.name)});
        return;
    }
    const QString redirectUri = m_redirect->redirectUri();
    const QJsonObject registration{
        {"client_name"_L1, u"Tether"_s},
        {"client_uri"_L1, u"https://github.com/tether-chat/tether"_s},
        {"software_version"_L1, QString::fromLatin1(Version)},
        {"redirect_uris"_L1, QJsonArray{redirectUri}},
        {"grant_types"_L1, QJsonArray{u"authorization_code"_s, u"refresh_token"_s}},
        {"response_types"_L1, QJsonArray{u"code"_s}},
        {"token_endpoint_auth_method"_L1, u"none"_s},
        // A desktop app with a loopback redirect (SEP-837), not a web app.
        {"application_type"_L1, u"native"_s},
    };
    QNetworkRequest request(a->server.registrationEndpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QPointer<McpAuth> self(this);
    qCInfo(lcMcp) << m_config.name << "registering with"
                  << a->server.registrationEndpoint.toString(QUrl::RemoveQuery);
    fetch(m_nam->post(request, QJsonDocument(registration).toJson(QJsonDocument::Compact)),
          [self, a, redirectUri](int status, const QByteArray& body) {
              if (!self)
                  return;
              auto r = parseRegistration(body, status);
              if (!r) {
                  self->finish(r.error());
                  return;
              }
              a->client = r.value();
              a->client.redirectUri = redirectUri;
              a->client.authMethod = chooseAuthMethod(a->client, a->server);
              self->authorize(a);
          });
}

void McpAuth::authorize(const std::shared_ptr<Attempt>& a)
{
    a->verifier = randomToken(32);
    a->state = randomToken(16);
    QUrl url = a->server.authorizationEndpoint;
    QUrlQuery q(url);
    q.addQueryItem(u"response_type"_s, u"code"_s);
    q.addQueryItem(u"client_id"_s, QString::fromLatin1(QUrl::toPercentEncoding(a->client.id)));
    q.addQueryItem(u"redirect_uri"_s,
                   QString::fromLatin1(QUrl::toPercentEncoding(a->client.redirectUri)));
    q.addQueryItem(u"code_challenge"_s, QString::fromLatin1(s256(a->verifier)));
    q.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
    q.addQueryItem(u"state"_s, QString::fromLatin1(a->state));
    q.addQueryItem(u"resource"_s, QString::fromLatin1(QUrl::toPercentEncoding(
                                      canonicalResource(a->resource.resource).toString())));
    if (!a->scopes.isEmpty())
        q.addQueryItem(u"scope"_s,
                       QString::fromLatin1(QUrl::toPercentEncoding(a->scopes.join(u' '))));
    url.setQuery(q);
    QPointer<McpAuth> self(this);
    connect(m_redirect, &LoopbackRedirect::received, this, [self, a](const QUrlQuery& query) {
        if (self)
            self->redeem(a, query);
    });
    connect(m_redirect, &LoopbackRedirect::timedOut, this, [this] {
        finish(Error{ErrorCode::Cancelled,
                     u"The sign-in to \"%1\" was not finished in the browser within %2 "
                     "minutes."_s.arg(m_config.name)
                         .arg(limits::MaxSignInMs / 60'000)});
    });
    qCInfo(lcMcp) << m_config.name << "signing in at"
                  << a->server.authorizationEndpoint.toString(QUrl::RemoveQuery);
    Q_EMIT signInRequested(url, a->again);
}

void McpAuth::clientCredentials(const std::shared_ptr<Attempt>& a)
{
    QList<QPair<QString, QString>> form{
        {u"grant_type"_s, u"client_credentials"_s},
        {u"resource"_s, canonicalResource(a->resource.resource).toString()}};
    if (!a->scopes.isEmpty())
        form.append({u"scope"_s, a->scopes.join(u' ')});
    QPointer<McpAuth> self(this);
    requestTokens(a->server.tokenEndpoint, a->client, form, [self, a](Result<Tokens> r) {
        if (!self)
            return;
        if (!r) {
            self->finish(Error{r.error().code, u"\"%1\" refused Tether's client: %2"_s.arg(
                                                   self->m_config.name, r.error().message)});
            return;
        }
        self->keep({r.value(), a->client, a->server.issuer, a->server.tokenEndpoint,
                    canonicalResource(a->resource.resource)});
        self->finish({});
    });
}

void McpAuth::redeem(const std::shared_ptr<Attempt>& a, const QUrlQuery& query)
{
    if (query.queryItemValue(u"state"_s).toLatin1() != a->state) {
        finish(Error{ErrorCode::Protocol,
                     u"The browser came back from a sign-in Tether did not start."_s});
        return;
    }
    if (query.hasQueryItem(u"error"_s)) {
        const QString why = query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded);
        finish(Error{
            ErrorCode::HttpRefused,
            u"The sign-in to \"%1\" was refused: %2"_s.arg(
                m_config.name, why.isEmpty() ? query.queryItemValue(u"error"_s) : why.left(300))});
        return;
    }
    // RFC 9207: the answer must come from the server Tether sent the user to.
    const QString iss = query.queryItemValue(u"iss"_s, QUrl::FullyDecoded);
    if ((!iss.isEmpty() && iss != a->server.issuer) || (iss.isEmpty() && a->server.issParameter)) {
        finish(Error{ErrorCode::Protocol,
                     u"The sign-in answer came from another authorization server (%1, not "
                     "%2)."_s.arg(iss.isEmpty() ? u"none named"_s : iss, a->server.issuer)});
        return;
    }
    const QUrl resource = canonicalResource(a->resource.resource);
    QPointer<McpAuth> self(this);
    requestTokens(
        a->server.tokenEndpoint, a->client,
        {{u"grant_type"_s, u"authorization_code"_s},
         {u"code"_s, query.queryItemValue(u"code"_s, QUrl::FullyDecoded)},
         {u"redirect_uri"_s, a->client.redirectUri},
         {u"code_verifier"_s, QString::fromLatin1(a->verifier)},
         {u"resource"_s, resource.toString()}},
        [self, a, resource](Result<Tokens> r) {
            if (!self)
                return;
            if (!r) {
                self->finish(
                    Error{r.error().code, u"The sign-in to \"%1\" could not get a token: %2"_s.arg(
                                              self->m_config.name, r.error().message)});
                return;
            }
            Session s;
            s.tokens = r.value();
            if (s.tokens.scopes.isEmpty())
                s.tokens.scopes = a->scopes;
            s.client = a->client;
            s.issuer = a->server.issuer;
            s.tokenEndpoint = a->server.tokenEndpoint;
            s.resource = resource;
            self->keep(s);
            self->finish({});
        });
}

void McpAuth::requestTokens(const QUrl& endpoint, const Client& client,
                            QList<QPair<QString, QString>> items,
                            std::function<void(Result<Tokens>)> done)
{
    QNetworkRequest request(endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    request.setRawHeader("Accept", "application/json");
    if (client.authMethod == "client_secret_basic"_L1) {
        // RFC 6749 2.3.1: each part form-encoded before Basic.
        const QByteArray pair =
            QUrl::toPercentEncoding(client.id) + ':' + QUrl::toPercentEncoding(client.secret);
        request.setRawHeader("Authorization", "Basic " + pair.toBase64());
    } else {
        items.append({u"client_id"_s, client.id});
        if (client.authMethod == "client_secret_post"_L1)
            items.append({u"client_secret"_s, client.secret});
    }
    fetch(m_nam->post(request, form(items)), [done](int status, const QByteArray& body) {
        if (status == 0) {
            done(Error{ErrorCode::Network, u"the token endpoint did not answer"_s});
            return;
        }
        done(parseTokens(body, status, now()));
    });
}

void McpAuth::keep(Session session)
{
    m_session = std::move(session);
    if (!m_secrets)
        return;
    const QString name = m_config.name;
    m_secrets->write(secretKey(m_config.url), sessionJson(m_session), [name](Result<void> r) {
        if (!r)
            qCWarning(lcMcp) << name << "sign-in kept for this session only:" << r.error().message;
    });
}

QNetworkReply* McpAuth::get(const QUrl& url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("MCP-Protocol-Version", "2025-11-25");
    return m_nam->get(request);
}

void McpAuth::fetch(QNetworkReply* reply, std::function<void(int, const QByteArray&)> done)
{
    const ReplyGuard* guard = ReplyGuard::watch(
        reply, Edge::OAuth, u"The authorization server of \"%1\""_s.arg(m_config.name));
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done] {
        reply->deleteLater();
        const int status = guard->stopped()
                               ? 0
                               : reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done(status, status ? reply->readAll() : QByteArray());
    });
}

} // namespace tether::engine
