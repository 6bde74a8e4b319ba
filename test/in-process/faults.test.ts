import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type ScriptedReply } from '../helpers/fake-tagmango.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';
import { runCliInProcess } from '../helpers/in-process.js';

const KEY = 'tm_fault_matrix_key_0123456789abcdef';
const HOOK = 'https://hooks.example.com/tagmango';
const COURSE = '634fc35ddaf58580e2418c40';
const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>';
const CREATED: ScriptedReply = { status: 201, body: { message: 'Webhook created', success: true, result: { _id: 'b'.repeat(24) }, code: 201 } };

const t = perTestFakeAndHome({ apiKey: KEY });

function registry(): { subscriptions: Array<{ status: string; note?: string; remoteId?: string }> } {
  return JSON.parse(fs.readFileSync(path.join(t.home, 'subscriptions.json'), 'utf8'));
}

function subscribe(extra: string[] = [], apiUrl = t.fake.url) {
  return runCliInProcess(['subscribe', HOOK, '--course', COURSE, '--verbose', ...extra], {
    env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: apiUrl }),
  });
}

interface FaultCase {
  name: string;
  replies: ScriptedReply[];
  args?: string[];
  attempts: number;
  exit: number;
  stderr: RegExp[];
  /** Status of the one registry record afterwards, or null when the registry is left empty. */
  record: 'active' | 'unknown' | null;
}

// The table in docs/troubleshooting.md mirrors these rows. The fake answers only the replies a row
// scripts: a request more (a retry that should not be) fails the row, as does a reply left unused.
const CASES: FaultCase[] = [
  { name: '500', replies: [{ status: 500, body: { message: 'Internal error', success: false } }], attempts: 1, exit: 1, stderr: [/TagMango failed with 500: "Internal error"\./], record: null },
  { name: '502 (sent once, unknown)', replies: [{ status: 502, body: {} }], args: ['--retries', '1'], attempts: 1, exit: 1, stderr: [/failed with 502\. It may already have passed the request on/], record: 'unknown' },
  { name: '503 then 201 (retried)', replies: [{ status: 503, body: {} }, CREATED], args: ['--retries', '1'], attempts: 2, exit: 0, stderr: [/retrying in \d+ ms/], record: 'active' },
  { name: '504 (sent once, unknown)', replies: [{ status: 504, body: {} }], args: ['--retries', '1'], attempts: 1, exit: 1, stderr: [/failed with 504\. It may already have passed the request on/], record: 'unknown' },
  { name: '408 then 201 (retried)', replies: [{ status: 408, body: {} }, CREATED], args: ['--retries', '1'], attempts: 2, exit: 0, stderr: [/retrying in \d+ ms/], record: 'active' },
  {
    name: '503 every time, default 3 retries (Retry-After: 0)',
    replies: Array.from({ length: 4 }, () => ({ status: 503, body: {}, headers: { 'retry-after': '0' } })),
    attempts: 4,
    exit: 1,
    stderr: [/TagMango failed with 503\. Gave up after 4 attempts\./, /retrying in 0 ms/],
    record: null,
  },
  { name: '503 with --retries 0', replies: [{ status: 503, body: {} }], args: ['--retries', '0'], attempts: 1, exit: 1, stderr: [/TagMango failed with 503\. Gave up after 1 attempt\./], record: null },
  {
    name: '429 with Retry-After in seconds',
    replies: [{ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '1' } }, CREATED],
    attempts: 2,
    exit: 0,
    stderr: [/retrying in 1000 ms/],
    record: 'active',
  },
  {
    name: '429 with Retry-After as an HTTP date',
    replies: [{ status: 429, body: {}, headers: { 'retry-after': new Date(Date.now() - 5_000).toUTCString() } }, CREATED],
    attempts: 2,
    exit: 0,
    stderr: [/retrying in 0 ms/],
    record: 'active',
  },
  {
    name: '429 with Retry-After over 60 s',
    replies: [{ status: 429, body: {}, headers: { 'retry-after': '120' } }],
    attempts: 1,
    exit: 1,
    stderr: [/rate limiting requests \(429\)\. TagMango asked to wait longer than 60 s before retrying\./],
    record: null,
  },
  {
    name: 'connection reset after the request was sent',
    replies: [{ reset: true }],
    attempts: 1,
    exit: 1,
    stderr: [/closed after the request was sent: the webhook may or may not have been registered\./, /tagmango-hooks resolve wh_[a-z0-9]{8} --exists/],
    record: 'unknown',
  },
  {
    name: 'no answer within --timeout',
    replies: [{ hang: true }],
    args: ['--timeout', '300'],
    attempts: 1,
    exit: 1,
    stderr: [/did not answer within 300 ms after the request was sent: the webhook may or may not have been registered\./],
    record: 'unknown',
  },
  {
    name: 'HTML error page (503)',
    replies: [{ status: 503, body: HTML_PAGE, headers: { 'content-type': 'text/html' } }, { status: 503, body: HTML_PAGE, headers: { 'content-type': 'text/html' } }],
    args: ['--retries', '1'],
    attempts: 2,
    exit: 1,
    stderr: [/TagMango failed with 503: an HTML error page\. Gave up after 2 attempts\./],
    record: null,
  },
  {
    name: '200 with malformed JSON (a 2xx is success)',
    replies: [{ status: 200, body: '{"message": "Webhook created", "success": tr' }],
    attempts: 1,
    exit: 0,
    stderr: [],
    record: 'active',
  },
  { name: '401', replies: [{ status: 401, body: { message: 'Invalid API key' } }], attempts: 1, exit: 3, stderr: [/TagMango rejected the API key \(401\): "Invalid API key"\./, /tagmango-hooks login/], record: null },
  { name: '403', replies: [{ status: 403, body: { message: 'Forbidden' } }], attempts: 1, exit: 3, stderr: [/TagMango refused access with this API key \(403\)/], record: null },
  { name: '404', replies: [{ status: 404, body: { message: 'Not found' } }], attempts: 1, exit: 1, stderr: [/TagMango answered 404 Not Found: "Not found"\. Check --api-url\./], record: null },
];

