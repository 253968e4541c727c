// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: what an MCP server's sign-in and questions send, through the one place each
// is parsed: a WWW-Authenticate header, resource and authorization-server metadata, a token and
// a registration answer, a kept session, and a form's schema with an answer to check against it.
// Each ends; a challenge's lists stay within their bounds; a metadata document accepted names the
// endpoints it must; a resource accepted for a server is on its origin; an answer accepted
// matches its schema again.
#include "engine/mcp/auth/oauthmetadata.h"
#include "engine/tools/tooltypes.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace tether::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const oauth::BearerChallenge c = oauth::parseBearerChallenge(bytes);
    if (c.scopes.size() > 100 || c.error.size() > 200)
        __builtin_trap();
    const QUrl server(QStringLiteral("https://mcp.example.com/v1/mcp"));
    if (auto r = oauth::parseProtectedResource(bytes); r && r.value().resource.isEmpty())
        __builtin_trap();
    if (auto r = oauth::parseProtectedResource(bytes);
        r && oauth::resourceCovers(r.value().resource, server) &&
        r.value().resource.host() != server.host())
        __builtin_trap();
    if (auto a = oauth::parseAuthServer(bytes);
        a && (a.value().authorizationEndpoint.isEmpty() || a.value().tokenEndpoint.isEmpty()))
        __builtin_trap();
    (void)oauth::parseTokens(bytes, 200, 0);
    (void)oauth::parseRegistration(bytes, 201);
    (void)oauth::parseSession(bytes);
    (void)oauth::protectedResourceUrls(server, c.resourceMetadata);
    const QJsonObject schema = QJsonDocument::fromJson(bytes.toByteArray()).object();
    const QJsonObject defaults = elicitationDefaults(schema);
    if (auto checked = validElicitationContent(schema, defaults);
        checked && !validElicitationContent(schema, checked.value()))
        __builtin_trap();
    return 0;
}
