// Starts the local gateway (the built Kfk.LocalGateway.dll) as a child process on a free port.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const accessKey = "conformance-primary-key-0123456789ABCDEFG=";
export const secondaryKey = "conformance-secondary-key-0123456789ABCDE=";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{hubs: Record<string, {upstream?: string, anonymous?: boolean, userEvents?: string}>, customEventFailure?: string}} options
 */
export async function startGateway({ hubs, customEventFailure = "close" }) {
  const port = await freePort();
  const env = {
    ...process.env,
    Gateway__Port: String(port),
    Gateway__Endpoint: `http://localhost:${port}`,
    Gateway__AccessKeys__0: accessKey,
    Gateway__AccessKeys__1: secondaryKey,
    Gateway__CustomEventFailure: customEventFailure,
  };
  for (const [hub, settings] of Object.entries(hubs)) {
    const prefix = `Gateway__Hubs__${hub}__`;
    env[prefix + "AnonymousConnect"] = String(settings.anonymous ?? false);
    if (settings.upstream) {
      env[prefix + "EventHandlers__0__UrlTemplate"] = settings.upstream;
      env[prefix + "EventHandlers__0__UserEventPattern"] = settings.userEvents ?? "*";
      ["connect", "connected", "disconnected"].forEach((name, i) => (env[`${prefix}EventHandlers__0__SystemEvents__${i}`] = name));
    }
  }
  const dll = process.env.KFK_GATEWAY_DLL ?? path.join(root, "tools/Kfk.LocalGateway/bin/Release/net10.0/Kfk.LocalGateway.dll");
  const child = spawn("dotnet", [dll], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const endpoint = `http://localhost:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(endpoint + "/");
      if (response.ok) {
        return { endpoint, port, connectionString: `Endpoint=${endpoint};AccessKey=${accessKey};Version=1.0;`, stop: () => stop(child) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`The gateway did not start (${dll}). Build it first (./test.sh does). Output:\n${output}`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Resolves with the next message event of a `ws` socket (as text, or Buffer for binary frames). */
export function nextMessage(socket, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message within " + timeoutMs + " ms")), timeoutMs);
    socket.once("message", (data, isBinary) => {
      clearTimeout(timer);
      resolve(isBinary ? data : data.toString());
    });
  });
}

export function opened(socket) {
  return new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
    socket.once("unexpected-response", (_, res) => reject(Object.assign(new Error("handshake " + res.statusCode), { status: res.statusCode })));
  });
}
