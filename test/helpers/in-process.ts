import os from 'node:os';
import { PassThrough, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { run } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';

/** A writable that keeps what was written, with a settable TTY flag. */
export class MemoryStream extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
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
  const stdout = new MemoryStream(options.stdoutTTY);
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
  const code = await run(argv, deps);
  return { code, stdout: stdout.text, stderr: stderr.text, sleeps };
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
