// SPDX-License-Identifier: GPL-3.0-or-later
// A remote MCP server that needs sign-in, with its own authorization server on the same origin,
// for the sign-in tests and for trying the window: the official SDK's authorization handlers
// (mcpAuthRouter: metadata, registration, authorize, token with PKCE, revoke) and bearer
// middleware, behind an in-memory provider that approves every sign-in at once (the user who
// clicks "Allow") and issues refresh tokens. `node oauth-server.mjs PORT` prints "listening PORT".
//   tools   whoami (says who is signed in; counts calls), ask (asks the user with a form)
//   admin   POST /admin/revoke (every token refused from now on), POST /admin/expire (access
//           tokens expire, refresh tokens still work), GET /admin/stats (authorizations, token
//           and refresh grants, calls)
// OAUTH_WRONG_ISS=1: the authorization server says it sends `iss` (RFC 9207) and sends another
// server's, as a mix-up attack would.
import { randomUUID } from "node:crypto";
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { mcpAuthRouter, mcpAuthMetadataRouter, createOAuthMetadata }
  from "@modelcontextprotocol/sdk/server/auth/router.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { InvalidTokenError, InvalidGrantError }
  from "@modelcontextprotocol/sdk/server/auth/errors.js";

const port = Number(process.argv[2] ?? 0);
const wrongIss = process.env.OAUTH_WRONG_ISS === "1";
const stats = { authorizations: 0, tokens: 0, refreshes: 0, calls: 0, lastScope: "" };

class Clients {
  clients = new Map();
  async getClient(id) { return this.clients.get(id); }
  async registerClient(client) { this.clients.set(client.client_id, client); return client; }
}

class Provider {
  clientsStore = new Clients();
  codes = new Map();
  tokens = new Map(); // access and refresh tokens
  async authorize(client, params, res) {
    stats.authorizations++;
    stats.lastScope = (params.scopes ?? []).join(" ");
    if (!client.redirect_uris.includes(params.redirectUri))
      throw new Error("Unregistered redirect_uri");
    const code = randomUUID();
    this.codes.set(code, { client, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set("code", code);
    if (params.state !== undefined) target.searchParams.set("state", params.state);
    if (wrongIss) target.searchParams.set("iss", "https://evil.example");
    res.redirect(target.toString());
  }
  async challengeForAuthorizationCode(_client, code) {
    const c = this.codes.get(code);
    if (!c) throw new InvalidGrantError("unknown code");
    return c.params.codeChallenge;
  }
  issue(clientId, scopes, resource) {
    const access = "at-" + randomUUID();
    const refresh = "rt-" + randomUUID();
    const base = { clientId, scopes, resource };
    this.tokens.set(access, { ...base, type: "access", expiresAt: Date.now() + 3600_000 });
    this.tokens.set(refresh, { ...base, type: "refresh" });
    return { access_token: access, token_type: "bearer", expires_in: 3600,
             refresh_token: refresh, scope: scopes.join(" ") };
  }
  async exchangeAuthorizationCode(client, code) {
    const c = this.codes.get(code);
    if (!c || c.client.client_id !== client.client_id) throw new InvalidGrantError("bad code");
    this.codes.delete(code);
    stats.tokens++;
    return this.issue(client.client_id, c.params.scopes ?? [], c.params.resource?.href);
  }
  async exchangeRefreshToken(client, refreshToken) {
    const t = this.tokens.get(refreshToken);
    if (!t || t.type !== "refresh" || t.clientId !== client.client_id)
      throw new InvalidGrantError("refresh token revoked");
    this.tokens.delete(refreshToken);
    stats.refreshes++;
    return this.issue(client.client_id, t.scopes, t.resource);
  }
  async verifyAccessToken(token) {
    const t = this.tokens.get(token);
    if (!t || t.type !== "access" || t.expiresAt < Date.now())
      throw new InvalidTokenError("token expired or revoked");
    return { token, clientId: t.clientId, scopes: t.scopes,
             expiresAt: Math.floor(t.expiresAt / 1000) };
  }
  async revokeToken(_client, request) { this.tokens.delete(request.token); }
}

function tools() {
  const mcp = new McpServer({ name: "oauth-test", version: "1.0.0" });
  mcp.registerTool("whoami", { description: "Says who is signed in." }, async () => {
    stats.calls++;
    return { content: [{ type: "text", text: `signed in (call ${stats.calls})` }] };
  });
  mcp.registerTool("ask", { description: "Asks the user for a name and a colour." }, async () => {
    const r = await mcp.server.elicitInput({
      message: "Which name and colour should the badge have?",
      requestedSchema: { type: "object", properties: {
        name: { type: "string", title: "Name", default: "Ada" },
        colour: { type: "string", title: "Colour", enum: ["red", "green", "blue"],
                  default: "green" },
        large: { type: "boolean", title: "Large badge", default: false } },
        required: ["name"] } });
    return { content: [{ type: "text", text: `${r.action} ${JSON.stringify(r.content ?? {})}` }] };
  });
  return mcp;
}

const provider = new Provider();
const app = express();
const server = app.listen(port, "127.0.0.1", () => {
  const base = new URL(`http://127.0.0.1:${server.address().port}`);
  const mcpUrl = new URL("/mcp", base);
  const metadata = createOAuthMetadata({ provider, issuerUrl: base, scopesSupported: ["mcp:tools"] });
  if (wrongIss) metadata.authorization_response_iss_parameter_supported = true;
  app.use(mcpAuthMetadataRouter({ oauthMetadata: metadata, resourceServerUrl: mcpUrl,
                                  scopesSupported: ["mcp:tools"], resourceName: "Tether test" }));
  app.use(mcpAuthRouter({ provider, issuerUrl: base, scopesSupported: ["mcp:tools"],
                          resourceServerUrl: mcpUrl }));
  app.post("/admin/revoke", (_req, res) => { provider.tokens.clear(); res.json(stats); });
  app.post("/admin/expire", (_req, res) => {
    for (const t of provider.tokens.values()) if (t.type === "access") t.expiresAt = 0;
    res.json(stats);
  });
  app.get("/admin/stats", (_req, res) => res.json(stats));
  const auth = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: new URL("/.well-known/oauth-protected-resource/mcp", base).href,
  });
  const sessions = new Map();
  app.post("/mcp", express.json(), auth, async (req, res) => {
    const id = req.headers["mcp-session-id"];
    let transport = id ? sessions.get(id) : undefined;
    if (!transport && id) return res.status(404).json({ jsonrpc: "2.0", id: null,
                                                       error: { code: -32001, message: "no session" } });
    if (!transport) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => sessions.set(sid, transport) });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await tools().connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
  });
  for (const method of ["get", "delete"]) {
    app[method]("/mcp", auth, async (req, res) => {
      const transport = sessions.get(req.headers["mcp-session-id"]);
      if (!transport) return res.status(404).end();
      await transport.handleRequest(req, res);
    });
  }
  console.log(`listening ${server.address().port}`);
});
