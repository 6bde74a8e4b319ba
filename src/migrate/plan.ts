import { deprecatedEvents } from '../catalogue/events.js';
import { stateOfSame } from '../registry/lifecycle.js';
import { IdentityGroups, type RecordIdentity } from '../registry/identity.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { Registration } from '../tagmango/registration.js';
import { UsageError } from '../errors.js';
import { recordsOf } from '../registry/queries.js';
import { normaliseHookUrl } from '../validate/hook-url.js';
import { expandHookUrl } from '../validate/hook-url-template.js';
import { quoteInput } from '../validate/quote.js';

/** One legacy registration to move, and the registration that replaces it. */
export interface MigrationItem {
  /** The legacy record; undefined for a webhook named on the command line and not recorded yet. */
  legacy: RegistryRecord | undefined;
  from: Registration;
  to: Registration;
  /** A live record of the successor that already exists (active: just link; pending/unknown: unsure). */
  successor: RegistryRecord | undefined;
  /** More legacy records of the same registration (a --force registered it again): one successor replaces them all. */
  alsoReplaces?: RegistryRecord[];
}

/** What a migration will do, computed from the registry before anything is sent. */
export interface MigrationPlan {
  /** Successors to register. */
  send: MigrationItem[];
  /** The successor is already registered (by hand or an earlier run): only the link is written. */
  link: MigrationItem[];
  /** An earlier attempt at the successor has no known outcome: skipped unless --force. */
  unsure: MigrationItem[];
  /** Another run is registering the successor right now: never sent again; a later run links it. */
  busy: MigrationItem[];
  /** Legacy records already migrated. */
  done: RegistryRecord[];
}

/** Where and for whom the migration runs. */
export interface PlanScope {
  apiUrl: string;
  profile: string;
  /** Webhooks named with --hook-url/--course; when given, only these are migrated. */
  named?: readonly Registration[];
}

/** The deprecated events that have a successor: what `migrate` moves, read from the catalogue. */
export function migratableEvents(): Map<string, string> {
  return new Map(deprecatedEvents().flatMap((e) => (e.successor ? [[e.name, e.successor] as const] : [])));
}

/** Decide, per legacy registration, whether to send, link, leave unsure or busy, or report as done. */
export function buildMigrationPlan(data: RegistryData, scope: PlanScope): MigrationPlan {
  const successorOf = migratableEvents();
  const mine = recordsOf(data.subscriptions, scope);
  const byKey = new IdentityGroups<RegistryRecord>();
  for (const r of mine) byKey.add(r);
  const plan: MigrationPlan = { send: [], link: [], unsure: [], busy: [], done: [] };

  let legacy: { record: RegistryRecord | undefined; from: Registration }[];
  if (scope.named) {
    legacy = scope.named.map((from) => {
      const same = byKey.get({ ...scope, ...from });
      return { record: same.find((r) => r.status === 'active') ?? same.find((r) => r.status === 'migrated'), from };
    });
  } else {
    legacy = mine
      .filter((r) => successorOf.has(r.event) && (r.status === 'active' || r.status === 'migrated'))
      .map((record) => ({ record, from: registrationOf(record) }));
  }
  // A successor planned once: a second legacy record of the same registration joins that item.
  const sending = new IdentityGroups<RecordIdentity & { item: MigrationItem }>();
  for (const { record, from } of legacy) {
    if (record?.status === 'migrated') {
      plan.done.push(record);
      continue;
    }
    const to = successorRegistration(from, successorOf.get(from.event) ?? from.event, record?.id);
    const target = { apiUrl: scope.apiUrl, profile: scope.profile, event: to.event, hookUrl: to.hookUrl, scope: to.scope };
    const state = stateOfSame(byKey.get(target));
    const item: MigrationItem = { legacy: record, from, to, successor: state.kind === 'none' ? undefined : state.record };
    const planned = state.kind === 'none' ? sending.get(target)[0]?.item : undefined;
    if (planned) {
      if (record) (planned.alsoReplaces ??= []).push(record);
    } else if (state.kind === 'none') {
      plan.send.push(item);
      sending.add({ ...target, item });
    } else if (state.kind === 'active') plan.link.push(item);
    else if (state.kind === 'pending') plan.busy.push(item);
    else plan.unsure.push(item);
  }
  return plan;
}

/** What a stored record registered, its hook URL template included. */
export function registrationOf(record: RegistryRecord): Registration {
  const { hookUrl, event, scope, hookUrlTemplate } = record;
  return { hookUrl, event, scope, ...(hookUrlTemplate ? { hookUrlTemplate } : {}) };
}

/** The successor of a registration: same scope; a hook URL template is expanded again for the new event (a usage error if that is no URL). */
export function successorRegistration(from: Registration, event: string, recordId?: string): Registration {
  const template = from.hookUrlTemplate;
  if (!template) return { ...from, event };
  const expanded = expandHookUrl(template, { event, scope: from.scope });
  if (!URL.canParse(expanded)) {
    throw new UsageError(
      `The hook URL template ${quoteInput(template)}${recordId ? ` of ${recordId}` : ''} expands to ${quoteInput(expanded)} for ${event}, which is not a valid URL.`,
      `Forget that record (tagmango-hooks forget ${recordId ?? '<id>'}) and subscribe ${event} with a hook URL that works.`,
      'INVALID_HOOK_URL',
    );
  }
  return { ...from, event, hookUrl: normaliseHookUrl(expanded) };
}
