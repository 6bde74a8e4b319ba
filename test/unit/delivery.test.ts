import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_TIMEOUT_MS, deliver } from '../../src/delivery/deliver.js';
import { excerpt } from '../../src/net/failure.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';

let server: FakeTagMango | undefined;
const dispatcher = new Agent();
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('deliver', () => {
  it('uses TagMango\'s 30 second limit by default', () => {
    expect(DELIVERY_TIMEOUT_MS).toBe(30_000);
  });

  it('reports a receiver that does not answer within the limit, with the reason', async () => {
    server = await startFakeTagMango({ route: () => ({ hang: true }) });
    const result = await deliver({ url: server.url, body: '{}', dispatcher, timeoutMs: 300 });
    expect(result).toMatchObject({ status: null, ok: false });
    // A limit other than TagMango's 30 s (trigger --timeout) is named as the run's own.
    expect(result.reason).toBe('No answer within 0.3 s (the time limit).');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a reset connection as closed without an answer', async () => {
    server = await startFakeTagMango({ route: () => ({ reset: true }) });
    const result = await deliver({ url: server.url, body: '{}', dispatcher });
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('closed the connection without answering');
  });

  it('sends the exact body as JSON and keeps the answer', async () => {
    server = await startFakeTagMango({ route: () => ({ status: 202, body: { queued: true } }) });
    const result = await deliver({ url: `${server.url}/in`, body: '{"a":1}', dispatcher });
    expect(result).toMatchObject({ status: 202, ok: true, excerpt: '{"queued":true}' });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/in', body: '{"a":1}' });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('keeps at most 1 MB of a receiver\'s answer', async () => {
    server = await startFakeTagMango({ route: () => ({ status: 200, body: 'z'.repeat(3 * 1024 * 1024) }) });
    const result = await deliver({ url: server.url, body: '{}', dispatcher });
    expect(result.ok).toBe(true);
    expect(result.responseBody).toHaveLength(1024 * 1024);
  });

  it('a receiver that trickles its answer cannot outrun the limit', async () => {
    const http = await import('node:http');
    const timers: NodeJS.Timeout[] = [];
    const trickle = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      timers.push(setInterval(() => res.write('.'), 50));
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = trickle.address() as import('node:net').AddressInfo;
      const result = await deliver({ url: `http://127.0.0.1:${port}/`, body: '{}', dispatcher, timeoutMs: 400 });
      expect(result).toMatchObject({ status: null, ok: false });
      expect(result.reason).toMatch(/within 0\.4 s/);
    } finally {
      timers.forEach((t) => clearInterval(t));
      trickle.closeAllConnections();
      await new Promise((resolve) => trickle.close(resolve));
    }
  });

  it('shortens long response excerpts to one line and escapes control characters', () => {
    expect(excerpt('a\n  b')).toBe('a b');
    expect(excerpt('x'.repeat(500))).toHaveLength(201);
    expect(excerpt('ok \u001b[2J done')).toBe('ok \\u001b[2J done');
  });
});
