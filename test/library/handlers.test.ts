import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { examplePayloadOf } from '../../src/catalogue/receive.js';
import { createHandler, memorySeenStore, nodeHandler, type Delivery, type HandlerOptions } from '../../src/events.js';

// Both handlers behind real servers on 127.0.0.1: node:http and Express (nodeHandler), Hono (createHandler).
const SECRET = 'k3y-0f-the-h00k-url-abcdef';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Seen {
  event: string;
  payload: unknown;
  delivery: Delivery;
}

type Serve = (options: HandlerOptions) => Promise<string>;

async function listening(server: http.Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const SERVERS: Record<string, Serve> = {
  'node:http': (options) => listening(http.createServer(nodeHandler(options))).then((base) => `${base}/tagmango`),
  Express: async (options) => {
    const app = express();
    app.post('/tagmango', nodeHandler(options));
    return `${await listening(http.createServer(app))}/tagmango`;
  },
  Hono: async (options) => {
    const app = new Hono();
    const handler = createHandler(options);
    app.post('/tagmango', (c) => handler(c.req.raw));
    const server = await new Promise<http.Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as http.Server));
    });
    return `${await listening(server)}/tagmango`;
  },
};

const course = examplePayloadOf('course.completed.100');

function post(url: string, event: string, body: string, token: string | null = SECRET): Promise<Response> {
  const query = new URLSearchParams({ event, ...(token === null ? {} : { token }) });
  return fetch(`${url}?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
}

describe.each(Object.keys(SERVERS))('the handler behind %s', (name) => {
  async function start(overrides: Partial<HandlerOptions> = {}): Promise<{ url: string; calls: Seen[] }> {
    const calls: Seen[] = [];
    const url = await (SERVERS[name] as Serve)({
      secret: SECRET,
      onEvent: (event, payload, delivery) => void calls.push({ event, payload, delivery }),
      onError: () => undefined,
      ...overrides,
    });
    return { url, calls };
  }

  it('answers 200 and calls onEvent once with the typed payload; a duplicate is 200 without a second call', async () => {
    const { url, calls } = await start();
    const first = await post(url, 'course.completed.100', JSON.stringify(course));
    expect([first.status, await first.json()]).toEqual([200, { received: true }]);
    const again = await post(url, 'course.completed.100', JSON.stringify(course));
    expect([again.status, await again.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.event).toBe('course.completed.100');
    expect(calls[0]?.payload).toEqual(course);
    expect(calls[0]?.delivery).toMatchObject({ valid: true, issues: [], body: JSON.stringify(course) });
    expect(calls[0]?.delivery.url.searchParams.get('token')).toBeNull();
  });

  it('answers 401 to a wrong or missing token, without calling onEvent', async () => {
    const { url, calls } = await start();
    expect((await post(url, 'course.completed.100', JSON.stringify(course), `${SECRET}x`)).status).toBe(401);
    expect((await post(url, 'course.completed.100', JSON.stringify(course), null)).status).toBe(401);
    expect((await post(url, 'course.completed.100', JSON.stringify(course), SECRET.slice(0, -1))).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('answers 400 to broken JSON and 413 to a body over the limit', async () => {
    const { url, calls } = await start({ maxBodyBytes: 2_000 });
    const broken = await post(url, 'course.completed.100', '{"name": ');
    expect([broken.status, await broken.json()]).toEqual([400, { error: 'The body is not JSON.' }]);
    const big = await post(url, 'course.completed.100', JSON.stringify({ ...course, padding: 'x'.repeat(5_000) }));
    expect(big.status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('answers 500 when onEvent throws, leaves the delivery unseen, and processes the redelivery', async () => {
    let failures = 1;
    const done: string[] = [];
    const { url } = await start({
      onEvent: (event, _payload, _delivery) => {
        if (failures-- > 0) throw new Error('database down');
        done.push(event);
      },
    });
    const first = await post(url, 'course.completed.100', JSON.stringify(course));
    expect([first.status, await first.json()]).toEqual([500, { error: 'Processing failed; a redelivery will try again.' }]);
    expect((await post(url, 'course.completed.100', JSON.stringify(course))).status).toBe(200);
    expect((await post(url, 'course.completed.100', JSON.stringify(course))).status).toBe(200);
    expect(done).toEqual(['course.completed.100']);
  });

  it('delivers a payload that does not fit the schema, with its issues', async () => {
    const { url, calls } = await start();
    const answer = await post(url, 'course.completed.100', JSON.stringify({ ...course, phone: 'not a number' }));
    expect(answer.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.delivery.valid).toBe(false);
    expect(calls[0]?.delivery.issues.map((i) => i.path.join('.'))).toEqual(['phone']);
  });

  it('processes the migration overlap once: course.completed and course.completed.100 with the same body', async () => {
    const { url, calls } = await start();
    expect((await post(url, 'course.completed', JSON.stringify(course))).status).toBe(200);
    const second = await post(url, 'course.completed.100', JSON.stringify(course));
    expect([second.status, await second.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect((await post(url, 'course.completed.50', JSON.stringify(course))).status).toBe(200);
    expect(calls.map((c) => c.event)).toEqual(['course.completed', 'course.completed.50']);
  });
});

describe('the handler', () => {
  const request = (event: string, body: string, token = SECRET): Request =>
    new Request(`http://receiver.test/tagmango?event=${event}&token=${token}`, { method: 'POST', body });

  it('refuses a missing or short secret when it is made, and false turns the check off', async () => {
    const onEvent = (): void => undefined;
    expect(() => createHandler({ secret: 'short', onEvent })).toThrow(/at least 16 characters/);
    expect(() => nodeHandler({ secret: undefined as unknown as string, onEvent })).toThrow(/at least 16 characters/);
    const open = createHandler({ secret: false, onEvent });
    expect((await open(new Request('http://r.test/?event=course.completed.100', { method: 'POST', body: JSON.stringify(course) }))).status).toBe(200);
  });

  it('runs one onEvent for copies that arrive while the first is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const handler = createHandler({ secret: SECRET, onEvent: async (event, _payload, _delivery) => {
      calls.push(event);
      await gate;
    } });
    const answers = [handler(request('course.completed', JSON.stringify(course))), handler(request('course.completed.100', JSON.stringify(course)))];
    release();
    const bodies = await Promise.all(answers.map(async (a) => (await a).json()));
    expect(bodies).toEqual([{ received: true }, { received: true, duplicate: true }]);
    expect(calls).toEqual(['course.completed']);
  });

  it('answers 503 when onEvent outlasts the time limit, and counts a redelivery after it finished as a duplicate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const handler = createHandler({ secret: SECRET, timeoutMs: 20, onEvent: async () => {
      calls += 1;
      await gate;
    } });
    expect((await handler(request('course.completed.100', JSON.stringify(course)))).status).toBe(503);
    release();
    expect(await (await handler(request('course.completed.100', JSON.stringify(course)))).json()).toEqual({ received: true, duplicate: true });
    expect(calls).toBe(1);
  });

  it('uses the store it is given (async, as Redis would be) and the bounded memory store forgets the oldest', async () => {
    const keys = new Set<string>();
    const store = { has: async (k: string) => keys.has(k), add: async (k: string) => void keys.add(k) };
    const handler = createHandler({ secret: SECRET, seen: store, onEvent: () => undefined });
    await handler(request('course.completed.100', JSON.stringify(course)));
    expect([...keys]).toEqual([expect.stringMatching(/^course\.completed\.100:[0-9a-f]{32}$/)]);
    const memory = memorySeenStore({ max: 2 });
    for (const k of ['a', 'b', 'c']) memory.add(k);
    expect(['a', 'b', 'c'].map((k) => memory.has(k))).toEqual([false, true, true]);
    let now = 0;
    const ageing = memorySeenStore({ ttlMs: 10, now: () => now });
    ageing.add('a');
    now = 11;
    expect(ageing.has('a')).toBe(false);
  });

  it('answers 400 to a URL without ?event= and to an event the catalogue lacks, unless onUnknownEvent takes it', async () => {
    const unknown: string[] = [];
    const strict = createHandler({ secret: SECRET, onEvent: () => undefined });
    expect((await strict(new Request(`http://r.test/?token=${SECRET}`, { method: 'POST', body: '{}' }))).status).toBe(400);
    expect((await strict(request('course.completed.10', '{}'))).status).toBe(400);
    const open = createHandler({ secret: SECRET, onEvent: () => undefined, onUnknownEvent: (event) => void unknown.push(event) });
    expect((await open(request('course.completed.10', '{"a":1}'))).status).toBe(200);
    expect(unknown).toEqual(['course.completed.10']);
    expect((await strict(new Request(`http://r.test/?event=user.deleted&token=${SECRET}`))).status).toBe(405);
  });
});

describe('the handler, when reporting an error fails too', () => {
  it('still answers 500 and lets the redelivery run', async () => {
    let calls = 0;
    const handler = createHandler({
      secret: SECRET,
      onEvent: () => {
        calls += 1;
        if (calls === 1) throw new Error('first try fails');
      },
      onError: () => {
        throw new Error('the logger is down');
      },
    });
    const request = (): Request => new Request(`http://r.test/?event=course.completed.100&token=${SECRET}`, { method: 'POST', body: JSON.stringify(course) });
    expect((await handler(request())).status).toBe(500);
    expect((await handler(request())).status).toBe(200);
    expect(calls).toBe(2);
  });
});
