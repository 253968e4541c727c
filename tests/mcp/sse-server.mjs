// SPDX-License-Identifier: GPL-3.0-or-later
// An MCP server of 2024-11-05 on that revision's own HTTP transport (HTTP+SSE: GET /sse opens the
// event stream, whose `endpoint` event names where to POST), made with the official v1 SDK's
// SSEServerTransport; it answers initialize with protocol version 2024-11-05 whatever the client
// proposes, and refuses Streamable HTTP's POST with 405 as such servers do.
// `node sse-server.mjs PORT` prints "listening PORT". Tool: echo.
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { z } from "zod";

const port = Number(process.argv[2] ?? 0);
const transports = new Map();
const app = express();

app.get("/sse", async (_req, res) => {
  const mcp = new McpServer({ name: "sse-test", version: "2024.11.5" });
  mcp.registerTool("echo", { description: "Says what it got.", inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: "text", text: `echo ${text}` }] }));
  // The revision of the day, whatever the client proposes.
  const initialize = mcp.server._oninitialize.bind(mcp.server);
  mcp.server._oninitialize = async (request) =>
    ({ ...(await initialize(request)), protocolVersion: "2024-11-05" });
  const transport = new SSEServerTransport("/messages", res);
  transports.set(transport.sessionId, transport);
  res.on("close", () => transports.delete(transport.sessionId));
  await mcp.connect(transport);
});
app.post("/messages", express.json(), async (req, res) => {
  const transport = transports.get(req.query.sessionId);
  if (!transport) return res.status(404).end();
  await transport.handlePostMessage(req, res, req.body);
});
app.post("/sse", (_req, res) => res.status(405).set("Allow", "GET").end());
const server = app.listen(port, "127.0.0.1", () =>
  console.log(`listening ${server.address().port}`));
