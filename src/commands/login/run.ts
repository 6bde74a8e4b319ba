import type { Context } from '../../context.js';
import type { CommandOutcome } from '../../deps.js';
import { validateApiKey } from '../../config/api-key.js';
import { readHidden } from '../../io/prompt.js';
import { maskKey } from '../../secrets.js';

/** Read a key (hidden prompt on a TTY, else the first line of stdin), check it and store it. */
export async function runLogin(ctx: Context): Promise<CommandOutcome> {
  const { io } = ctx;
  const fromStdin = ctx.globals.apiKeyStdin || !io.stdinIsTTY;
  const raw = fromStdin
    ? await ctx.readStdinLine()
    : await readHidden(io.streams, `TagMango API key for profile "${ctx.profile}" (input hidden): `);
  const key = validateApiKey(raw, fromStdin ? 'stdin' : 'the prompt');
  io.addSecret(key);
  await ctx.config().update((config) => {
    config.profiles[ctx.profile] = { ...config.profiles[ctx.profile], apiKey: key };
  });
  io.out(`Logged in: profile "${ctx.profile}", key ${maskKey(key)}, stored in ${ctx.paths.config}`);
  return { data: { profile: ctx.profile, key: maskKey(key), configPath: ctx.paths.config } };
}
