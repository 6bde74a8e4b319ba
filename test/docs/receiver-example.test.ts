import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnv, tempHome } from '../helpers/cli.js';
import { runCliInProcess, startInProcess, type RunningInProcess } from '../helpers/in-process.js';

// The receiver of docs/receivers.md, run as a user would run it (its own process), against trigger and the sandbox (in-process).
const EXAMPLES = ['receiver.mjs', 'express.mjs', 'hono.mjs'];
const example = (name: string): string => fileURLToPath(new URL(`../../docs/examples/${name}`, import.meta.url));
const SECRET = 'docs-example-secret-0123456789';
const PAGE = fileURLToPath(new URL('../../docs/receivers.md', import.meta.url));
const COURSE = '634fc35ddaf58580e2418c40';

interface Receiver {
  url: string;
  lines: Record<string, unknown>[];
  waitFor: (test: (line: Record<string, unknown>) => boolean) => Promise<void>;
  stop: () => void;
}

const stops: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Start the example receiver on a free port and collect its JSON log lines. */
async function startReceiver(name = 'receiver.mjs'): Promise<Receiver> {
  const child = spawn(process.execPath, [example(name)], { env: { PATH: process.env.PATH, PORT: '0', TAGMANGO_HOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
    waiters.splice(0).forEach((wake) => wake());
  });
  const waitFor = async (test: (line: Record<string, unknown>) => boolean): Promise<void> => {
    while (!lines.some(test)) {
      if (child.exitCode !== null) throw new Error(`receiver exited: ${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  stops.push(() => child.kill('SIGTERM'));
  await waitFor((l) => 'listening' in l);
  const url = String(lines[0]?.listening);
  return { url, lines, waitFor, stop: () => child.kill('SIGTERM') };
}

const certificates = (r: Receiver): number => r.lines.filter((l) => l.action === 'issue-certificate').length;

describe('the receiver examples of docs/receivers.md', () => {
  it.each(EXAMPLES)('%s is the code the page shows', (name) => {
    const page = fs.readFileSync(PAGE, 'utf8');
    const block = new RegExp(`<!-- docs/examples/${name.replace('.', '\\.')} -->\n\`\`\`js\n([\\s\\S]*?)\`\`\``).exec(page);
    expect(block?.[1]).toBe(fs.readFileSync(example(name), 'utf8'));
  });

  it.each(EXAMPLES)('%s against trigger: processes the migration overlap once, refuses a wrong token and a broken body', async (name) => {
    const receiver = await startReceiver(name);
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tagmango\?event=\{event\}&token=\{secret\}$/);
    const env = { env: baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: SECRET }) };
    const legacy = await runCliInProcess(['trigger', 'course.completed', '--to', receiver.url], env);
    expect(legacy.code, legacy.stderr).toBe(0);
    const successor = await runCliInProcess(['trigger', 'course.completed.100', '--to', receiver.url], env);
    expect(successor.code, successor.stderr).toBe(0);
    expect(successor.stdout).toContain('{"received":true,"duplicate":true}');
    const other = await runCliInProcess(['trigger', 'course.completed.100', '--to', receiver.url, '--set', 'email=someone.else@example.com'], env);
    expect(other.code, other.stderr).toBe(0);
    await receiver.waitFor((l) => l.email === 'someone.else@example.com');
    expect(certificates(receiver)).toBe(2);

    const wrong = await runCliInProcess(['trigger', 'course.completed.100', '--to', receiver.url], { env: baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: `${SECRET}-not` }) });
    expect([wrong.code, wrong.stdout]).toEqual([1, expect.stringContaining(': 401 in')]);
    const broken = await fetch(receiver.url.replace('{event}', 'course.completed.50').replace('{secret}', SECRET), { method: 'POST', body: '{"name":' });
    expect(broken.status).toBe(400);
    expect(certificates(receiver)).toBe(2);
  });

  it('against the sandbox: after migrate both webhooks fire with the same body, and it is processed once', async () => {
    const receiver = await startReceiver();
    const sandbox: RunningInProcess = await startInProcess(['sandbox', '--port', '0', '--json'], { env: baseEnv(tempHome()) });
    stops.push(() => sandbox.stop());
    const env = { env: baseEnv(tempHome(), { TAGMANGO_API_KEY: 'sandbox-key-0001', TAGMANGO_API_URL: sandbox.ready.url, TAGMANGO_HOOK_SECRET: SECRET }) };
    const sub = await runCliInProcess(['subscribe', receiver.url, '--event', 'course.completed', '--course', COURSE], env);
    expect(sub.code, sub.stderr).toBe(0);
    const migrate = await runCliInProcess(['migrate', '--yes'], env);
    expect(migrate.code, migrate.stderr).toBe(0);

    const port = String(sandbox.ready.port);
    const fired = [];
    for (const event of ['course.completed', 'course.completed.100']) {
      const fire = await runCliInProcess(['sandbox', 'fire', event, '--course', COURSE, '--port', port, '--json'], env);
      expect(fire.code, fire.stderr).toBe(0);
      fired.push(JSON.parse(fire.stdout) as { payload: unknown; deliveries: { hookUrl: string; status: number }[] });
    }
    expect(fired[0]?.payload).toEqual(fired[1]?.payload);
    expect(fired.map((f) => f.deliveries.map((d) => [new URL(d.hookUrl).searchParams.get('event'), d.status]))).toEqual([
      [['course.completed', 200]],
      [['course.completed.100', 200]],
    ]);
    expect(certificates(receiver)).toBe(1);
  });

  it('survives a request whose target is not a URL (answers 400) and keeps receiving', async () => {
    const receiver = await startReceiver();
    const { port } = new URL(receiver.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.end('POST http://[ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 (400|404) /);
    const after = await runCliInProcess(['trigger', 'course.completed.100', '--to', receiver.url], { env: baseEnv(tempHome(), { TAGMANGO_HOOK_SECRET: SECRET }) });
    expect(after.code, after.stderr).toBe(0);
    await receiver.waitFor((l) => l.action === 'issue-certificate');
  });
});
