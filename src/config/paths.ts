import os from 'node:os';
import path from 'node:path';

/** Where the tool keeps its files. */
export interface Paths {
  home: string;
  config: string;
  registry: string;
}

/**
 * Resolve the folders and files: TAGMANGO_HOOKS_HOME, else the XDG config dir (APPDATA on
 * Windows) plus `tagmango-hooks`; the registry may be moved by flag or TAGMANGO_HOOKS_REGISTRY.
 */
export function resolvePaths(
  env: Record<string, string | undefined>,
  registryFlag: string | undefined,
  cwd: string,
): Paths {
  const home = env.TAGMANGO_HOOKS_HOME
    ? path.resolve(cwd, env.TAGMANGO_HOOKS_HOME)
    : path.join(defaultConfigRoot(env), 'tagmango-hooks');
  const registryPath = registryFlag ?? env.TAGMANGO_HOOKS_REGISTRY;
  return {
    home,
    config: path.join(home, 'config.json'),
    registry: registryPath ? path.resolve(cwd, registryPath) : path.join(home, 'subscriptions.json'),
  };
}

function defaultConfigRoot(env: Record<string, string | undefined>): string {
  if (env.XDG_CONFIG_HOME) return env.XDG_CONFIG_HOME;
  if (process.platform === 'win32' && env.APPDATA) return env.APPDATA;
  return path.join(env.HOME ?? os.homedir(), '.config');
}
