import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';

// TagMango's integration APIs answer in two envelopes besides the general one; the registration
// call's own answer is undocumented, so only the OK envelope (or any other 2xx body) counts as proof.
const KEY = 'tm_envelope_key_0123456789abcdef';
const COURSE = '634fc35ddaf58580e2418c40';
const fakes: FakeTagMango[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function subscribeAgainst(body: unknown) {
  const fake = await startFakeTagMango({ apiKey: KEY });
  fakes.push(fake);
  fake.reply({ status: 200, body });
  const home = tempHome();
  const result = await runCli(['subscribe', 'https://hooks.example.com/tm', '--course', COURSE, '--json'], {
    env: baseEnv(home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: fake.url }),
  });
  const registry = JSON.parse(fs.readFileSync(path.join(home, 'subscriptions.json'), 'utf8')) as { subscriptions: Array<{ status: string }> };
  return { ...result, json: JSON.parse(result.stdout) as Record<string, unknown>, records: registry.subscriptions, requests: fake.requests.length };
}

describe("TagMango's answer envelopes on a 2xx", () => {
  it('the OK envelope {code: 0, type: "OK"} is created', async () => {
    const r = await subscribeAgainst({ code: 0, type: 'OK', message: 'Webhook created', result: { _id: '65a1b2c3d4e5f60718293a60' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.requests).toBe(1);
    expect(r.json).toMatchObject({ ok: true, results: [{ status: 'created' }] });
    expect(r.records.map((s) => s.status)).toEqual(['active']);
  });

  it('the failure envelope {code: 500, type: "InternalServerError"} is unknown, says why and names resolve', async () => {
    const r = await subscribeAgainst({ code: 500, type: 'InternalServerError', message: 'Something went wrong', result: null });
    expect(r.code).toBe(1);
    expect(r.requests).toBe(1);
    const [row] = (r.json.results ?? []) as Array<{ status: string; id: string; error: { message: string; hint?: string } }>;
    expect(row?.status).toBe('unknown');
    expect(row?.error.message).toBe(
      'TagMango answered 200 with its failure envelope (code 500, "InternalServerError"): "Something went wrong". That is no proof the webhook exists: the webhook may or may not have been registered.',
    );
    expect(JSON.stringify(r.json)).toContain(`tagmango-hooks resolve ${row?.id} --exists`);
    expect(r.records.map((s) => s.status)).toEqual(['unknown']);
  });
});
