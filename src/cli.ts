import type { ActionRunner } from './action.js';
import type { Deps } from './deps.js';
import { CancelError, DeclinedError, ExitCode, toCliError, UsageError, type CliError } from './errors.js';
import type { GlobalOptions } from './program-shape.js';
import { escapeJsonC1 } from './io/escape.js';
import { escapeControls } from './io/escape.js';
import { fitText } from './io/fit-text.js';
import { terminalWidth } from './io/width.js';
import { quickAnswer, type HelpOutput } from './help/prebuilt.js';
import { asCommanderError, buildProgram, trackDispatch, unknownHelpTopic } from './program.js';
import { Context } from './context.js';

/** Parse argv and run the command. Never exits the process: returns the exit code. */
export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  // The version and the help text fixed at build time, before commander and the command wiring
  // load (the binary answers them earlier still, in start.ts).
  const answer = quickAnswer(argv, deps.streams.stdout as HelpOutput, deps.env, new URL('./', import.meta.url));
  if (answer !== undefined) {
    deps.streams.stdout.write(answer);
    return ExitCode.ok;
  }
  let exitCode: number = ExitCode.ok;
  let json = argv.includes('--json');
  const runAction: ActionRunner = async (command, work) => {
    const globals = command.optsWithGlobals() as GlobalOptions;
    json = Boolean(globals.json);
    await deps.tuneProcess?.();
    const ctx = await Context.create(deps, globals);
    try {
      const outcome = (await work(ctx)) ?? {};
      if (outcome.error) outcome.error = stoppedBy(outcome.error, deps.signal);
      exitCode = outcome.error?.exitCode ?? ExitCode.ok;
      if (ctx.io.jsonOpen) {
        // The rows are already out: the fields known only at the end follow them.
        const { results: _streamed, ...rest } = outcome.data ?? {};
        ctx.io.closeJson({ ...rest, ok: !outcome.error, warnings: ctx.io.warnings, ...errorField(outcome.error) });
      } else if (ctx.io.json) {
        const document = { ok: !outcome.error, ...outcome.data, warnings: ctx.io.warnings, ...errorField(outcome.error) };
        if (outcome.jsonLines) ctx.io.write(JSON.stringify(document) + '\n');
        else await ctx.io.writeJson(document);
      } else if (outcome.error) {
        printError(outcome.error, deps, ctx.io.scrub.bind(ctx.io));
      }
    } catch (error) {
      const close = ctx.io.jsonOpen ? (document: Record<string, unknown>) => ctx.io.closeJson(document) : undefined;
      exitCode = report(stoppedBy(error, deps.signal), deps, json, Boolean(globals.verbose), ctx.io.scrub.bind(ctx.io), ctx.io.warnings, close);
    } finally {
      await ctx.close();
    }
  };
  const program = buildProgram(deps, runAction);
  const parsing = trackDispatch(program);
  try {
    const topic = unknownHelpTopic(program, argv);
    if (topic !== undefined) throw await unknownHelpTopicError(topic, program.commands.map((c) => c.name()));
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const commanderError = asCommanderError(error);
    if (commanderError) {
      // Commander's own --help and --version (with other arguments) end here.
      // No command with --json: a script asked for a document, so it gets a usage error as one.
      if (commanderError.code === 'commander.help' && json) {
        return report(new UsageError('No command given.', 'Name one: tagmango-hooks --help lists them.', 'MISSING_COMMAND'), deps, json, false, (t) => t, []);
      }
      if (commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version' || commanderError.code === 'commander.help') {
        return ExitCode.ok;
      }
      const { commanderUsageError } = await import('./commander-errors.js');
      return report(commanderUsageError(commanderError, { command: parsing(), argv }), deps, json, false, (t) => t, []);
    }
    return report(error, deps, json, argv.includes('--verbose') || argv.includes('-v'), (t) => t, []);
  }
  return exitCode;
}

/**
 * A run stopped by a signal ends with that signal's code: an interruption (130) becomes 143 when
 * SIGTERM stopped it. The abort reason of `signal` is the CancelError of the signal received.
 */
function stoppedBy<T>(error: T, signal: AbortSignal | undefined): T | CancelError {
  const reason = signal?.aborted ? (signal.reason as unknown) : undefined;
  if (!(error instanceof CancelError) || !(reason instanceof CancelError) || error.exitCode !== ExitCode.interrupted) return error;
  if (reason.exitCode === ExitCode.terminated) return new CancelError(error.message.replace(/^Interrupted/, 'Terminated (SIGTERM)'), ExitCode.terminated, { reported: error.reported });
  if (reason.exitCode === ExitCode.pipe) return new CancelError(error.message.replace(/^Interrupted/, 'Stopped (the reader of stdout went away)'), ExitCode.pipe, { reported: error.reported });
  return error;
}

