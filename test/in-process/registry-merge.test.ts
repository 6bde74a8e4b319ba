import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/in-process.js';
import { perTestHome } from '../helpers/per-test.js';
import { readRegistry, record } from '../helpers/registry.js';

const API = 'https://api.example.com';
const t = perTestHome();

function file(name: string, records: ReturnType<typeof record>[] | string): string {
  const at = path.join(t.home, name);
  fs.writeFileSync(at, typeof records === 'string' ? records : JSON.stringify({ version: 2, subscriptions: records }, null, 2));
  return name;
}

const merge = (...files: string[]) => runCliInProcess(['registry', 'merge', ...files], { env: baseEnv(t.home), cwd: t.home });

describe('registry merge (the git merge driver)', () => {
  it('writes the merge into <ours>: records by id, the later state wins, both sides\' new records kept', async () => {
    const shared = record(API, 1);
    const base = file('base', [shared]);
    const forgotten = { ...shared, status: 'forgotten' as const, updatedAt: '2026-03-01T00:00:00.000Z' };
    const ours = file('ours', [forgotten, record(API, 2, { createdAt: '2026-02-01T00:00:00.000Z' })]);
    const theirs = file('theirs', [shared, record(API, 3, { createdAt: '2026-01-15T00:00:00.000Z' })]);
    const run = await merge(base, ours, theirs);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Merged the registry: 3 records.');
    const merged = readRegistry(path.join(t.home, 'ours'));
    expect(merged.subscriptions.map((r) => [r.id, r.status])).toEqual([
      [shared.id, 'forgotten'],
      [record(API, 3).id, 'active'],
      [record(API, 2).id, 'active'],
    ]);
    expect(fs.readFileSync(path.join(t.home, 'theirs'), 'utf8')).toContain(record(API, 3).id);
  });

  it('takes an empty base (no common ancestor) and says when a webhook is registered twice', async () => {
    const a = record(API, 1, { scope: null });
    const b = record(API, 2, { scope: null });
    const run = await merge(file('base', ''), file('ours', [a]), file('theirs', [b]));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('1 webhook is registered twice');
    expect(readRegistry(path.join(t.home, 'ours')).subscriptions).toHaveLength(2);
  });

  it('exits 1, naming the file and leaving <ours> as it was, when a side is not a registry', async () => {
    const ours = file('ours', [record(API, 1)]);
    const before = fs.readFileSync(path.join(t.home, ours), 'utf8');
    for (const theirs of [file('theirs', '<<<<<<< HEAD\n'), file('theirs2', '{"version": 2}'), 'missing']) {
      const run = await merge(file('base', ''), ours, theirs, '--json');
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_A_REGISTRY', exitCode: 1, message: expect.stringContaining(path.join(t.home, theirs)) } });
      expect(fs.readFileSync(path.join(t.home, ours), 'utf8')).toBe(before);
    }
  });
});
