import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { jsonLines, runCliInProcess, startInProcess, type RunningInProcess } from '../helpers/in-process.js';
import { examplePayloadOf } from '../../src/catalogue/receive.js';

const SECRET = 'replay-secret-0f3a9b2c7d';
const running: RunningInProcess[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Got {
  url: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

/** A receiver that keeps what it got, answering 200 (or 500 for a body holding "fail"). */
async function receiver(): Promise<{ url: string; got: Got[] }> {
  const got: Got[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      got.push({ url: req.url ?? '', body, headers: req.headers });
      res.writeHead(body.includes('fail') ? 500 : 200, { 'content-type': 'application/json' }).end('{"ok":1}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

const course = JSON.stringify(examplePayloadOf('course.completed.100'));
const SENT: { query: string; body: Buffer }[] = [
  { query: 'event=course.completed', body: Buffer.from(course) },
  { query: 'event=course.completed.100&course=634fc35ddaf58580e2418c40', body: Buffer.from(`{ "spaced" : true,\n "name": "Zoë" }`) },
  { query: 'event=user.deleted', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
];

/** listen --record, with the three deliveries above posted to it (each with the hook's token). */
async function recordSome(dir: string): Promise<string> {
  const env = baseEnv(tempHome());
  const listener = await startInProcess(['listen', '--port', '0', '--json', '--record', 'deliveries.jsonl'], { env, cwd: dir });
  running.push(listener);
  for (const { query, body } of SENT) {
    const answer = await fetch(`${listener.ready.url}?${query}&token=${SECRET}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': 'TagMango-Webhooks/1.0' } });
    expect(answer.status).toBe(200);
  }
  await listener.waitForOutput(() => jsonLines(listener.lines, 'delivery').length === SENT.length);
  const stopped = await listener.stop();
  expect(stopped.code, stopped.stderr).toBe(0);
  expect(stopped.stdout + stopped.stderr).not.toContain(SECRET);
  return path.join(dir, 'deliveries.jsonl');
}

describe('listen --record and replay', () => {
  it('round trip: the second receiver gets the same bodies byte for byte, the same events and query strings, the token filled again', async () => {
    const dir = tempHome();
    const file = await recordSome(dir);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(text).not.toContain(SECRET);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    const target = await receiver();
    const run = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', `${target.url}/dev/hook`], { env: baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: SECRET }), cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(target.got.map((g) => g.body)).toEqual(SENT.map((s) => s.body));
    expect(target.got.map((g) => g.url)).toEqual(SENT.map((s) => `/dev/hook?${s.query}&token=${SECRET}`));
    expect(target.got.map((g) => [g.headers['content-type'], g.headers['user-agent']])).toEqual(SENT.map(() => ['application/json', 'TagMango-Webhooks/1.0']));
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^✓ course\.completed -> http:\/\/127\.0\.0\.1:\d+\/dev\/hook\?event=course\.completed&token=%7Bsecret%7D: 200 in \d+ ms/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('--event sends only the deliveries whose URL named it; a failing answer is exit 1; --json reports each', async () => {
    const dir = tempHome();
    const file = await recordSome(dir);
    const target = await receiver();
    const env = baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: SECRET });
    const only = await runCliInProcess(['replay', file, '--to', `${target.url}/h?token=own-token-value`, '--event', 'course.completed.100', '--json'], { env });
    expect(only.code, only.stderr).toBe(0);
    expect(target.got.map((g) => g.url)).toEqual(['/h?token=own-token-value&event=course.completed.100&course=634fc35ddaf58580e2418c40']);
    expect(JSON.parse(only.stdout)).toMatchObject({ ok: true, deliveries: [{ event: 'course.completed.100', status: 200, ok: true }] });

    fs.appendFileSync(file, JSON.stringify({ time: new Date(0).toISOString(), method: 'POST', path: '/hook', query: 'event=order.created.failed', headers: {}, body: '{"fail":1}' }) + '\n');
    const failing = await runCliInProcess(['replay', file, '--to', `${target.url}/h`, '--event', 'order.created.failed'], { env });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^✗ order\.created\.failed -> .*: 500 in \d+ ms/);
  });

  it.each([
    ['a line that is not JSON', 'not json\n', /Line 2 of deliveries\.jsonl is not JSON/],
    ['a line that is not a delivery', '{"time":"yesterday"}\n', /Line 2 of deliveries\.jsonl is not a recorded delivery/],
  ])('refuses %s: exit 2, nothing sent', async (_what, extra, message) => {
    const dir = tempHome();
    fs.writeFileSync(path.join(dir, 'deliveries.jsonl'), JSON.stringify({ time: new Date(0).toISOString(), method: 'POST', path: '/hook', query: 'event=user.deleted', headers: {}, body: '{}' }) + '\n' + extra);
    const target = await receiver();
    const run = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', target.url], { env: baseEnv(tempHome()), cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(target.got).toEqual([]);
  });

  it('refuses a recording with a token when TAGMANGO_HOOK_SECRET is missing, and an --event none has: exit 2, nothing sent', async () => {
    const dir = tempHome();
    await recordSome(dir);
    const target = await receiver();
    const noSecret = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', target.url], { env: baseEnv(tempHome()), cwd: dir });
    expect([noSecret.code, noSecret.stderr]).toEqual([2, expect.stringContaining('TAGMANGO_HOOK_SECRET is not set')]);
    const none = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', target.url, '--event', 'order.created.completed'], { env: baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: SECRET }), cwd: dir });
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('No delivery in deliveries.jsonl was sent to a URL naming "order.created.completed"')]);
    expect(target.got).toEqual([]);
  });

  it.each([['?e={event}'], ['/{course}'], ['?x={nope}']])('refuses a --to holding a placeholder it does not fill (%s): exit 2, nothing sent', async (tail) => {
    const dir = tempHome();
    fs.writeFileSync(path.join(dir, 'deliveries.jsonl'), JSON.stringify({ time: new Date(0).toISOString(), method: 'POST', path: '/hook', query: 'event=user.deleted', headers: {}, body: '{}' }) + '\n');
    const target = await receiver();
    const run = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', `${target.url}/hook${tail}`], { env: baseEnv(tempHome()), cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --to holds "\{\w+\}", which replay does not fill/);
    expect(target.got).toEqual([]);
  });

  it('honours --timeout as trigger does: a receiver that trickles its answer is cut off at the limit', async () => {
    const dir = tempHome();
    fs.writeFileSync(path.join(dir, 'deliveries.jsonl'), JSON.stringify({ time: new Date(0).toISOString(), method: 'POST', path: '/hook', query: 'event=user.deleted', headers: {}, body: '{}' }) + '\n');
    const timers = new Set<NodeJS.Timeout>();
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const to = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const started = performance.now();
      const run = await runCliInProcess(['replay', 'deliveries.jsonl', '--to', to, '--timeout', '400'], { env: baseEnv(tempHome()), cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/No complete answer within 0\.4 s \(the time limit\)/);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      timers.forEach(clearInterval);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('listen refuses a --record path it cannot write: exit 2', async () => {
    const run = await runCliInProcess(['listen', '--port', '0', '--record', 'no/such/folder/d.jsonl'], { env: baseEnv(tempHome()), cwd: tempHome() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--record no/such/folder/d.jsonl cannot be opened for writing (ENOENT)');
  });
});
