import { describe, expect, it } from 'vitest';
import { activeRecordOf, recordsOf, sameHookUrl } from '../../src/registry/queries.js';
import { record } from '../helpers/registry.js';

const API = 'https://api.example.com';
const OTHER_API = 'https://api.staging.example.com';

describe('registry queries: one answer per question', () => {
  it('recordsOf keeps the records of one profile at one API URL, in order', () => {
    const mine1 = record(API, 1);
    const otherProfile = record(API, 2, { profile: 'staging' });
    const otherApi = record(OTHER_API, 3);
    const mine2 = record(API, 4, { status: 'forgotten' });
    expect(recordsOf([mine1, otherProfile, otherApi, mine2], { profile: 'default', apiUrl: API })).toEqual([mine1, mine2]);
    expect(recordsOf([mine1, otherProfile, otherApi, mine2], { profile: 'staging', apiUrl: OTHER_API })).toEqual([]);
  });

  it('activeRecordOf finds the active record of that identity only', () => {
    const unknown = record(API, 1, { status: 'unknown' });
    const active = record(API, 1, { id: 'wh_00000009' });
    const otherScope = record(API, 2);
    expect(activeRecordOf([unknown, otherScope, active], unknown)).toBe(active);
    expect(activeRecordOf([unknown, otherScope], unknown)).toBeUndefined();
    expect(activeRecordOf([unknown, otherScope], { ...unknown, profile: 'staging' })).toBeUndefined();
  });

  it('activeRecordOf counts the records named as active although their status is not yet', () => {
    const unknown = record(API, 1, { status: 'unknown' });
    expect(activeRecordOf([unknown], unknown, new Set([unknown.id]))).toBe(unknown);
    expect(activeRecordOf([unknown], unknown, new Set(['wh_zzzzzzzz']))).toBeUndefined();
  });

  it('sameHookUrl compares as validation normalises: host case, default port, trimmed', () => {
    expect(sameHookUrl('https://hooks.example.com/tm', ' https://HOOKS.example.com:443/tm ')).toBe(true);
    expect(sameHookUrl('https://hooks.example.com/', 'https://hooks.example.com')).toBe(true);
    expect(sameHookUrl('https://hooks.example.com/tm', 'https://hooks.example.com/TM')).toBe(false);
    // Not a URL: compared as typed, trimmed.
    expect(sameHookUrl('not a url', '  not a url ')).toBe(true);
    expect(sameHookUrl('not a url', 'not a URL')).toBe(false);
  });
});
