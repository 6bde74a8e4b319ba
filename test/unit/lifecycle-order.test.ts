import { describe, expect, it } from 'vitest';
import { canMove, compareLifecycle, LIFECYCLE_ORDER } from '../../src/registry/lifecycle.js';
import { RECORD_STATUSES, type RecordStatus } from '../../src/registry/statuses.js';

/** Which of two states a merge keeps, for every pair of states no move joins (the conflicts a merge can meet). */
const CONFLICTS: readonly [RecordStatus, RecordStatus, RecordStatus][] = [
  ['failed', 'unknown', 'unknown'], // may exist beats surely not
  ['failed', 'active', 'active'],
  ['failed', 'duplicate', 'duplicate'],
  ['failed', 'absent', 'absent'],
  ['failed', 'migrated', 'migrated'],
  ['failed', 'forgotten', 'forgotten'],
  ['active', 'absent', 'active'], // resolved --exists on one clone, --absent on the other: send nothing again
  ['active', 'duplicate', 'active'],
  ['absent', 'migrated', 'migrated'],
  ['absent', 'forgotten', 'forgotten'],
  ['duplicate', 'migrated', 'migrated'],
  ['duplicate', 'forgotten', 'forgotten'],
  ['forgotten', 'migrated', 'migrated'], // the link to the successor is kept
];

/** Whether `to` can be reached from `from` by allowed moves. */
function reachable(from: RecordStatus, to: RecordStatus): boolean {
  const seen = new Set<RecordStatus>();
  const walk = (s: RecordStatus): boolean => RECORD_STATUSES.some((n) => canMove(s, n) && !seen.has(n) && (seen.add(n), n === to || walk(n)));
  return walk(from);
}

describe('the lifecycle order that registry merge follows', () => {
  it('orders every state once', () => {
    expect([...LIFECYCLE_ORDER].sort()).toEqual([...RECORD_STATUSES].sort());
  });

  const pairs = RECORD_STATUSES.flatMap((a) => RECORD_STATUSES.map((b) => [a, b] as const));
  it.each(pairs)('%s against %s', (a, b) => {
    const order = compareLifecycle(a, b);
    expect(Math.sign(order) + Math.sign(compareLifecycle(b, a))).toBe(0);
    if (a === b) return expect(order).toBe(0);
    expect(order).not.toBe(0);
    const later = order > 0 ? a : b;
    if (reachable(a, b)) expect(later).toBe(b);
    else if (reachable(b, a)) expect(later).toBe(a);
    else {
      const conflict = CONFLICTS.find(([x, y]) => (x === a && y === b) || (x === b && y === a));
      expect(conflict, `${a} and ${b} are joined by no move: list which wins`).toBeDefined();
      expect(later).toBe(conflict?.[2]);
    }
  });
});
