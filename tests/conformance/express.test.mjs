// @azure/web-pubsub-express (Microsoft's reference event handler) as the gateway's upstream, and
// @azure/web-pubsub-client (Microsoft's PubSub client) on the gateway's client side.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import express from "express";
import WebSocket from "ws";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubEventHandler } from "@azure/web-pubsub-express";
import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import { startGateway, freePort, nextMessage, opened } from "./support/gateway.mjs";

const events = [];
let gateway;
let upstream;
let service;

before(async () => {
  const port = await freePort();
  const handler = new WebPubSubEventHandler("chat", {
    path: "/eventhandler",
    handleConnect: (req, res) => {
      events.push({ type: "connect", query: req.queries, claims: req.claims, userId: req.context.userId });
      if (req.queries?.deny?.[0] === "1") return res.fail(401, "denied by express");
      res.setState("visits", 0);
      res.success(req.queries?.user ? { userId: req.queries.user[0] } : undefined);
    },
    handleUserEvent: (req, res) => {
      events.push({ type: "user", event: req.context.eventName, data: req.data, state: req.context.states });
      if (req.context.eventName === "fail") return res.fail(500, "boom");
      const visits = (req.context.states?.visits ?? 0) + 1;
      res.setState("visits", visits);
      if (req.dataType === "json") return res.success(JSON.stringify({ echo: req.data, visits }), "json");
      res.success(`echo:${req.data}:${visits}`, "text");
    },
    onConnected: (req) => events.push({ type: "connected", connectionId: req.context.connectionId }),
    onDisconnected: (req) => events.push({ type: "disconnected", connectionId: req.context.connectionId, reason: req.reason }),
  });
  const app = express();
  app.use(handler.getMiddleware());
  await new Promise((resolve) => (upstream = app.listen(port, "127.0.0.1", resolve)));
  gateway = await startGateway({ hubs: { chat: { anonymous: true, upstream: `http://127.0.0.1:${port}/eventhandler/{event}` } } });
  service = new WebPubSubServiceClient(gateway.connectionString, "chat", { allowInsecureConnection: true });
});

after(async () => {
  await gateway?.stop();
  upstream?.closeAllConnections();
  upstream?.close();
});

const wait = (predicate, ms = 5000) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error("timed out"));
      }
    }, 20);
  });

test("a plain WebSocket client's frames reach express, replies and state come back, connected/disconnected once", async () => {
  const socket = new WebSocket(`${gateway.endpoint.replace("http", "ws")}/client/hubs/chat?user=plain-1&extra=yes`);
  await opened(socket);
  const connect = events.find((e) => e.type === "connect" && e.query?.user?.[0] === "plain-1");
  assert.deepEqual(connect.query.extra, ["yes"]);

  let reply = nextMessage(socket);
  socket.send("hello");
  assert.equal(await reply, "echo:hello:1");
  reply = nextMessage(socket);
  socket.send("again");
  assert.equal(await reply, "echo:again:2");

  await wait(() => events.some((e) => e.type === "connected"));
  const connectionId = events.find((e) => e.type === "connected").connectionId;
  socket.close();
  await wait(() => events.some((e) => e.type === "disconnected" && e.connectionId === connectionId));
  assert.equal(events.filter((e) => e.type === "connected" && e.connectionId === connectionId).length, 1);
});

test("express rejecting connect fails the handshake with its status", async () => {
  await assert.rejects(opened(new WebSocket(`${gateway.endpoint.replace("http", "ws")}/client/hubs/chat?deny=1`)), { status: 401 });
});

test("a custom event that the handler fails closes the PubSub connection (the documented behaviour)", async () => {
  const { url } = await service.getClientAccessToken({ userId: "failing" });
  const socket = new WebSocket(url, "json.webpubsub.azure.v1");
  const connected = nextMessage(socket);
  await opened(socket);
  await connected;
  const closed = new Promise((resolve) => socket.once("close", (code) => resolve(code)));
  const notice = nextMessage(socket);
  socket.send(JSON.stringify({ type: "event", event: "fail", dataType: "text", data: "x", ackId: 1 }));
  assert.deepEqual(JSON.parse(await notice), { type: "system", event: "disconnected", message: "The event handler failed." });
  assert.equal(await closed, 1011);
});

