import type { ResolvedKey } from '../config/api-key.js';
import type { Context } from '../context.js';
import type { IO } from '../io/io.js';
import type { RegistryStore } from '../registry/store.js';
import type { TagMangoClient } from '../tagmango/client.js';
import { hookSecretPort } from './hook-secret-port.js';

/** What the commands that register webhooks use (subscribe, migrate), as gh's CreateOptions. */
export interface RegisterOptions {
  io: IO;
  registry: RegistryStore;
  profile: string;
  apiUrl: string;
  /** The key by the documented precedence, or undefined (dry runs mask it when there is one). */
  findApiKey: () => Promise<ResolvedKey | undefined>;
  /** The key, or an error that says how to give one. */
  requireApiKey: () => Promise<ResolvedKey>;
  /** A TagMango client over at most `connections` connections. */
  client: (apiKey: string, connections: number) => Promise<TagMangoClient>;
  /** A yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
  now: () => Date;
  signal?: AbortSignal | undefined;
  /** Where `--from-file` is read: relative paths from `cwd`, `-` from stdin (unless it holds the key). */
  cwd: string;
  stdin: NodeJS.ReadableStream;
  stdinHoldsKey: boolean;
  /** TAGMANGO_HOOK_SECRET for hook URLs holding `{secret}` (masked in output from then on), or a usage error. */
  hookSecret: () => string;
}

/** Those options, from the run's context (the one place they are built). */
export async function registerOptions(ctx: Context): Promise<RegisterOptions> {
  return {
    io: ctx.io,
    registry: await ctx.registry(),
    profile: ctx.profile,
    apiUrl: (await ctx.settings()).apiUrl,
    findApiKey: () => ctx.findApiKey(),
    requireApiKey: () => ctx.requireApiKey(),
    client: (apiKey, connections) => ctx.client(apiKey, connections),
    confirm: async (question) => (await import('../io/prompt.js')).confirm(ctx.io.streams, question),
    now: ctx.deps.now,
    signal: ctx.deps.signal,
    cwd: ctx.deps.cwd,
    // A getter: process.stdin is created only when `--from-file -` reads it.
    get stdin() {
      return ctx.deps.streams.stdin;
    },
    stdinHoldsKey: Boolean(ctx.globals.apiKeyStdin),
    hookSecret: hookSecretPort(ctx),
  };
}
