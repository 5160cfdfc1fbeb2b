#!/usr/bin/env node
// A webhook receiver for the local demo: verifies each event's Standard Webhooks signature and prints it.
//   node tools/demo/webhook-receiver.mjs [port] [secret...]      (or WEBHOOK_SECRET=whsec_… node …)
// Subscribe it with the platform key (./run.sh prints it), e.g.
//   curl -s -X POST http://127.0.0.1:7071/api/v1/webhooks -H 'content-type: application/json' \
//     -H 'X-Kfk-Api-Key: kfk-local-platform-key-change-me' -d '{"url":"http://127.0.0.1:9099/hooks","events":["*"]}'
// then restart it with the secret the answer shows once. Unsigned or badly signed requests are answered 401.
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

const port = Number(process.argv[2] ?? process.env.WEBHOOK_PORT ?? 9099);
const secrets = [...process.argv.slice(3), ...(process.env.WEBHOOK_SECRET ? [process.env.WEBHOOK_SECRET] : [])];
const toleranceSeconds = 5 * 60;

export function verify(secret, id, timestamp, body, header) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from('v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return header.split(' ').some((entry) => {
    const given = Buffer.from(entry);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > 1_000_000) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const id = req.headers['webhook-id'] ?? '';
    const timestamp = req.headers['webhook-timestamp'] ?? '';
    const signature = req.headers['webhook-signature'] ?? '';
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= toleranceSeconds;
    const signed = secrets.length === 0 ? null : secrets.some((s) => verify(s, id, timestamp, body, signature));
    const verdict = signed === null ? 'UNVERIFIED (no secret given)' : signed && fresh ? 'verified' : 'REJECTED';
    console.log(`\n${new Date().toISOString()} ${verdict} webhook-id=${id}`);
    try {
      console.log(JSON.stringify(JSON.parse(body), null, 2));
    } catch {
      console.log(body);
    }
    res.writeHead(signed === false || (signed && !fresh) ? 401 : 200, { 'content-type': 'text/plain' });
    res.end(signed === false ? 'bad signature' : 'ok');
  });
}).listen(port, '127.0.0.1', () => {
  console.log(`webhook receiver on http://127.0.0.1:${port}/ (${secrets.length} secret(s))`);
});
