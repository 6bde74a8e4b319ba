import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, tempHome } from './helpers/cli.js';
import { startFakeTagMango, type FakeTagMango } from './helpers/fake-tagmango.js';

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const hasJq = spawnSync('sh', ['-c', 'command -v jq']).status === 0;
const KEY = 'tmk_live_ci_recipe_secret_9f3a';
const COURSE = '634fc35ddaf58580e2418c40';
const HOOK = 'https://hooks.example.com/tagmango';

/** The first ```yaml block under a README heading. */
function yamlUnder(heading: string): string {
  const at = readme.indexOf(`### ${heading}\n`);
  expect(at, `README lacks "### ${heading}"`).toBeGreaterThan(0);
  const match = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

/** The body of the YAML block scalar (`run: |` or `- |`) that runs `tagmango-hooks subscribe`, dedented. */
function registerScript(yaml: string): string {
  const lines = yaml.split('\n');
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
    const script = body.map((l) => l.slice(indent)).join('\n');
    if (script.includes('tagmango-hooks subscribe')) return script;
  }
  throw new Error('no block scalar runs tagmango-hooks subscribe');
}

/** Run a recipe script with bash in `repo`, with tagmango-hooks on PATH pointing at the built binary. */
function runRecipe(script: string, repo: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shims = path.join(repo, '.shims');
  fs.mkdirSync(shims, { recursive: true });
  fs.writeFileSync(path.join(shims, 'tagmango-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], {
      cwd: repo,
      env: { PATH: `${shims}:${process.env.PATH ?? ''}`, HOME: repo, TAGMANGO_HOOKS_HOME: path.join(repo, '.home'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!hasJq).each(['GitHub Actions', 'GitLab CI'])('README CI recipe: %s (skipped when jq is not installed)', (heading) => {
  let fake: FakeTagMango;
  let repo: string;
  let env: Record<string, string>;
  const script = registerScript(yamlUnder(heading));

  beforeEach(async () => {
    fake = await startFakeTagMango({ apiKey: KEY });
    repo = tempHome();
    env = { TAGMANGO_API_KEY: KEY, TAGMANGO_API_URL: fake.url, HOOK_URL: HOOK, COURSE_ID: COURSE, EVENT: 'course.completed.100' };
  });
  afterEach(async () => fake.close());

  it('uses the key from the environment, the registry in the repository, --strict and --json | jq', () => {
    expect(script).toContain('--registry hooks/subscriptions.json');
    expect(script).toContain('--strict');
    expect(script).toMatch(/--json/);
    expect(script).toMatch(/\bjq\b/);
    expect(yamlUnder(heading)).toContain('TAGMANGO_API_KEY');
  });

  it('registers once, writes the registry file in the repository, and skips on a rerun', async () => {
    const first = await runRecipe(script, repo, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^created\\tcourse\\.completed\\.100\\t${HOOK.replace(/[./]/g, '\\$&')}\\t\\S+$`, 'm'));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.json).toEqual({ hookUrl: HOOK, event: 'course.completed.100', course: COURSE });
    expect(fake.requests[0]?.headers['x-api-key']).toBe(KEY);
    const registry = fs.readFileSync(path.join(repo, 'hooks', 'subscriptions.json'), 'utf8');
    expect(registry).toContain(HOOK);
    expect(registry).not.toContain(KEY);
    expect(first.stdout + first.stderr).not.toContain(KEY);

    const second = await runRecipe(script, repo, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^skipped\tcourse\.completed\.100\t/m);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails the job with exit 2 on the deprecated event, sending nothing', async () => {
    const result = await runRecipe(script, repo, { ...env, EVENT: 'course.completed' });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/deprecated/);
    expect(fake.requests).toHaveLength(0);
    expect(fs.existsSync(path.join(repo, 'hooks', 'subscriptions.json'))).toBe(false);
  });

  it('fails the job with exit 3 when the secret holds a wrong key', async () => {
    const result = await runRecipe(script, repo, { ...env, TAGMANGO_API_KEY: 'tmk_wrong_key_0000' });
    expect(result.code).toBe(3);
    expect(result.stdout).not.toContain('tmk_wrong_key_0000');
  });
});