test("@azure/web-pubsub-client (json.webpubsub.azure.v1): groups, send, event with reply, acks", async () => {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "pubsub-1", roles: ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"] })).url },
    { protocol: WebPubSubJsonProtocol(), autoReconnect: false },
  );
  const groupMessages = [];
  const serverMessages = [];
  client.on("group-message", (e) => groupMessages.push(e.message));
  client.on("server-message", (e) => serverMessages.push(e.message));
  let connected;
  client.on("connected", (e) => (connected = e));
  await client.start();
  await wait(() => connected);
  assert.equal(connected.userId, "pubsub-1");

  await client.joinGroup("room");
  const ack = await client.sendToGroup("room", { hi: 1 }, "json");
  assert.ok(ack.ackId > 0);
  await wait(() => groupMessages.length === 1);
  assert.deepEqual(groupMessages[0].data, { hi: 1 });
  assert.equal(groupMessages[0].dataType, "json");
  assert.equal(groupMessages[0].group, "room");
  assert.equal(groupMessages[0].fromUserId, "pubsub-1");

  await client.sendToGroup("room", "quiet", "text", { noEcho: true });
  await client.sendEvent("greet", { n: 5 }, "json");
  await wait(() => serverMessages.length === 1);
  assert.deepEqual(serverMessages[0].data, { echo: { n: 5 }, visits: 1 });
  assert.equal(groupMessages.length, 1, "noEcho kept the sender's own message away");

  await service.sendToUser("pubsub-1", "from the server", { contentType: "text/plain" });
  await wait(() => serverMessages.length === 2);
  assert.equal(serverMessages[1].data, "from the server");

  await client.leaveGroup("room");
  await service.group("room").sendToAll("after leaving", { contentType: "text/plain" });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(groupMessages.length, 1);
  client.stop();
});

test("PubSub clients without permission get Forbidden acks", async () => {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "pubsub-2" })).url },
    { protocol: WebPubSubJsonProtocol(), autoReconnect: false },
  );
  await client.start();
  await assert.rejects(client.joinGroup("room"), (error) => error.errorDetail?.name === "Forbidden");
  await assert.rejects(client.sendToGroup("room", "x", "text"), (error) => error.errorDetail?.name === "Forbidden");
  client.stop();
});

test("the reliable subprotocol connects and receives sequenced messages", async () => {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "reliable-1" })).url },
    { autoReconnect: false },
  );
  const messages = [];
  client.on("server-message", (e) => messages.push(e.message));
  await client.start();
  await service.sendToUser("reliable-1", { seq: 1 });
  await service.sendToUser("reliable-1", { seq: 2 });
  await wait(() => messages.length === 2);
  assert.deepEqual(messages.map((m) => m.data.seq), [1, 2]);
  client.stop();
});

test("the raw json protocol answers ping with pong and rejects duplicate ackIds", async () => {
  const { url } = await service.getClientAccessToken({ userId: "raw-json", roles: ["webpubsub.joinLeaveGroup"] });
  const socket = new WebSocket(url, "json.webpubsub.azure.v1");
  const first = nextMessage(socket);
  await opened(socket);
  assert.equal(socket.protocol, "json.webpubsub.azure.v1");
  const connected = JSON.parse(await first);
  assert.equal(connected.event, "connected");
  let next = nextMessage(socket);
  socket.send(JSON.stringify({ type: "ping" }));
  assert.deepEqual(JSON.parse(await next), { type: "pong" });
  next = nextMessage(socket);
  socket.send(JSON.stringify({ type: "joinGroup", group: "g", ackId: 7 }));
  assert.deepEqual(JSON.parse(await next), { type: "ack", ackId: 7, success: true });
  next = nextMessage(socket);
  socket.send(JSON.stringify({ type: "joinGroup", group: "g", ackId: 7 }));
  const duplicate = JSON.parse(await next);
  assert.equal(duplicate.success, false);
  assert.equal(duplicate.error.name, "Duplicate");
  socket.close();
});
