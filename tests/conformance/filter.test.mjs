// The OData `filter` of sends and of :addToGroups/:removeFromGroups (webpubsub.md §2.5), driven through Microsoft's
// @azure/web-pubsub (its `filter` option and `odata` template helper) against real json.webpubsub.azure.v1 clients.
// Who did not receive a filtered message is proven without waiting: every check ends with an unfiltered "end"
// broadcast, and a connection's frames arrive in order, so a client whose next message is "end" got nothing before it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import WebSocket from "ws";
import { WebPubSubServiceClient, odata } from "@azure/web-pubsub";
import { startGateway, opened, accessKey } from "./support/gateway.mjs";

let gateway;
let sends;
let groups;

before(async () => {
  gateway = await startGateway({ hubs: { filter_sends: {}, filter_groups: {} } });
  sends = new WebPubSubServiceClient(gateway.connectionString, "filter_sends", { allowInsecureConnection: true });
  groups = new WebPubSubServiceClient(gateway.connectionString, "filter_groups", { allowInsecureConnection: true });
});
after(async () => gateway?.stop());

/** A PubSub client whose messages queue up until read, so none is missed between two reads. */
async function connect(service, userId) {
  const { url } = await service.getClientAccessToken({ userId });
  const socket = new WebSocket(url, "json.webpubsub.azure.v1");
  const queue = [];
  const waiting = [];
  socket.on("message", (data) => {
    const message = JSON.parse(data.toString());
    waiting.length > 0 ? waiting.shift()(message) : queue.push(message);
  });
  await opened(socket);
  const next = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          // A safety net so a broken gateway fails the test instead of hanging it; no assertion depends on it.
          const timer = setTimeout(() => reject(new Error(`${userId}: no message within 10 s`)), 10_000);
          waiting.push((message) => {
            clearTimeout(timer);
            resolve(message);
          });
        });
  const connected = await next();
  assert.equal(connected.event, "connected");
  return { connectionId: connected.connectionId, next: async () => (await next()).data, close: () => socket.close() };
}

/** Runs `send`, then broadcasts "end": returns what each client received first, or null when nothing came before "end". */
async function deliveries(service, clients, send) {
  await send();
  await service.sendToAll("end", { contentType: "text/plain" });
  const received = {};
  for (const [name, client] of Object.entries(clients)) {
    const first = await client.next();
    received[name] = first === "end" ? null : first;
    if (first !== "end") assert.equal(await client.next(), "end", `${name} got one message before "end"`);
  }
  return received;
}

async function members(service, group) {
  const ids = [];
  for await (const member of await service.group(group).listConnections()) ids.push(member.connectionId);
  return ids.sort();
}

test("sendToAll with a filter reaches only the matching users, and excluded still applies", async () => {
  const phone = await connect(sends, "user:1");
  const desktop = await connect(sends, "user:1");
  const kefu = await connect(sends, "kefu:2");
  const other = await connect(sends, "user:3");
  const clients = { phone, desktop, kefu, other };

  // Kfk's hot path: the recipient and the sender's other devices, minus the sending connection, in one call.
  const chat = odata`userId in (${"user:1"}, ${"kefu:2"})`;
  assert.equal(chat, "userId in ('user:1', 'kefu:2')");
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll("chat", { contentType: "text/plain", filter: chat, excludedConnections: [phone.connectionId] })),
    { phone: null, desktop: "chat", kefu: "chat", other: null },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll({ n: 2 }, { filter: "userId eq 'user:1' or userId eq 'KEFU:2'" })),
    { phone: { n: 2 }, desktop: { n: 2 }, kefu: { n: 2 }, other: null },
    "eq compares ignoring case",
  );
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll("not kefu", { contentType: "text/plain", filter: "not startswith(userId, 'kefu:') and userId ne 'user:3'" })),
    { phone: "not kefu", desktop: "not kefu", kefu: null, other: null },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll("one device", { contentType: "text/plain", filter: odata`connectionId eq ${desktop.connectionId}` })),
    { phone: null, desktop: "one device", kefu: null, other: null },
  );
  Object.values(clients).forEach((c) => c.close());
});

test("'g1' in groups selects group members; sendToUser and group sends take a filter too", async () => {
  const a = await connect(sends, "in-groups-a");
  const b = await connect(sends, "in-groups-b");
  const b2 = await connect(sends, "in-groups-b");
  const clients = { a, b, b2 };
  await sends.group("g1").addConnection(a.connectionId);
  await sends.group("g1").addConnection(b2.connectionId);

  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll("g1 only", { contentType: "text/plain", filter: "'g1' in groups" })),
    { a: "g1 only", b: null, b2: "g1 only" },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToAll("outside g1", { contentType: "text/plain", filter: "not('g1' in groups) and startswith(userId, 'in-groups-')" })),
    { a: null, b: "outside g1", b2: null },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () => sends.sendToUser("in-groups-b", "b's other device", { contentType: "text/plain", filter: odata`connectionId ne ${b.connectionId}` })),
    { a: null, b: null, b2: "b's other device" },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () =>
      sends.group("g1").sendToAll("group, filtered", { contentType: "text/plain", filter: "userId eq 'in-groups-b'", excludedConnections: [a.connectionId] }),
    ),
    { a: null, b: null, b2: "group, filtered" },
  );
  assert.deepEqual(
    await deliveries(sends, clients, () =>
      sends.group("g1").sendToAll("group, excluded", { contentType: "text/plain", filter: "length(groups) ge 1", excludedConnections: [b2.connectionId] }),
    ),
    { a: "group, excluded", b: null, b2: null },
  );
  Object.values(clients).forEach((c) => c.close());
});

