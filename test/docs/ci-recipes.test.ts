import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, tempHome } from '../helpers/cli.js';
import { everyRegistration, startFakeTagMango, type FakeTagMango, type ScriptedReply } from '../helpers/fake-tagmango.js';
import { startInProcess, type RunningInProcess } from '../helpers/in-process.js';
import { blocksUnder, readDoc } from '../helpers/markdown.js';

const ciDoc = readDoc('docs/ci.md');
const hasTools = ['jq', 'git'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
const KEY = 'tmk_live_ci_recipe_secret_9f3a';
const HOOK = 'https://hooks.example.com/tagmango';
const HOOK_2 = 'https://hooks.example.com/orders';
const HOOK_3 = 'https://hooks.example.com/course-all';
const HOOK_4 = 'https://hooks.example.com/laptop';
const COURSE = '634fc35ddaf58580e2418c40';
/** The line docs/registry.md and docs/ci.md tell a repository to commit. */
const GITATTRIBUTES = `${/^ *(hooks\/subscriptions\.json merge=tagmango-hooks)$/m.exec(ciDoc)?.[1] ?? 'the-gitattributes-line-is-missing-from-docs/ci.md'}\n`;
const GITLAB_PUSH_URL = 'https://ci:push-token@gitlab.example.invalid/group/project.git';

/** The only yaml block of a docs/ci.md section. */
function recipe(heading: string): string {
  const [yaml] = blocksUnder(ciDoc, `## ${heading}`, 'yaml');
  if (!yaml) throw new Error(`docs/ci.md has no yaml under "## ${heading}"`);
  return yaml;
}

/** The bodies of the YAML block scalars (`run: |`, `- |`), dedented, in order. */
function blockScalars(yaml: string): string[] {
  const lines = yaml.split('\n');
  const scripts: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const opener = /^(\s*)(?:run:|-) \|$/.exec(lines[i] ?? '');
    if (!opener) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j += 1) {
      const line = lines[j] ?? '';
      if (line.trim() !== '' && line.search(/\S/) <= (opener[1]?.length ?? 0)) break;
      body.push(line);
    }
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.search(/\S/)));
    scripts.push(body.map((l) => l.slice(indent)).join('\n'));
  }
  return scripts;
}

/** The recipe's register script and its commit script. */
function scriptsOf(yaml: string): { register: string; commit: string } {
  const all = blockScalars(yaml);
  const register = all.find((s) => s.includes('tagmango-hooks subscribe'));
  const commit = all.find((s) => s.includes('git add'));
  if (!register || !commit) throw new Error('the recipe lacks a register or a commit script');
  return { register, commit };
}

