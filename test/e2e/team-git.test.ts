import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, tempHome } from '../helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from '../helpers/fake-tagmango.js';
import { runCliInProcess } from '../helpers/in-process.js';

const hasGit = spawnSync('sh', ['-c', 'command -v git']).status === 0;
const KEY = 'tmk_live_team_git_secret_4d2e';
const REGISTRY = 'hooks/subscriptions.json';

interface Record_ {
  id: string;
  hookUrl: string;
  status: string;
}

/**
 * Two developers' clones of one repository and its bare remote, all on this machine, with the
 * registry's merge driver installed as docs/registry.md says (the driver is the built binary).
 */
describe.skipIf(!hasGit && !process.env.CI)('a registry shared through git (two clones, a bare remote; needs git)', () => {
  let fake: FakeTagMango;
  let base: string;
  let origin: string;
  let gitEnv: Record<string, string>;

  const git = (cwd: string, ...args: string[]): string => {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv });
    expect(result.status, `git ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result.stdout + result.stderr;
  };
  /** tagmango-hooks in a clone, in this process, against the fake. */
  const cli = async (clone: string, ...argv: string[]) => {
    const result = await runCliInProcess([...argv, '--registry', REGISTRY], {
      cwd: clone,
      env: baseEnv(path.join(base, `home-${path.basename(clone)}`), { TAGMANGO_API_URL: fake.url, TAGMANGO_API_KEY: KEY }),
    });
    return result;
  };
  const clone = (name: string): string => {
    const dir = path.join(base, name);
    git(base, 'clone', '--quiet', origin, dir);
    git(dir, 'config', 'user.name', name);
    git(dir, 'config', 'user.email', `${name}@example.com`);
    git(dir, 'config', 'merge.tagmango-hooks.driver', `"${process.execPath}" "${BIN}" registry merge %O %A %B`);
    return dir;
  };
  const commit = (dir: string, message: string) => {
    git(dir, 'add', 'hooks');
    git(dir, 'commit', '--quiet', '-m', message);
  };
  const remoteRegistry = (): Record_[] => (JSON.parse(git(origin, 'show', `main:${REGISTRY}`)) as { subscriptions: Record_[] }).subscriptions;
  const hook = (name: string) => `https://hooks.example.com/${name}`;

  beforeEach(async () => {
    fake = await startFakeTagMango({ apiKey: KEY });
    base = tempHome();
    origin = path.join(base, 'origin.git');
    gitEnv = { PATH: process.env.PATH ?? '', HOME: base, GIT_CONFIG_NOSYSTEM: '1' };
    git(base, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    const seed = clone('seed');
    fs.mkdirSync(path.join(seed, 'hooks'));
    fs.writeFileSync(path.join(seed, '.gitattributes'), `${REGISTRY} merge=tagmango-hooks\n`);
    git(seed, 'add', '.gitattributes');
    git(seed, 'commit', '--quiet', '-m', 'merge driver for the registry');
    git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('each clone subscribes different webhooks and one forgets one: the second push goes through fetch + rebase, and the merge holds every record in its latest state', async () => {
    const alice = clone('alice');
    fake.expect(1);
    expect((await cli(alice, 'subscribe', hook('shared'))).code).toBe(0);
    commit(alice, 'registry: shared');
    git(alice, 'push', '--quiet', 'origin', 'HEAD:main');
    const bob = clone('bob');

    fake.expect(1);
    expect((await cli(alice, 'subscribe', hook('alice'))).code).toBe(0);
    const shared = remoteRegistry()[0] as Record_;
    expect((await cli(alice, 'forget', shared.id, '--yes')).code).toBe(0);
    commit(alice, 'registry: alice');
    git(alice, 'push', '--quiet', 'origin', 'HEAD:main');

    fake.expect(2);
    expect((await cli(bob, 'subscribe', hook('bob-1'))).code).toBe(0);
    expect((await cli(bob, 'subscribe', hook('bob-2'))).code).toBe(0);
    commit(bob, 'registry: bob');
    const rejected = spawnSync('git', ['push', 'origin', 'HEAD:main'], { cwd: bob, encoding: 'utf8', env: gitEnv });
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain('[rejected]');
    const rebase = git(bob, 'pull', '--rebase', 'origin', 'main');
    expect(rebase).toContain('Merged the registry: 4 records.');
    git(bob, 'push', '--quiet', 'origin', 'HEAD:main');

    const merged = remoteRegistry();
    expect(merged.map((r) => [r.hookUrl, r.status])).toEqual([
      [hook('shared'), 'forgotten'],
      [hook('alice'), 'active'],
      [hook('bob-1'), 'active'],
      [hook('bob-2'), 'active'],
    ]);
    expect(fs.readFileSync(path.join(bob, REGISTRY), 'utf8')).not.toContain('<<<<<<<');
    expect(fake.requests).toHaveLength(4);
  });

  it('both clones register the same webhook: after the merge list reports it registered twice, and a rerun sends nothing', async () => {
    const alice = clone('alice');
    const bob = clone('bob');
    fake.expect(2);
    expect((await cli(alice, 'subscribe', hook('same'))).code).toBe(0);
    expect((await cli(bob, 'subscribe', `${hook('same')}#bob`)).code).toBe(0);
    commit(alice, 'registry: alice');
    git(alice, 'push', '--quiet', 'origin', 'HEAD:main');
    commit(bob, 'registry: bob');
    // No common ancestor of the file: git hands the driver an empty base.
    expect(git(bob, 'pull', '--rebase', 'origin', 'main')).toContain('1 webhook is registered twice');
    git(bob, 'push', '--quiet', 'origin', 'HEAD:main');
    expect(remoteRegistry().map((r) => r.status)).toEqual(['active', 'active']);

    const list = await cli(bob, 'list');
    expect(list.code).toBe(0);
    const [first, second] = remoteRegistry().map((r) => r.id);
    expect(list.stdout).toMatch(new RegExp(`Registered twice: (${first} and ${second}|${second} and ${first}) are one webhook`));
    expect(list.stdout).toContain('then run: tagmango-hooks forget');
    expect(fake.requests).toHaveLength(2);
    const rerun = await cli(bob, 'subscribe', hook('same'), '--json');
    expect(JSON.parse(rerun.stdout).results).toMatchObject([{ status: 'skipped' }]);
    expect(fake.requests).toHaveLength(2);
  });
});
