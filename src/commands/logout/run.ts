import type { Context } from '../../context.js';
import type { CommandOutcome } from '../../deps.js';

/** Remove the stored key of this profile, or of all profiles. */
export async function runLogout(options: { all: boolean }, ctx: Context): Promise<CommandOutcome> {
  const current = ctx.config().read();
  const targets = options.all
    ? Object.keys(current.profiles).filter((name) => current.profiles[name]?.apiKey)
    : current.profiles[ctx.profile]?.apiKey
      ? [ctx.profile]
      : [];
  if (targets.length > 0) {
    await ctx.config().update((config) => {
      for (const name of targets) delete config.profiles[name]?.apiKey;
    });
  }
  if (targets.length === 0) {
    ctx.io.out(options.all ? 'No profile had a stored key.' : `Profile "${ctx.profile}" had no stored key.`);
  } else {
    ctx.io.out(`Removed the stored key of ${targets.map((t) => `"${t}"`).join(', ')}.`);
  }
  if (ctx.deps.env.TAGMANGO_API_KEY) ctx.io.info('Note: TAGMANGO_API_KEY is still set in this environment.');
  return { data: { removed: targets } };
}
