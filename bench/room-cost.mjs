// Dispute-room cost and latency benchmark against a running local stack (./run.sh in another terminal).
// Usage: node bench/room-cost.mjs [messages=200] [app=http://127.0.0.1:7071] [gateway=ws://127.0.0.1:8080]
// The demo buyer of order kfk666 and its merchant (shop 105) log into the demo dispute room; the buyer says N
// messages. Prints, per message on a warm instance: table transactions, table reads, Web PubSub REST calls, and the
// latency from the buyer's frame to the merchant receiving it.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WebSocket = createRequire(path.join(root, "tests/conformance/package.json"))("ws");
const [, , count = "200", app = "http://127.0.0.1:7071", gateway = "ws://127.0.0.1:8080"] = process.argv;
const messages = Number(count);
const apiKey = process.env.KFK_API_KEY ?? "kfk-local-platform-key-change-me";

async function json(method, url, body, headers = {}) {
  const response = await fetch(app + url, { method, headers: { "content-type": "application/json", ...headers }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
  return response.json();
}

async function open(token, type) {
  const socket = new WebSocket(`${gateway}/client/hubs/kfk`);
  const inbox = [];
  let waiting = null;
  socket.on("message", (data) => {
    inbox.push(data.toString());
    waiting?.();
  });
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  const next = async () => {
    while (inbox.length === 0) await new Promise((resolve) => (waiting = resolve));
    return JSON.parse(inbox.shift());
  };
  socket.send(JSON.stringify({ type: "login", token, data: { type, authtype: "web", room: "kfk666" } }));
  const reply = await next();
  if (reply.msg !== "login_success") throw new Error(`${type} login failed: ${JSON.stringify(reply)}`);
  return { socket, next };
}

const headers = { "x-kfk-api-key": apiKey };
const buyer = await open((await json("POST", "/api/v1/tokens", { kind: "buyer_order", order_sn: "kfk666" }, headers)).token, "user");
const merchant = await open((await json("POST", "/api/v1/tokens", { kind: "shop", shop_id: 105 }, headers)).token, "account");
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const say = async (text) => {
  const started = process.hrtime.bigint();
  buyer.socket.send(JSON.stringify({ type: "say", data: { content: text, type: "text" } }));
  const frame = await merchant.next();
  if (frame.data?.content !== text) throw new Error("unexpected frame " + JSON.stringify(frame));
  return Number(process.hrtime.bigint() - started) / 1e6;
};

await say("warm-up");
await pause(1100); // a fresh rate window: 5 frames per second per connection
const before = await json("GET", "/api/v1/diagnostics/counters");
const latencies = [];
const began = Date.now();
for (let i = 0; i < messages; i++) {
  latencies.push(await say(`bench ${i}`));
  await pause(250);
}
const elapsed = (Date.now() - began) / 1000;
const after = await json("GET", "/api/v1/diagnostics/counters");
buyer.socket.close();
merchant.socket.close();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const per = (key) => ((after[key] - before[key]) / messages).toFixed(2);
console.log(`dispute-room messages: ${messages} in ${elapsed.toFixed(1)} s (paced under 5/s)`);
console.log(`table transactions per message: ${per("table_transactions")}`);
console.log(`table reads per message:        ${per("table_reads")}`);
console.log(`Web PubSub REST calls per msg:  ${per("web_pub_sub_rest_calls")}`);
console.log(`buyer → merchant ms: p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}  max ${latencies.at(-1).toFixed(1)}`);
process.exit(0);
