import { compareLifecycle } from './lifecycle.js';
import { REGISTRY_VERSION } from './format.js';
import type { RegistryData, RegistryRecord } from './schema.js';

/**
 * Three-way merge of registry files, as git's merge driver needs it: records merge by id; of two
 * copies of one record the one further along its lifecycle wins, then the later `updatedAt`, then
 * (for copies that differ in nothing that orders them) the one whose text sorts last, so the
 * result does not depend on which side is `ours`. A record one side removed (a failed claim is
 * dropped) stays removed only when the other side left it exactly as the base had it. Records of
 * the base keep its order; the others follow by creation time, then id.
 */
export function mergeRegistries(base: RegistryData, ours: RegistryData, theirs: RegistryData): RegistryData {
  const before = byId(base);
  const left = byId(ours);
  const right = byId(theirs);
  const merged = new Map<string, RegistryRecord>();
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(id);
    const b = right.get(id);
    if (a && b) {
      merged.set(id, laterCopy(a, b));
      continue;
    }
    const kept = (a ?? b) as RegistryRecord;
    const was = before.get(id);
    if (was && canonical(was) === canonical(kept)) continue;
    merged.set(id, kept);
  }
  const inBase = base.subscriptions.flatMap((r) => merged.get(r.id) ?? []);
  const added = [...merged.values()].filter((r) => !before.has(r.id)).sort(byCreation);
  return { version: REGISTRY_VERSION, subscriptions: [...inBase, ...added] };
}

/** Of two copies of one record, the one that wins a merge. */
export function laterCopy(a: RegistryRecord, b: RegistryRecord): RegistryRecord {
  const order = compareLifecycle(a.status, b.status) || Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  if (order !== 0) return order > 0 ? a : b;
  const textA = canonical(a);
  const textB = canonical(b);
  return textA >= textB ? a : b;
}

function byId(data: RegistryData): Map<string, RegistryRecord> {
  return new Map(data.subscriptions.map((r) => [r.id, r]));
}

function byCreation(a: RegistryRecord, b: RegistryRecord): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A record's JSON with every object's keys sorted: equal texts, equal records. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