/** Run a script with bash -e in `cwd`, tagmango-hooks on PATH as the built binary. */
function run(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shims = path.join(path.dirname(cwd), 'shims');
  fs.mkdirSync(shims, { recursive: true });
  fs.writeFileSync(path.join(shims, 'tagmango-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env: { PATH: `${shims}:${process.env.PATH ?? ''}`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** git in `cwd`, failing the test when it fails. */
function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: path.dirname(cwd), GIT_CONFIG_NOSYSTEM: '1' } });
  expect(result.status, `git ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('docs/ci.md GitHub Actions recipe: the workflow file', () => {
  const yaml = recipe('GitHub Actions');

  it('is valid against the GitHub Actions workflow schema', () => {
    expect(validateWorkflow(yaml).errors).toEqual([]);
    // The validator does catch a broken workflow: a misspelt key of a job.
    expect(validateWorkflow(yaml.replace('runs-on:', 'runs_on:')).errors).not.toEqual([]);
  });

  it('runs one at a time, reads hooks from a file, and commits the registry even after a failure', () => {
    expect(yaml).toMatch(/^concurrency:\n {2}group: \S+.*\n {2}cancel-in-progress: false$/m);
    expect(yaml).toMatch(/- name: Commit and push the registry.*\n\s+if: always\(\)\n/);
    expect(yaml).toMatch(/- name: Keep the run's result and registry\n\s+if: always\(\)\n\s+uses: actions\/upload-artifact@v4\n/);
    expect(yaml).toContain("git config merge.tagmango-hooks.driver 'tagmango-hooks registry merge %O %A %B'");
    expect(yaml).toContain('--from-file hooks/webhooks.csv --registry hooks/subscriptions.json');
    expect(yaml).toContain('TAGMANGO_API_KEY: ${{ secrets.TAGMANGO_API_KEY }}');
  });
});

describe('the release workflow', () => {
  const yaml = fs.readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8');

  it('is valid, runs on version tags, runs the tests before publishing with provenance', () => {
    expect(validateWorkflow(yaml).errors).toEqual([]);
    expect(yaml).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*\.\*\.\*'\]$/m);
    expect(yaml).toMatch(/^ {2}id-token: write/m);
    const tests = yaml.indexOf('run: bash .ci/run');
    const publish = yaml.indexOf('run: npm publish --provenance');
    expect(tests).toBeGreaterThan(0);
    expect(publish).toBeGreaterThan(tests);
  });
});

describe('docs/ci.md GitLab recipe: the job', () => {
  const yaml = recipe('GitLab CI');

  it('runs one at a time, reads hooks from a file, commits in after_script and keeps artifacts always', () => {
    expect(yaml).toMatch(/^ {2}resource_group: \S+/m);
    expect(yaml).toMatch(/^ {2}after_script:.*\n {4}- \|\n( {6}.*\n)* {6}git add hooks\//m);
    expect(yaml).toMatch(/^ {6}for attempt in .*\n {8}if git push "\$remote" .*\n(.*\n)* {8}git rebase FETCH_HEAD/m);
    expect(yaml).toMatch(/^ {2}artifacts:\n {4}when: always$/m);
    expect(yaml).toContain('--from-file hooks/webhooks.csv --registry hooks/subscriptions.json');
  });
});

describe.skipIf(!hasTools && !process.env.CI).each(['GitHub Actions', 'GitLab CI'])('docs/ci.md %s recipe against a fake TagMango (needs jq and git; .ci/run installs them)', (heading) => {
  const { register, commit } = scriptsOf(recipe(heading));
  let fake: FakeTagMango;
  let answers: Map<string, ScriptedReply>;
  let origin: string;
  let repo: string;
  let env: Record<string, string>;

  /** The registry as the remote has it, or null. */
  const pushedRegistry = (): { subscriptions: { hookUrl: string; status: string }[] } | null => {
    const show = spawnSync('git', ['show', 'main:hooks/subscriptions.json'], { cwd: origin, encoding: 'utf8' });
    return show.status === 0 ? (JSON.parse(show.stdout) as { subscriptions: { hookUrl: string; status: string }[] }) : null;
  };
  const sentFor = (hookUrl: string): number => fake.requests.filter((r) => (r.json as { hookUrl?: string }).hookUrl === hookUrl).length;
  /** One CI job: the register script, then the commit script whatever the first did. */
  const job = async (): Promise<{ code: number | null; log: string }> => {
    const registered = await run(register, repo, env);
    const committed = await run(commit, repo, env);
    expect(committed.code, committed.stderr).toBe(0);
    return { code: registered.code, log: registered.stdout + registered.stderr };
  };

  beforeEach(async () => {
    answers = new Map();
    fake = await startFakeTagMango({ apiKey: KEY, route: (request) => answers.get((request.json as { hookUrl: string }).hookUrl) ?? everyRegistration(request) });
    const base = tempHome();
    origin = path.join(base, 'origin.git');
    repo = path.join(base, 'repo');
    git(base, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    git(base, 'clone', '--quiet', origin, repo);
    git(repo, 'config', 'user.name', 'test');
    git(repo, 'config', 'user.email', 'test@example.com');
    git(repo, 'config', `url.${origin}.insteadOf`, GITLAB_PUSH_URL);
    fs.mkdirSync(path.join(repo, 'hooks'));
    fs.writeFileSync(path.join(repo, '.gitattributes'), GITATTRIBUTES);
    fs.writeFileSync(path.join(repo, 'hooks', 'webhooks.csv'), `hookUrl,event,course,mango\n${HOOK},course.completed.100,${COURSE},\n${HOOK_2},order.created.completed,,64a1c0ffee0ddba11c0ffee0\n`);
    git(repo, 'add', 'hooks', '.gitattributes');
    git(repo, 'commit', '--quiet', '-m', 'hooks');
    git(repo, 'push', '--quiet', 'origin', 'HEAD:main');
    git(repo, 'branch', '--quiet', '--set-upstream-to=origin/main');
    env = {
      HOME: base,
      GIT_CONFIG_NOSYSTEM: '1',
      TAGMANGO_HOOKS_HOME: path.join(base, 'home'),
      TAGMANGO_API_KEY: KEY,
      TAGMANGO_API_URL: fake.url,
      REGISTRY_PUSH_TOKEN: 'push-token',
      CI_SERVER_HOST: 'gitlab.example.invalid',
      CI_PROJECT_PATH: 'group/project',
      CI_COMMIT_BRANCH: 'main',
    };
  });
  afterEach(async () => fake.close());

  it('registers every hook of the file, pushes the registry, and a rerun sends nothing', async () => {
    const first = await job();
    expect(first.code, first.log).toBe(0);
    expect(first.log).toMatch(new RegExp(`^created\\tcourse\\.completed\\.100\\t${HOOK.replace(/[./]/g, '\\$&')}\\twh_\\w+\\t$`, 'm'));
    expect(first.log).toMatch(/^created\torder\.created\.completed\t/m);
    expect(fake.requests.map((r) => r.headers['x-api-key'])).toEqual([KEY, KEY]);
    expect(pushedRegistry()?.subscriptions.map((s) => s.status)).toEqual(['active', 'active']);
    expect(first.log).not.toContain(KEY);

    const second = await job();
    expect(second.code, second.log).toBe(0);
    expect(second.log).toMatch(/^skipped\tcourse\.completed\.100\t/m);
    expect(fake.requests).toHaveLength(2);
  });

  // GitHub's recipe runs the same race against the embedded sandbox (below).
  const itGitLab = heading === 'GitLab CI' ? it : () => undefined;
  itGitLab('a push landing on the remote while the job runs: the registry commit is rebased (merge driver) and pushed, nothing lost, a rerun sends nothing', async () => {
    expect((await job()).code).toBe(0);
    const other = path.join(path.dirname(repo), 'other');
    git(path.dirname(repo), 'clone', '--quiet', origin, other);
    fs.appendFileSync(path.join(repo, 'hooks', 'webhooks.csv'), `${HOOK_3},course.completed.100,,\n`);
    const registered = await run(register, repo, env);
    expect(registered.code, registered.stderr).toBe(0);
    // Meanwhile a colleague registers another webhook from a laptop and pushes the registry.
    const laptop = await run(`tagmango-hooks subscribe ${HOOK_4} --registry hooks/subscriptions.json && git add hooks && git -c user.name=dev -c user.email=dev@example.com commit --quiet -m laptop && git push --quiet origin HEAD:main`, other, env);
    expect(laptop.code, laptop.stderr).toBe(0);
    const committed = await run(commit, repo, env);
    expect(committed.code, committed.stdout + committed.stderr).toBe(0);
    expect(committed.stdout).toContain('Push rejected (attempt 1 of 5)');
    expect(committed.stderr).toContain('Merged the registry: 4 records.');
    expect(pushedRegistry()?.subscriptions.map((s) => [s.hookUrl, s.status]).sort()).toEqual([HOOK_2, HOOK_4, HOOK, HOOK_3].map((h) => [h, 'active']).sort());
    expect(git(origin, 'log', '--format=%s', 'main')).toMatch(/^Update TagMango webhook registry.*\nlaptop\n/);
    expect(fake.requests).toHaveLength(4);
    const rerun = await job();
    expect(rerun.code, rerun.log).toBe(0);
    expect(fake.requests).toHaveLength(4);
  });

  it('a failed registration fails the job with its reason, and what succeeded is still committed', async () => {
    answers.set(HOOK_2, { status: 500, body: { message: 'mango not found', success: false, code: 500 } });
    const first = await job();
    expect(first.code).toBe(4);
    expect(first.log).toMatch(/^failed\torder\.created\.completed\t\S+\t-\t.*mango not found/m);
    const pushed = pushedRegistry();
    expect(pushed?.subscriptions.map((s) => [s.hookUrl, s.status])).toEqual([[HOOK, 'active']]);

    // The next run (TagMango healthy again) sends only the one that failed.
    answers.clear();
    const second = await job();
    expect(second.code, second.log).toBe(0);
    expect(sentFor(HOOK)).toBe(1);
    expect(sentFor(HOOK_2)).toBe(2);
  });

  it('an unknown outcome fails this job and every later one until it is settled, and is never sent again', async () => {
    answers.set(HOOK_2, { reset: true });
    const first = await job();
    expect(first.code).not.toBe(0);
    expect(first.log).toMatch(/^unknown\torder\.created\.completed\t/m);
    expect(first.log).toMatch(/1 registration\(s\) have an unknown outcome: check the TagMango dashboard/);
    expect(pushedRegistry()?.subscriptions.map((s) => [s.hookUrl, s.status])).toEqual([
      [HOOK, 'active'],
      [HOOK_2, 'unknown'],
    ]);

    answers.clear();
    const second = await job();
    expect(second.code, second.log).toBe(4);
    expect(second.log).toMatch(/^unknown\torder\.created\.completed\t/m);
    expect(second.log).toMatch(/1 registration\(s\) have an unknown outcome: .*tagmango-hooks resolve <id> --exists or --absent/);
    expect(sentFor(HOOK_2)).toBe(1);
  });

  it('a deprecated event in the file fails the job with exit 2 and sends nothing', async () => {
    fs.appendFileSync(path.join(repo, 'hooks', 'webhooks.csv'), `${HOOK},course.completed,${COURSE},\n`);
    const result = await job();
    expect(result.code).toBe(2);
    expect(result.log).toMatch(/deprecated/);
    expect(fake.requests).toHaveLength(0);
  });

  it('a wrong key in the secret fails the job with exit 3 and never prints the key', async () => {
    const result = await run(register, repo, { ...env, TAGMANGO_API_KEY: 'tmk_wrong_key_0000' });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain('tmk_wrong_key_0000');
  });
});

describe.skipIf(!hasTools && !process.env.CI)('docs/ci.md GitHub Actions recipe against the embedded sandbox, with a push landing meanwhile (needs jq and git)', () => {
  const { register, commit } = scriptsOf(recipe('GitHub Actions'));
  let sandbox: RunningInProcess | undefined;
  afterEach(async () => sandbox?.stop());

  it('the registry commit is rebased over a colleague\'s registry push (merge driver) and lands; after a rerun the sandbox holds each webhook once', async () => {
    const base = tempHome();
    sandbox = await startInProcess(['sandbox', '--port', '0', '--json'], { env: { TAGMANGO_HOOKS_HOME: path.join(base, 'sandbox-home') } });
    const origin = path.join(base, 'origin.git');
    const repo = path.join(base, 'repo');
    const other = path.join(base, 'other');
    git(base, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
    git(base, 'clone', '--quiet', origin, repo);
    fs.mkdirSync(path.join(repo, 'hooks'));
    fs.writeFileSync(path.join(repo, '.gitattributes'), GITATTRIBUTES);
    fs.writeFileSync(path.join(repo, 'hooks', 'webhooks.csv'), `hookUrl,event,course\n${HOOK},course.completed.100,${COURSE}\n`);
    git(repo, 'add', 'hooks', '.gitattributes');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'hooks');
    git(repo, 'push', '--quiet', 'origin', 'HEAD:main');
    git(repo, 'branch', '--quiet', '--set-upstream-to=origin/main');
    git(base, 'clone', '--quiet', origin, other);
    const env = { HOME: base, GIT_CONFIG_NOSYSTEM: '1', TAGMANGO_HOOKS_HOME: path.join(base, 'home'), TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: sandbox.ready.url };

    expect((await run(register, repo, env)).code).toBe(0);
    // Meanwhile a colleague registers another webhook from a laptop and pushes the registry.
    const laptop = await run(`tagmango-hooks subscribe ${HOOK_4} --registry hooks/subscriptions.json && git add hooks && git -c user.name=dev -c user.email=dev@example.com commit --quiet -m laptop && git push --quiet origin HEAD:main`, other, env);
    expect(laptop.code, laptop.stderr).toBe(0);
    const committed = await run(commit, repo, env);
    expect(committed.code, committed.stdout + committed.stderr).toBe(0);
    expect(committed.stdout).toContain('Push rejected (attempt 1 of 5)');
    expect(committed.stderr).toContain('Merged the registry: 2 records.');
    expect(git(origin, 'log', '--format=%s', 'main')).toMatch(/^Update TagMango webhook registry\nlaptop\n/);
    const pushed = JSON.parse(git(origin, 'show', 'main:hooks/subscriptions.json')) as { subscriptions: { hookUrl: string; status: string }[] };
    expect(pushed.subscriptions.map((r) => [r.hookUrl, r.status]).sort()).toEqual([[HOOK, 'active'], [HOOK_4, 'active']].sort());

    const rerun = await run(register, repo, env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^skipped\tcourse\.completed\.100\t/m);
    const held = (await (await fetch(`${sandbox.ready.url}/__sandbox/registrations`)).json()) as { result: { hookUrl: string }[] };
    expect(held.result.map((r) => r.hookUrl).sort()).toEqual([HOOK, HOOK_4].sort());
  });
});
