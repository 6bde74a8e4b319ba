import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango, type ScriptedReply } from '../helpers/fake-tagmango.js';
import { runInProcess } from '../helpers/in-process.js';

const KEY = 'tm_answers_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tm';
const COURSE = '634fc35ddaf58580e2418c40';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeWith(...replies: ScriptedReply[]): Promise<FakeTagMango> {
  const fake = await startFakeTagMango({ apiKey: KEY });
  fake.reply(...replies);
  cleanups.push(() => fake.close());
  return fake;
}

function home(): string {
  const dir = tempHome();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function subscribe(apiUrl: string, extra: string[] = [], dir = home()) {
  const result = await runInProcess(['subscribe', HOOK, '--course', COURSE, ...extra], {
    env: { TAGMANGO_HOOKS_HOME: dir, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: apiUrl },
  });
  const file = path.join(dir, 'subscriptions.json');
  const records = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).subscriptions as Array<Record<string, unknown>>) : [];
  return { ...result, records };
}

/** A raw server whose handler the test writes; closed after the test. */
async function rawServer(handler: http.RequestListener): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

describe('a 2xx is success whatever its body', () => {
  it.each<[string, ScriptedReply]>([
    ['204 No Content', { status: 204, body: '' }],
    ['201 with an empty body', { status: 201, body: '' }],
    ['201 with a non-JSON body', { status: 201, body: 'Created', headers: { 'content-type': 'text/plain' } }],
    ['200 with JSON but no envelope', { status: 200, body: { id: 'x1' } }],
  ])('%s is created (exit 0, record active)', async (_name, reply) => {
    const fake = await fakeWith(reply);
    const result = await subscribe(fake.url, ['--json']);
    expect(result.code).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(JSON.parse(result.stdout).results[0].status).toBe('created');
    expect(result.records.map((r) => r.status)).toEqual(['active']);
  });

  it('an HTML page on a 2xx stays unknown: it is a gateway or portal, not TagMango', async () => {
    const fake = await fakeWith({ status: 200, body: '<!DOCTYPE html><html><body>Portal</body></html>', headers: { 'content-type': 'text/html' } });
    const result = await subscribe(fake.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TagMango answered 200 with an HTML page');
    expect(result.records.map((r) => r.status)).toEqual(['unknown']);
  });

  it.each([
    ['a code of 400 or more', { code: 404, message: 'Not found' }],
    ['a type ending in Error', { type: 'ValidationError', message: 'bad hook' }],
  ])('a 2xx failure envelope with %s is unknown, never created', async (_what, body) => {
    const fake = await fakeWith({ status: 201, body });
    const result = await subscribe(fake.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TagMango answered 201 with its failure envelope \(.+\): "(Not found|bad hook)"\. That is no proof the webhook exists/);
    expect(result.stderr).toContain('tagmango-hooks resolve');
    expect(result.records.map((r) => r.status)).toEqual(['unknown']);
  });

  it.each([
    ['the general success envelope', { message: 'ok', success: true, code: 200, statusMessage: 'OK', result: {} }],
    ['the integration OK envelope', { code: 0, type: 'OK', message: 'done', result: null }],
  ])('%s on a 2xx is created', async (_what, body) => {
    const fake = await fakeWith({ status: 200, body });
    const result = await subscribe(fake.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.records.map((r) => r.status)).toEqual(['active']);
  });

  it('success: false on a 2xx stays failed', async () => {
    const fake = await fakeWith({ status: 200, body: { success: false, message: 'Invalid hook' } });
    const result = await subscribe(fake.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TagMango answered 200 but success: false: "Invalid hook".');
    expect(result.records).toEqual([]);
  });
});

describe('gateway failures are not retried', () => {
  it.each([502, 504])('%i is sent once and recorded unknown', async (status) => {
    // One reply: a retry would be a request the fake was not told to expect.
    const fake = await fakeWith({ status, body: {} });
    const result = await subscribe(fake.url, ['--json']);
    expect(fake.requests).toHaveLength(1);
    expect(result.sleeps).toEqual([]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout);
    expect(document.results[0].status).toBe('unknown');
    expect(document.results[0].error.message).toMatch(new RegExp(`failed with ${status}\\. It may already have passed the request on: the webhook may or may not have been registered\\.`));
    expect(result.records.map((r) => r.status)).toEqual(['unknown']);
  });

  it.each([408, 429, 503])('%i is still retried', async (status) => {
    const fake = await fakeWith({ status, body: {} }, { status: 201, body: { success: true } });
    const result = await subscribe(fake.url);
    expect(fake.requests).toHaveLength(2);
    expect(result.code).toBe(0);
  });
});

describe('messages', () => {
  it('quote TagMango\'s message once, without double parentheses', async () => {
    const fake = await fakeWith({ status: 401, body: { message: 'fail 401' } });
    const result = await subscribe(fake.url);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: TagMango rejected the API key (401): "fail 401".');
    expect(result.stderr).not.toContain(') (');
  });

  it.each([301, 302, 307, 308])('a %i names its target, says nothing was registered and the key was not sent there', async (status) => {
    const fake = await fakeWith({ status, body: '', headers: { location: 'https://api.example.com/api/v1/integration/webhook/webhook' } });
    const result = await subscribe(fake.url);
    expect(fake.requests).toHaveLength(1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The API URL redirected (${status}) to "https://api.example.com/api/v1/integration/webhook/webhook": nothing was registered, and the key was not sent there.`);
    expect(result.stderr).toContain('Check --api-url');
    expect(result.stderr).toContain('http:// redirected to https://');
    expect(result.stderr).not.toContain('Run again later');
    expect(result.records).toEqual([]);
  });
});

describe('bounded answers', () => {
  it('a body trickling a byte every 500 ms cannot outrun --timeout 2000: unknown within about 3 s', async () => {
    const timers = new Set<NodeJS.Timeout>();
    const server = await rawServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 500);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    cleanups.push(() => timers.forEach((t) => clearInterval(t)));
    const started = performance.now();
    const result = await subscribe(server.url, ['--timeout', '2000', '--json']);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3_500);
    expect(server.requests()).toBe(1);
    expect(result.code).toBe(1);
    const row = JSON.parse(result.stdout).results[0];
    expect(row.status).toBe('unknown');
    expect(row.error.message).toContain('did not finish within 2000 ms');
    expect(result.records.map((r) => r.status)).toEqual(['unknown']);
  });

  it('a 500 longer than the cap is failed (the status decides), not unknown', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(`{"message":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    });
    const result = await subscribe(server.url, ['--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).results[0].status).toBe('failed');
    expect(result.records).toEqual([]);
  });
});
