import { SCOPE_KEYS, type ScopeKey } from '../catalogue/events.js';
import { UsageError } from '../errors.js';
import { checkDeprecatedEvents } from '../registrations/deprecation.js';
import type { Registration } from '../tagmango/registration.js';
import { parseEvent } from '../validate/event.js';
import { registrationsFor } from '../validate/hook-url-template.js';
import { isLoopbackUrl } from '../validate/hosts.js';
import { parseScopes } from '../validate/scope.js';
import type { RegisterOptions } from './register-options.js';

/** The flags that name registrations, shared by `subscribe` and `import`. */
export interface RegistrationInputFlags extends Partial<Record<ScopeKey, string[]>> {
  event: string;
  fromFile?: string | undefined;
  allowUnknownEvent?: true | undefined;
  allowPrivate?: true | undefined;
  strict?: true | undefined;
}

/**
 * The registrations a command line names (a hook URL and scope flags, or --from-file), every
 * one validated as `subscribe` does; bad input is a UsageError before anything is sent or written.
 */
export async function readRegistrationInput(
  command: 'subscribe' | 'import',
  hookUrlArg: string | undefined,
  flags: RegistrationInputFlags,
  options: Pick<RegisterOptions, 'io' | 'apiUrl' | 'cwd' | 'stdin' | 'stdinHoldsKey'>,
): Promise<Registration[]> {
  const { io, apiUrl } = options;
  const rules = { allowPrivate: Boolean(flags.allowPrivate), apiOnLoopback: isLoopbackUrl(apiUrl) };
  let items: Registration[];
  if (flags.fromFile !== undefined) {
    if (hookUrlArg !== undefined || SCOPE_KEYS.some((key) => flags[key] !== undefined)) {
      throw new UsageError('--from-file cannot be combined with a hook URL or scope flags.', 'Put every registration in the file.', 'USAGE');
    }
    const { readRegistrationsFile } = await import('../registrations/from-file.js');
    items = await readRegistrationsFile(flags.fromFile, { cwd: options.cwd, stdin: options.stdin, stdinHoldsKey: options.stdinHoldsKey, warn: (w) => io.warn(w) }, { ...rules, allowUnknownEvent: Boolean(flags.allowUnknownEvent), defaultEvent: flags.event, strict: Boolean(flags.strict) });
  } else {
    if (hookUrlArg === undefined) {
      throw new UsageError('Missing the hook URL to register.', `Run: tagmango-hooks ${command} https://hooks.example.com/tagmango (or use --from-file).`, 'MISSING_HOOK_URL');
    }
    const event = parseEvent(flags.event, Boolean(flags.allowUnknownEvent));
    const scopes = parseScopes(event, Object.fromEntries(SCOPE_KEYS.map((key) => [key, flags[key]])));
    const expanded = registrationsFor(hookUrlArg, event.name, scopes, rules);
    expanded.warnings.forEach((w) => io.warn(w));
    items = expanded.items;
  }
  checkDeprecatedEvents(io, items.map((i) => i.event), Boolean(flags.strict), flags.fromFile !== undefined);
  return items;
}
