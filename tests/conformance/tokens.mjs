// The SDK's outputs for fixed inputs, as JSON on stdout when run directly (`node tokens.mjs`).
import { createServer } from "node:http";
import { createHmac } from "node:crypto";
import { WebPubSubServiceClient } from "@azure/web-pubsub";

export const key = "conformance-token-key-0123456789ABCDEFGHIJ=";

function decode(token) {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", Buffer.from(key, "utf8")).update(`${header}.${payload}`).digest("base64url");
  return {
    header: JSON.parse(Buffer.from(header, "base64url")),
    payload: JSON.parse(Buffer.from(payload, "base64url")),
    signatureValid: expected === signature,
    token,
  };
}

export async function sdkOutputs() {
  const captured = await new Promise((resolve) => {
    const server = createServer((req, res) => {
      res.statusCode = 202;
      res.end();
      server.close();
      resolve({ url: `http://localhost:18080${req.url}`, authorization: req.headers.authorization });
    });
    server.listen(18080, "127.0.0.1", async () => {
      const service = new WebPubSubServiceClient(`Endpoint=http://localhost:18080;AccessKey=${key};Version=1.0;`, "Chat_Hub", { allowInsecureConnection: true });
      await service.sendToUser("user/1 x", "hi", { contentType: "text/plain" });
    });
  });
  const service = new WebPubSubServiceClient(`Endpoint=http://localhost:18080;AccessKey=${key};Version=1.0;`, "Chat_Hub", { allowInsecureConnection: true });
  const access = await service.getClientAccessToken({ userId: "u1", roles: ["webpubsub.sendToGroup.g1", "webpubsub.joinLeaveGroup"], groups: ["g1"], expirationTimeInMinutes: 60 });
  return {
    client: { ...decode(access.token), url: access.url, baseUrl: access.baseUrl },
    rest: { url: captured.url, ...decode(captured.authorization.replace(/^Bearer /, "")) },
  };
}

/** Verifies a token made elsewhere (Kfk's C# code) with node's own HMAC. */
export function verify(token) {
  return decode(token).signatureValid;
}

if (process.argv[1] && process.argv[1].endsWith("tokens.mjs")) {
  const [, , mode, token] = process.argv;
  if (mode === "verify") {
    console.log(JSON.stringify({ valid: verify(token) }));
  } else {
    console.log(JSON.stringify(await sdkOutputs()));
  }
}
