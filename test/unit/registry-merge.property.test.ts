import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_STATUSES } from '../../src/registry/statuses.js';
import { laterCopy, mergeRegistries } from '../../src/registry/merge.js';
import { REGISTRY_VERSION } from '../../src/registry/format.js';
import { registrySchema, serializeRegistry, type RegistryData, type RegistryRecord } from '../../src/registry/schema.js';
import { courseId, record } from '../helpers/registry.js';

const API = 'https://api.example.com';

/** A copy of record n in some state: the few ids make sides share records often. */
const copy = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    status: fc.constantFrom(...RECORD_STATUSES.filter((s) => s !== 'pending')),
    updated: fc.integer({ min: 0, max: 3 }),
    created: fc.integer({ min: 0, max: 3 }),
    note: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  })
  .map(({ n, status, updated, created, note }): RegistryRecord =>
    record(API, n, {
      status,
      createdAt: `2026-01-0${created + 1}T00:00:00.000Z`,
      updatedAt: `2026-02-0${updated + 1}T00:00:00.000Z`,
      ...(note ? { note } : {}),
    }),
  );

/** A registry: records with distinct ids, in any order. */
const registry = fc.uniqueArray(copy, { selector: (r) => r.id, maxLength: 6 }).map((subscriptions): RegistryData => ({ version: REGISTRY_VERSION, subscriptions }));

const text = (data: RegistryData) => serializeRegistry(data);

describe('registry merge', () => {
  it('is commutative: which side is ours changes nothing, to the byte', () => {
    fc.assert(fc.property(registry, registry, registry, (base, a, b) => {
        expect(text(mergeRegistries(base, a, b))).toBe(text(mergeRegistries(base, b, a)));
      }),
    );
  });

  it('is idempotent: a merge merged with itself, or with either side again, is the same merge', () => {
    fc.assert(
      fc.property(registry, registry, registry, (base, a, b) => {
        const merged = mergeRegistries(base, a, b);
        expect(text(mergeRegistries(base, merged, merged))).toBe(text(merged));
        expect(text(mergeRegistries(base, merged, b))).toBe(text(merged));
        expect(text(mergeRegistries(base, a, merged))).toBe(text(merged));
      }),
    );
  });

  it('loses nothing: every record of either side is there in its latest state, unless one side dropped it unchanged', () => {
    fc.assert(
      fc.property(registry, registry, registry, (base, a, b) => {
        const merged = mergeRegistries(base, a, b);
        expect(() => registrySchema.parse(merged)).not.toThrow();
        expect(merged.version).toBe(REGISTRY_VERSION);
        const out = new Map(merged.subscriptions.map((r) => [r.id, r]));
        const baseText = new Map(base.subscriptions.map((r) => [r.id, JSON.stringify(r)]));
        for (const r of [...a.subscriptions, ...b.subscriptions]) {
          const other = [...a.subscriptions, ...b.subscriptions].find((o) => o.id === r.id && o !== r);
          if (other) expect(out.get(r.id)).toStrictEqual(laterCopy(r, other));
          else if (baseText.get(r.id) !== JSON.stringify(r)) expect(out.get(r.id)).toBe(r);
          else expect(out.has(r.id)).toBe(false);
        }
        expect(merged.subscriptions.every((r) => a.subscriptions.includes(r) || b.subscriptions.includes(r))).toBe(true);
      }),
    );
  });

  it('keeps the copy further along the lifecycle, then the later updatedAt', () => {
    const active = record(API, 1, { status: 'active', updatedAt: '2026-03-01T00:00:00.000Z' });
    const migrated = record(API, 1, { status: 'migrated', migratedTo: 'wh_00000009', updatedAt: '2026-02-01T00:00:00.000Z' });
    expect(laterCopy(active, migrated)).toBe(migrated);
    expect(laterCopy(migrated, active)).toBe(migrated);
    const older = record(API, 2, { note: 'older', updatedAt: '2026-02-01T00:00:00.000Z' });
    const newer = record(API, 2, { note: 'newer', updatedAt: '2026-02-01T01:00:00.000+01:00' });
    const newest = record(API, 2, { note: 'newest', updatedAt: '2026-02-01T00:00:01.000Z' });
    expect(laterCopy(older, newest)).toBe(newest);
    // Same instant in another offset: the text decides, the same way from both sides.
    expect(laterCopy(older, newer)).toBe(laterCopy(newer, older));
  });

  it('keeps the base order, then adds new records by creation time', () => {
    const base: RegistryData = { version: REGISTRY_VERSION, subscriptions: [record(API, 3), record(API, 1)] };
    const late = record(API, 2, { createdAt: '2026-01-05T00:00:00.000Z', scope: { key: 'course', id: courseId(22) } });
    const early = record(API, 4, { createdAt: '2026-01-02T00:00:00.000Z' });
    const merged = mergeRegistries(base, { ...base, subscriptions: [...base.subscriptions, late] }, { ...base, subscriptions: [early, ...base.subscriptions] });
    expect(merged.subscriptions.map((r) => r.id)).toEqual([record(API, 3).id, record(API, 1).id, early.id, late.id]);
  });
});
