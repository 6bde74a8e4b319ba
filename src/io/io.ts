import { colorLevel } from './color.js';
import { prettyJsonChunks } from './json-output.js';
import { NO_PROGRESS, startProgress, type Progress } from './progress.js';
import { redact } from '../secrets.js';
import { escapeJsonC1, guardTerminal } from './escape.js';
import { fitText } from './fit-text.js';
import { terminalWidth } from './width.js';

/** The streams a command talks through; tests pass in-memory ones. */
export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** A warning shown on stderr and, with --json, listed in the document's `warnings`. */
export interface Warning {
  code: string;
  message: string;
  [key: string]: unknown;
}

/** How much the user wants to hear. */
export interface IOOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  colorFlag: boolean;
  env: Record<string, string | undefined>;
  /** chalk's class, needed only for a stream that takes colour (`IO.create` loads it then). */
  Chalk?: typeof import('chalk').Chalk;
}

/** One style of our output: the text as it is, or wrapped in an SGR colour sequence. */
type Style = (text: string) => string;

/** The styles our output uses: chalk's where the stream takes colour, else the text unchanged. */
export interface Colors {
  bold: Style;
  cyan: Style;
  dim: Style;
  green: Style;
  red: Style;
  yellow: Style;
}

const same: Style = (text) => text;
const PLAIN: Colors = { bold: same, cyan: same, dim: same, green: same, red: same, yellow: same };

function styles(level: number, Chalk: IOOptions['Chalk']): Colors {
  if (level === 0) return PLAIN;
  if (!Chalk) throw new Error('Colour needs chalk: build the IO with IO.create.');
  return new Chalk({ level: level as 1 | 2 | 3 });
}

/** The colour levels of stdout and stderr. */
function levels(streams: Streams, options: IOOptions): [number, number] {
  const base = { env: options.env, colorFlag: options.colorFlag };
  return [colorLevel({ ...base, isTTY: Boolean(streams.stdout.isTTY) }), colorLevel({ ...base, isTTY: Boolean(streams.stderr.isTTY) })];
}

