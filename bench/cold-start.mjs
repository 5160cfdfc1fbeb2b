// Cold-start benchmark: exec → first HTTP 200 of the packaged Kfk app against the Native AOT floor.
// Usage: node bench/cold-start.mjs [--runs 7] [--warmup 1] [--kfk PATH] [--floor PATH] [--timeout 60] [--keep]
//   --kfk    the packaged Kfk.Functions binary (default artifacts/scriptroot/app/Kfk.Functions; ./package.sh
//            builds it when it is missing)
//   --floor  an already published floor binary (default: build a `dotnet new web` app with Native AOT in a temp folder)
//   --keep   keep the temp folder (floor build, app copies, logs) and print where it is
// The floor is an unchanged `dotnet new web` app, published Native AOT (linux-x64). Kfk runs with the sample
// settings against an Azurite this script starts; its Web PubSub endpoint is an unused port (nothing at start or in
// /api/v1/health calls it). Each app is copied into its own fresh folder, which is its working directory and content
// root (as under the Functions host, where the app folder is the working directory): a content root full of files
// slows every ASP.NET Core start. The series are interleaved (floor /, Kfk /, Kfk health, floor /, …) so load from
// others on the machine falls on all of them alike. Everything listens on 127.0.0.1, on free ports.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let options, runs, warmups, startTimeoutMs;
try {
  ({ values: options } = parseArgs({
    options: {
      runs: { type: "string", default: "7" },
      warmup: { type: "string", default: "1" },
      kfk: { type: "string" },
      floor: { type: "string" },
      timeout: { type: "string", default: "60" },
      keep: { type: "boolean", default: false },
    },
  }));
  runs = count(options.runs, "--runs", 1, 1000);
  warmups = count(options.warmup, "--warmup", 0, 100);
  startTimeoutMs = count(options.timeout, "--timeout", 1, 600) * 1000;
} catch (error) {
  console.error(`cold-start: ${error.message}`);
  process.exit(2);
}
const pollIntervalMs = 2;
const target = 2.0;

// Azurite's published development key (not a secret).
const azuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kfk-cold-start-"));
const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (options.keep) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

try {
  await main();
} catch (error) {
  console.error(`cold-start: ${error.message}`);
  process.exitCode = 1;
}
process.exit(); // stops Azurite (the exit handler above) and removes the temp folder

async function main() {
  const kfkBinary = options.kfk ? path.resolve(options.kfk) : packagedKfk();
  const floorBinary = options.floor ? path.resolve(options.floor) : buildFloor();
  for (const binary of [kfkBinary, floorBinary]) {
    if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) throw new Error(`${binary} is not a file`);
  }
  const floor = freshCopy(floorBinary, "floor");
  const kfk = freshCopy(kfkBinary, "kfk");

  const azurite = await startAzurite();
  const [unusedPort] = await freePorts(1);
  const kfkSettings = kfkEnvironment(azurite, unusedPort);
  const series = [
    { label: "floor  GET /", app: floor, path: "/", env: (port) => ({ ASPNETCORE_URLS: `http://127.0.0.1:${port}` }) },
    { label: "Kfk    GET /", app: kfk, path: "/", env: kfkSettings },
    { label: "Kfk    GET /api/v1/health", app: kfk, path: "/api/v1/health", env: kfkSettings },
  ];

  const loadBefore = os.loadavg()[0];
  console.log(`measuring: ${warmups} warm-up + ${runs} runs of each series, interleaved`);
  for (let run = -warmups; run < runs; run++) {
    for (const s of series) {
      const { ms, cpuMs } = await coldStart(s);
      if (run >= 0) {
        (s.samples ??= []).push(ms);
        (s.cpu ??= []).push(cpuMs);
      }
      console.log(`${run < 0 ? "warm-up" : `run ${run + 1}`} ${s.label.replace(/\s+/g, " ")}: ${ms.toFixed(1)} ms (CPU ${cpuMs.toFixed(1)} ms)`);
    }
  }

  console.log(`\nCold start, exec → first HTTP 200 (ms), ${runs} runs each after ${warmups} warm-up, ${new Date().toISOString()}`);
  console.log(`${"".padEnd(27)}${"median".padStart(8)}${"p90".padStart(8)}${"min".padStart(8)}${"CPU median".padStart(12)}`);
  for (const s of series) {
    const sorted = [...s.samples].sort((a, b) => a - b);
    s.median = median(sorted);
    s.cpuMedian = median([...s.cpu].sort((a, b) => a - b));
    console.log(`${s.label.padEnd(27)}${fmt(s.median)}${fmt(percentile(sorted, 90))}${fmt(sorted[0])}${fmt(s.cpuMedian).padStart(12)}`);
  }
  const ratio = series[1].median / series[0].median;
  console.log(`Kfk / floor on GET / (medians): ${ratio.toFixed(1)}× (target ≤ ${target.toFixed(1)}×: ${ratio <= target ? "met" : "not met"}); ` +
    `CPU ${(series[1].cpuMedian / series[0].cpuMedian).toFixed(1)}×`);
  console.log(`\nfloor: ${options.floor ? floorBinary : "dotnet new web, published Native AOT (linux-x64) in the temp folder"}`);
  console.log(`Kfk:   ${kfkBinary}`);
  console.log(machine(loadBefore));
  if (Math.max(loadBefore, os.loadavg()[0]) > os.cpus().length) {
    console.log("the machine was busy (load average above its core count): wall times are inflated and their ratio squeezed; " +
      "the CPU times hold better");
  }
}

