// The baseline for a bulk run: the same POSTs from a JSON-lines file with undici, `concurrency`
// at a time over one pool of as many connections, and nothing else (no registry, no report).
import fs from 'node:fs';
import { Agent, request } from 'undici';

const [url, key, file, concurrency] = process.argv.slice(2);
const bodies = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const agent = new Agent({ connections: Number(concurrency), pipelining: 1 });
let next = 0;
let failed = 0;
const worker = async () => {
  while (next < bodies.length) {
    const body = bodies[next++];
    const response = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'bench' },
      body,
    });
    await response.body.text();
    if (response.statusCode !== 201) failed += 1;
  }
};
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
await agent.close();
if (failed > 0) process.exitCode = 1;