describe('fault matrix (end to end)', () => {
  // Each row has its own server and home so the rows run concurrently.
  for (const c of CASES) {
    it.concurrent(c.name, async () => {
      const server = await startFakeTagMango({ apiKey: KEY });
      const own = tempHome();
      try {
        server.reply(...c.replies);
        const result = await runCliInProcess(['subscribe', HOOK, '--course', COURSE, '--verbose', ...(c.args ?? [])], {
          env: baseEnv(own, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: server.url }),
        });
        expect(server.requests).toHaveLength(c.attempts);
        expect(result.code).toBe(c.exit);
        for (const pattern of c.stderr) expect(result.stderr).toMatch(pattern);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.stderr).not.toContain(KEY);
        const records = JSON.parse(fs.readFileSync(path.join(own, 'subscriptions.json'), 'utf8')).subscriptions as Array<{ status: string }>;
        if (c.record === null) expect(records).toEqual([]);
        else expect(records.map((r) => r.status)).toEqual([c.record]);
      } finally {
        await server.close();
        fs.rmSync(own, { recursive: true, force: true });
      }
    });
  }

  it('connection refused: retried, nothing registered', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await subscribe(['--retries', '1'], `http://127.0.0.1:${port}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(attempt 2)');
    expect(result.stderr).not.toContain('(attempt 3)');
    expect(result.stderr).toMatch(/Could not connect to 127\.0\.0\.1:\d+: connection refused\. Nothing was registered\. Gave up after 2 attempts\./);
    expect(registry().subscriptions).toEqual([]);
  });

  it('the hint after a failure fits it: a rejection is not "run again later", a 500 is', async () => {
    const hints: Record<string, string> = {};
    for (const status of [400, 404, 500]) {
      t.fake.reply({ status, body: { message: `status ${status}` } });
      const result = await subscribe(['--retries', '0']);
      expect(result.code).toBe(1);
      hints[status] = result.stderr.trim().split('\n').at(-1) ?? '';
    }
    expect(t.fake.requests).toHaveLength(3);
    expect(hints[400]).toBe('TagMango refused this request: fix what its message names; sending it again unchanged gets the same answer.');
    expect(hints[404]).toBe('Check the API URL: tagmango-hooks whoami shows it and where it comes from.');
    expect(hints[500]).toBe('Run again later; what succeeded is skipped.');
  });

  it('a message in TagMango\'s answer cannot send terminal escapes or break lines', async () => {
    t.fake.reply({ status: 400, body: { message: 'bad\u001b[2J\nFAKE LINE' } });
    const result = await subscribe(['--retries', '0']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('\u001b');
    expect(result.stdout).toMatch(/^failed .*TagMango rejected the registration with 400: "bad\\u001b\[2J FAKE LINE"\.$/m);
    expect(result.stderr).not.toMatch(/^FAKE LINE/m);
  });

  it('bulk: some failed, some created -> exit 4, the failures listed, the successes kept', async () => {
    t.fake.reply({ status: 500, body: { message: 'Internal error' } }, CREATED);
    const result = await runCliInProcess(['subscribe', HOOK, '--course', `${COURSE},${COURSE.replace('0', '1')}`, '--concurrency', '1'], {
      env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }),
    });
    expect(result.code).toBe(4);
    expect(t.fake.requests).toHaveLength(2);
    expect(result.stdout).toMatch(/^failed .*TagMango failed with 500: "Internal error"\./m);
    expect(result.stderr).toContain('error: 1 of 2 registrations did not succeed.');
    expect(registry().subscriptions.map((r) => r.status)).toEqual(['active']);
  });

  it('bulk: a 401 stops the rest, which are cancelled (not failed) and summed up in one line', async () => {
    t.fake.reply({ status: 401, body: { message: 'Invalid API key' } });
    const ids = [0, 1, 2].map((n) => COURSE.replace('0', String(n)));
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ids.join(','), '--concurrency', '1'], {
      env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }),
    });
    expect(result.code).toBe(3);
    expect(t.fake.requests).toHaveLength(1);
    expect(result.stdout.match(/^failed /gm)).toHaveLength(1);
    expect(result.stdout).not.toMatch(/^cancelled /m);
    expect(result.stdout).toMatch(/^1 failed, 2 not sent \(stopped\): run the same command again to send them$/m);
    expect(result.stderr).toMatch(/^error: TagMango rejected the API key \(401\).* Of 3 registrations: 1 failed, 2 not sent\.$/m);
    expect(registry().subscriptions).toEqual([]);
  });

  it('bulk: a rejected key exits 3 even when a row of the same run was skipped', async () => {
    const ids = [0, 1].map((n) => COURSE.replace('0', String(n)));
    t.fake.reply(CREATED);
    expect((await runCliInProcess(['subscribe', HOOK, '--course', ids[0] as string], { env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }) })).code).toBe(0);
    t.fake.reply({ status: 401, body: { message: 'Invalid API key' } });
    const result = await runCliInProcess(['subscribe', HOOK, '--course', ids.join(','), '--json'], {
      env: baseEnv(t.home, { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url }),
    });
    expect(result.code).toBe(3);
    const document = JSON.parse(result.stdout) as { results: { status: string }[]; error: { code: string; exitCode: number } };
    expect(document.results.map((r) => r.status)).toEqual(['skipped', 'failed']);
    expect(document.error).toMatchObject({ code: 'API_KEY_REJECTED', exitCode: 3 });
  });

  it('an ambiguous outcome is kept as unknown; a rerun sends nothing, exits 1 and names resolve; --force sends it again', async () => {
    t.fake.reply({ reset: true });
    const first = await subscribe();
    expect(first.code).toBe(1);
    expect(registry().subscriptions[0]?.note).toMatch(/may or may not have been registered/);

    const rerun = await subscribe();
    expect(rerun.code).toBe(1);
    expect(t.fake.requests).toHaveLength(1);
    expect(rerun.stdout).toMatch(/^unknown .*has no known outcome.*tagmango-hooks resolve wh_[a-z0-9]{8} --exists/m);

    t.fake.expect(1);
    const forced = await subscribe(['--force']);
    expect(forced.code).toBe(0);
    expect(t.fake.requests).toHaveLength(2);
    expect(registry().subscriptions.map((r) => r.status)).toContain('active');
  });
});