/** Starts the app in its own folder, polls GET path on 127.0.0.1 every 2 ms until a 200, and stops it. */
async function coldStart({ app, path: route, env }) {
  const port = (await freePorts(1))[0];
  const logFile = path.join(work, `${path.basename(app.binary)}.log`);
  const log = fs.openSync(logFile, "w");
  const started = performance.now();
  const child = spawn(app.binary, [], { cwd: app.dir, env: { ...baseEnvironment(), ...env(port) }, stdio: ["ignore", log, log] });
  children.add(child);
  let exited = null;
  child.once("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
  try {
    let last = "no answer";
    while (performance.now() - started < startTimeoutMs) {
      if (exited) throw new Error(`${app.binary} stopped before answering (${exited}); its output:\n${tail(logFile)}`);
      const status = await get(port, route);
      if (status === 200) return { ms: performance.now() - started, cpuMs: cpuTimeMs(child.pid) };
      if (status !== null) last = `HTTP ${status}`;
      await pause(pollIntervalMs);
    }
    throw new Error(`${app.binary} gave no 200 on ${route} within ${startTimeoutMs / 1000} s (last: ${last}); its output:\n${tail(logFile)}`);
  } finally {
    fs.closeSync(log);
    await stop(child);
  }
}

/**
 * CPU time the process has used so far, summed over its live threads (/proc/PID/task/TID/schedstat, ns on a CPU):
 * unlike the wall time it barely moves when other work on the machine delays the start.
 */
function cpuTimeMs(pid) {
  let ns = 0;
  for (const thread of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${thread}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/** The status of one GET, or null when nothing listens yet (or the connection broke while starting). */
function get(port, route) {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: route, agent: false, timeout: 5000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(null));
  });
}

async function stop(child) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

/** The packaged binary, built with ./package.sh when it is missing. */
function packagedKfk() {
  const binary = path.join(root, "artifacts/scriptroot/app/Kfk.Functions");
  if (!fs.existsSync(binary)) {
    console.log(`${path.relative(root, binary)} is missing: running ./package.sh`);
    run(path.join(root, "package.sh"), [], { cwd: root, stdio: "inherit" });
  }
  return binary;
}

/** Publishes `dotnet new web` with Native AOT in the temp folder and returns the native binary. */
function buildFloor() {
  const compiler = ["clang", ...versionedClangs()].find(onPath);
  if (!compiler || !fs.existsSync("/usr/include/zlib.h")) {
    throw new Error("Native AOT needs clang and zlib1g-dev to link the floor app: apt-get install -y clang zlib1g-dev");
  }
  const project = path.join(work, "floor-src");
  console.log(`building the floor: dotnet new web, published Native AOT for linux-x64 (linker ${compiler}; minutes on a busy machine)`);
  run("dotnet", ["new", "web", "--name", "Floor", "--output", project], { cwd: work });
  run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", `-p:CppCompilerAndLinker=${compiler}`,
    "-o", path.join(project, "publish"), "--nologo", "-v", "quiet"], { cwd: work });
  return path.join(project, "publish", "Floor");
}

/** clang-19, clang-18, … when only a versioned clang is installed (Debian's clang-NN packages). */
function versionedClangs() {
  const names = new Set();
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (/^clang-\d+$/.test(name)) names.add(name);
  }
  return [...names].sort((a, b) => Number(b.slice(6)) - Number(a.slice(6)));
}

