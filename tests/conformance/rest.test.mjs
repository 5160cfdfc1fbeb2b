// @azure/web-pubsub (Microsoft's server SDK) drives every REST operation the gateway offers; the SDK throws on any
// status other than the one each operation defines, so passing calls prove the gateway's status codes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { startGateway, nextMessage, opened } from "./support/gateway.mjs";

let gateway;
let service;

before(async () => {
  gateway = await startGateway({ hubs: { Chat_Hub: { anonymous: false } } });
  service = new WebPubSubServiceClient(gateway.connectionString, "Chat_Hub", { allowInsecureConnection: true });
});
after(async () => gateway?.stop());

async function connect(userId, options = {}) {
  const { url } = await service.getClientAccessToken({ userId, ...options });
  const socket = new WebSocket(url);
  await opened(socket);
  return socket;
}

test("SDK client tokens open WebSockets; a wrong key or hub is refused with 401", async () => {
  const socket = await connect("u-token");
  socket.close();
  const { token } = await service.getClientAccessToken({ userId: "x" });
  const forged = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA");
  await assert.rejects(opened(new WebSocket(`${gateway.endpoint.replace("http", "ws")}/client/hubs/Chat_Hub?access_token=${forged}`)), { status: 401 });
  const other = new WebPubSubServiceClient(gateway.connectionString, "other_hub", { allowInsecureConnection: true });
  const { token: otherToken } = await other.getClientAccessToken({ userId: "x" });
  await assert.rejects(opened(new WebSocket(`${gateway.endpoint.replace("http", "ws")}/client/hubs/Chat_Hub?access_token=${otherToken}`)), { status: 401 });
  await assert.rejects(opened(new WebSocket(`${gateway.endpoint.replace("http", "ws")}/client/hubs/Chat_Hub`)), { status: 401 });
});

test("sends to all, user and connection arrive as raw frames with 202", async () => {
  const alice = await connect("alice");
  const bob = await connect("bob");
  let [toAlice, toBob] = [nextMessage(alice), nextMessage(bob)];
  await service.sendToAll({ hello: "all" });
  assert.equal(await toAlice, '{"hello":"all"}');
  assert.equal(await toBob, '{"hello":"all"}');

  // Only bob: alice's next message is the binary broadcast below, not this one.
  [toAlice, toBob] = [nextMessage(alice), nextMessage(bob)];
  await service.sendToUser("bob", "just bob", { contentType: "text/plain" });
  assert.equal(await toBob, "just bob");

  toBob = nextMessage(bob);
  await service.sendToAll(Buffer.from([1, 2, 3]), { contentType: "application/octet-stream" });
  assert.deepEqual([...(await toAlice)], [1, 2, 3]);
  assert.deepEqual([...(await toBob)], [1, 2, 3]);

  // excluded connections are skipped, the SDK sends them as repeated query parameters
  const aliceId = await firstConnectionId("alice");
  [toAlice, toBob] = [nextMessage(alice, 1000), nextMessage(bob)];
  await service.sendToAll("not alice", { contentType: "text/plain", filter: undefined, excludedConnections: [aliceId] });
  assert.equal(await toBob, "not alice");
  await assert.rejects(toAlice, /no message/);

  const toConnection = nextMessage(alice);
  await service.sendToConnection(aliceId, "direct", { contentType: "text/plain" });
  assert.equal(await toConnection, "direct");
  alice.close();
  bob.close();
});

test("groups: add/remove connection and user, existence checks, group sends, member listing", async () => {
  const carol = await connect("carol");
  const connectionId = await firstConnectionId("carol");
  const group = service.group("room 1/a");

  assert.equal(await service.groupExists("room 1/a"), false);
  await group.addConnection(connectionId);
  assert.equal(await service.groupExists("room 1/a"), true);
  const members = [];
  for await (const member of await group.listConnections()) members.push(member);
  assert.deepEqual(members.map((m) => m.userId), ["carol"]);

  const message = nextMessage(carol);
  await group.sendToAll("to the room", { contentType: "text/plain" });
  assert.equal(await message, "to the room");

  await group.removeConnection(connectionId);
  assert.equal(await service.groupExists("room 1/a"), false);
  await group.addUser("carol");
  assert.equal(await service.groupExists("room 1/a"), true);
  await group.removeUser("carol");
  await group.addUser("carol");
  await service.removeUserFromAllGroups("carol");
  assert.equal(await service.groupExists("room 1/a"), false);
  await group.addConnection(connectionId);
  await service.removeConnectionFromAllGroups(connectionId);
  assert.equal(await service.groupExists("room 1/a"), false);
  await assert.rejects(group.addUser("nobody-connected"));
  carol.close();
});

test("existence checks and permissions", async () => {
  const dave = await connect("dave");
  const connectionId = await firstConnectionId("dave");
  assert.equal(await service.userExists("dave"), true);
  assert.equal(await service.userExists("nobody"), false);
  assert.equal(await service.connectionExists(connectionId), true);
  assert.equal(await service.connectionExists("no-such-connection"), false);

  assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "g1" }), false);
  await service.grantPermission(connectionId, "sendToGroup", { targetName: "g1" });
  assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "g1" }), true);
  await service.revokePermission(connectionId, "sendToGroup", { targetName: "g1" });
  assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "g1" }), false);
  dave.close();
});

test("closing connections: one, a user's, a group's, all", async () => {
  const closed = (socket) => new Promise((resolve) => socket.once("close", (code, reason) => resolve(reason.toString())));
  const erin = await connect("erin");
  let done = closed(erin);
  await service.closeConnection(await firstConnectionId("erin"), { reason: "one" });
  assert.equal(await done, "one");

  const frank = await connect("frank");
  done = closed(frank);
  await service.closeUserConnections("frank", { reason: "user" });
  assert.equal(await done, "user");

  const gina = await connect("gina");
  await service.group("g-close").addUser("gina");
  done = closed(gina);
  await service.group("g-close").closeAllConnections({ reason: "group" });
  assert.equal(await done, "group");

  const hank = await connect("hank");
  done = closed(hank);
  await service.closeAllConnections({ reason: "all" });
  assert.equal(await done, "all");
});

// The gateway lists group members; a private group per user finds a connection id through the public API.
async function firstConnectionId(userId) {
  const group = service.group(`probe-${userId}`);
  await group.addUser(userId);
  for await (const member of await group.listConnections()) {
    await group.removeUser(userId);
    return member.connectionId;
  }
  throw new Error("no connection for " + userId);
}
