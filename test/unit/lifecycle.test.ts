import { describe, expect, it } from 'vitest';
import { canMove, markOrphaned, moveRecord, registrationState, TransitionError, unsettledIds } from '../../src/registry/lifecycle.js';
import { RECORD_STATUSES, type RecordStatus } from '../../src/registry/statuses.js';
import { liveOwner, record } from '../helpers/registry.js';

const API = 'https://api.example.com';

/** The lifecycle as the SPEC states it; every pair not listed must be refused. */
const ALLOWED: readonly [RecordStatus, RecordStatus][] = [
  ['pending', 'active'],
  ['pending', 'failed'],
  ['pending', 'unknown'],
  ['unknown', 'active'],
  ['unknown', 'absent'],
  ['unknown', 'duplicate'],
  ['duplicate', 'absent'],
  ['active', 'migrated'],
  ['active', 'forgotten'],
];

describe('the record state machine', () => {
  const pairs = RECORD_STATUSES.flatMap((from) => RECORD_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s is allowed only when the lifecycle lists it', (from, to) => {
    const allowed = ALLOWED.some(([a, b]) => a === from && b === to);
    expect(canMove(from, to)).toBe(allowed);
    const r = record(API, 1, { status: from, ...(from === 'pending' ? { owner: liveOwner() } : {}) });
    if (allowed) {
      moveRecord(r, to, '2026-02-02T00:00:00.000Z');
      expect(r).toMatchObject({ status: to, updatedAt: '2026-02-02T00:00:00.000Z' });
      expect(r.owner).toBeUndefined();
    } else {
      expect(() => moveRecord(r, to, '2026-02-02T00:00:00.000Z')).toThrow(TransitionError);
      expect(r.status).toBe(from);
    }
  });

  it('has no way out of a final state', () => {
    for (const final of ['failed', 'absent', 'migrated', 'forgotten'] as const) {
      expect(RECORD_STATUSES.filter((to) => canMove(final, to))).toEqual([]);
    }
  });
});

describe('markOrphaned: a claim whose run died', () => {
  it('moves pending to unknown, drops the claim, says why and keeps the time of the last change', () => {
    const r = record(API, 1, { status: 'pending', owner: liveOwner() });
    markOrphaned(r);
    expect(r).toMatchObject({ status: 'unknown', updatedAt: '2026-01-01T00:00:00.000Z', note: 'The run that was registering it stopped before TagMango answered.' });
    expect(r.owner).toBeUndefined();
  });

  it.each(RECORD_STATUSES.filter((s) => s !== 'pending'))('refuses a %s record, which no run was registering', (status) => {
    const r = record(API, 1, { status });
    expect(() => markOrphaned(r)).toThrow(TransitionError);
    expect(r.status).toBe(status);
    expect(r.note).toBeUndefined();
  });
});

describe('registrationState: what the registry says about one registration', () => {
  const same = (n: number, status: RecordStatus) => record(API, n, { status, scope: record(API, 1).scope });

  it('an active record wins over an older unknown one, whatever the order', () => {
    const unknown = same(1, 'unknown');
    const active = same(2, 'active');
    expect(registrationState([unknown, active], active)).toEqual({ kind: 'active', record: active });
    expect(registrationState([active, unknown], active)).toEqual({ kind: 'active', record: active });
  });

  it('a live claim comes next, then unknown outcomes (all of them), then nothing', () => {
    const pending = same(1, 'pending');
    const u1 = same(2, 'unknown');
    const u2 = same(3, 'unknown');
    expect(registrationState([u1, pending], u1).kind).toBe('pending');
    expect(registrationState([u1, u2], u1)).toEqual({ kind: 'unknown', record: u1, all: [u1, u2] });
    for (const status of ['failed', 'absent', 'duplicate', 'migrated', 'forgotten'] as const) {
      expect(registrationState([same(4, status)], u1)).toEqual({ kind: 'none' });
    }
  });

  it('counts only records of the same identity', () => {
    const other = record(API, 9, { status: 'active', hookUrl: 'https://other.example.com/x' });
    expect(registrationState([other], record(API, 1))).toEqual({ kind: 'none' });
  });
});

describe('unsettledIds: what whoami and list ask to resolve', () => {
  it('names unknown records only where their registration has no active record (as 0.1.0 left them after a --force)', () => {
    const leftOver = record(API, 1, { status: 'unknown' });
    const forced = record(API, 2, { status: 'active', scope: leftOver.scope });
    const open = record(API, 3, { status: 'unknown' });
    expect(unsettledIds([leftOver, forced, open])).toEqual([open.id]);
  });
});
