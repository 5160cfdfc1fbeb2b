// Chat cost and latency benchmark against a running local stack (./run.sh in another terminal).
// Usage: node bench/chat-cost.mjs [messages=200] [app=http://127.0.0.1:7071] [gateway=ws://127.0.0.1:8080]
// Prints, per chat message on a warm instance: table transactions, table reads, Web PubSub REST calls, and the
// round-trip latency (frame sent → stored record back) percentiles. Needs Kfk__Diagnostics__Enabled=true (the
// local settings default) and the demo data of ./run.sh.
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

const login = await json("POST", "/kefuapi/account/login", { account: "kefu1", password: "kefu1-pass", type: 1, client: 5 });
if (login.code !== 1) throw new Error("demo kefu login failed: " + login.msg);
const { token } = await json("POST", "/api/v1/tokens", { kind: "user", user_id: 13, client: 6 }, { "x-kfk-api-key": apiKey });
const kefuId = login.data.id;

const socket = new WebSocket(`${gateway}/client/hubs/likeshop?token=${token}&type=user&client=6&shop_id=105`);
const inbox = [];
let waiting = null;
socket.on("message", (data) => {
  inbox.push(JSON.parse(data.toString()));
  waiting?.();
});
await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
const next = async () => {
  while (inbox.length === 0) await new Promise((resolve) => (waiting = resolve));
  return inbox.shift();
};
await next(); // ping
await next(); // login

const chat = async (text) => {
  const started = process.hrtime.bigint();
  socket.send(JSON.stringify({ event: "chat", data: { msg: text, msg_type: 1, to_id: kefuId, to_type: "kefu" } }));
  const reply = await next();
  if (reply.event !== "chat") throw new Error("unexpected reply " + JSON.stringify(reply));
  return Number(process.hrtime.bigint() - started) / 1e6;
};

await chat("warm-up");
const before = await json("GET", "/api/v1/diagnostics/counters");
const latencies = [];
const began = Date.now();
for (let i = 0; i < messages; i++) {
  latencies.push(await chat(`bench ${i}`));
  await new Promise((r) => setTimeout(r, 100)); // the hub allows 10 frames per second per connection
}
const elapsed = (Date.now() - began) / 1000;
const after = await json("GET", "/api/v1/diagnostics/counters");
socket.close();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const per = (key) => ((after[key] - before[key]) / messages).toFixed(2);
console.log(`chat messages: ${messages} in ${elapsed.toFixed(1)} s (paced at 10/s)`);
console.log(`table transactions per message: ${per("table_transactions")}`);
console.log(`table reads per message:        ${per("table_reads")}`);
console.log(`Web PubSub REST calls per msg:  ${per("web_pub_sub_rest_calls")}`);
console.log(`round trip ms: p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}  max ${latencies.at(-1).toFixed(1)}`);
process.exit(0);
