// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QUrl>

// What OAuth servers say, read as plain values. Everything here comes from a server (a header,
// a metadata document, a token response) and is untrusted: these functions are the one place it
// is parsed, and what the fuzz target drives.
namespace tether::engine::oauth {

// `WWW-Authenticate: Bearer resource_metadata="…", scope="…", error="…"` (RFC 6750, RFC 9728).
struct BearerChallenge {
    bool bearer = false;
    QUrl resourceMetadata;
    QStringList scopes;
    QString error;
    QString errorDescription;
};
BearerChallenge parseBearerChallenge(QByteArrayView header);

// Protected resource metadata (RFC 9728).
struct ProtectedResource {
    QUrl resource;
    QList<QUrl> authorizationServers;
    QStringList scopes;
};
Result<ProtectedResource> parseProtectedResource(QByteArrayView json);

// Authorization server metadata (RFC 8414, or OpenID Connect discovery).
struct AuthServer {
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl registrationEndpoint;
    QStringList codeChallengeMethods;
    QStringList tokenAuthMethods;
    QStringList scopes;
    QStringList grantTypes;
    bool clientIdMetadataDocuments = false;
    bool issParameter = false; // RFC 9207: the redirect must carry `iss`
};
Result<AuthServer> parseAuthServer(QByteArrayView json);
// The endpoints a 2025-03-26 server without metadata has: /authorize, /token, /register at
// its origin.
AuthServer defaultAuthServer(const QUrl& origin);

// A token response (RFC 6749 5.1), or its error (5.2) as the message.
struct Tokens {
    QString accessToken;
    QString refreshToken;
    QStringList scopes;
    qint64 expiresAt = 0; // ms since the epoch; 0: not said
};
Result<Tokens> parseTokens(QByteArrayView json, int httpStatus, qint64 nowMs);

// A dynamic registration's answer (RFC 7591).
struct Client {
    QString id;
    QString secret;
    QString authMethod; // client_secret_basic, client_secret_post or none
    QString redirectUri;
};
Result<Client> parseRegistration(QByteArrayView json, int httpStatus);

// Where to look for the resource's metadata, in order: the header's URL, then the path-based
// and the root well-known locations of the server's origin.
QList<QUrl> protectedResourceUrls(const QUrl& server, const QUrl& fromHeader);
// Where to look for an authorization server's metadata, in order (RFC 8414 then OpenID, the
// path inserted after or appended to the well-known part).
QList<QUrl> authServerMetadataUrls(const QUrl& issuer);
// The resource the tokens are for: the server's URL without fragment, query or trailing slash.
QUrl canonicalResource(const QUrl& server);
// A resource metadata document may name the server or a path above it on the same origin,
// never another server.
bool resourceCovers(const QUrl& resource, const QUrl& server);
// The scopes to ask for: the challenge's, else all the resource offers, else none; a step-up
// adds what was granted before.
QStringList chooseScopes(const BearerChallenge& challenge, const ProtectedResource& resource,
                         const QStringList& granted);
// client_secret_basic, client_secret_post or none: what the registration said, else what both
// sides support.
QString chooseAuthMethod(const Client& client, const AuthServer& server);

// PKCE (RFC 7636): a random verifier and its S256 challenge.
QByteArray randomToken(int bytes = 32);
QByteArray s256(const QByteArray& verifier);

// Tokens as kept in the keychain, with what they need to be refreshed; never written to a file.
struct Session {
    Tokens tokens;
    Client client;
    QString issuer;
    QUrl tokenEndpoint;
    QUrl resource;
    bool isEmpty() const { return tokens.accessToken.isEmpty(); }
};
QByteArray sessionJson(const Session& session);
Session parseSession(QByteArrayView json);

} // namespace tether::engine::oauth
