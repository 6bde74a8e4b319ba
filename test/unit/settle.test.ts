import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { RegistryData } from '../../src/registry/schema.js';
import { settleRecords } from '../../src/registry/settle.js';
import { record } from '../helpers/registry.js';

const API = 'https://api.example.com';
const STAMP = '2026-04-01T00:00:00.000Z';
const data = (...records: ReturnType<typeof record>[]): RegistryData => ({ version: 2, subscriptions: records });

describe('settleRecords (resolve)', () => {
  it('--exists on an unknown record of a registration already active makes it a possible duplicate of the active one', () => {
    const d = data(record(API, 1), record(API, 2, { status: 'unknown', scope: record(API, 1).scope }));
    const [s] = settleRecords(d, ['wh_00000002'], 'exists', STAMP, 'f');
    expect(s).toMatchObject({ from: 'unknown', to: 'duplicate', duplicateOf: 'wh_00000001' });
    expect(d.subscriptions[1]).toMatchObject({ status: 'duplicate', duplicateOf: 'wh_00000001', updatedAt: STAMP });
  });

  it('--absent settles a possible duplicate; repeating a settlement changes nothing', () => {
    const d = data(record(API, 1, { status: 'duplicate', duplicateOf: 'wh_00000009' }));
    expect(settleRecords(d, ['wh_00000001'], 'absent', STAMP, 'f')).toMatchObject([{ from: 'duplicate', to: 'absent' }]);
    expect(settleRecords(d, ['wh_00000001'], 'absent', '2027-01-01T00:00:00.000Z', 'f')).toMatchObject([{ from: 'absent', to: 'absent' }]);
    expect(d.subscriptions[0]?.updatedAt).toBe(STAMP);
  });

  it('--exists on two unknown records of one registration gives what two runs one after the other give: one active, one possible duplicate', () => {
    const scope = record(API, 1).scope;
    const d = data(record(API, 1, { status: 'unknown' }), record(API, 2, { status: 'unknown', scope }));
    expect(settleRecords(d, ['wh_00000001', 'wh_00000002'], 'exists', STAMP, 'f')).toMatchObject([
      { id: 'wh_00000001', to: 'active' },
      { id: 'wh_00000002', to: 'duplicate', duplicateOf: 'wh_00000001' },
    ]);
    expect(d.subscriptions.map((r) => r.status)).toEqual(['active', 'duplicate']);
  });

  it('refuses the whole change when one id cannot be settled, changing none', () => {
    const d = data(record(API, 1, { status: 'unknown' }), record(API, 2, { status: 'migrated' }));
    expect(() => settleRecords(d, ['wh_00000001', 'wh_00000002'], 'absent', STAMP, 'f')).toThrow(UsageError);
    expect(d.subscriptions.map((r) => r.status)).toEqual(['unknown', 'migrated']);
  });
});
