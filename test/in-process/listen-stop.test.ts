import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { tempHome } from '../helpers/cli.js';
import { MemoryStream } from '../helpers/in-process.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('listen stopped while a forward is in flight', () => {
  it('stops at once, reports that delivery, and prints the stopped line last', async () => {
    let forwarded = 0;
    const target = http.createServer((req) => {
      forwarded += 1;
      req.resume(); // and never answer
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      target.closeAllConnections();
      target.close(() => resolve());
    }));
    const stdout = new MemoryStream();
    const stderr = new MemoryStream();
    const stdin = new PassThrough();
    stdin.end();
    const controller = new AbortController();
    const forwardTo = `http://127.0.0.1:${(target.address() as AddressInfo).port}/fw`;
    const running = run(['listen', '--port', '0', '--json', '--forward-to', forwardTo], {
      streams: { stdout, stderr, stdin },
      env: { TAGMANGO_HOOKS_HOME: tempHome() },
      cwd: process.cwd(),
      now: () => new Date(),
      sleep: async () => undefined,
      random: () => 0.5,
      signal: controller.signal,
    });
    await until(() => stdout.text.includes('"listening"'));
    const url = (JSON.parse(stdout.text.split('\n')[0]!) as { url: string }).url;
    const sent = request(url, { method: 'POST', body: '{"email":"a@example.com"}', headers: { 'content-type': 'application/json' } }).then(
      (response) => response.body.text().then(() => response.statusCode),
      () => null,
    );
    await until(() => forwarded === 1);
    const stopped = performance.now();
    controller.abort();
    const code = await running;
    expect(performance.now() - stopped).toBeLessThan(5_000);
    expect(code).toBe(0);
    await sent;
    const lines = stdout.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.type)).toEqual(['listening', 'delivery', 'stopped']);
    expect(lines.at(-1)).toMatchObject({ ok: true, deliveries: 1 });
  }, 20_000);
});
