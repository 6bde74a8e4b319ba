import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { perTestFakeAndHome } from '../helpers/per-test.js';

const KEY = 'SECRETPREFIXabcdefghij0123456789wxyz';
const HOOK = 'https://hooks.example.com/tm';
const COURSE = '634fc35ddaf58580e2418c40';

const t = perTestFakeAndHome({ apiKey: KEY });

/** Every 6-character piece of the key except its last four characters (which the mask shows). */
function pieces(key: string): string[] {
  return Array.from({ length: key.length - 6 - 3 }, (_, i) => key.slice(i, i + 6));
}

function expectNoKey(text: string): void {
  for (const piece of pieces(KEY)) expect(text).not.toContain(piece);
}

async function subscribe(extra: string[], env: Record<string, string> = {}) {
  return runInProcess(['subscribe', HOOK, '--course', COURSE, ...extra], {
    env: { TAGMANGO_HOOKS_HOME: t.home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: t.fake.url, ...env },
  });
}

function registryText(): string {
  const file = path.join(t.home, 'subscriptions.json');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe('the key never appears, whole, in pieces or escaped', () => {
  // The key straddles the 200-character cut of the verbose excerpt.
  const atTheCut = `{"message":"${'x'.repeat(180)}${KEY}","success":true}`;

  it.each([{ flags: ['-v'] }, { flags: ['-v', '--json'] }, { flags: [] as string[] }])('when TagMango echoes it at the excerpt cut ($flags)', async ({ flags }) => {
    t.fake.reply({ status: 201, body: atTheCut });
    const result = await subscribe(flags);
    expect(result.code).toBe(0);
    expectNoKey(result.stdout + result.stderr);
    expectNoKey(registryText());
    if (flags.includes('-v')) expect(result.stderr).toContain('< 201');
  });

  it.each([{ flags: ['-v'] }, { flags: ['-v', '--json'] }, { flags: [] as string[] }])('when a rejection quotes it ($flags)', async ({ flags }) => {
    t.fake.reply({ status: 400, body: { message: `bad key ${KEY} "${KEY}"`, success: false } });
    const result = await subscribe(flags);
    expect(result.code).toBe(1);
    expectNoKey(result.stdout + result.stderr);
    expect(result.stdout + result.stderr).toContain('****wxyz');
  });

  it('when the answer is longer than the cap and the key sits right at the cut', async () => {
    const filler = 'y'.repeat(1024 * 1024 - 12);
    t.fake.reply({ status: 500, body: `${filler}${KEY}${'z'.repeat(100)}` });
    const result = await subscribe(['-v', '--retries', '0']);
    expect(result.code).toBe(1);
    expectNoKey(result.stdout + result.stderr);
  });
});

describe('the key never appears spelled with escapes', () => {
  const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');
  // Ways a server can spell a text that decode to it: JSON escapes (once, or inside a JSON string), percent-encoding.
  const spellings: Record<string, (text: string) => string> = {
    'JSON \\u escapes': (text) => [...text].map((c) => `\\u${hex(c, 4)}`).join(''),
    'upper-case JSON \\u escapes inside a JSON string': (text) => [...text].map((c) => `\\\\u${hex(c, 4).toUpperCase()}`).join(''),
    'percent-encoding of every character': (text) => [...text].map((c) => `%${hex(c, 2)}`).join(''),
  };

  function expectNoSpelledKey(text: string, key: string): void {
    for (const spell of Object.values(spellings)) {
      for (let i = 0; i + 6 <= key.length - 4; i++) expect(text).not.toContain(spell(key.slice(i, i + 6)));
    }
    for (let i = 0; i + 6 <= key.length - 4; i++) expect(text).not.toContain(key.slice(i, i + 6));
  }

  it.each(Object.keys(spellings))('when a rejection quotes it with %s (-v)', async (name) => {
    const spelled = (spellings[name] as (text: string) => string)(KEY);
    t.fake.reply({ status: 400, body: `{"success":false,"message":"bad key ${spelled}"}` });
    const result = await subscribe(['-v', '--retries', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('< 400');
    expectNoSpelledKey(result.stdout + result.stderr, KEY);
    expect(result.stdout + result.stderr).toContain('****wxyz');
  });

  it('when a redirect names it percent-encoded (-v)', async () => {
    t.fake.reply({ status: 302, body: '', headers: { location: `https://elsewhere.example/?k=${spellings['percent-encoding of every character']?.(KEY)}` } });
    const result = await subscribe(['-v', '--retries', '0']);
    expect(result.code).toBe(1);
    expectNoSpelledKey(result.stdout + result.stderr, KEY);
    expect(result.stdout + result.stderr).toContain('k=****wxyz');
  });

  it('when an accepted answer writes its "/" as \\/ (-v)', async () => {
    const key = 'SECRET/PREFIX/abcdefghij/0123wxyz';
    t.fake.reply({ status: 201, body: `{"success":true,"message":"key ${key.replaceAll('/', '\\/')}"}` });
    const result = await subscribe(['-v'], { TAGMANGO_API_KEY: key });
    expect(result.code).toBe(0);
    const seen = result.stdout + result.stderr + registryText();
    for (let i = 0; i + 6 <= key.length - 4; i++) {
      expect(seen).not.toContain(key.slice(i, i + 6));
      expect(seen).not.toContain(key.slice(i, i + 6).replaceAll('/', '\\/'));
    }
    expect(result.stderr).toContain('key ****wxyz');
  });
});

describe('keys that cannot be TagMango keys are refused before anything is sent', () => {
  it.each(['short1', 'tm_"quoted"_0123456789', 'tm_back\\slash_0123456789'])('TAGMANGO_API_KEY=%j exits 2', async (key) => {
    const result = await subscribe([], { TAGMANGO_API_KEY: key });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: The API key from TAGMANGO_API_KEY .*\.\n.+\n$/);
    expect(t.fake.requests).toHaveLength(0);
    expect(registryText()).toBe('');
  });

  it.each(['abc', 'tm_"quoted"_0123456789'])('login with %j exits 2 and stores nothing', async (key) => {
    const result = await runInProcess(['login'], { env: { TAGMANGO_HOOKS_HOME: t.home }, stdin: `${key}\n` });
    expect(result.code).toBe(2);
    expect(fs.existsSync(path.join(t.home, 'config.json'))).toBe(false);
  });
});

describe('no raw escape byte from outside reaches a terminal', () => {
  it('with -v, an answer that would retitle and clear the terminal is printed escaped', async () => {
    t.fake.reply({ status: 201, body: '\u001b]0;pwned\u0007\u001b[2J\u009b2J{"success":true}' });
    const result = await subscribe(['-v']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(result.stderr).toContain('\\u001b]0;pwned\\u0007');
  });

  it('with --json, C1 control characters in an answer are escaped too', async () => {
    t.fake.reply({ status: 400, body: { message: 'bad\u009b2J', success: false } });
    const result = await subscribe(['--json']);
    expect(result.stdout).not.toMatch(/[\u0080-\u009f]/);
    expect(JSON.parse(result.stdout).error.message).toContain('bad');
  });
});
