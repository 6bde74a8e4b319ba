import type { Context } from '../context.js';
import { readHookSecret } from '../validate/hook-secret.js';

/** A run's TAGMANGO_HOOK_SECRET, read when a URL needs it (a usage error when missing or short); the context masks it in all output. */
export function hookSecretPort(ctx: Context): () => string {
  return () => readHookSecret(ctx.deps.env);
}
