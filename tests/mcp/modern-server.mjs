// SPDX-License-Identifier: GPL-3.0-or-later
// An MCP server of the stateless revision 2026-07-28 only, made with the official v2 SDK
// (@modelcontextprotocol/server): no initialize, no session, version and capabilities in every
// request's _meta, server/discover, input_required results answered by retrying, Mcp-Method and
// Mcp-Name headers, x-mcp-header parameters, tools/list with ttlMs. `node modern-server.mjs PORT`
// prints "listening PORT". LEGACY=stateless serves 2025 clients too (a dual-era server).
//   tools   echo (says what it got and its Mcp-Param-Region header), confirm (asks the user with
//           a form through input_required, then says what was answered)
//   admin   GET /stats: the methods seen, and the headers of the last tools/call
import http from "node:http";
import { createMcpHandler, McpServer, inputRequired, acceptedContent }
  from "@modelcontextprotocol/server";
import * as z from "zod/v4";

const port = Number(process.argv[2] ?? 0);
const stats = { methods: [], lastCallHeaders: {} };

function make() {
  const server = new McpServer({ name: "modern-test", version: "2.0.0" });
  server.registerTool("echo", {
    description: "Says what it got.",
    inputSchema: z.object({ text: z.string(),
                            region: z.string().optional().meta({ "x-mcp-header": "Region" }) }),
  }, async ({ text, region }) => ({
    content: [{ type: "text", text: `echo ${text} (${region ?? "no region"}; header ${stats.lastCallHeaders["mcp-param-region"] ?? "none"})` }],
  }));
  const answer = z.object({ name: z.string().default("Ada"), sure: z.boolean().default(true) });
  server.registerTool("confirm", { description: "Asks the user, then answers.",
                                   inputSchema: z.object({}) },
    async (_args, ctx) => {
      const got = acceptedContent(ctx.mcpReq.inputResponses, "who");
      if (!got) {
        return inputRequired({
          inputRequests: { who: inputRequired.elicit({ message: "Who confirms?",
                                                        requestedSchema: answer }) },
          requestState: "round-1",
        });
      }
      return { content: [{ type: "text", text: `confirmed by ${got.name} (${got.sure})` }] };
    });
  return server;
}

const handler = createMcpHandler(make, { legacy: process.env.LEGACY ?? "reject" });
const server = http.createServer(async (req, res) => {
  if (req.url === "/stats") {
    res.writeHead(200, { "Content-Type": "application/json" });
    return res.end(JSON.stringify(stats));
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  try {
    const method = JSON.parse(body.toString() || "{}").method;
    if (method) stats.methods.push(method);
    if (method === "tools/call") stats.lastCallHeaders = req.headers;
  } catch {}
  const request = new Request(`http://127.0.0.1:${server.address().port}${req.url}`, {
    method: req.method, headers: req.headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
  const response = await handler.fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) for await (const chunk of response.body) res.write(chunk);
  res.end();
});
server.listen(port, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
