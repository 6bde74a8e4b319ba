import type { ConfigStore } from '../../config/store.js';
import type { IO } from '../../io/io.js';
import type { CommandOutcome } from '../../action.js';

/** What `logout` uses: the terminal, the config file, the profile, and whether the environment still holds a key. */
export interface LogoutOptions {
  io: IO;
  config: ConfigStore;
  profile: string;
  keyInEnvironment: boolean;
}

/** Remove the stored key of this profile, or of all profiles. */
export async function runLogout(options: { all: boolean }, { io, config, profile, keyInEnvironment }: LogoutOptions): Promise<CommandOutcome> {
  const current = config.read();
  const targets = options.all
    ? Object.keys(current.profiles).filter((name) => current.profiles[name]?.apiKey)
    : current.profiles[profile]?.apiKey
      ? [profile]
      : [];
  if (targets.length > 0) {
    await config.update((file) => {
      for (const name of targets) delete file.profiles[name]?.apiKey;
    });
  }
  if (targets.length === 0) {
    io.out(options.all ? 'No profile had a stored key.' : `Profile "${profile}" had no stored key.`);
  } else {
    io.out(`Removed the stored key of ${targets.map((t) => `"${t}"`).join(', ')}.`);
  }
  if (keyInEnvironment) io.info('Note: TAGMANGO_API_KEY is still set in this environment.');
  return { data: { removed: targets } };
}
