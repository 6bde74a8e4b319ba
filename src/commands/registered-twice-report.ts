import type { RegistryRecord } from '../registry/schema.js';
import { registeredTwice, registeredTwiceHint } from '../registry/registered-twice.js';
import { describeScope } from '../tagmango/registration.js';
import { escapeControls } from '../io/escape.js';

/** One webhook registered twice, as `list --json` and `whoami --json` report it. */
export interface RegisteredTwiceJson {
  ids: string[];
  event: string;
  hookUrl: string;
  scope: RegistryRecord['scope'];
  hint: string;
}

/**
 * The registrations of `records` that are registered twice (list, whoami), as lines for people
 * and entries for --json; with `shown`, only those with a record among the shown ones.
 */
export function registeredTwiceAmong(records: readonly RegistryRecord[], shown?: readonly RegistryRecord[]): { lines: string[]; json: RegisteredTwiceJson[] } {
  const visible = shown ? new Set(shown) : undefined;
  const groups = registeredTwice(records).filter((g) => !visible || g.records.some((r) => visible.has(r)));
  const json = groups.map((g) => {
    const first = g.records[0] as RegistryRecord;
    return { ids: g.records.map((r) => r.id), event: first.event, hookUrl: first.hookUrl, scope: first.scope, hint: registeredTwiceHint(g) };
  });
  const lines = json.map(
    (g) => `Registered twice: ${g.ids.join(' and ')} are one webhook (${escapeControls(g.event)}, ${g.scope ? escapeControls(describeScope(g.scope)) : 'all objects'}, ${escapeControls(g.hookUrl)}). ${g.hint}`,
  );
  return { lines, json };
}
