import type { ConfigStore } from '../../config/store.js';
import type { IO } from '../../io/io.js';
import type { CommandOutcome } from '../../action.js';
import { validateApiKey } from '../../config/api-key.js';
import { maskKey } from '../../secrets.js';
import { KEY_PAGE } from '../../tagmango/dashboard.js';

/** What `login` uses: the terminal, the config file and profile, and the two ways to read a key. */
export interface LoginOptions {
  io: IO;
  config: ConfigStore;
  profile: string;
  /** --api-key-stdin was given: read the key from stdin even on a terminal. */
  apiKeyStdin: boolean;
  readStdinLine: () => Promise<string>;
  /** Ask on the terminal without echoing the answer. */
  readHidden: (question: string) => Promise<string>;
}

/** Read a key (hidden prompt on a TTY, else the first line of stdin), check it and store it. */
export async function runLogin({ io, config, profile, apiKeyStdin, readStdinLine, readHidden }: LoginOptions): Promise<CommandOutcome> {
  const fromStdin = apiKeyStdin || !io.stdinIsTTY;
  const raw = fromStdin ? await readStdinLine() : await readHidden(`TagMango API key for profile "${profile}" (from ${KEY_PAGE}; input hidden): `);
  const key = validateApiKey(raw, fromStdin ? 'stdin' : 'the prompt');
  io.addSecret(key);
  await config.update((file) => {
    file.profiles[profile] = { ...file.profiles[profile], apiKey: key };
  });
  io.out(`Logged in: profile "${profile}", key ${maskKey(key)}, stored in ${config.file}`);
  return { data: { profile: profile, key: maskKey(key), configPath: config.file } };
}
