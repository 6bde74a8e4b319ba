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

describe('identityKey', () => {
  const base: RecordIdentity = { apiUrl: 'https://a.example', profile: 'default', event: 'course.completed', hookUrl: 'https://h.example/1', scope: { key: 'course', id: '1' } };

  it('is the identity fields in order, no scope as nulls', () => {
    expect(identityKey(base)).toBe('["https://a.example","default","course.completed","https://h.example/1","course","1"]');
    expect(identityKey({ ...base, scope: null })).toBe('["https://a.example","default","course.completed","https://h.example/1",null,null]');
  });

  it.each([
    ['apiUrl', { apiUrl: 'https://b.example' }],
    ['profile', { profile: 'ci' }],
    ['event', { event: 'course.completed.100' }],
    ['hookUrl', { hookUrl: 'https://h.example/2' }],
    ['scope key', { scope: { key: 'mango', id: '1' } }],
    ['scope id', { scope: { key: 'course', id: '2' } }],
    ['no scope', { scope: null }],
  ] as const)('tells identities apart by %s, and IdentityGroups does too', (_field, change) => {
    const other = { ...base, ...change };
    expect(identityKey(other)).not.toBe(identityKey(base));
    const groups = new IdentityGroups<Rec>();
    groups.add({ ...base, n: 1 });
    expect(groups.get(other)).toEqual([]);
    expect(groups.get(base)).toEqual([{ ...base, n: 1 }]);
  });
});

describe('IdentityGroups.remove', () => {
  const base = { apiUrl: 'https://a.example', profile: 'default', event: 'course.completed', hookUrl: 'https://h.example/1', scope: null };

  it('removes that record only: another object of the same identity, or one never added, changes nothing', () => {
    const groups = new IdentityGroups<Rec>();
    const one = { ...base, n: 1 };
    groups.add(one);
    groups.remove({ ...base, n: 1 });
    groups.remove({ ...base, hookUrl: 'https://h.example/9', n: 9 });
    expect(groups.get(base)).toEqual([one]);
    groups.remove(one);
    expect(groups.get(base)).toEqual([]);
  });

  it('removes one record of a group of several, keeping the order of the others', () => {
    const groups = new IdentityGroups<Rec>();
    const records = [1, 2, 3].map((n) => ({ ...base, n }));
    for (const r of records) groups.add(r);
    groups.remove({ ...base, n: 2 });
    expect(groups.get(base)).toHaveLength(3);
    groups.remove(records[1] as Rec);
    expect(groups.get(base)).toEqual([records[0], records[2]]);
  });
});
