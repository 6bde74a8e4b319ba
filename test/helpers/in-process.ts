import os from 'node:os';
import { PassThrough, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { run } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';

/** A writable that keeps what was written, with a settable TTY flag. */
export class MemoryStream extends Writable {
  text = '';
  /** Called after each write (tests that wait for output poll nothing: they listen here). */
  readonly watchers = new Set<() => void>();
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    for (const watch of [...this.watchers]) watch();
    done();
  }
}

/** Options of an in-process run. */
export interface InProcessOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  dispatcher?: Dispatcher;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  /** The width of the terminal stdout is (with `stdoutTTY`). */
  columns?: number;
  /** Pretend stdin is a terminal (prompts read the `stdin` text as the answers). */
  stdinTTY?: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

/** Result of an in-process run, plus the waits the retry policy asked for. */
export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  sleeps: number[];
}

/** Run the CLI in this process with memory streams; sleeps are recorded and skipped. */
export async function runInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  return startRun(argv, options).done;
}

/** A run started in this process whose output the test can watch while it goes. */
export interface StartedRun {
  stdout: MemoryStream;
  stderr: MemoryStream;
  done: Promise<InProcessResult>;
}

/** Start a run in this process; `done` settles when it ends, and its streams can be watched meanwhile. */
export function startRun(argv: readonly string[], options: InProcessOptions): StartedRun {
  const stdout = new MemoryStream(options.stdoutTTY);
  if (options.columns !== undefined) Object.assign(stdout, { columns: options.columns });
  const stderr = new MemoryStream(options.stderrTTY);
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  if (options.stdinTTY) Object.assign(stdin, { isTTY: true });
  const sleeps: number[] = [];
  const deps: Deps = {
    streams: { stdout, stderr, stdin },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => new Date(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  };
  const done = run(argv, deps).then((code) => ({ code, stdout: stdout.text, stderr: stderr.text, sleeps }));
  return { stdout, stderr, done };
}

/** Options of `runCliInProcess`, the same as a spawned run's (`runCli`). */
export interface CliLikeOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** What `runCli` returns (a spawned run), plus the retry waits that were skipped. */
export interface CliLikeResult extends InProcessResult {
  signal: null;
}

/**
 * Run the CLI in this process with the arguments, environment, stdin and cwd a spawned run
 * (`runCli`) would get: no TTY, cwd the temp folder unless given, retry waits skipped.
 */
export async function runCliInProcess(argv: readonly string[], options: CliLikeOptions = {}): Promise<CliLikeResult> {
  const result = await runInProcess(argv, {
    env: options.env ?? {},
    stdin: options.input ?? '',
    cwd: options.cwd ?? os.tmpdir(),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...result, signal: null };
}

/** A long-running command (listen, sandbox) started in this process; `stop` is Ctrl-C. */
export interface RunningInProcess {
  /** Complete stdout lines so far. */
  readonly lines: string[];
  stdout: () => string;
  stderr: () => string;
  /** The first stdout line, parsed (the `{"event":"listening",...}` line with --json). */
  ready: { event: string; url: string; port: number };
  /** Resolve once stdout satisfies `test` (now or later); reject if the run ends first or after `timeoutMs`. */
  waitForOutput: (test: (stdout: string) => boolean, timeoutMs?: number) => Promise<string>;
  /** Resolve with the first complete stdout line that satisfies `test`. */
  waitForLine: (test: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  /** Abort the run's signal, as the first Ctrl-C does, and wait for its result. */
  stop: () => Promise<CliLikeResult>;
}

/**
 * Start a long-running command in this process and wait for its first stdout line (with --json,
 * the readiness line; without, the "Listening on" line is the first too).
 */
export async function startInProcess(argv: readonly string[], options: Omit<CliLikeOptions, 'signal'> = {}): Promise<RunningInProcess> {
  const controller = new AbortController();
  const started = startRun(argv, {
    env: options.env ?? {},
    stdin: options.input ?? '',
    cwd: options.cwd ?? os.tmpdir(),
    signal: controller.signal,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  let finished: InProcessResult | undefined;
  const done = started.done.then((r) => (finished = r));
  const lines = (): string[] => started.stdout.text.split('\n').slice(0, -1);
  const waitForOutput = (test: (stdout: string) => boolean, timeoutMs = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!test(started.stdout.text)) return;
        stopWatching();
        resolve(started.stdout.text);
      };
      const timer = setTimeout(() => {
        stopWatching();
        reject(new Error(`no matching output within ${timeoutMs} ms; stdout:\n${started.stdout.text}\nstderr:\n${started.stderr.text}`));
      }, timeoutMs);
      const stopWatching = (): void => {
        clearTimeout(timer);
        started.stdout.watchers.delete(check);
      };
      started.stdout.watchers.add(check);
      void done.then((r) => {
        if (!started.stdout.watchers.has(check)) return;
        stopWatching();
        reject(new Error(`exited with ${r.code} before matching output; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`));
      });
      check();
    });
  const waitForLine = async (test: (line: string) => boolean, timeoutMs?: number): Promise<string> => {
    await waitForOutput(() => lines().some(test), timeoutMs);
    return lines().find(test)!;
  };
  const first = await waitForLine(() => true);
  let ready = { event: '', url: '', port: 0 };
  try {
    ready = JSON.parse(first) as RunningInProcess['ready'];
  } catch {
    // A human-mode first line: no readiness document.
  }
  return {
    get lines() {
      return lines();
    },
    stdout: () => started.stdout.text,
    stderr: () => started.stderr.text,
    ready,
    waitForOutput,
    waitForLine,
    stop: async () => {
      if (!finished) controller.abort();
      return { ...(await done), signal: null };
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
