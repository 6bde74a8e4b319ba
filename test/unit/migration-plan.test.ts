import { describe, expect, it } from 'vitest';
import { buildMigrationPlan, migratableEvents } from '../../src/migrate/plan.js';
import { courseId, record } from '../helpers/registry.js';

const API = 'https://api.example.com';

describe('buildMigrationPlan', () => {
  it('reads the deprecated events and their successors from the catalogue', () => {
    expect(migratableEvents().get('course.completed')).toBe('course.completed.100');
  });

  it('sends, links, leaves unsure or reports done per legacy record of this profile and API URL', () => {
    const data = {
      version: 2 as const,
      subscriptions: [
        record(API, 1),
        record(API, 2),
        record(API, 3, { event: 'course.completed.100', scope: { key: 'course', id: courseId(2) } }),
        record(API, 4),
        record(API, 5, { event: 'course.completed.100', scope: { key: 'course', id: courseId(4) }, status: 'unknown' }),
        record(API, 6, { status: 'migrated', migratedTo: 'wh_00000099' }),
        record(API, 7, { status: 'forgotten' }),
        record(API, 8, { profile: 'other' }),
        record('https://elsewhere.example.com', 9),
        record(API, 10, { event: 'course.completed.50' }),
      ],
    };
    const plan = buildMigrationPlan(data, { apiUrl: API, profile: 'default' });
    expect(plan.send.map((i) => i.legacy?.id)).toEqual([record(API, 1).id]);
    expect(plan.send[0]?.to).toEqual({ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', scope: { key: 'course', id: courseId(1) } });
    expect(plan.link.map((i) => [i.legacy?.id, i.successor?.id])).toEqual([[record(API, 2).id, record(API, 3).id]]);
    expect(plan.unsure.map((i) => i.legacy?.id)).toEqual([record(API, 4).id]);
    expect(plan.done.map((r) => r.id)).toEqual([record(API, 6).id]);
  });

  it('with named webhooks, migrates only those, reusing matching records', () => {
    const data = { version: 2 as const, subscriptions: [record(API, 1), record(API, 2, { status: 'migrated' })] };
    const named = [1, 2, 3].map((n) => ({ hookUrl: 'https://hooks.example.com/tm', event: 'course.completed', scope: { key: 'course', id: courseId(n) } }));
    const plan = buildMigrationPlan(data, { apiUrl: API, profile: 'default', named });
    expect(plan.send.map((i) => i.legacy?.id ?? null)).toEqual([record(API, 1).id, null]);
    expect(plan.done.map((r) => r.id)).toEqual([record(API, 2).id]);
  });
});
