import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { jsonLines, runCliInProcess, startInProcess, type RunningInProcess } from '../helpers/in-process.js';

const COURSE_A = '634fc35ddaf58580e2418c40';
const COURSE_B = '634fc35ddaf58580e2418c41';
const REGISTER = '/api/v1/integration/webhook/webhook';

const running: RunningInProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function start(args: string[], home = tempHome()): Promise<RunningInProcess> {
  const r = await startInProcess([...args, '--port', '0', '--json'], { env: baseEnv(home) });
  running.push(r);
  return r;
}

async function register(url: string, body: unknown, key: string | null = 'k-1234'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${REGISTER}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key !== null ? { 'x-api-key': key } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('sandbox', () => {
  it('delivers a fired event only to the listener registered for that course', async () => {
    const sandbox = await start(['sandbox']);
    const listener = await start(['listen']);
    const home = tempHome();
    const env = baseEnv(home, { TAGMANGO_API_KEY: 'sandbox-key-0001', TAGMANGO_API_URL: sandbox.ready.url });
    const sub = await runCliInProcess(['subscribe', listener.ready.url, '--course', COURSE_A, '--json'], { env });
    expect(sub.code, sub.stderr).toBe(0);
    expect(JSON.parse(sub.stdout).results[0]).toMatchObject({ status: 'created', event: 'course.completed.100' });
    await sandbox.waitForLine((l) => l.includes('"type":"registered"'));

    const port = String(sandbox.ready.port);
    const hit = await runCliInProcess(['sandbox', 'fire', 'course.completed.100', '--course', COURSE_A, '--port', port, '--json'], { env });
    expect(hit.code, hit.stderr).toBe(0);
    const hitDoc = JSON.parse(hit.stdout);
    expect(hitDoc.deliveries).toHaveLength(1);
    expect(hitDoc.deliveries[0]).toMatchObject({ hookUrl: listener.ready.url, status: 200, ok: true });
    const received = JSON.parse(await listener.waitForLine((l) => l.includes('"type":"delivery"')));
    expect(received.body).toMatchObject({ courseId: COURSE_A, phone: expect.any(Number) });
    expect(received.valid).toBe(true);

    const miss = await runCliInProcess(['sandbox', 'fire', 'course.completed.100', '--course', COURSE_B, '--port', port], { env });
    expect(miss.code, miss.stderr).toBe(0);
    expect(miss.stdout).toContain('No registration matches (1 for course.completed.100 are scoped to other objects)');
    // The sandbox answers a fire only after every delivery finished, so the listener's count is final here.
    const other = await runCliInProcess(['sandbox', 'fire', 'course.completed.50', '--course', COURSE_A, '--port', port], { env });
    expect(other.code).toBe(0);
    await listener.stop();
    expect(jsonLines(listener.lines, 'delivery')).toHaveLength(1);
    expect(jsonLines(sandbox.lines, 'fired')).toHaveLength(3);
  });

  it('fire --webinar puts the webinar id in the payload, flat or in callList, and only that webinar\'s listener gets it', async () => {
    const WEBINAR = '65a1b2c3d4e5f60718293aaa';
    const sandbox = await start(['sandbox']);
    const listener = await start(['listen']);
    const env = baseEnv(tempHome(), { TAGMANGO_API_KEY: 'sandbox-key-0001', TAGMANGO_API_URL: sandbox.ready.url });
    for (const event of ['webinar.reminder.15min', 'webinar.created.single']) {
      const sub = await runCliInProcess(['subscribe', listener.ready.url, '--event', event, '--webinar', WEBINAR, '--json'], { env });
      expect(sub.code, sub.stderr).toBe(0);
    }
    const port = String(sandbox.ready.port);
    for (const event of ['webinar.reminder.15min', 'webinar.created.single']) {
      const fired = await runCliInProcess(['sandbox', 'fire', event, '--webinar', WEBINAR, '--port', port, '--json'], { env });
      expect(fired.code, fired.stderr).toBe(0);
      expect(JSON.parse(fired.stdout).deliveries).toHaveLength(1);
    }
    await listener.stop();
    const [reminder, created] = jsonLines(listener.lines, 'delivery') as Array<{ body: Record<string, unknown> & { callList: Array<Record<string, unknown>> }; valid: boolean }>;
    expect(reminder?.body).toMatchObject({ webinarId: WEBINAR, phone: expect.any(String) });
    expect(created?.body.callList[0]).toMatchObject({ webinarId: WEBINAR });
    expect([reminder?.valid, created?.valid]).toEqual([true, true]);
  });

  it('validates registrations like TagMango and answers in its envelope', async () => {
    const sandbox = await start(['sandbox']);
    const url = sandbox.ready.url;
    const ok = await register(url, { hookUrl: 'http://127.0.0.1:9/x', event: 'order.created.completed', mango: '65a1b2c3d4e5f60718293a4f' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ success: true, code: 200, statusMessage: 'OK', message: expect.any(String) });
    expect((ok.json.result as { _id: string })._id).toMatch(/^[0-9a-f]{24}$/);
    expect(ok.json.result).toMatchObject({ hookUrl: 'http://127.0.0.1:9/x', event: 'order.created.completed', mango: '65a1b2c3d4e5f60718293a4f' });

    const cases: [unknown, string | null, number, RegExp][] = [
      [{ hookUrl: 'http://x.example/h', event: 'user.deleted' }, null, 401, /x-api-key/],
      [{ hookUrl: 'http://x.example/h', event: 'user.deleted' }, '', 401, /x-api-key/],
      [{ event: 'user.deleted' }, 'k', 400, /hookUrl is required/],
      [{ hookUrl: 'http://x.example/h' }, 'k', 400, /event is required/],
      [{ hookUrl: 'not a url', event: 'user.deleted' }, 'k', 400, /hookUrl/],
      [{ hookUrl: 'http://x.example/h', event: 'course.completed.100', course: COURSE_A, mango: COURSE_B }, 'k', 400, /Only one of/],
      [{ hookUrl: 'http://x.example/h', event: 'user.deleted', course: COURSE_A }, 'k', 400, /does not apply/],
      [{ hookUrl: 'http://x.example/h', event: 'course.completed.100', course: 'abc' }, 'k', 400, /24-hex/],
      [{ hookUrl: 'http://x.example/h', event: 'course.finished' }, 'k', 400, /Invalid event/],
      [{ hookUrl: 'http://x.example/h', event: 'user.deleted', secret: 1 }, 'k', 400, /Unexpected field/],
      ['{not json', 'k', 400, /JSON/],
    ];
    for (const [body, key, status, message] of cases) {
      const r = await register(url, body, key);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json).toMatchObject({ success: false, code: status, result: null });
      expect(r.json.message).toMatch(message);
    }
    const listing = (await (await fetch(`${url}/__sandbox/registrations`)).json()) as { result: unknown[] };
    expect(listing.result).toHaveLength(1);
  });

  it('--key accepts only that key: subscribe with another exits 3', async () => {
    const sandbox = await start(['sandbox', '--key', 'right-key-9999']);
    const env = (key: string) => baseEnv(tempHome(), { TAGMANGO_API_KEY: key, TAGMANGO_API_URL: sandbox.ready.url });
    const wrong = await runCliInProcess(['subscribe', 'http://127.0.0.1:9/h'], { env: env('wrong-key-0000') });
    expect(wrong.code).toBe(3);
    const right = await runCliInProcess(['subscribe', 'http://127.0.0.1:9/h'], { env: env('right-key-9999') });
    expect(right.code, right.stderr).toBe(0);
    const lines = await sandbox.waitForLine((l) => l.includes('"type":"registered"'));
    expect(lines).not.toContain('right-key-9999');
  });

  it('--state keeps registrations across restarts; an invalid state file is refused (exit 2)', async () => {
    const home = tempHome();
    const state = path.join(home, 'sandbox.json');
    const first = await start(['sandbox', '--state', state], home);
    expect((await register(first.ready.url, { hookUrl: 'http://127.0.0.1:9/h', event: 'user.deleted' })).status).toBe(200);
    expect((await first.stop()).code).toBe(0);
    const saved = JSON.parse(fs.readFileSync(state, 'utf8'));
    expect(saved.registrations).toHaveLength(1);
    const second = await start(['sandbox', '--state', state], home);
    expect(second.ready).toMatchObject({ registrations: 1 });
    await second.stop();

    fs.writeFileSync(state, '{broken');
    const bad = await runCliInProcess(['sandbox', '--port', '0', '--state', state], { env: baseEnv(home) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`The sandbox state ${state} is not valid JSON`);
    expect(fs.readFileSync(state, 'utf8')).toBe('{broken');
  });

  it('fire reports a failed delivery (exit 1), and a missing sandbox clearly (exit 1)', async () => {
    const sandbox = await start(['sandbox']);
    await register(sandbox.ready.url, { hookUrl: 'http://127.0.0.1:9/nothing-here', event: 'user.deleted' });
    const r = await runCliInProcess(['sandbox', 'fire', 'user.deleted', '--port', String(sandbox.ready.port)], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ http:\/\/127\.0\.0\.1:9\/nothing-here: no answer/);
    expect(r.stderr).toContain('1 of 1 deliveries failed');
    const port = sandbox.ready.port;
    expect((await sandbox.stop()).code).toBe(0);
    running.splice(running.indexOf(sandbox), 1);
    const gone = await runCliInProcess(['sandbox', 'fire', 'user.deleted', '--port', String(port)], { env: baseEnv(tempHome()) });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`No sandbox answered on port ${port}`);
    expect(gone.stderr).not.toContain('receiver');
  });

  it('fire at a port where something other than a sandbox answers says so, with the fix', async () => {
    const listener = await start(['listen']);
    const r = await runCliInProcess(['sandbox', 'fire', 'user.deleted', '--port', String(listener.ready.port)], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(1);
    const [said, hint] = r.stderr.trimEnd().split('\n');
    expect(said).toMatch(new RegExp(`^error: What answered on port ${listener.ready.port} is not a tagmango-hooks sandbox \\(404[:)]`));
    expect(said).toMatch(/\.$/);
    expect(hint).toBe(`Start one with: tagmango-hooks sandbox --port ${listener.ready.port}, or give the port a running sandbox printed.`);
  });

  it('a port in use is a clear error (exit 2)', async () => {
    const sandbox = await start(['sandbox']);
    const r = await runCliInProcess(['sandbox', '--port', String(sandbox.ready.port)], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is already in use, so the sandbox cannot start');
  });
});
