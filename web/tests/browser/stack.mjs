// Starts the real local stack for the browser suite, as ./run.sh does: Azurite (fresh data), the local Web PubSub
// gateway and the Kfk app (both from their Release builds, which ./test.sh makes first), then seeds the demo data.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort } from "../../../tests/conformance/support/gateway.mjs";

const root = join(import.meta.dirname, "..", "..", "..");

async function waitFor(check, what, child, seconds = 120) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${child.output.slice(-3000)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not start within ${seconds}s: ${child.output.slice(-3000)}`);
}

function start(command, args, env) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  const keep = (chunk) => (child.output = (child.output + chunk).slice(-20000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  return child;
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });

export async function startStack() {
  const [appPort, gatewayPort, blobPort, queuePort, tablePort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const data = mkdtempSync(join(tmpdir(), "kfk-browser-"));
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    rmSync(data, { recursive: true, force: true });
  };
  try {
    const azurite = start(process.execPath, [
      "tools/azurite/node_modules/azurite/dist/src/azurite.js", "--location", data, "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--disableProductStyleUrl",
      "--blobHost", "127.0.0.1", "--blobPort", blobPort, "--queueHost", "127.0.0.1", "--queuePort", queuePort,
      "--tableHost", "127.0.0.1", "--tablePort", tablePort,
    ].map(String));
    children.push(azurite);
    for (const port of [blobPort, queuePort, tablePort]) await waitFor(() => portOpen(port), "Azurite", azurite);

    const account = "devstoreaccount1";
    const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // Azurite's published key
    const storage = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${blobPort}/${account};QueueEndpoint=http://127.0.0.1:${queuePort}/${account};TableEndpoint=http://127.0.0.1:${tablePort}/${account};`;
    const settings = JSON.parse(readFileSync(join(root, "local.settings.sample.json"), "utf8")).Values;
    const gatewayKey = JSON.parse(readFileSync(join(root, "tools/Kfk.LocalGateway/gateway.json"), "utf8")).Gateway.AccessKeys[0];
    const appUrl = `http://127.0.0.1:${appPort}`;

    const gateway = start("dotnet", ["tools/Kfk.LocalGateway/bin/Release/net10.0/Kfk.LocalGateway.dll"], {
      Gateway__Port: String(gatewayPort), Gateway__Upstream: appUrl,
    });
    children.push(gateway);
    await waitFor(() => portOpen(gatewayPort), "the gateway", gateway);

    const app = start("dotnet", ["functions/Kfk.Functions/bin/Release/net10.0/Kfk.Functions.dll"], {
      ...settings,
      Kfk__Storage__ConnectionString: storage,
      Kfk__Hosting__Url: appUrl,
      Kfk__Media__PublicBaseUrl: appUrl,
      Kfk__WebPubSub__ConnectionString: `Endpoint=http://127.0.0.1:${gatewayPort};AccessKey=${gatewayKey};Version=1.0;`,
      Kfk__Demo__Enabled: "true",
      ASPNETCORE_ENVIRONMENT: "Development",
      Logging__LogLevel__Default: "Warning",
    });
    children.push(app);
    await waitFor(async () => (await fetch(`${appUrl}/api/v1/health`)).ok, "the app", app);

    const seed = start(process.execPath, ["tools/demo/seed.mjs", appUrl, settings.Kfk__Platform__ApiKey]);
    await new Promise((resolve) => seed.once("exit", resolve));
    if (seed.exitCode !== 0) throw new Error(`seeding failed: ${seed.output}`);
    const staffToken = /platform staff \(admin\)\s+(\S+)/.exec(seed.output)?.[1];
    if (!staffToken) throw new Error(`no staff token in the seed output: ${seed.output}`);
    return { appUrl, apiKey: settings.Kfk__Platform__ApiKey, staffToken, stop, logs: () => app.output + gateway.output };
  } catch (error) {
    await stop();
    throw error;
  }
}
