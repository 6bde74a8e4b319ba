import type { Dispatcher } from 'undici';
import type { Context } from '../context.js';
import type { IO } from '../io/io.js';
import { hookSecretPort } from './hook-secret-port.js';

/** What the commands that talk to receivers use (trigger, listen, sandbox, sandbox fire). */
export interface DeliveryOptions {
  io: IO;
  /** The connection pool for deliveries, made on first use. */
  dispatcher: () => Promise<Dispatcher>;
  now: () => Date;
  /** Aborted on Ctrl-C or SIGTERM: stop serving, send nothing new. */
  signal?: AbortSignal | undefined;
}

/** Those options, from the run's context (the one place they are built). */
export function deliveryOptions(ctx: Context): DeliveryOptions {
  return { io: ctx.io, dispatcher: () => ctx.deliveryDispatcher(), now: ctx.deps.now, signal: ctx.deps.signal };
}

/** What a command that sends one body after another uses (trigger, replay): the delivery options, --timeout, the hook secret, and where input is read. */
export function sendingOptions(ctx: Context) {
  return {
    ...deliveryOptions(ctx),
    timeoutMs: ctx.globals.timeout,
    cwd: ctx.deps.cwd,
    hookSecret: hookSecretPort(ctx),
    // A getter: process.stdin is created only when an input of `-` reads it.
    get stdin() {
      return ctx.deps.streams.stdin;
    },
  };
}
