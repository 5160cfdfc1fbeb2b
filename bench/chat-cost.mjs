// Chat cost and latency benchmark against a running local stack (./run.sh in another terminal).
// Usage: node bench/chat-cost.mjs [messages=200] [app=http://127.0.0.1:7071] [gateway=ws://127.0.0.1:8080]
// Prints, per chat message on a warm instance: table transactions, table reads, Web PubSub REST calls, and the
// round-trip latency (frame sent → stored record back) percentiles. Needs Kfk__Diagnostics__Enabled=true (the
// local settings default) and the demo data of ./run.sh.
import { apiKey, gateway, json, measure, openSocket } from "./lib.mjs";

const login = await json("POST", "/kefuapi/account/login", { account: "kefu1", password: "kefu1-pass", type: 1, client: 5 });
if (login.code !== 1) throw new Error("demo kefu login failed: " + login.msg);
const { token } = await json("POST", "/api/v1/tokens", { kind: "user", user_id: 13, client: 6 }, { "x-kfk-api-key": apiKey });
const kefuId = login.data.id;

const { socket, next } = await openSocket(`${gateway}/client/hubs/likeshop?token=${token}&type=user&client=6&shop_id=105`);
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
await measure({ title: "chat messages (paced at 10/s)", paceMs: 100, latencyLabel: "round trip", send: chat });
socket.close();
process.exit(0);
