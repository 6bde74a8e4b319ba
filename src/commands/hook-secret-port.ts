import type { Context } from '../context.js';
import { readHookSecret } from '../validate/hook-secret.js';

/** A run's TAGMANGO_HOOK_SECRET, read when a URL needs it and masked in all output from then on (a usage error when missing or short). */
export function hookSecretPort(ctx: Context): () => string {
  return () => {
    const secret = readHookSecret(ctx.deps.env);
    ctx.io.addSecret(secret);
    return secret;
  };
}
