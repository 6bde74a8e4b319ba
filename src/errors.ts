/** Exit codes of the contract: what a script can rely on. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  partial: 4,
  interrupted: 130,
  /** The reader of stdout went away (`| head`): stopped like Ctrl-C. */
  pipe: 141,
  terminated: 143,
} as const;

/** Base of every error the CLI reports on purpose: a code for scripts, a sentence for people. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(code: string, message: string, exitCode: number, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Invalid usage or input: nothing was sent and nothing written (exit 2). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string, code = 'USAGE') {
    super(code, message, ExitCode.usage, hint);
  }
}

/** API key missing or rejected (exit 3). */
export class AuthError extends CliError {
  constructor(message: string, hint = 'Run: tagmango-hooks login', code = 'AUTH') {
    super(code, message, ExitCode.auth, hint);
  }
}

/** The API or the network failed (exit 1). */
export class ApiError extends CliError {
  readonly status: number | undefined;
  constructor(code: string, message: string, options: { status?: number; hint?: string } = {}) {
    super(code, message, ExitCode.failure, options.hint);
    this.status = options.status;
  }
}

/** A local file could not be used: unreadable or unwritable (exit 1), or invalid content (exit 2). */
export class FileError extends CliError {
  readonly path: string;
  constructor(code: string, message: string, path: string, hint?: string, exitCode: number = ExitCode.failure) {
    super(code, message, exitCode, hint);
    this.path = path;
  }
}

/** Some items of a bulk or migrate run failed; the result was already printed (exit 4). */
export class PartialError extends CliError {
  constructor(message: string, hint?: string) {
    super('PARTIAL_FAILURE', message, ExitCode.partial, hint);
  }
}

/** The user stopped the run (Ctrl-C, SIGTERM). `reported`: the human report already said so, so no `error:` line follows. */
export class CancelError extends CliError {
  readonly reported: boolean;
  constructor(message = 'Cancelled.', exitCode: number = ExitCode.interrupted, options: { reported?: boolean } = {}) {
    super('CANCELLED', message, exitCode);
    this.reported = options.reported ?? false;
  }
}

/** The user said no at a confirmation prompt: nothing was done (exit 1), said plainly, not as an error. */
export class DeclinedError extends CliError {
  constructor(message = 'Nothing sent.') {
    super('DECLINED', message, ExitCode.failure);
  }
}

/** Any error as a CliError: itself, or an unexpected one (`INTERNAL`, exit 1) that quotes its message. */
export function toCliError(error: unknown, hint?: string): CliError {
  if (error instanceof CliError) return error;
  return new CliError('INTERNAL', `Unexpected error: ${(error as Error)?.message ?? String(error)}.`, ExitCode.failure, hint);
}
