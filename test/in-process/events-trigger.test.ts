import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { runCliInProcess } from '../helpers/in-process.js';

let receiver: FakeTagMango | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A receiver on 127.0.0.1 that answers every request with `status`. */
async function startReceiver(status = 200): Promise<FakeTagMango> {
  receiver = await startFakeTagMango({ route: () => ({ status, body: status < 300 ? { received: true } : { error: 'receiver broke' } }) });
  return receiver;
}

describe('events', () => {
  it('--json lists all sixteen documented events; course.completed is deprecated in favour of course.completed.100', async () => {
    const r = await runCliInProcess(['events', '--json'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; events: { event: string; status: string; successor: string | null; scopeKey: string | null }[] };
    expect(doc.ok).toBe(true);
    expect(doc.events.map((e) => e.event).sort()).toEqual(
      [
        'course.completed', 'course.completed.50', 'course.completed.100', 'course.completed.all',
        'order.created.completed', 'order.created.initiated', 'order.created.failed', 'order.recurring.created',
        'subscription.expired', 'user.deleted', 'webinar.created.single', 'webinar.created.recurring',
        'webinar.completed.all', 'webinar.reminder.all', 'webinar.reminder.1day', 'webinar.reminder.15min',
      ].sort(),
    );
    expect(doc.events).toHaveLength(16);
    expect(doc.events.find((e) => e.event === 'webinar.reminder.15min')).toMatchObject({ status: 'current', successor: null, scopeKey: 'webinar' });
    expect(doc.events.find((e) => e.event === 'course.completed')).toMatchObject({ status: 'deprecated', successor: 'course.completed.100', scopeKey: 'course' });
    expect(doc.events.filter((e) => e.status === 'deprecated')).toHaveLength(1);
    expect(doc.events.find((e) => e.event === 'user.deleted')?.scopeKey).toBeNull();
  });

  it('shows one event with its fields, types and example payload', async () => {
    const r = await runCliInProcess(['events', 'course.completed.100'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/phone\s+number/);
    expect(r.stdout).toMatch(/lastProgressOn\s+string/);
    expect(r.stdout).toContain('"courseId": "634fc35ddaf58580e2418c40"');
    expect(r.stdout).toContain('Same payload as: course.completed, course.completed.50, course.completed.all');
    const json = JSON.parse((await runCliInProcess(['events', 'order.created.completed', '--json'], { env: baseEnv(tempHome()) })).stdout);
    expect(json.fields).toContainEqual({ name: 'amount', type: 'number' });
    expect(json.example.amount).toBeTypeOf('number');
  });

  it('shows a webinar reminder with its flat fields, a string phone and ISO times', async () => {
    const json = JSON.parse((await runCliInProcess(['events', 'webinar.reminder.15min', '--json'], { env: baseEnv(tempHome()) })).stdout);
    expect(json.fields).toContainEqual({ name: 'phone', type: 'string' });
    expect(json.fields).toContainEqual({ name: 'timezone', type: 'string or null' });
    expect(json.fields.map((f: { name: string }) => f.name)).not.toContain('callList');
    expect(json.samePayloadAs).toEqual(['webinar.reminder.all', 'webinar.reminder.1day']);
    expect(json.example.phone).toBeTypeOf('string');
    expect(json.example.webinarFromTimeInCreatorTimezone).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(json.example.creatorTimezone).toBe('+05:30');
  });

  it('shows webinar.created.single with ISO creator-timezone times and an offset, not a zone name', async () => {
    const json = JSON.parse((await runCliInProcess(['events', 'webinar.created.single', '--json'], { env: baseEnv(tempHome()) })).stdout);
    const [call] = json.example.callList;
    for (const key of ['webinarFromTime', 'webinarToTime', 'webinarFromTimeInCreatorTimezone', 'webinarToTimeInCreatorTimezone']) {
      expect(call[key], key).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(call.creatorTimezone).toMatch(/^[+-]\d\d:\d\d$/);
  });

  it('refuses an unknown event with a suggestion (exit 2)', async () => {
    const r = await runCliInProcess(['events', 'course.complete.100'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean "course.completed.100"?');
    expect(r.stdout).toBe('');
  });
});

describe('trigger', () => {
  it('delivers a course.completed.100 body whose fields and types match the documentation', async () => {
    const rx = await startReceiver();
    const r = await runCliInProcess(['trigger', 'course.completed.100', '--to', `${rx.url}/webhook`], { env: baseEnv(tempHome()) });
    expect(r.code, r.stderr).toBe(0);
    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/webhook');
    expect(req.headers['content-type']).toBe('application/json');
    const body = req.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['course', 'courseId', 'email', 'lastProgressOn', 'name', 'phone']);
    expect(body.name).toBeTypeOf('string');
    expect(body.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(body.phone).toBeTypeOf('number');
    expect(body.course).toBeTypeOf('string');
    expect(body.courseId).toMatch(/^[0-9a-f]{24}$/);
    expect(body.lastProgressOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(r.stdout).toMatch(/200 in \d+ ms/);
    expect(r.stdout).toContain('{"received":true}');
  });

  it('--duplicate delivers two identical bodies; --set keeps phone a number', async () => {
    const rx = await startReceiver();
    const r = await runCliInProcess(['trigger', 'course.completed.100', '--to', rx.url, '--duplicate', '--set', 'phone=9123456780', '--set', 'email=dup@example.com', '--json'], {
      env: baseEnv(tempHome()),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[0]!.body).toBe(rx.requests[1]!.body);
    expect((rx.requests[0]!.json as { phone: unknown }).phone).toBe(9123456780);
    expect((rx.requests[0]!.json as { email: unknown }).email).toBe('dup@example.com');
    const doc = JSON.parse(r.stdout);
    expect(doc.deliveries.map((d: { status: number }) => d.status)).toEqual([200, 200]);
  });

  it('exits 1 with the reason when the receiver answers 500', async () => {
    const rx = await startReceiver(500);
    const r = await runCliInProcess(['trigger', 'order.created.completed', '--to', rx.url, '--json'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(1);
    expect(rx.requests).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.error).toMatchObject({ code: 'DELIVERY_FAILED', exitCode: 1 });
    expect(doc.error.message).toContain('500');
    expect(doc.deliveries[0]).toMatchObject({ status: 500, ok: false });
    expect(doc.deliveries[0].excerpt).toContain('receiver broke');
  });

  it('exits 1 with the reason when nothing listens', async () => {
    const rx = await startReceiver();
    const url = rx.url;
    await rx.close();
    receiver = undefined;
    const r = await runCliInProcess(['trigger', 'user.deleted', '--to', url], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connection refused');
  });

  it('refuses an unknown --set key, naming the valid ones, and sends nothing (exit 2)', async () => {
    const rx = await startReceiver();
    const r = await runCliInProcess(['trigger', 'course.completed.100', '--to', rx.url, '--set', 'colour=red'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no field "colour"');
    expect(r.stderr).toContain('Valid keys: name, email, phone, course, courseId, lastProgressOn');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(rx.requests).toHaveLength(0);
  });

  it('--data sends a custom body as is and warns when it does not match the schema', async () => {
    const rx = await startReceiver();
    const home = tempHome();
    const file = path.join(home, 'body.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'X', email: 'x@example.com', phone: '12345' }));
    const r = await runCliInProcess(['trigger', 'course.completed.100', '--to', rx.url, '--data', file], { env: baseEnv(home) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: The body does not match the documented course\.completed\.100 payload \(phone: .*courseId/);
    expect(rx.requests[0]!.json).toEqual({ name: 'X', email: 'x@example.com', phone: '12345' });
  });

  it('--data - reads stdin; invalid JSON is a usage error and nothing is sent', async () => {
    const rx = await startReceiver();
    const ok = await runCliInProcess(['trigger', 'user.deleted', '--to', rx.url, '--data', '-'], { env: baseEnv(tempHome()), input: '{"_id":"65a1b2c3d4e5f60718293a50","extra":true}' });
    expect(ok.code).toBe(0);
    expect(rx.requests[0]!.json).toEqual({ _id: '65a1b2c3d4e5f60718293a50', extra: true });
    const bad = await runCliInProcess(['trigger', 'user.deleted', '--to', rx.url, '--data', '-'], { env: baseEnv(tempHome()), input: '{nope' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not valid JSON');
    expect(rx.requests).toHaveLength(1);
  });

  it('--data naming a missing file or a folder is a usage error (exit 2), like --from-file, and nothing is sent', async () => {
    const rx = await startReceiver();
    const home = tempHome();
    const missing = await runCliInProcess(['trigger', 'user.deleted', '--to', rx.url, '--data', `${home}/nope.json`], { env: baseEnv(home) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: The --data file ${home}/nope.json does not exist.\nGive a readable JSON file, or - for stdin.\n`);
    const folder = await runCliInProcess(['trigger', 'user.deleted', '--to', rx.url, '--data', home], { env: baseEnv(home) });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`error: The --data file ${home} is a directory.`);
    expect(rx.requests).toHaveLength(0);
  });

  it('refuses a --to that is not an http(s) URL (exit 2)', async () => {
    const r = await runCliInProcess(['trigger', 'course.completed.100', '--to', 'ftp://example.com/x'], { env: baseEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to must use http or https');
  });
});
