import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempHome } from '../helpers/cli.js';

const KEY = 'tm_huge_answers_key_0123456789abcdef';
const HOOK_RSS = fileURLToPath(new URL('../helpers/max-rss.cjs', import.meta.url));
const MB = 1024 * 1024;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server that answers `status` with a JSON-looking body of `bytes`, generated chunk by chunk as the client reads it. */
async function streamingServer(status: number, bytes: number): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes) });
      const head = Buffer.from('{"success":true,"message":"');
      res.write(head);
      sent += head.length;
      const tail = Buffer.from('"}');
      const pump = (): void => {
        while (sent < bytes - tail.length) {
          const piece = chunk.subarray(0, Math.min(chunk.length, bytes - tail.length - sent));
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        sent += tail.length;
        res.end(tail);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

describe('huge answers are read up to a cap: peak memory stays low and the status decides', () => {
  it.each([
    { status: 201, size: 100 * MB, exit: 0, outcome: 'created' },
    { status: 500, size: 600 * MB, exit: 1, outcome: 'failed' },
  ])('a $size-byte $status answer: $outcome, peak RSS under 150 MB', async ({ status, size, exit, outcome }) => {
    const server = await streamingServer(status, size);
    const home = tempHome();
    const rssFile = path.join(home, 'max-rss');
    const result = await runCli(['subscribe', 'https://hooks.example.com/tm', '--course', '634fc35ddaf58580e2418c40', '--json', '--retries', '0'], {
      env: baseEnv(home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: server.url, NODE_OPTIONS: `--require ${HOOK_RSS}`, MAX_RSS_FILE: rssFile }),
    });
    expect(result.code).toBe(exit);
    expect(JSON.parse(result.stdout).results[0].status).toBe(outcome);
    const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    expect(peakMb).toBeGreaterThan(10); // the measurement is real
    expect(peakMb).toBeLessThan(150);
    expect(server.sent()).toBeLessThan(size); // the rest was dropped, never read
    console.log(`${status} answer of ${size / MB} MB: peak RSS ${peakMb.toFixed(1)} MB, ${(server.sent() / MB).toFixed(1)} MB sent before the client stopped reading`);
  }, 60_000);
});
