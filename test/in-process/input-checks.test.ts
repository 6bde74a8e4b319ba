import fs from 'node:fs';
import path from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

const KEY = 'tm_input_checks_key_0123456789';
const API = 'https://api.example.com';
let home: string;
let offline: MockAgent;
beforeEach(() => {
  home = tempHome();
  offline = new MockAgent();
  offline.disableNetConnect(); // any request fails at once: nothing leaves the machine
});
afterEach(async () => {
  await offline.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const target = path.join(home, name);
  fs.writeFileSync(target, text);
  return target;
}

/** Runs with a dispatcher that refuses every request. */
function run(args: string[]) {
  return runInProcess(args, { env: { TAGMANGO_HOOKS_HOME: home, TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: API }, cwd: home, dispatcher: offline });
}

describe('--from-file', () => {
  it('refuses a CSV whose header repeats a column (exit 2), naming it', async () => {
    const csv = file('hooks.csv', 'hookUrl,course,course\nhttps://hooks.example.com/a,634fc35ddaf58580e2418c40,634fc35ddaf58580e2418c41\n');
    const result = await run(['subscribe', '--from-file', csv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('names the column "course" more than once.');
    expect(fs.existsSync(path.join(home, 'subscriptions.json'))).toBe(false);
  });

  it('accepts a single pretty-printed JSON object', async () => {
    const json = file('hook.json', JSON.stringify({ hookUrl: 'https://hooks.example.com/a', course: '634fc35ddaf58580e2418c40' }, null, 2));
    const result = await run(['subscribe', '--from-file', json, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout).results;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hookUrl: 'https://hooks.example.com/a', status: 'planned', scope: { key: 'course', id: '634fc35ddaf58580e2418c40' } });
  });

  it('still says which line of a JSON-lines file is broken, and what the file may hold', async () => {
    const lines = file('hooks.jsonl', '{"hookUrl":"https://hooks.example.com/a"}\n{"hookUrl": oops}\n');
    const result = await run(['subscribe', '--from-file', lines]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Row 2 (line 2) of');
    expect(result.stderr).toContain('a single JSON object');
  });
});

describe('hook URLs', () => {
  it.each(['https://h.example.com:0/x', 'https://a..b/x', 'https://.example.com/x'])('refuses %s (exit 2)', async (url) => {
    const result = await run(['subscribe', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Hook URL .*(port 0|empty label)/);
  });

  it('accepts a fully qualified host with a trailing dot', async () => {
    const result = await run(['subscribe', 'https://hooks.example.com./x', '--dry-run']);
    expect(result.code).toBe(0);
  });
});
