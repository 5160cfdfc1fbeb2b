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

test("revokePermission with a targetName: the check answers false, from grants by REST, by role and by wildcard role", async () => {
  const check = (id, group) => service.hasPermission(id, "joinLeaveGroup", { targetName: group });

  const viaRest = await connect("perm-rest");
  const restId = await firstConnectionId("perm-rest");
  await service.grantPermission(restId, "joinLeaveGroup", { targetName: "room.1" });
  assert.equal(await check(restId, "room.1"), true);
  await service.revokePermission(restId, "joinLeaveGroup", { targetName: "room.1" });
  assert.equal(await check(restId, "room.1"), false);

  const allGroups = await connect("perm-all", { roles: ["webpubsub.joinLeaveGroup"] });
  const allId = await firstConnectionId("perm-all");
  assert.equal(await check(allId, "room.1"), true);
  await service.revokePermission(allId, "joinLeaveGroup", { targetName: "room.1" });
  assert.equal(await check(allId, "room.1"), false);
  assert.equal(await check(allId, "room.2"), true, "revoking one group keeps the others");
  await service.grantPermission(allId, "joinLeaveGroup", { targetName: "room.1" });
  assert.equal(await check(allId, "room.1"), true);

  const wildcard = await connect("perm-wild", { roles: ["webpubsub.joinLeaveGroups.room.*"] });
  const wildId = await firstConnectionId("perm-wild");
  assert.equal(await check(wildId, "room.7"), true);
  assert.equal(await check(wildId, "hall.7"), false);
  await service.revokePermission(wildId, "joinLeaveGroup", { targetName: "room.7" });
  assert.equal(await check(wildId, "room.7"), false);
  assert.equal(await check(wildId, "room.8"), true);
  [viaRest, allGroups, wildcard].forEach((s) => s.close());
});

test("grant and revoke without targetName concern every group; the check without targetName asks about every group", async () => {
  const socket = await connect("perm-every");
  const id = await firstConnectionId("perm-every");
  assert.equal(await service.hasPermission(id, "sendToGroup"), false);
  await service.grantPermission(id, "sendToGroup", { targetName: "g1" });
  assert.equal(await service.hasPermission(id, "sendToGroup"), false, "one group is not every group");

  await service.grantPermission(id, "sendToGroup");
  assert.equal(await service.hasPermission(id, "sendToGroup"), true);
  assert.equal(await service.hasPermission(id, "sendToGroup", { targetName: "any" }), true);
  assert.equal(await service.hasPermission(id, "joinLeaveGroup"), false, "permissions are separate");
  await service.revokePermission(id, "sendToGroup", { targetName: "g2" });
  assert.equal(await service.hasPermission(id, "sendToGroup"), false, "every group but g2 is not every group");

  await service.revokePermission(id, "sendToGroup");
  assert.equal(await service.hasPermission(id, "sendToGroup"), false);
  assert.equal(await service.hasPermission(id, "sendToGroup", { targetName: "g1" }), false, "revoking all drops single-group grants too");
  assert.equal(await service.hasPermission(id, "sendToGroup", { targetName: "any" }), false);
  socket.close();
});

test("a REST revocation is enforced on the client: joinGroup is then Forbidden", async () => {
  const { url } = await service.getClientAccessToken({ userId: "perm-client", roles: ["webpubsub.joinLeaveGroup"] });
  const socket = new WebSocket(url, "json.webpubsub.azure.v1");
  const connected = nextMessage(socket);
  await opened(socket);
  const { connectionId } = JSON.parse(await connected);
  await service.revokePermission(connectionId, "joinLeaveGroup", { targetName: "closed" });
  let ack = nextMessage(socket);
  socket.send(JSON.stringify({ type: "joinGroup", group: "closed", ackId: 1 }));
  assert.equal(JSON.parse(await ack).error?.name, "Forbidden");
  ack = nextMessage(socket);
  socket.send(JSON.stringify({ type: "joinGroup", group: "open", ackId: 2 }));
  assert.equal(JSON.parse(await ack).success, true);
  socket.close();
});

test("bad permission requests get 400 with x-ms-error-code; unknown connections: grant 404, revoke 204, check false", async () => {
  const socket = await connect("perm-bad");
  const id = await firstConnectionId("perm-bad");
  const refused = await service.grantPermission(id, "kickUser").catch((e) => e);
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.response.headers.get("x-ms-error-code"), "InvalidPermission");
  const blank = await service.grantPermission(id, "sendToGroup", { targetName: "   " }).catch((e) => e);
  assert.equal(blank.statusCode, 400);
  assert.equal(blank.response.headers.get("x-ms-error-code"), "InvalidTargetName");

  const missing = await service.grantPermission("no-such-connection", "sendToGroup").catch((e) => e);
  assert.equal(missing.statusCode, 404);
  await service.revokePermission("no-such-connection", "sendToGroup", { targetName: "g" });
  assert.equal(await service.hasPermission("no-such-connection", "sendToGroup", { targetName: "g" }), false);
  socket.close();
});

test("/api/health answers HEAD and GET with 200 without credentials", async () => {
  for (const method of ["HEAD", "GET"]) {
    for (const query of ["", "?api-version=2024-12-01"]) {
      const response = await fetch(`${gateway.endpoint}/api/health${query}`, { method });
      assert.equal(response.status, 200, `${method} /api/health${query}`);
    }
  }
  const other = await fetch(`${gateway.endpoint}/api/hubs/Chat_Hub/connections/x?api-version=2024-12-01`, { method: "HEAD" });
  assert.equal(other.status, 401, "everything else still needs a token");
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