/** `help <name>` for a name that is no command: one sentence, the nearest command if one is close. */
async function unknownHelpTopicError(topic: string, names: readonly string[]): Promise<UsageError> {
  const { nearestName } = await import('./validate/event.js');
  const nearest = nearestName(topic, names, 3);
  const suggestion = nearest ? `Did you mean ${nearest}? ` : '';
  return new UsageError(`Unknown command '${topic}'.`, `${suggestion}See: tagmango-hooks --help`);
}

function errorField(error: CliError | undefined): Record<string, unknown> {
  if (!error) return {};
  return { error: { code: error.code, message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) } };
}

/** Turn any error into output and an exit code: the one place errors become exit codes. */
function report(
  error: unknown,
  deps: Deps,
  json: boolean,
  verbose: boolean,
  scrub: (t: string) => string,
  warnings: unknown[],
  /** Ends a --json document whose rows are already out, instead of writing a whole one. */
  close?: (document: Record<string, unknown>) => void,
): number {
  const cliError = toCliError(error, 'Run again with --verbose and report the output.');
  if (json && close) close({ ok: false, warnings, ...errorField(cliError) });
  else if (json) deps.streams.stdout.write(escapeJsonC1(scrub(JSON.stringify({ ok: false, warnings, ...errorField(cliError) }, null, 2))) + '\n');
  else printError(cliError, deps, scrub);
  // The stack's first line is the message, which may quote outside bytes.
  if (verbose && error instanceof Error && error.stack) deps.streams.stderr.write(scrub(error.stack.split('\n').map(escapeControls).join('\n')) + '\n');
  return cliError.exitCode;
}

function printError(error: CliError, deps: Deps, scrub: (t: string) => string): void {
  // A stop the report has already summed up says nothing more; a "no" at a prompt is an answer, not an error.
  if (error instanceof CancelError && error.reported) return;
  if (error instanceof DeclinedError) {
    deps.streams.stderr.write(fitText(scrub(escapeControls(error.message)), terminalWidth(deps.streams.stderr)) + '\n');
    return;
  }
  const hint = error.hint ? `\n${escapeControls(error.hint)}` : '';
  deps.streams.stderr.write(fitText(scrub(`error: ${escapeControls(error.message)}${hint}`), terminalWidth(deps.streams.stderr)) + '\n');
}

/** Entry point of the binary: real streams and signals; the only place that ends the process. */
export function main(): void {
  const controller = new AbortController();
  // A reader that stops early (`| head`) closes the pipe: a stop like Ctrl-C (start nothing new,
  // let requests in flight settle, write the registry), and a run it stopped exits 141. Later
  // writes go nowhere; a command that had finished its work (help, events) still exits 0.
  let stdoutGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (stdoutGone) return;
    stdoutGone = true;
    controller.abort(new CancelError('Stopped: the reader of stdout went away.', ExitCode.pipe));
  });
  // SIGINT (Ctrl-C) and SIGTERM (docker stop, CI cancel, Kubernetes) alike: start nothing new, let
  // requests in flight settle, write the registry, report. A second signal quits at once.
  let stops = 0;
  const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
    stops += 1;
    const code = signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
    if (stops > 1) process.exit(code);
    const notice = signal === 'SIGTERM' ? 'Terminating: letting requests in flight finish... (a second signal quits at once)' : 'Stopping... (press Ctrl-C again to quit at once)';
    process.stderr.write(`\n${fitText(notice, terminalWidth(process.stderr))}\n`);
    controller.abort(new CancelError(signal === 'SIGTERM' ? 'Terminated (SIGTERM).' : 'Interrupted.', code));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const deps: Deps = {
    streams: {
      stdout: process.stdout,
      stderr: process.stderr,
      // Creating process.stdin costs more than the rest of --help: only when a command reads it.
      get stdin() {
        return process.stdin;
      },
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      }),
    random: Math.random,
    signal: controller.signal,
    tuneProcess: async () => (await import('./heap.js')).boundHeapGrowth(process.execArgv),
  };
  run(process.argv.slice(2), deps).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${escapeControls(String((error as Error)?.message ?? error))}\n`);
      process.exitCode = ExitCode.failure;
    },
  );
}
