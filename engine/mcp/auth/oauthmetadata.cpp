// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/auth/oauthmetadata.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine::oauth {

namespace {

// A metadata document's values are bounded: a list of at most 100 short strings.
QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue s : v.toArray()) {
        if (s.isString() && s.toString().size() <= 2048 && out.size() < 100)
            out.append(s.toString());
    }
    return out;
}

QUrl httpUrl(const QJsonValue& v)
{
    const QUrl url(v.toString(), QUrl::StrictMode);
    return url.isValid() && (url.scheme() == "https"_L1 || url.scheme() == "http"_L1) &&
                   !url.host().isEmpty()
               ? url
               : QUrl();
}

QJsonObject object(QByteArrayView json, bool* ok)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray());
    *ok = doc.isObject();
    return doc.object();
}

QString path(const QUrl& url)
{
    QString p = url.path();
    while (p.endsWith(u'/'))
        p.chop(1);
    return p;
}

QUrl atPath(const QUrl& origin, const QString& p)
{
    QUrl u = origin;
    u.setPath(p);
    u.setQuery(QString());
    u.setFragment(QString());
    return u;
}

} // namespace

BearerChallenge parseBearerChallenge(QByteArrayView header)
{
    BearerChallenge c;
    const QByteArray h = header.first(std::min<qsizetype>(header.size(), 8192)).toByteArray();
    qsizetype i = h.indexOf("Bearer");
    if (i < 0)
        i = h.toLower().indexOf("bearer");
    if (i < 0)
        return c;
    c.bearer = true;
    i += 6;
    // auth-param = token "=" ( token / quoted-string ), separated by commas.
    for (int params = 0; i < h.size() && params < 32; ++params) {
        while (i < h.size() && (h[i] == ' ' || h[i] == ','))
            ++i;
        const qsizetype eq = h.indexOf('=', i);
        if (eq < 0)
            break;
        const QByteArray name = h.mid(i, eq - i).trimmed().toLower();
        i = eq + 1;
        QByteArray value;
        if (i < h.size() && h[i] == '"') {
            for (++i; i < h.size() && h[i] != '"'; ++i) {
                if (h[i] == '\\' && i + 1 < h.size())
                    ++i;
                value.append(h[i]);
            }
            ++i;
        } else {
            const qsizetype end = h.indexOf(',', i);
            value = h.mid(i, end < 0 ? -1 : end - i).trimmed();
            i = end < 0 ? h.size() : end;
        }
        const QString v = QString::fromUtf8(value);
        if (name == "resource_metadata")
            c.resourceMetadata = httpUrl(v);
        else if (name == "scope")
            c.scopes = v.split(u' ', Qt::SkipEmptyParts).mid(0, 100);
        else if (name == "error")
            c.error = v.left(200);
        else if (name == "error_description")
            c.errorDescription = v.left(500);
    }
    return c;
}

Result<ProtectedResource> parseProtectedResource(QByteArrayView json)
{
    bool ok = false;
    const QJsonObject o = object(json, &ok);
    ProtectedResource r;
    r.resource = httpUrl(o.value("resource"_L1));
    for (const QString& s : strings(o.value("authorization_servers"_L1))) {
        if (const QUrl u = httpUrl(s); !u.isEmpty())
            r.authorizationServers.append(u);
    }
    r.scopes = strings(o.value("scopes_supported"_L1));
    if (!ok || r.resource.isEmpty())
        return Error{ErrorCode::Protocol, u"Its resource metadata names no resource."_s};
    return r;
}

