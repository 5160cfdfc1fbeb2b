// Open-loop throughput benchmark of likeshop chat against a running local stack (./run.sh in another terminal).
// Usage: node bench/throughput.mjs [--pairs 200] [--rates 100,200,300,400,500,600] [--step-seconds 10] [--grace 5]
//        [--overload] [--app http://127.0.0.1:7071] [--gateway ws://127.0.0.1:8080] [--shop 9100] [--user-base 910000]
// N buyer↔agent pairs in one bench shop (seeded through the platform API, idempotent), each buyer and each agent on a
// real legacy WebSocket through the gateway. Buyer i writes to agent i (the buyer names its agent in `to_id`). Each step
// sends its messages on a schedule fixed in advance, whatever the server does; the agents' sockets measure the latency
// and count lost, late, duplicated and reordered messages. Prints one row per step and the knee. See bench/README.md.
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { api, apiKey, defaultApp, defaultGateway, openSocket, pause } from "./lib.mjs";

const { values: options } = parseArgs({
  options: {
    pairs: { type: "string", default: "200" },
    rates: { type: "string", default: "100,200,300,400,500,600" },
    "step-seconds": { type: "string", default: "10" },
    grace: { type: "string", default: "5" },
    drain: { type: "string", default: "30" },
    overload: { type: "boolean", default: false },
    app: { type: "string", default: defaultApp },
    gateway: { type: "string", default: defaultGateway },
    shop: { type: "string", default: "9100" },
    "user-base": { type: "string", default: "910000" },
  },
});
const whole = (name, min, max) => {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} takes a whole number from ${min} to ${max}`);
  return value;
};
const pairs = whole("pairs", 1, 2000);
const stepSeconds = whole("step-seconds", 1, 600);
const graceSeconds = whole("grace", 0, 120);
const drainSeconds = whole("drain", 0, 600);
const shopId = whole("shop", 1, 2 ** 40);
const userBase = whole("user-base", 1, 2 ** 40);
const rates = options.rates.split(",").map((rate) => {
  const value = Number(rate);
  if (!Number.isInteger(value) || value < 1 || value > 20000) throw new Error("--rates takes whole numbers from 1 to 20000, comma separated");
  return value;
});
const framesPerSecondLimit = 10; // LikeshopDialect.MaxFramesPerSecond: a faster buyer is refused, which is not what we measure
const kneeP99Ms = 100;

const call = api(options.app);
const platform = { "x-kfk-api-key": apiKey };
const run = randomBytes(3).toString("hex"); // client_msg_ids of an earlier run must not dedupe this run's messages
const now = () => performance.now();

// ---- seeding (idempotent) and connections ----

async function inBatches(items, width, work) {
  const results = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return results;
}

await call("PUT", `/api/v1/shops/${shopId}`, { name: "throughput bench", online_service: true, customer_service: { type: 2 } }, platform);
const indexes = [...Array(pairs).keys()];
process.stdout.write(`seeding ${pairs} buyers and agents in shop ${shopId}… `);
await inBatches(indexes, 16, (i) => call("PUT", `/api/v1/users/${userBase + i}`, { nickname: `tp buyer ${i}`, client: 6 }, platform));
const agentAccount = (i) => `tp${shopId}-kefu-${i}`; // the login names no shop: an account is unambiguous across shops
// One at a time: concurrent creates race for the agent id counter (its ETag retries give up, a 500, on main 6477062).
await inBatches(indexes, 1, (i) => call("POST", "/api/v1/kefu",
  { shop_id: shopId, account: agentAccount(i), password: `${agentAccount(i)}-pass`, nickname: `tp kefu ${i}`, role: "kefu" }, platform, { allow: [409] }));
const agentLogins = await inBatches(indexes, 4, async (i) => {
  const login = await call("POST", "/kefuapi/account/login", { account: agentAccount(i), password: `${agentAccount(i)}-pass`, type: 1, client: 5 });
  if (login.code !== 1) {
    throw new Error(`agent ${agentAccount(i)} of shop ${shopId} cannot log in (${login.msg}); a create that failed half-way leaves the account taken: try another --shop`);
  }
  return login.data;
});
const buyerTokens = await inBatches(indexes, 16, async (i) => (await call("POST", "/api/v1/tokens", { kind: "user", user_id: userBase + i, client: 6 }, platform)).token);
console.log("done");

const sockets = [];
let closing = false;
let drops = 0;
async function connect(query) {
  const { socket, next } = await openSocket(`${options.gateway}/client/hubs/likeshop?${query}`);
  sockets.push(socket);
  socket.on("close", () => { if (!closing) drops++; });
  socket.on("error", () => {}); // a failed socket closes too, and is counted there
  const frames = [await next(), await next()];
  if (frames[1].event !== "login") throw new Error("expected ping and login, got " + JSON.stringify(frames));
  socket.removeAllListeners("message");
  return socket;
}

function stop(code) {
  closing = true;
  for (const socket of sockets) socket.terminate();
  process.exit(code);
}
process.on("SIGINT", () => { console.log("\ninterrupted"); stop(130); });
process.on("SIGTERM", () => stop(143));

process.stdout.write(`opening ${2 * pairs} likeshop connections through ${options.gateway}… `);
const agents = await inBatches(indexes, 16, (i) => connect(`token=${agentLogins[i].token}&type=kefu&client=5&shop_id=${shopId}`));
const buyers = await inBatches(indexes, 16, (i) => connect(`token=${buyerTokens[i]}&type=user&client=6&shop_id=${shopId}`));
console.log("done");

// ---- the measurement: every message is `tp <run> <pair> <seq> <sent ms>`, counted where it arrives ----

const nextSeq = new Array(pairs).fill(0);
const highestDelivered = new Array(pairs).fill(-1);
let step = null; // the step being counted: what was sent, delivered, refused
const owners = new Map(); // message key → the step that sent it (bounded by the run's schedule)
const inFlight = indexes.map(() => []); // per buyer, keys awaiting their reply (a chat record or an error frame), oldest first

const keyOf = (pair, seq) => pair * 1e9 + seq;
function parse(text) {
  const [tag, id, pair, seq, sentAt] = String(text).split(" ");
  return tag === "tp" && id === run ? { pair: Number(pair), seq: Number(seq), sentAt: Number(sentAt) } : null;
}

function delivered(pair, frame, at) {
  const message = frame.event === "chat" ? parse(frame.data?.msg) : null;
  if (!message || message.pair !== pair) return;
  const key = keyOf(pair, message.seq);
  const owner = owners.get(key);
  if (!owner) return;
  if (owner !== step) {
    if (step) step.backlog++; // a message of a step already reported, still in the stack
    return;
  }
  if (owner.delivered.has(key)) {
    owner.duplicated++;
    return;
  }
  owner.delivered.set(key, at - message.sentAt);
  if (at > owner.graceEndsAt) owner.late.add(key);
  if (message.seq < highestDelivered[pair]) owner.reordered++;
  else highestDelivered[pair] = message.seq;
  owner.lastDeliveryAt = at;
}

function replied(pair, frame) {
  if (frame.event === "error") {
    const key = inFlight[pair].shift();
    const text = frame.data?.msg ?? JSON.stringify(frame);
    if (step && key !== undefined && owners.get(key) === step) {
      step.refused.add(key);
      step.errors.set(text, (step.errors.get(text) ?? 0) + 1);
    }
  } else if (frame.event === "chat") {
    const message = parse(frame.data?.msg);
    if (message) inFlight[pair] = inFlight[pair].filter((key) => key !== keyOf(pair, message.seq));
  }
}

agents.forEach((socket, pair) => socket.on("message", (data) => delivered(pair, JSON.parse(data.toString()), now())));
buyers.forEach((socket, pair) => socket.on("message", (data) => replied(pair, JSON.parse(data.toString()))));

function send(pair, seq = nextSeq[pair]++) {
  const key = keyOf(pair, seq);
  inFlight[pair].push(key);
  owners.set(key, step);
  const sentAt = now();
  buyers[pair].send(JSON.stringify({
    event: "chat",
    data: { msg: `tp ${run} ${pair} ${seq} ${sentAt.toFixed(2)}`, msg_type: 1, to_id: agentLogins[pair].id, to_type: "kefu", client_msg_id: `tp-${run}-${pair}-${seq}` },
  }));
  return { key, sentAt };
}

/**
 * One message from every buyer, a few at a time, each awaited: creates the conversations and warms the caches. A first
 * message answered busy (a cold instance past its deadline or its in-flight bound) is resent with its client_msg_id,
 * as a real client does; the measured steps never resend.
 */
async function warmUp() {
  process.stdout.write("warm-up: one message per pair… ");
  const warm = { sent: new Set(), delivered: new Map(), refused: new Set(), errors: new Map(), duplicated: 0, late: new Set(), reordered: 0, backlog: 0, graceEndsAt: Infinity };
  step = warm;
  await inBatches(indexes, 20, async (pair) => {
    const { key } = send(pair);
    warm.sent.add(key);
    const began = now();
    for (let attempt = 1; !warm.delivered.has(key) && now() - began < 30_000; ) {
      if (warm.refused.has(key) && attempt < 5) {
        warm.refused.delete(key);
        attempt++;
        await pause(200 * attempt);
        send(pair, nextSeq[pair] - 1);
      }
      await pause(5);
    }
  });
  step = null;
  if (warm.delivered.size !== pairs) throw new Error(`warm-up: ${warm.delivered.size} of ${pairs} delivered; errors ${JSON.stringify([...warm.errors])}`);
  console.log("done");
}

/**
 * Messages neither delivered in time nor refused. An error frame names no message, so it is booked to the pair's oldest
 * message awaiting a reply; when replies of one pair overtake each other that guess is wrong, and the refused message
 * looks lost while a delivered one looks refused. Each error frame answers exactly one undelivered message of its pair,
 * so per pair the misbooked refusals (refused yet delivered) are taken off the apparent losses.
 */
function lostOf(counted) {
  const pairOf = (key) => Math.floor(key / 1e9);
  const apparent = new Map();
  const misbooked = new Map();
  const add = (map, key) => map.set(pairOf(key), (map.get(pairOf(key)) ?? 0) + 1);
  for (const key of counted.sent) {
    const onTime = counted.delivered.has(key) && !counted.late.has(key);
    if (!onTime && !counted.refused.has(key)) add(apparent, key);
    if (counted.delivered.has(key) && counted.refused.has(key)) add(misbooked, key);
  }
  let lost = 0;
  for (const [pair, count] of apparent) lost += Math.max(0, count - (misbooked.get(pair) ?? 0));
  return lost;
}

/** Sends `rate` messages a second for the step's duration on a fixed schedule, then waits for the grace period and the drain. */
async function measure(rate) {
  const total = Math.round(rate * stepSeconds);
  const counted = { rate, sent: new Set(), delivered: new Map(), refused: new Set(), errors: new Map(), duplicated: 0, late: new Set(), reordered: 0, backlog: 0,
    lagMs: 0, drops: -drops, graceEndsAt: Infinity, lastDeliveryAt: 0 };
  step = counted;
  const began = now();
  let k = 0;
  while (k < total) {
    const due = began + (k * 1000) / rate;
    const lag = now() - due;
    if (lag < 0) {
      await pause(Math.max(0, Math.min(-lag, 2)));
      continue;
    }
    counted.lagMs = Math.max(counted.lagMs, lag);
    counted.sent.add(send(k % pairs).key);
    k++;
    if (k % 64 === 0) await new Promise(setImmediate); // let replies in even when behind schedule
  }
  counted.graceEndsAt = began + stepSeconds * 1000 + graceSeconds * 1000;
  while (now() < counted.graceEndsAt && counted.delivered.size + counted.refused.size < total) await pause(20);
  // Late arrivals still count (as late); wait until the stack is quiet so the next step starts clean.
  const drainEndsAt = now() + drainSeconds * 1000;
  while (now() < drainEndsAt && counted.delivered.size + counted.refused.size < total && now() - Math.max(counted.lastDeliveryAt, counted.graceEndsAt) < 2000) await pause(50);
  step = null;
  counted.drops += drops;
  const latencies = [...counted.delivered.values()].sort((a, b) => a - b);
  const onTime = counted.delivered.size - counted.late.size;
  const lost = lostOf(counted);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  return {
    rate, total, onTime, goodput: onTime / stepSeconds, p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1) ?? NaN,
    lost, late: counted.late.size, duplicated: counted.duplicated, reordered: counted.reordered,
    refused: counted.refused.size, errors: counted.errors, backlog: counted.backlog, drops: counted.drops, lagMs: counted.lagMs,
  };
}

const columns = ["offered/s", "sent", "delivered/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "lost", "late", "dup", "reord", "errors", "backlog", "drops", "send lag ms"];
const cell = (value) => (typeof value === "number" ? (Number.isNaN(value) ? "-" : Number.isInteger(value) ? String(value) : value.toFixed(1)) : value);
function row(result) {
  return [result.rate, result.total, result.goodput, result.p50, result.p90, result.p99, result.max, result.lost, result.late, result.duplicated,
    result.reordered, result.refused, result.backlog, result.drops, result.lagMs].map(cell);
}
const printRow = (cells) => console.log(cells.map((c, i) => c.padStart(i === 0 ? 9 : Math.max(5, columns[i].length))).join(" "));
const holds = (r) => r.p99 < kneeP99Ms && r.onTime === r.total && r.duplicated === 0 && r.reordered === 0;

await warmUp();
console.log(`\n${pairs} pairs, buyer → agent, ${stepSeconds} s steps, grace ${graceSeconds} s, run ${run}`);
for (const rate of rates) {
  if (rate / pairs > framesPerSecondLimit) console.log(`note: ${rate}/s is ${(rate / pairs).toFixed(1)} frames/s per buyer, over likeshop's ${framesPerSecondLimit}/s`);
}
printRow(columns);
const results = [];
const measureAndPrint = async (rate) => {
  const result = await measure(rate);
  results.push(result);
  printRow(row(result));
  for (const [text, count] of result.errors) console.log(`          error frames: ${count} × ${text}`);
  return result;
};
for (const rate of rates) await measureAndPrint(rate);

const knee = results.filter(holds).reduce((best, r) => (r.rate > (best?.rate ?? 0) ? r : best), null);
if (!knee) {
  console.log(`\nknee: none of the rates held p99 < ${kneeP99Ms} ms with everything delivered`);
} else {
  console.log(`\nknee: ${knee.rate} msg/s (highest offered rate with p99 < ${kneeP99Ms} ms, 0 lost, 0 refused, 0 duplicated, 0 reordered)`);
  let overload = results.find((r) => r.rate === 2 * knee.rate);
  if (!overload && options.overload) overload = await measureAndPrint(2 * knee.rate);
  if (overload) {
    console.log(`at 2× the knee (${overload.rate}/s): goodput ${overload.goodput.toFixed(1)}/s = ${((100 * overload.goodput) / knee.rate).toFixed(0)}% of the knee, ` +
      `p99 ${cell(overload.p99)} ms, ${overload.lost} lost, ${overload.refused} refused`);
  }
}
stop(0);