/** Resolves when `stream` can take more, or when it is closed or failed (a closed pipe never drains). */
function drainedOrGone(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

/** Owns stdout/stderr, TTY facts, colour and the line printers used by every command. */
export class IO {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colour for stderr-bound text. */
  readonly err: Colors;
  /** Colour for stdout-bound text. */
  readonly color: Colors;
  readonly warnings: Warning[] = [];
  private readonly secrets: string[] = [];

  constructor(
    readonly streams: Streams,
    options: IOOptions,
  ) {
    this.json = options.json;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    // A key in the environment is masked from the first line on, even where it is echoed as
    // something else (`subscribe "$TAGMANGO_API_KEY"`, a CSV cell) before any command reads it.
    this.addSecret(options.env.TAGMANGO_API_KEY?.trim() ?? '');
    const [out, err] = levels(streams, options);
    this.color = styles(out, options.Chalk);
    this.err = styles(err, options.Chalk);
  }

  /** An IO whose colour, where a stream takes it, is chalk's: chalk (and node:tty) load only then. */
  static async create(streams: Streams, options: IOOptions): Promise<IO> {
    const Chalk = levels(streams, options).some((level) => level > 0) ? (await import('chalk')).Chalk : undefined;
    return new IO(streams, { ...options, Chalk });
  }

  get stdinIsTTY(): boolean {
    return Boolean(this.streams.stdin.isTTY);
  }

  get stdoutIsTTY(): boolean {
    return Boolean(this.streams.stdout.isTTY);
  }

  get stderrIsTTY(): boolean {
    return Boolean(this.streams.stderr.isTTY);
  }

  /** The width of the terminal on stdout, read at each call (Node updates it on resize); undefined when piped: whole values then. */
  get columns(): number | undefined {
    return terminalWidth(this.streams.stdout);
  }

  /** The width of the terminal on stderr (progress, help on errors); undefined when it is not one. */
  get errColumns(): number | undefined {
    return terminalWidth(this.streams.stderr);
  }

  /** Register a secret so no line this object prints can carry it in full. */
  addSecret(secret: string): void {
    if (secret && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  /** Secrets looked up on the first scrub (the stored key: only read when something is printed). */
  private secretSources: Array<() => string | undefined> = [];

  /** Register a lookup of a secret, asked once, the first time a text is scrubbed; a failing one is skipped. */
  addSecretSource(source: () => string | undefined): void {
    this.secretSources.push(source);
  }

  /** Mask registered secrets in a text. */
  scrub(text: string): string {
    if (this.secretSources.length > 0) {
      const sources = this.secretSources.splice(0);
      for (const source of sources) {
        try {
          this.addSecret(source() ?? '');
        } catch {
          // An unreadable config is reported by the command that needs it.
        }
      }
    }
    return redact(text, this.secrets);
  }

  /** What every printer writes: secrets masked, then any control character that is not ours escaped. */
  private safe(text: string): string {
    return guardTerminal(this.scrub(text));
  }

  /** A line of human-readable result on stdout (nothing in --json mode), fitted to a terminal's width. */
  out(line = ''): void {
    if (!this.json) this.streams.stdout.write(fitText(this.safe(line), this.columns) + '\n');
  }

  /** Raw text on stdout, used for the JSON document and scripts such as completions. */
  write(text: string): void {
    this.streams.stdout.write(this.safe(text));
  }

  /**
   * The --json document on stdout, pretty-printed, in chunks; waits whenever stdout (a pipe)
   * is full, so a large document is never held whole in memory.
   */
  async writeJson(document: unknown): Promise<void> {
    const { stdout } = this.streams;
    for (const chunk of prettyJsonChunks(document, (text) => escapeJsonC1(this.scrub(text)))) {
      if (!stdout.write(chunk)) await drainedOrGone(stdout);
      // The reader went away (`| head`): the rest has nowhere to go.
      if ((stdout as { destroyed?: boolean }).destroyed) return;
    }
    stdout.write('\n');
  }

  /**
   * Resolves once stdout has taken what was written: at once, unless it is a pipe whose reader is
   * behind. A long stream of rows waits here, so what it printed is never queued in memory.
   */
  async drained(): Promise<void> {
    const stdout = this.streams.stdout as NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean };
    if (stdout.writableNeedDrain && !stdout.destroyed) await drainedOrGone(stdout);
  }

  /** Rows written to a --json document's `results` so far; undefined until the list is opened. */
  private streamedRows: number | undefined;

  /**
   * Start the --json document with its `results` list, filled by jsonRow as rows settle and ended
   * by closeJson with the fields known only at the end: a long run never holds its rows.
   */
  openJsonResults(): void {
    if (!this.json || this.streamedRows !== undefined) return;
    this.streams.stdout.write('{\n  "results": [');
    this.streamedRows = 0;
  }

  /** One row of the open `results` list, pretty-printed like the rest of the document. */
  jsonRow(row: unknown): void {
    if (this.streamedRows === undefined) return;
    const text = (JSON.stringify(row, null, 2) ?? 'null').replaceAll('\n', '\n    ');
    this.streams.stdout.write(`${this.streamedRows > 0 ? ',' : ''}\n    ${escapeJsonC1(this.scrub(text))}`);
    this.streamedRows += 1;
  }

  /** Whether a --json document was opened by openJsonResults and still needs closeJson. */
  get jsonOpen(): boolean {
    return this.streamedRows !== undefined;
  }

  /** End the open document: the `results` list, then `rest`'s fields (ok, warnings, error...). */
  closeJson(rest: Record<string, unknown>): void {
    if (this.streamedRows === undefined) return;
    const tail = JSON.stringify(rest, null, 2);
    this.streams.stdout.write(`${this.streamedRows > 0 ? '\n  ' : ''}]${tail === '{}' ? '\n}' : `,${escapeJsonC1(this.scrub(tail.slice(1)))}`}\n`);
    this.streamedRows = undefined;
  }

  /** Progress or a remark on stderr; silenced by --quiet. */
  info(line: string): void {
    if (!this.quiet) this.streams.stderr.write(fitText(this.safe(line), this.errColumns) + '\n');
  }

  /** A warning on stderr, kept for the JSON document. */
  warn(warning: Warning): void {
    this.warnings.push(warning);
    this.streams.stderr.write(fitText(this.safe(`${this.err.yellow('warning:')} ${warning.message}`), this.errColumns) + '\n');
  }


  /**
   * A progress display on stderr for `total` items. It draws only on a TTY, and not with --json,
   * --quiet or --verbose (whose lines it would garble); it stays hidden for work of a moment.
   */
  progress(total: number, label: string, now: () => number): Progress {
    if (!this.stderrIsTTY || this.json || this.quiet || this.verbose) return NO_PROGRESS;
    return startProgress({ stream: this.streams.stderr, label, total, now, columns: () => this.errColumns });
  }

  /** A detail shown only with --verbose. */
  debug(line: string): void {
    if (this.verbose) this.streams.stderr.write(this.safe(this.err.dim(line)) + '\n');
  }
}

