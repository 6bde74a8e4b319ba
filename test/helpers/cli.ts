import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary under test. */
export const BIN = fileURLToPath(new URL('../../bin/tagmango-hooks.cjs', import.meta.url));

/** What a finished run of the binary left. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of one spawned run. */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

/** A fresh temporary folder used as TAGMANGO_HOOKS_HOME. */
export function tempHome(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmh-test-'));
  if (madeHomes.length === 0) process.once('exit', () => madeHomes.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  madeHomes.push(dir);
  return dir;
}

/** Folders made by tempHome, removed when the test process exits. */
const madeHomes: string[] = [];

/** A clean environment: no key, no colour forcing, no proxies, a given home. */
export function baseEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: home,
    TAGMANGO_HOOKS_HOME: home,
    ...extra,
  };
}

/** Spawn the built binary, feed stdin, and wait for it to exit. No TTY. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/** Spawn any program (such as `npm run demo`), feed stdin, and wait for it to exit. No TTY. */
export function runProcess(command: string, args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnProcess(command, args, options).done;
}

/** Snapshot every file below a folder (path -> content) to compare before and after. */
export function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A spawned run of the binary that the test controls (for example to kill it mid-run). */
export interface SpawnedCli {
  child: ReturnType<typeof spawn>;
  /** The output so far, while it runs. */
  output: () => { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/** Spawn the built binary without waiting for it; stdin is closed at once. No TTY. */
export function spawnCli(args: readonly string[], options: CliOptions = {}): SpawnedCli {
  return spawnProcess(process.execPath, [BIN, ...args], options);
}

/** Spawn any program without waiting for it; stdin gets `options.input` and is closed. No TTY. */
export function spawnProcess(command: string, args: readonly string[], options: CliOptions = {}): SpawnedCli {
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  const child = spawn(command, [...args], { env, cwd: options.cwd ?? os.tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Poll a condition (every few milliseconds) until it holds, or fail after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** SHA-256 of every file below a folder (path -> digest), to prove nothing changed. */
export function checksumFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshotFiles(dir)).map(([file, text]) => [file, crypto.createHash('sha256').update(text).digest('hex')]));
}
