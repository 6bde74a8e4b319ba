import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { runForget } from '../../src/commands/forget/run.js';
import { runList } from '../../src/commands/list/run.js';
import { runTrigger } from '../../src/commands/trigger/run.js';
import { DeclinedError } from '../../src/errors.js';
import { IO } from '../../src/io/io.js';
import { RegistryStore } from '../../src/registry/store.js';
import { MemoryStream } from '../helpers/in-process.js';

/** An IO over memory streams, as a command's run function gets it. */
function memoryIO(stdinIsTTY = false): { io: IO; stdout: MemoryStream; stderr: MemoryStream } {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const stdin = Object.assign(new PassThrough(), { isTTY: stdinIsTTY });
  const io = new IO({ stdout, stderr, stdin }, { json: false, quiet: false, verbose: false, colorFlag: false, env: {} });
  return { io, stdout, stderr };
}

const API = 'https://api.example.com';
const record = {
  id: 'wh_1a2b3c4d',
  status: 'active',
  event: 'course.completed.100',
  hookUrl: 'https://hooks.example.com/a',
  scope: null,
  profile: 'default',
  apiUrl: API,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** A registry file with one active record, in a fresh folder. */
async function registryWithOne(): Promise<RegistryStore> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-runs-')), 'subscriptions.json');
  const registry = new RegistryStore(file);
  await registry.update((data) => {
    data.subscriptions.push(record as (typeof data.subscriptions)[number]);
  });
  return registry;
}

describe('command run functions, called with their options objects', () => {
  it('trigger reads --data from the given cwd and delivers through the given pool', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-runs-'));
    fs.writeFileSync(path.join(cwd, 'body.json'), '{"n":1}');
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get('https://receiver.example').intercept({ path: '/hook', method: 'POST', body: '{"n":1}' }).reply(200, 'ok');
    const { io, stdout } = memoryIO();
    const outcome = await runTrigger('user.deleted', { to: 'https://receiver.example/hook', data: 'body.json' }, { io, cwd, stdin: new PassThrough(), dispatcher: async () => agent, hookSecret: () => 'unused-hook-secret-0000' });
    expect(outcome.error).toBeUndefined();
    expect(stdout.text).toContain('user.deleted -> https://receiver.example/hook: 200');
    agent.assertNoPendingInterceptors();
  });

  it('forget asks through the given prompter; a no changes nothing', async () => {
    const registry = await registryWithOne();
    const before = fs.readFileSync(registry.file, 'utf8');
    const asked: string[] = [];
    const { io } = memoryIO(true);
    const error = await runForget([record.id], {}, { io, registry, confirm: async (q) => (asked.push(q), false) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeclinedError);
    expect(error).toMatchObject({ exitCode: 1, message: 'Nothing forgotten: the registry was not changed.' });
    expect(asked).toEqual(['Forget 1 record?']);
    expect(fs.readFileSync(registry.file, 'utf8')).toBe(before);
  });

  it('list shows only the given profile and API URL', async () => {
    const registry = await registryWithOne();
    const mine = memoryIO();
    await runList({}, { io: mine.io, registry, profile: 'default', apiUrl: API });
    expect(mine.stdout.text).toContain(record.id);
    const other = memoryIO();
    await runList({}, { io: other.io, registry, profile: 'staging', apiUrl: API });
    expect(other.stdout.text).not.toContain(record.id);
  });
});
