// Dispute-room cost and latency benchmark against a running local stack (./run.sh in another terminal).
// Usage: node bench/room-cost.mjs [messages=200] [app=http://127.0.0.1:7071] [gateway=ws://127.0.0.1:8080]
// The demo buyer of order kfk666 and its merchant (shop 105) log into the demo dispute room; the buyer says N
// messages. Prints, per message on a warm instance: table transactions, table reads, Web PubSub REST calls, and the
// latency from the buyer's frame to the merchant receiving it.
import { apiKey, gateway, json, measure, openSocket, pause } from "./lib.mjs";

async function open(token, type) {
  const { socket, next } = await openSocket(`${gateway}/client/hubs/kfk`);
  socket.send(JSON.stringify({ type: "login", token, data: { type, authtype: "web", room: "kfk666" } }));
  const reply = await next();
  if (reply.msg !== "login_success") throw new Error(`${type} login failed: ${JSON.stringify(reply)}`);
  return { socket, next };
}

const headers = { "x-kfk-api-key": apiKey };
const buyer = await open((await json("POST", "/api/v1/tokens", { kind: "buyer_order", order_sn: "kfk666" }, headers)).token, "user");
const merchant = await open((await json("POST", "/api/v1/tokens", { kind: "shop", shop_id: 105 }, headers)).token, "account");

const say = async (text) => {
  const started = process.hrtime.bigint();
  buyer.socket.send(JSON.stringify({ type: "say", data: { content: text, type: "text" } }));
  const frame = await merchant.next();
  if (frame.data?.content !== text) throw new Error("unexpected frame " + JSON.stringify(frame));
  return Number(process.hrtime.bigint() - started) / 1e6;
};

await say("warm-up");
await pause(1100); // a fresh rate window: 5 frames per second per connection
await measure({ title: "dispute-room messages (paced under 5/s)", paceMs: 250, latencyLabel: "buyer → merchant", send: say });
buyer.socket.close();
merchant.socket.close();
process.exit(0);
