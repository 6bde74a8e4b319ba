import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { missingApiKeyError, resolveApiKey, type ResolvedKey } from './config/api-key.js';
import { resolvePaths, type Paths } from './config/paths.js';
import { resolveSettings, type EffectiveSettings } from './config/effective-settings.js';
import type { ConfigStore } from './config/store.js';
import type { StoredProfile } from './config/schema.js';
import type { Deps } from './deps.js';
import type { GlobalOptions } from './program-shape.js';
import { UsageError } from './errors.js';
import { IO, type IOOptions } from './io/io.js';
import type { LockClock } from './files/lock.js';
import { readFirstLine } from './io/read-input.js';
import type { ProcessProbe } from './registry/process-identity.js';
import type { RegistryReader, RegistryStore } from './registry/store.js';
import { REGISTRY_VERSION, registryAbsent } from './registry/format.js';
import type { TagMangoClient } from './tagmango/client.js';
import { quoteInput } from './validate/quote.js';
import { userAgent } from './version.js';
import { HOOK_SECRET_ENV } from './validate/hook-secret.js';

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function ioOptions(deps: Deps, globals: GlobalOptions): IOOptions {
  return { json: Boolean(globals.json), quiet: Boolean(globals.quiet), verbose: Boolean(globals.verbose), colorFlag: globals.color !== false, env: deps.env };
}

/** Everything a command needs, built once per run from global options and injected deps. */
export class Context {
  readonly io: IO;
  readonly paths: Paths;
  readonly profile: string;
  private configStore: Promise<ConfigStore> | undefined;
  private registryStore: Promise<RegistryStore> | undefined;
  private probe: ProcessProbe | undefined;
  private locksClock: LockClock | undefined;
  private stdinKey: Promise<string> | undefined;
  private dispatcher: Dispatcher | undefined;
  private effective: Promise<EffectiveSettings> | undefined;
  private deliveryPool: Dispatcher | undefined;

  /** The context of a run whose output may take colour (chalk loads only then). */
  static async create(deps: Deps, globals: GlobalOptions): Promise<Context> {
    return new Context(deps, globals, await IO.create(deps.streams, ioOptions(deps, globals)));
  }

  constructor(
    readonly deps: Deps,
    readonly globals: GlobalOptions,
    io?: IO,
  ) {
    this.io = io ?? new IO(deps.streams, ioOptions(deps, globals));
    // The hook secret is masked in every output of every command, like the API key.
    const hookSecret = deps.env[HOOK_SECRET_ENV];
    if (hookSecret) this.io.addSecret(hookSecret);
    this.profile = globals.profile ?? (deps.env.TAGMANGO_PROFILE || 'default');
    if (!PROFILE_NAME.test(this.profile)) {
      throw new UsageError(`Invalid profile name ${quoteInput(this.profile)}.`, 'Use letters, digits, ".", "_" or "-" (up to 64).', 'INVALID_PROFILE');
    }
    this.paths = resolvePaths(deps.env, globals.registry, deps.cwd);
    // The stored key is masked in every line too (a stored hook URL or a receiver's echo holding it).
    this.io.addSecretSource(() => storedKeyToMask(this.paths.config, this.profile));
  }

  /**
   * The config file of all profiles, read once. The stores load on first use, and the schemas
   * (zod) only for a file there is to check: `events`, and `list` without a config file or a
   * registry, load neither.
   */
  config(): Promise<ConfigStore> {
    this.configStore ??= (async () => {
      const { ConfigStore } = await import('./config/store.js');
      const locking = async () => ({ clock: await this.lockClock(), processes: await this.processes() });
      return new ConfigStore(this.paths.config, (w) => this.io.warn(w), locking).open();
    })();
    return this.configStore;
  }

  /** The registry of what was registered. */
  registry(): Promise<RegistryStore> {
    this.registryStore ??= (async () => {
      const [{ RegistryStore }, clock, processes] = await Promise.all([import('./registry/store.js'), this.lockClock(), this.processes()]);
      return new RegistryStore(this.paths.registry, this.deps.now, processes, clock);
    })();
    return this.registryStore;
  }

  /** The registry for a command that only reads it: with neither its file nor its journal, an empty one that loads nothing. */
  async registryReader(): Promise<RegistryReader> {
    const file = this.paths.registry;
    if (!this.registryStore && registryAbsent(file)) return { file, read: () => ({ version: REGISTRY_VERSION, subscriptions: [] }) };
    return this.registry();
  }

