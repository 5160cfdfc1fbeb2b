// Prints, for fixed inputs, what @azure/web-pubsub produces: the client token and the REST request it sends.
// Kfk's C# tests run `node tokens.mjs` and compare; here we check the SDK side against our expectations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sdkOutputs } from "./tokens.mjs";

test("the SDK's client token carries aud/sub/role/group and verifies with the access key", async () => {
  const outputs = await sdkOutputs();
  assert.equal(outputs.client.payload.aud, "http://localhost:18080/client/hubs/Chat_Hub");
  assert.equal(outputs.client.payload.sub, "u1");
  assert.deepEqual(outputs.client.payload.role, ["webpubsub.sendToGroup.g1", "webpubsub.joinLeaveGroup"]);
  assert.deepEqual(outputs.client.payload["webpubsub.group"], ["g1"]);
  assert.equal(outputs.client.signatureValid, true);
  assert.equal(outputs.rest.url, "http://localhost:18080/api/hubs/Chat_Hub/users/user%2F1%20x/:send?api-version=2024-12-01");
  assert.equal(outputs.rest.payload.aud, outputs.rest.url);
});