Result<AuthServer> parseAuthServer(QByteArrayView json)
{
    bool ok = false;
    const QJsonObject o = object(json, &ok);
    AuthServer a;
    a.issuer = o.value("issuer"_L1).toString().left(2048);
    a.authorizationEndpoint = httpUrl(o.value("authorization_endpoint"_L1));
    a.tokenEndpoint = httpUrl(o.value("token_endpoint"_L1));
    a.registrationEndpoint = httpUrl(o.value("registration_endpoint"_L1));
    a.codeChallengeMethods = strings(o.value("code_challenge_methods_supported"_L1));
    a.tokenAuthMethods = strings(o.value("token_endpoint_auth_methods_supported"_L1));
    a.scopes = strings(o.value("scopes_supported"_L1));
    a.grantTypes = strings(o.value("grant_types_supported"_L1));
    a.clientIdMetadataDocuments = o.value("client_id_metadata_document_supported"_L1).toBool();
    a.issParameter = o.value("authorization_response_iss_parameter_supported"_L1).toBool();
    if (!ok || a.authorizationEndpoint.isEmpty() || a.tokenEndpoint.isEmpty())
        return Error{ErrorCode::Protocol,
                     u"Its authorization server's metadata names no authorization or token "
                     "endpoint."_s};
    // OAuth 2.1 asks for PKCE; a server that says it supports other methods only cannot be
    // used safely. One that says nothing is tried with S256 (2025-03-26 servers often omit it).
    if (!a.codeChallengeMethods.isEmpty() && !a.codeChallengeMethods.contains("S256"_L1))
        return Error{ErrorCode::Protocol,
                     u"Its authorization server does not support PKCE with S256."_s};
    return a;
}

AuthServer defaultAuthServer(const QUrl& origin)
{
    AuthServer a;
    a.issuer = atPath(origin, QString()).toString();
    a.authorizationEndpoint = atPath(origin, u"/authorize"_s);
    a.tokenEndpoint = atPath(origin, u"/token"_s);
    a.registrationEndpoint = atPath(origin, u"/register"_s);
    return a;
}

Result<Tokens> parseTokens(QByteArrayView json, int httpStatus, qint64 nowMs)
{
    bool ok = false;
    const QJsonObject o = object(json, &ok);
    if (httpStatus < 200 || httpStatus >= 300 || !o.contains("access_token"_L1)) {
        const QString code = o.value("error"_L1).toString().left(200);
        const QString text = o.value("error_description"_L1).toString().left(500);
        return Error{ErrorCode::HttpRefused,
                     code.isEmpty() ? u"HTTP %1"_s.arg(httpStatus)
                                    : (text.isEmpty() ? code : code + u": "_s + text),
                     httpStatus};
    }
    Tokens t;
    t.accessToken = o.value("access_token"_L1).toString().left(16384);
    t.refreshToken = o.value("refresh_token"_L1).toString().left(16384);
    t.scopes = o.value("scope"_L1).toString().split(u' ', Qt::SkipEmptyParts).mid(0, 100);
    const qint64 expiresIn = o.value("expires_in"_L1).toInteger();
    if (expiresIn > 0 && expiresIn < 10LL * 365 * 86400)
        t.expiresAt = nowMs + expiresIn * 1000;
    const QString type = o.value("token_type"_L1).toString();
    if (t.accessToken.isEmpty() ||
        (!type.isEmpty() && type.compare("bearer"_L1, Qt::CaseInsensitive) != 0))
        return Error{ErrorCode::Protocol, u"The token endpoint sent no bearer token."_s};
    return t;
}

Result<Client> parseRegistration(QByteArrayView json, int httpStatus)
{
    bool ok = false;
    const QJsonObject o = object(json, &ok);
    Client c;
    c.id = o.value("client_id"_L1).toString().left(2048);
    c.secret = o.value("client_secret"_L1).toString().left(2048);
    c.authMethod = o.value("token_endpoint_auth_method"_L1).toString().left(100);
    if (httpStatus < 200 || httpStatus >= 300 || c.id.isEmpty()) {
        const QString why = o.value("error_description"_L1).toString().left(500);
        return Error{ErrorCode::HttpRefused,
                     u"The authorization server refused to register Tether (HTTP %1)%2"_s.arg(
                         QString::number(httpStatus), why.isEmpty() ? QString() : u": "_s + why),
                     httpStatus};
    }
    return c;
}

QList<QUrl> protectedResourceUrls(const QUrl& server, const QUrl& fromHeader)
{
    QList<QUrl> urls;
    if (!fromHeader.isEmpty())
        urls.append(fromHeader);
    const QString p = path(server);
    if (!p.isEmpty())
        urls.append(atPath(server, u"/.well-known/oauth-protected-resource"_s + p));
    urls.append(atPath(server, u"/.well-known/oauth-protected-resource"_s));
    return urls;
}

