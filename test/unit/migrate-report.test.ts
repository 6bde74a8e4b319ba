import { describe, expect, it } from 'vitest';
import { buildMigrationPlan } from '../../src/migrate/plan.js';
import { settledRows } from '../../src/migrate/report.js';
import { courseId, record } from '../helpers/registry.js';

const API = 'https://api.example.com';
const TEMPLATE = 'https://hooks.example.com/tm?event={event}';

describe('settledRows', () => {
  it('reports an already migrated template record with the URL its successor was registered at', () => {
    const legacy = record(API, 1, { hookUrl: 'https://hooks.example.com/tm?event=course.completed', hookUrlTemplate: TEMPLATE, status: 'migrated', migratedTo: 'wh_00000099' });
    const plan = buildMigrationPlan({ version: 2, subscriptions: [legacy] }, { apiUrl: API, profile: 'default' });
    const [row] = settledRows(plan, false).done;
    expect(row).toMatchObject({
      event: 'course.completed.100',
      hookUrl: 'https://hooks.example.com/tm?event=course.completed.100',
      hookUrlTemplate: TEMPLATE,
      scope: { key: 'course', id: courseId(1) },
      status: 'skipped',
      id: 'wh_00000099',
      migratedFrom: legacy.id,
    });
  });

  it('reports an already migrated plain record with its own URL', () => {
    const legacy = record(API, 2, { status: 'migrated', migratedTo: 'wh_00000098' });
    const plan = buildMigrationPlan({ version: 2, subscriptions: [legacy] }, { apiUrl: API, profile: 'default' });
    const [row] = settledRows(plan, false).done;
    expect(row).toMatchObject({ event: 'course.completed.100', hookUrl: legacy.hookUrl, status: 'skipped', id: 'wh_00000098' });
    expect(row).not.toHaveProperty('hookUrlTemplate');
  });
});
