import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { jsonLines, runCliInProcess, startInProcess, type RunningInProcess } from '../helpers/in-process.js';

const running: RunningInProcess[] = [];
let target: FakeTagMango | undefined;
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  await target?.close();
  target = undefined;
});

async function listen(...extra: string[]): Promise<RunningInProcess> {
  const r = await startInProcess(['listen', '--port', '0', '--json', ...extra], { env: baseEnv(tempHome()) });
  running.push(r);
  return r;
}

describe('listen', () => {
  it('receives a trigger --duplicate and flags the second delivery as a duplicate', async () => {
    const listener = await listen();
    expect(listener.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hook$/);
    const t = await runCliInProcess(['trigger', 'course.completed.100', '--to', listener.ready.url, '--duplicate'], { env: baseEnv(tempHome()) });
    expect(t.code, t.stderr).toBe(0);
    await listener.waitForLine((line) => line.includes('"duplicate":true'));
    const deliveries = jsonLines(listener.lines, 'delivery');
    expect(deliveries).toHaveLength(2);
    expect(deliveries.map((d) => d.duplicate)).toEqual([false, true]);
    expect(deliveries[0]).toMatchObject({
      valid: true,
      payloadFamily: 'course-progress',
      label: 'course progress event (course.completed / .50 / .100 / .all: same payload)',
      status: 200,
    });
    expect(deliveries[0]!.body).toEqual(deliveries[1]!.body);
    const stopped = await listener.stop();
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ok: true, type: 'stopped', deliveries: 2, duplicates: 1 });
  });

  it('prints one human line per delivery with key fields, and flags an invalid body', async () => {
    const home = tempHome();
    const human = await startHuman(['listen', '--port', '0'], baseEnv(home));
    const url = human.url;
    await runCliInProcess(['trigger', 'order.created.completed', '--to', url, '--set', 'email=buyer@example.com'], { env: baseEnv(home) });
    await runCliInProcess(['trigger', 'course.completed.100', '--to', url, '--set', 'courseId=634fc35ddaf58580e2418c99'], { env: baseEnv(home) });
    await post(url, '{"name":"x","email":"y@example.com","phone":"123","course":"c","courseId":"634fc35ddaf58580e2418c99","lastProgressOn":"2023-11-20T18:30Z"}');
    const result = await human.stopAfter((out) => out.split('\n').filter((l) => /^\d\d:\d\d:\d\d /.test(l)).length >= 3);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d\d:\d\d:\d\d {2}order event \(order\.created\.completed \/ \.initiated: same payload\) {2}email=buyer@example\.com orderId=/);
    expect(result.stdout).toMatch(/course progress event \(course\.completed \/ \.50 \/ \.100 \/ \.all: same payload\) {2}email=asha\.verma@example\.com courseId=634fc35ddaf58580e2418c99/);
    expect(result.stdout).toMatch(/invalid course progress event .*\n\s+.*phone/);
  });

  it('names the event a delivery URL\'s ?event= gives, and flags a body that does not fit it', async () => {
    const home = tempHome();
    const human = await startHuman(['listen', '--port', '0'], baseEnv(home));
    await runCliInProcess(['trigger', 'course.completed.50', '--to', `${human.url}?event={event}`], { env: baseEnv(home) });
    await post(`${human.url}?event=user.deleted`, JSON.stringify({ name: 'n', email: 'e@example.com', phone: 1, course: 'c', courseId: 'i', lastProgressOn: 't' }));
    const result = await human.stopAfter((out) => out.split('\n').filter((l) => /^\d\d:\d\d:\d\d /.test(l)).length >= 2);
    expect(result.stdout).toMatch(/\d {2}course\.completed\.50 \(from the URL\) {2}email=/);
    expect(result.stdout).toMatch(/\d {2}user\.deleted \(from the URL, but the body is a course progress event/);
  });

  it('a delivery cannot send terminal escapes or break its line: field values are escaped', async () => {
    const human = await startHuman(['listen', '--port', '0'], baseEnv(tempHome()));
    await post(human.url, JSON.stringify({ name: 'n', email: '\u001b[2Jx@example.com', phone: 1, course: 'c', courseId: 'id\nFAKE LINE', lastProgressOn: 't' }));
    const result = await human.stopAfter((out) => /^\d\d:\d\d:\d\d /m.test(out));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toMatch(/^FAKE LINE/m);
    expect(result.stdout).toContain('email=\\u001b[2Jx@example.com courseId=id\\u000aFAKE LINE');
  });

  it('answers other paths with 404 and keeps going', async () => {
    const listener = await listen('--path', 'in');
    const status = await post(listener.ready.url.replace(/\/in$/, '/other'), '{}');
    expect(status).toBe(404);
    expect(await post(listener.ready.url, '{}')).toBe(200);
    await listener.waitForLine((l) => l.includes('"type":"delivery"'));
  });

  it('--forward-to mirrors the target\'s status, and answers 502 with a clear line when the target is down', async () => {
    target = await startFakeTagMango({ route: () => ({ status: 500, body: { broken: true } }) });
    const listener = await listen('--forward-to', `${target.url}/app`);
    expect(await post(listener.ready.url, '{"a":1}')).toBe(500);
    expect(target.requests[0]).toMatchObject({ url: '/app', body: '{"a":1}' });
    const url = target.url;
    await target.close();
    target = undefined;
    const down = await listen('--forward-to', url);
    expect(await post(down.ready.url, '{"a":1}')).toBe(502);
    const line = JSON.parse(await down.waitForLine((l) => l.includes('"type":"delivery"')));
    expect(line.status).toBe(502);
    expect(line.forward.reason).toContain('connection refused');
  });

  it('a port in use is a clear error (exit 2)', async () => {
    const listener = await listen();
    const r = await runCliInProcess(['listen', '--port', String(listener.ready.port)], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Port ${listener.ready.port} on 127.0.0.1 is already in use`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Start a human-mode listener (no JSON readiness line): wait for its "Listening on" line. */
async function startHuman(args: string[], env: Record<string, string | undefined>) {
  const run = await startInProcess(args, { env });
  running.push(run);
  const url = /Listening on (\S+) /.exec(await run.waitForOutput((out) => /Listening on (\S+) /.test(out)))![1]!;
  return {
    url,
    stopAfter: async (done: (out: string) => boolean) => {
      await run.waitForOutput(done);
      return run.stop();
    },
  };
}