QList<QUrl> authServerMetadataUrls(const QUrl& issuer)
{
    const QString p = path(issuer);
    if (p.isEmpty())
        return {atPath(issuer, u"/.well-known/oauth-authorization-server"_s),
                atPath(issuer, u"/.well-known/openid-configuration"_s)};
    return {atPath(issuer, u"/.well-known/oauth-authorization-server"_s + p),
            atPath(issuer, u"/.well-known/openid-configuration"_s + p),
            atPath(issuer, p + u"/.well-known/openid-configuration"_s)};
}

QUrl canonicalResource(const QUrl& server)
{
    QUrl u = server.adjusted(QUrl::RemoveFragment | QUrl::RemoveQuery | QUrl::StripTrailingSlash |
                             QUrl::NormalizePathSegments);
    u.setHost(u.host().toLower());
    return u;
}

bool resourceCovers(const QUrl& resource, const QUrl& server)
{
    const QUrl r = canonicalResource(resource);
    const QUrl s = canonicalResource(server);
    if (r.scheme() != s.scheme() || r.host() != s.host() || r.port() != s.port())
        return false;
    const QString rp = path(r);
    const QString sp = path(s);
    return rp.isEmpty() || sp == rp || sp.startsWith(rp + u'/');
}

QStringList chooseScopes(const BearerChallenge& challenge, const ProtectedResource& resource,
                         const QStringList& granted)
{
    QStringList scopes = !challenge.scopes.isEmpty() ? challenge.scopes : resource.scopes;
    if (!scopes.isEmpty()) {
        for (const QString& g : granted) {
            if (!scopes.contains(g))
                scopes.append(g);
        }
    }
    return scopes;
}

QString chooseAuthMethod(const Client& client, const AuthServer& server)
{
    if (client.secret.isEmpty())
        return u"none"_s;
    if (!client.authMethod.isEmpty())
        return client.authMethod;
    // RFC 8414: a server that lists nothing supports client_secret_basic.
    if (server.tokenAuthMethods.isEmpty() ||
        server.tokenAuthMethods.contains("client_secret_basic"_L1))
        return u"client_secret_basic"_s;
    return u"client_secret_post"_s;
}

QByteArray randomToken(int bytes)
{
    QByteArray b(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(b.data()),
                                         reinterpret_cast<quint32*>(b.data()) + bytes / 4);
    return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray s256(const QByteArray& verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray sessionJson(const Session& s)
{
    const QJsonObject o{
        {"access_token"_L1, s.tokens.accessToken},
        {"refresh_token"_L1, s.tokens.refreshToken},
        {"scope"_L1, s.tokens.scopes.join(u' ')},
        {"expires_at"_L1, s.tokens.expiresAt},
        {"client_id"_L1, s.client.id},
        {"client_secret"_L1, s.client.secret},
        {"auth_method"_L1, s.client.authMethod},
        {"redirect_uri"_L1, s.client.redirectUri},
        {"issuer"_L1, s.issuer},
        {"token_endpoint"_L1, s.tokenEndpoint.toString()},
        {"resource"_L1, s.resource.toString()},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Session parseSession(QByteArrayView json)
{
    bool ok = false;
    const QJsonObject o = object(json, &ok);
    Session s;
    s.tokens.accessToken = o.value("access_token"_L1).toString();
    s.tokens.refreshToken = o.value("refresh_token"_L1).toString();
    s.tokens.scopes = o.value("scope"_L1).toString().split(u' ', Qt::SkipEmptyParts);
    s.tokens.expiresAt = o.value("expires_at"_L1).toInteger();
    s.client.id = o.value("client_id"_L1).toString();
    s.client.secret = o.value("client_secret"_L1).toString();
    s.client.authMethod = o.value("auth_method"_L1).toString();
    s.client.redirectUri = o.value("redirect_uri"_L1).toString();
    s.issuer = o.value("issuer"_L1).toString();
    s.tokenEndpoint = httpUrl(o.value("token_endpoint"_L1));
    s.resource = httpUrl(o.value("resource"_L1));
    return s;
}

} // namespace tether::engine::oauth
