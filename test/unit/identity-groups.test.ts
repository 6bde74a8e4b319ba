import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityGroups, identityKey, type RecordIdentity } from '../../src/registry/identity.js';

type Rec = RecordIdentity & { n: number };

const identity = fc.record({
  apiUrl: fc.constantFrom('https://a.example', 'https://b.example'),
  profile: fc.constantFrom('default', 'ci'),
  event: fc.constantFrom('course.completed', 'course.completed.100'),
  hookUrl: fc.constantFrom('https://h.example/1', 'https://h.example/2'),
  scope: fc.option(fc.record({ key: fc.constantFrom('course', 'post'), id: fc.constantFrom('1', '2', 'null') }), { nil: null }),
});

describe('IdentityGroups', () => {
  it('groups records exactly as their identity keys do, in the order they were added, through adds and removes', () => {
    fc.assert(
      fc.property(fc.array(identity, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 20 }), (identities, removals) => {
        const records: Rec[] = identities.map((id, n) => ({ ...id, n }));
        const groups = new IdentityGroups<Rec>();
        for (const r of records) groups.add(r);
        const kept = [...records];
        for (const pick of removals) {
          if (kept.length === 0) break;
          const [gone] = kept.splice(pick % kept.length, 1);
          groups.remove(gone as Rec);
        }
        for (const probe of [...identities, ...records]) {
          const expected = kept.filter((r) => identityKey(r) === identityKey(probe));
          expect(groups.get(probe)).toEqual(expected);
        }
      }),
    );
  });

  it('tells a missing scope from a scope whose fields read "null"', () => {
    const groups = new IdentityGroups<Rec>();
    const base = { apiUrl: 'https://a.example', profile: 'default', event: 'course.completed', hookUrl: 'https://h.example/1' };
    groups.add({ ...base, scope: null, n: 1 });
    expect(groups.get({ ...base, scope: { key: 'null', id: 'null' } })).toEqual([]);
    expect(groups.get({ ...base, scope: null })).toHaveLength(1);
  });
});
