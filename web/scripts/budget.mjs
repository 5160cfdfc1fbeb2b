// Prints the gzipped sizes of what the browser loads first and fails the build over budget:
// widget.js ≤ 60 KB, the workbench's initial JS (the entry and what its HTML preloads) ≤ 250 KB.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist");
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

function initialScripts(page) {
  const html = readFileSync(join(dist, page), "utf8");
  const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/app\/([^"]+\.js)"/g)].map((m) => m[1]);
  return [...new Set(scripts)];
}

const budgets = [
  { name: "widget.js", files: ["widget.js"], limit: 60 * 1024 },
  { name: "workbench initial JS", files: initialScripts("workbench/index.html"), limit: 250 * 1024 },
  { name: "demo page JS", files: initialScripts("demo/index.html"), limit: 60 * 1024 },
];
let over = false;
for (const { name, files, limit } of budgets) {
  const size = files.reduce((sum, file) => sum + gz(file), 0);
  const ok = size <= limit;
  over ||= !ok;
  console.log(`${ok ? "ok  " : "OVER"} ${name}: ${kb(size)} gzipped (budget ${kb(limit)}) ${files.join(", ")}`);
}
if (over) {
  console.error("bundle budget exceeded");
  process.exit(1);
}