test("addConnectionsToGroups and removeConnectionsFromGroups apply the filter; an empty filter selects every connection", async () => {
  const buyer = await connect(groups, "buyer:7");
  const agent = await connect(groups, "kefu:8");
  const anonymous = await connect(groups, undefined);
  const ids = (...clients) => clients.map((c) => c.connectionId).sort();

  await groups.addConnectionsToGroups(["shop-1", "shop-2"], "startswith(userId, 'kefu:')");
  assert.deepEqual(await members(groups, "shop-1"), ids(agent));
  assert.deepEqual(await members(groups, "shop-2"), ids(agent));

  await groups.addConnectionsToGroups(["shop-1"], "userId eq null or 'shop-2' in groups");
  assert.deepEqual(await members(groups, "shop-1"), ids(agent, anonymous));

  await groups.addConnectionsToGroups(["everyone"], "");
  assert.deepEqual(await members(groups, "everyone"), ids(buyer, agent, anonymous));

  await groups.removeConnectionsFromGroups(["everyone", "shop-1"], odata`userId ne ${"kefu:8"}`);
  assert.deepEqual(await members(groups, "everyone"), ids(agent));
  assert.deepEqual(await members(groups, "shop-1"), ids(agent));

  await groups.removeConnectionsFromGroups(["everyone", "shop-1", "shop-2"], "");
  for (const group of ["everyone", "shop-1", "shop-2"]) assert.equal(await groups.groupExists(group), false);
  [buyer, agent, anonymous].forEach((c) => c.close());
});

test("an invalid filter is a RestError 400 with x-ms-error-code InvalidFilter, and nothing is sent or changed", async () => {
  const client = await connect(sends, "invalid-filter");
  const refusals = [
    () => sends.sendToAll("x", { contentType: "text/plain", filter: "userId eq" }),
    () => sends.sendToAll("x", { contentType: "text/plain", filter: "userId = 'invalid-filter'" }),
    () => sends.sendToAll("x", { contentType: "text/plain", filter: "not userId eq 'invalid-filter'" }),
    () => sends.sendToAll("x", { contentType: "text/plain", filter: "(".repeat(2000) }),
    () => sends.sendToAll("x", { contentType: "text/plain", filter: Array.from({ length: 101 }, (_, i) => `userId eq 'u${i}'`).join(" or ") }),
    () => sends.sendToUser("invalid-filter", "x", { contentType: "text/plain", filter: "frobnicate(userId)" }),
    () => sends.group("g").sendToAll("x", { contentType: "text/plain", filter: "userId eq 1" }),
    () => sends.addConnectionsToGroups(["g"], "'g' in"),
    () => sends.removeConnectionsFromGroups(["g"], "userId in ()"),
  ];
  for (const refuse of refusals) {
    const error = await refuse().catch((e) => e);
    assert.equal(error.name, "RestError", String(error));
    assert.equal(error.statusCode, 400);
    assert.equal(error.response.headers.get("x-ms-error-code"), "InvalidFilter");
    assert.match(error.response.bodyAsText, /Invalid filter at character \d+: /);
  }
  assert.deepEqual(await deliveries(sends, { client }, async () => {}), { client: null });
  assert.equal(await sends.groupExists("g"), false);
  client.close();
});

// Requests the SDK cannot make: signed like the SDK does (HS256, aud = the request URL).
async function raw(method, pathAndQuery, body) {
  const url = `${gateway.endpoint}/api/hubs/filter_groups/${pathAndQuery}`;
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({ aud: url, exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const token = `${unsigned}.${createHmac("sha256", Buffer.from(accessKey, "utf8")).update(unsigned).digest("base64url")}`;
  const response = await fetch(url, { method, body, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  return { status: response.status, code: response.headers.get("x-ms-error-code") };
}

test("malformed :addToGroups bodies, repeated filters and filters on operations without one are 400, a blank filter is none", async () => {
  const client = await connect(groups, "raw-requests");
  const addToGroups = (body) => raw("POST", ":addToGroups?api-version=2024-12-01", body);
  for (const body of ['{"groups":["g"],"filter":5}', '{"groups":[1]}', '{"groups":["g"],"filter":["x"]}', '{"groups":"g"}', "[]", "{", '{"groups":["g"],"groups":["h"]}']) {
    assert.deepEqual(await addToGroups(body), { status: 400, code: "InvalidRequest" }, body);
  }
  assert.deepEqual(await addToGroups('{"groups":["g"],"filter":"groups eq 1"}'), { status: 400, code: "InvalidFilter" });
  assert.equal(await groups.groupExists("g"), false);

  assert.deepEqual(await addToGroups('{"groups":["g"],"filter":null}'), { status: 200, code: null });
  assert.deepEqual(await members(groups, "g"), [client.connectionId]);
  assert.deepEqual(await raw("POST", ":removeFromGroups?api-version=2024-12-01", '{"groups":["g"],"filter":"   "}'), { status: 200, code: null });
  assert.equal(await groups.groupExists("g"), false);

  assert.deepEqual(await raw("POST", ":send?api-version=2024-12-01&filter=true&filter=false", "1"), { status: 400, code: "InvalidFilter" });
  assert.deepEqual(await raw("POST", ":send?api-version=2024-12-01&filter=%20", "1"), { status: 202, code: null });
  assert.equal(await client.next(), 1);
  for (const path of [`connections/${client.connectionId}/:send`, ":closeConnections", "users/raw-requests/:closeConnections"]) {
    assert.deepEqual(await raw("POST", `${path}?api-version=2024-12-01&filter=true`, "1"), { status: 400, code: "FilterNotSupported" }, path);
  }
  assert.deepEqual(await deliveries(groups, { client }, async () => {}), { client: null }, "the refused send and closes did nothing");
  client.close();
});