  /**
   * The clock of the registry and config locks: the run's time (lock ages, deadlines) and chance
   * (jitter), but real timers for waiting. Waiting for a held lock waits on another process, so
   * it cannot use the run's retry sleep: tests make that return at once, and a lock wait on it
   * would spin until its deadline instead of letting the holder finish.
   */
  async lockClock(): Promise<LockClock> {
    const { systemLockClock } = await import('./files/lock.js');
    this.locksClock ??= { ...systemLockClock, now: () => this.deps.now().getTime(), random: this.deps.random };
    return this.locksClock;
  }

  /** This run's process identity (claims and locks name it); its claims die when the run closes. Loaded on first use (it needs node:crypto). */
  async processes(): Promise<ProcessProbe> {
    const { systemProcesses } = await import('./registry/process-identity.js');
    this.probe ??= systemProcesses();
    return this.probe;
  }

  /** Flag, then environment, then the profile's stored value, then the default; each validated. Resolved once per run. */
  settings(): Promise<EffectiveSettings> {
    this.effective ??= this.config().then((config) => this.settingsOf(config.profile(this.profile)));
    return this.effective;
  }

  /** The settings a profile storing `stored` would run with now: this run's flags and environment still win. */
  settingsOf(stored: StoredProfile): EffectiveSettings {
    const { apiUrl, timeout, retries } = this.globals;
    return resolveSettings({ apiUrl, timeout, retries }, this.deps.env, stored);
  }

  /** The first line of stdin, read once (for --api-key-stdin). */
  readStdinLine(): Promise<string> {
    this.stdinKey ??= readFirstLine(this.deps.streams.stdin);
    return this.stdinKey;
  }

  /** The key for this run by the documented precedence, or undefined when there is none. */
  async findApiKey(): Promise<ResolvedKey | undefined> {
    const stdin = this.globals.apiKeyStdin ? await this.readStdinLine() : undefined;
    const resolved = resolveApiKey({
      stdin,
      env: this.deps.env.TAGMANGO_API_KEY,
      stored: (await this.config()).profile(this.profile).apiKey,
    });
    if (resolved) this.io.addSecret(resolved.key);
    return resolved;
  }

  /** The key for this run, or an error that says how to provide one. */
  async requireApiKey(): Promise<ResolvedKey> {
    const resolved = await this.findApiKey();
    if (!resolved) throw missingApiKeyError(this.profile);
    return resolved;
  }

  /**
   * A TagMango client over a pool of at most `connections` connections. The HTTP stack loads
   * here, so commands that only read files (list, whoami, dry runs) never load it.
   */
  async client(apiKey: string, connections = 1): Promise<TagMangoClient> {
    const settings = await this.settings();
    const [{ TagMangoClient }, { createDispatcher }] = await Promise.all([import('./tagmango/client.js'), import('./tagmango/dispatcher.js')]);
    this.dispatcher ??=
      this.deps.dispatcher ??
      createDispatcher({ connections, connectTimeoutMs: Math.min(settings.timeoutMs, 10_000), env: this.deps.env });
    return new TagMangoClient({
      apiUrl: settings.apiUrl,
      apiKey,
      dispatcher: this.dispatcher,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
      userAgent: userAgent(),
      log: this.io.verbose ? (line) => this.io.debug(line) : undefined,
      sleep: this.deps.sleep,
      random: this.deps.random,
      now: () => this.deps.now().getTime(),
      signal: this.deps.signal,
    });
  }

  /** The pool for deliveries to receivers (trigger, listen --forward-to, sandbox): the injected one, or one made here. */
  async deliveryDispatcher(): Promise<Dispatcher> {
    if (this.deps.dispatcher) return this.deps.dispatcher;
    const { createDeliveryDispatcher } = await import('./delivery/deliver.js');
    this.deliveryPool ??= createDeliveryDispatcher();
    return this.deliveryPool;
  }

  /** Release the connection pools made here (never the injected one). */
  async close(): Promise<void> {
    this.probe?.end();
    if (this.dispatcher && this.dispatcher !== this.deps.dispatcher) await this.dispatcher.close();
    await this.deliveryPool?.close();
  }
}

/**
 * The key a profile stores, read straight from the config file for masking output only (no
 * schema, so no zod at start-up); an absent or unreadable file throws and masks nothing more.
 */
function storedKeyToMask(configFile: string, profile: string): string | undefined {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { profiles?: Record<string, { apiKey?: unknown } | undefined> };
  const key = config.profiles?.[profile]?.apiKey;
  return typeof key === 'string' ? key : undefined;
}