function onPath(command) {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, command)));
}

/** Copies the binary's folder (its publish output, without debug symbols) into a fresh folder of its own. */
function freshCopy(binary, name) {
  const dir = path.join(work, `run-${name}`);
  fs.cpSync(path.dirname(binary), dir, { recursive: true, filter: (source) => !source.endsWith(".dbg") });
  return { binary: path.join(dir, path.basename(binary)), dir };
}

async function startAzurite() {
  const script = path.join(root, "tools/azurite/node_modules/azurite/dist/src/azurite.js");
  if (!fs.existsSync(script)) throw new Error("Azurite is not installed: (cd tools/azurite && npm ci)");
  const [blob, queue, table] = await freePorts(3);
  const log = fs.openSync(path.join(work, "azurite.log"), "w");
  const child = spawn(process.execPath, [script, "--location", path.join(work, "azurite"), "--skipApiVersionCheck",
    "--disableTelemetry", "--loose", "--disableProductStyleUrl", "--blobHost", "127.0.0.1", "--blobPort", `${blob}`,
    "--queueHost", "127.0.0.1", "--queuePort", `${queue}`, "--tableHost", "127.0.0.1", "--tablePort", `${table}`],
  { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  children.add(child);
  for (const port of [blob, queue, table]) await waitForPort(port, 30_000, "Azurite");
  return { blob, queue, table };
}

/** The sample settings (what run.sh and the tests start from), with this run's storage and ports, as in production. */
function kfkEnvironment(azurite, unusedPort) {
  const sample = JSON.parse(fs.readFileSync(path.join(root, "local.settings.sample.json"), "utf8")).Values ?? {};
  const account = "devstoreaccount1";
  const storage = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${azuriteKey};` +
    `BlobEndpoint=http://127.0.0.1:${azurite.blob}/${account};QueueEndpoint=http://127.0.0.1:${azurite.queue}/${account};` +
    `TableEndpoint=http://127.0.0.1:${azurite.table}/${account};`;
  const gatewayKey = JSON.parse(fs.readFileSync(path.join(root, "tools/Kfk.LocalGateway/gateway.json"), "utf8")).Gateway.AccessKeys[0];
  return (port) => ({
    ...Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, String(value)])),
    AzureWebJobsStorage: storage,
    Kfk__Storage__ConnectionString: storage,
    Kfk__Hosting__Url: `http://127.0.0.1:${port}`,
    Kfk__Media__PublicBaseUrl: `http://127.0.0.1:${port}`,
    // An unused port: the app only calls the service when it sends, never at start or for these two routes.
    Kfk__WebPubSub__ConnectionString: `Endpoint=http://127.0.0.1:${unusedPort};AccessKey=${gatewayKey};Version=1.0;`,
    Kfk__Diagnostics__Enabled: "false", // as deployed (infra/bicep)
  });
}

/** The caller's environment without settings that would change how either app starts. */
function baseEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(ASPNETCORE_|DOTNET_|Kfk__|FUNCTIONS_)/i.test(key)));
}

async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  })));
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitForPort(port, timeoutMs, name) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(true); });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await pause(50);
  }
  throw new Error(`${name} did not open port ${port} within ${timeoutMs / 1000} s; its output:\n${tail(path.join(work, "azurite.log"))}`);
}

function machine(loadBefore) {
  const cpus = os.cpus();
  const version = (command, args) => spawnSync(command, args, { encoding: "utf8" }).stdout?.trim() || "unknown";
  const runtime = version("dotnet", ["--list-runtimes"]).match(/Microsoft\.NETCore\.App (\S+)/)?.[1] ?? "unknown";
  return `machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${os.type()} ${os.release()}, node ${process.version}, ` +
    `dotnet SDK ${version("dotnet", ["--version"])} (runtime ${runtime}), load average ${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}`;
}

function run(command, args, spawnOptions) {
  try {
    execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"], ...spawnOptions });
  } catch (error) {
    throw new Error(`${command} ${args.join(" ")} failed (${error.status ?? error.signal ?? error.message})`);
  }
}

function count(text, name, min, max) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

function median(sorted) {
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest rank. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function fmt(ms) {
  return ms.toFixed(1).padStart(8);
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(file) {
  return fs.readFileSync(file, "utf8").slice(-3000);
}
