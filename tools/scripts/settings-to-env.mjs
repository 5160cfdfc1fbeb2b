// Prints `export KEY='value'` lines for the "Values" of a local.settings(.sample).json, for `eval` in run.sh.
// Values are single-quoted for the shell, so nothing in a setting is expanded or executed.
import { readFileSync } from "node:fs";

const values = JSON.parse(readFileSync(process.argv[2], "utf8")).Values ?? {};
const quote = (text) => `'${text.replaceAll("'", `'\\''`)}'`;
for (const [key, value] of Object.entries(values)) {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) console.log(`export ${key}=${quote(String(value))}`);
}
