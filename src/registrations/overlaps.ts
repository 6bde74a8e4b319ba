import { UsageError } from '../errors.js';
import { hookUrlIdentity } from '../registry/hook-url-identity.js';
import { identityKey } from '../registry/identity.js';
import type { RegistryRecord } from '../registry/schema.js';
import { describeScope, type Registration } from '../tagmango/registration.js';
import { escapeControls } from '../io/escape.js';

/** Whose registrations are compared: one API URL and profile. */
export interface OverlapOwner {
  apiUrl: string;
  profile: string;
}

/** A new registration and one it overlaps: one for all objects, the other for one object, of the same event and hook URL. */
export interface Overlap {
  item: Registration;
  /** The other one: a record of the registry, or another item of this run. */
  other: { record: RegistryRecord } | { item: Registration };
}

/** Records that are, or may be, a webhook at TagMango. */
function mayExist(record: RegistryRecord): boolean {
  return record.status === 'active' || record.status === 'pending' || record.status === 'unknown';
}

/**
 * The items that would make TagMango deliver one object's events twice to one endpoint: an
 * all-objects registration beside a scoped one of the same (API URL, profile, event, hook URL),
 * in the registry or in this run, in either order. Items the registry already has are not new
 * and are not judged again (a rerun stays a no-op).
 */
export function findOverlaps(items: readonly Registration[], records: readonly RegistryRecord[], owner: OverlapOwner): Overlap[] {
  const existing = records.filter((r) => r.apiUrl === owner.apiUrl && r.profile === owner.profile && mayExist(r));
  // A first pass that builds no identity: most runs have no endpoint with both kinds, and end here.
  const kinds = new Map<string, number>();
  const mark = (r: Registration) => kinds.set(endpoint(r), (kinds.get(endpoint(r)) ?? 0) | (r.scope === null ? ALL : SCOPED));
  existing.forEach(mark);
  items.forEach(mark);
  const mixed = (r: Registration) => kinds.get(endpoint(r)) === (ALL | SCOPED);
  if (![...kinds.values()].includes(ALL | SCOPED)) return [];

  const candidates = existing.filter(mixed);
  const known = new Set(candidates.map(identityKey));
  const fresh = items.filter((item) => mixed(item) && !known.has(identityKey({ ...owner, ...item })));
  const sides = new Map<string, { all?: Overlap['other']; scoped?: Overlap['other'] }>();
  const note = (r: Registration, other: Overlap['other']) => {
    const side = sides.get(endpoint(r)) ?? {};
    if (r.scope === null) side.all ??= other;
    else side.scoped ??= other;
    sides.set(endpoint(r), side);
  };
  for (const record of candidates) note(record, { record });
  for (const item of fresh) note(item, { item });
  const found: Overlap[] = [];
  const named = new Set<Registration>();
  for (const item of fresh) {
    const side = sides.get(endpoint(item));
    const other = item.scope === null ? side?.scoped : side?.all;
    // A pair of this run's items is named once.
    if (!other || ('item' in other && named.has(other.item))) continue;
    found.push({ item, other });
    named.add(item);
  }
  return found;
}

const ALL = 1;
const SCOPED = 2;

/** The (event, hook URL endpoint) two registrations share when they overlap; API URL and profile are the caller's. */
function endpoint(r: Registration): string {
  return `${r.event}\u0000${hookUrlIdentity(r.hookUrl)}`;
}

/** Refuse a run with overlaps (exit 2, nothing sent), naming the first and how many more. */
export function refuseOverlaps(overlaps: readonly Overlap[], command: 'subscribe' | 'import'): void {
  const first = overlaps[0];
  if (!first) return;
  const more = overlaps.length > 1 ? ` (and ${overlaps.length - 1} more)` : '';
  const other = 'record' in first.other ? `${describe(first.other.record)}, ${first.other.record.id} in the registry` : `${describe(first.other.item)} in this run`;
  throw new UsageError(
    `Overlapping registrations: ${describe(first.item)} overlaps ${other}${more}: TagMango would deliver that object's ${escapeControls(first.item.event)} events to ${escapeControls(first.item.hookUrl)} twice.`,
    `Keep one of the two (an all-objects registration covers every object), or pass --force to ${command} it anyway.`,
    'OVERLAPPING_REGISTRATION',
  );
}

function describe(r: Registration): string {
  return r.scope ? `the registration for ${describeScope(r.scope)}` : 'the registration for all objects';
}
