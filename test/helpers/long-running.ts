import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import { BIN, type CliResult } from './cli.js';

/** A long-running command (listen, sandbox) spawned from the built binary. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Complete stdout lines so far. */
  lines: string[];
  stderr: () => string;
  /** The first stdout line, parsed (the `{"event":"listening",...}` line with --json). */
  ready: { event: string; url: string; port: number };
  /** Resolve with the first stdout line (already seen or still to come) that satisfies `test`. */
  waitForLine: (test: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  /** Send SIGINT and wait for the exit. */
  stop: () => Promise<CliResult>;
}

/** Spawn `args` (which must include --json) and wait until it prints its JSON readiness line. */
export async function startCli(args: readonly string[], env: Record<string, string | undefined>): Promise<RunningCli> {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, [BIN, ...args], { env: clean, cwd: os.tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  const lines: string[] = [];
  let partial = '';
  let stdout = '';
  let stderr = '';
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    partial += chunk.toString();
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const waitForLine = (test: (line: string) => boolean, timeoutMs = 10_000): Promise<string> => {
    const found = lines.find(test);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
      waiters.push({ test, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then((r) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${r.code} before a matching line; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`));
      });
    });
  };
  const first = await waitForLine(() => true);
  return {
    child,
    lines,
    stderr: () => stderr,
    ready: JSON.parse(first) as RunningCli['ready'],
    waitForLine,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Parse every stdout line that is a JSON object with the given `event` field. */
export function jsonLines(lines: readonly string[], event: string): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed.event === event ? [parsed] : [];
    } catch {
      return [];
    }
  });
}
