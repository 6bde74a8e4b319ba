import { describe, expect, it } from 'vitest';
import { canMove, isCurrent, isWebhook, markOrphaned, moveRecord, registrationState, registrationStates, resolveHint, TransitionError, unsettledIds } from '../../src/registry/lifecycle.js';
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
    expect(() => markOrphaned(r)).toThrow(`Record ${r.id} cannot go from ${status} to unknown.`);
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

describe('unsettledIds: every unknown record of an unsettled registration, and nothing else', () => {
  it('is empty without unknown records, whatever else the registry holds', () => {
    const others = (['pending', 'active', 'failed', 'absent', 'duplicate', 'migrated', 'forgotten'] as const).map((status, i) => record(API, i + 1, { status }));
    expect(unsettledIds(others)).toEqual([]);
  });

  it('names all unknown records of one registration, beside a pending one of another, in order', () => {
    const u1 = record(API, 1, { status: 'unknown' });
    const u2 = record(API, 2, { status: 'unknown', scope: u1.scope });
    const claim = record(API, 3, { status: 'pending', owner: liveOwner() });
    const u3 = record(API, 4, { status: 'unknown' });
    expect(unsettledIds([u1, claim, u2, u3])).toEqual([u1.id, u2.id, u3.id]);
  });

  it('skips unknown records whose registration a live claim is registering again (--force)', () => {
    const unknown = record(API, 1, { status: 'unknown' });
    const claim = record(API, 2, { status: 'pending', scope: unknown.scope, owner: liveOwner() });
    expect(unsettledIds([unknown, claim])).toEqual([]);
  });
});

describe('which records count and show', () => {
  const statuses = ['pending', 'active', 'failed', 'unknown', 'absent', 'duplicate', 'migrated', 'forgotten'] as const;

  it('isWebhook: only an active record is a webhook at TagMango', () => {
    expect(statuses.filter((status) => isWebhook(record(API, 1, { status })))).toEqual(['active']);
  });

  it('isCurrent: list shows registered, being registered and unsettled records by default', () => {
    expect(statuses.filter((status) => isCurrent(record(API, 1, { status })))).toEqual(['pending', 'active', 'unknown', 'duplicate']);
  });

  it('resolveHint names the ids, or a placeholder when there are none', () => {
    expect(resolveHint(['wh_00000001', 'wh_00000002'])).toBe(
      'Check the TagMango dashboard, then run: tagmango-hooks resolve wh_00000001 wh_00000002 --exists (it is there) or --absent (it is not).',
    );
    expect(resolveHint([])).toContain('tagmango-hooks resolve <id> --exists');
  });
});

describe('registrationStates: one state per registration the records name', () => {
  it('groups by identity and judges each group as registrationState does', () => {
    const active = record(API, 1);
    const unknownSame = record(API, 2, { status: 'unknown', scope: active.scope });
    const lone = record(API, 3, { status: 'unknown' });
    expect(registrationStates([active, lone, unknownSame])).toEqual([
      { kind: 'active', record: active },
      { kind: 'unknown', record: lone, all: [lone] },
    ]);
    expect(registrationStates([])).toEqual([]);
  });
});

describe('moveRecord', () => {
  it('stamps the move and drops the claim', () => {
    const r = record(API, 1, { status: 'pending', owner: liveOwner() });
    moveRecord(r, 'active', '2026-05-05T00:00:00.000Z');
    expect(r).toEqual({ ...record(API, 1), status: 'active', updatedAt: '2026-05-05T00:00:00.000Z' });
  });

  it('a refused move names the record and both states', () => {
    const r = record(API, 1, { status: 'failed' });
    expect(() => moveRecord(r, 'active', 'now')).toThrow(`Record ${r.id} cannot go from failed to active.`);
  });
});
