// SPDX-License-Identifier: GPL-3.0-or-later
// Tether's own MCP test server: only what the reference servers cannot do.
//   counter   a side-effecting tool: appends one line to $COUNTER_FILE per call and returns
//             how many calls it has seen (the tests count a tool's side effects with it);
//   slow      counts like `counter` when it starts, then answers after `ms` milliseconds (a
//             kill lands while it runs);
//   die       exits the process mid-call (a server that crashes);
//   garbage   answers a line that is not JSON, then nothing;
//   chatty    reports progress every 200 ms and never answers (progress must not keep a call
//             alive for ever).
// Speaks stdio by default; `http PORT` serves Streamable HTTP whose tools/call stream drops
// after its first event and is resumed with GET + Last-Event-ID (`retry: 200`).
import fs from "node:fs";
import http from "node:http";
import readline from "node:readline";

const tools = [
  { name: "counter", description: "Counts its calls, with a side effect per call.",
    inputSchema: { type: "object", properties: { note: { type: "string" } } } },
  { name: "slow", description: "Answers after ms milliseconds.",
    inputSchema: { type: "object", properties: { ms: { type: "number" } } } },
  { name: "die", description: "Crashes the server.", inputSchema: { type: "object" } },
  { name: "garbage", description: "Answers something that is not JSON-RPC.",
    inputSchema: { type: "object" } },
  { name: "chatty", description: "Reports progress and never answers.",
    inputSchema: { type: "object" } },
];

function count(note, meta) {
  const file = process.env.COUNTER_FILE;
  let n = 1;
  if (file) {
    fs.appendFileSync(file, JSON.stringify({ note: note ?? "", meta: meta ?? {} }) + "\n");
    n = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).length;
  }
  return { content: [{ type: "text", text: `counted ${n}` }] };
}

// Returns the answer, or a promise of it; `send` writes raw for the misbehaving tools.
function handle(msg, send) {
  if (msg.method === "initialize")
    return { protocolVersion: msg.params.protocolVersion === "2025-06-18" ? "2025-06-18" : "2025-11-25",
             capabilities: { tools: { listChanged: true } },
             serverInfo: { name: "tether-test-server", version: "1" } };
  if (msg.method === "tools/list") return { tools };
  if (msg.method === "tools/call") {
    const { name, arguments: args = {}, _meta: meta } = msg.params;
    if (name === "counter") return count(args.note, meta);
    if (name === "slow") {
      count("slow", meta);
      return new Promise((r) => setTimeout(() => r({ content: [{ type: "text", text: "slept" }] }), args.ms ?? 1000));
    }
    if (name === "die") { process.exit(3); }
    if (name === "garbage") { send("this is not json\n"); return undefined; }
    if (name === "chatty") {
      let progress = 0;
      const token = meta?.progressToken;
      setInterval(() => send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress",
        params: { progressToken: token, progress: ++progress } }) + "\n"), 200);
      return new Promise(() => {});
    }
    return { content: [{ type: "text", text: `no tool ${name}` }], isError: true };
  }
  if (msg.method === "ping") return {};
  return null;
}

function answer(msg, result) {
  if (result === null)
    return { jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "unknown method" } };
  return { jsonrpc: "2.0", id: msg.id, result };
}

if (process.argv[2] === "http") {
  const port = Number(process.argv[3] || 0);
  const session = "test-session";
  const replay = new Map(); // event id -> message still owed after a drop
  let nextEvent = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      if (req.method === "DELETE") { res.writeHead(200); res.end(); return; }
      if (req.method === "GET") {
        const last = req.headers["last-event-id"];
        if (!last) { res.writeHead(405); res.end(); return; }
        res.writeHead(200, { "content-type": "text/event-stream" });
        const owed = replay.get(last);
        if (owed) { replay.delete(last); res.write(`id: ${last}-r\ndata: ${JSON.stringify(owed)}\n\n`); }
        res.end();
        return;
      }
      const msg = JSON.parse(body);
      if (msg.id === undefined) { res.writeHead(202); res.end(); return; }
      const result = await handle(msg, () => {});
      const reply = answer(msg, result);
      if (msg.method !== "tools/call") {
        const headers = { "content-type": "application/json" };
        if (msg.method === "initialize") headers["mcp-session-id"] = session;
        res.writeHead(200, headers);
        res.end(JSON.stringify(reply));
        return;
      }
      // A stream that drops: a first event, then the connection is cut; the response waits for
      // the client's GET with Last-Event-ID.
      const id = String(++nextEvent);
      replay.set(id, reply);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`retry: 200\nid: ${id}\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "working" } })}\n\n`);
      setTimeout(() => res.socket.destroy(), 50);
    });
  });
  server.listen(port, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
} else {
  const rl = readline.createInterface({ input: process.stdin });
  const send = (text) => process.stdout.write(text);
  rl.on("line", async (line) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line);
    if (msg.id === undefined || msg.method === undefined) return;
    const result = await handle(msg, send);
    if (result !== undefined) send(JSON.stringify(answer(msg, result)) + "\n");
  });
  rl.on("close", () => process.exit(0));
}
