// Shared by the benchmarks: arguments, the app's JSON API, WebSocket clients, and the measured loop with its report.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WebSocket = createRequire(path.join(root, "tests/conformance/package.json"))("ws");
export const defaultApp = "http://127.0.0.1:7071";
export const defaultGateway = "ws://127.0.0.1:8080";
// The cost benches' positional arguments: [messages] [app] [gateway].
const [, , count = "200", app = defaultApp, gateway = defaultGateway] = process.argv;
export const messages = Number(count);
export { gateway };
export const apiKey = process.env.KFK_API_KEY ?? "kfk-local-platform-key-change-me";

/**
 * A JSON call to the app at `base`: `call(method, url, body, headers, { allow })` resolves with the parsed body, or with
 * null for a status listed in `allow` (e.g. 409 on a create that already happened); any other failure throws.
 */
export function api(base) {
  return async (method, url, body, headers = {}, { allow = [] } = {}) => {
    const response = await fetch(base + url, { method, headers: { "content-type": "application/json", ...headers }, body: body && JSON.stringify(body) });
    if (allow.includes(response.status)) return null;
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
    return response.json();
  };
}

export const json = api(app);

/** Opens a WebSocket; its frames queue until read with `next()` (parsed JSON). */
export async function openSocket(url) {
  const socket = new WebSocket(url);
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
  return { socket, next };
}

export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `messages` messages with `send(text)` (which resolves with the latency in ms), `paceMs` apart, and prints
 * the storage and Web PubSub counters per message (GET /api/v1/diagnostics/counters) and the latency percentiles.
 */
export async function measure({ title, paceMs, latencyLabel, send }) {
  const before = await json("GET", "/api/v1/diagnostics/counters");
  const latencies = [];
  const began = Date.now();
  for (let i = 0; i < messages; i++) {
    latencies.push(await send(`bench ${i}`));
    await pause(paceMs);
  }
  const elapsed = (Date.now() - began) / 1000;
  await pause(1500); // one more list flush interval (Kfk:Support:InboxFlushInterval, 1 s): the written-behind rows land
  const after = await json("GET", "/api/v1/diagnostics/counters");
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  const per = (key) => ((after[key] - before[key]) / messages).toFixed(2);
  console.log(`${title}: ${messages} in ${elapsed.toFixed(1)} s`);
  const byTable = (counters, table) => counters.table_transactions_by_table?.[table] ?? 0;
  const lists = byTable(after, "ShopInbox") - byTable(before, "ShopInbox");
  console.log(`table transactions per message: ${(((after.table_transactions - before.table_transactions) - lists) / messages).toFixed(2)} on the hot path`
    + ` + ${(lists / messages).toFixed(2)} written behind (conversation lists: ${lists} in ${elapsed.toFixed(1)} s)`);
  console.log(`table reads per message:        ${per("table_reads")}`);
  console.log(`Web PubSub REST calls per msg:  ${per("web_pub_sub_rest_calls")}`);
  console.log(`${latencyLabel} ms: p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}  max ${latencies.at(-1).toFixed(1)}`);
}
