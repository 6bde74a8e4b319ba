import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS, SCOPE_KEYS } from '../../src/catalogue/events.js';
import { SETTING_KEYS, parseApiUrl, parseIntegerOption, parseSettingKey, parseSettingValue } from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';
import { parseEvent } from '../../src/validate/event.js';
import { MAX_HOOK_URL_LENGTH, parseHookUrl } from '../../src/validate/hook-url.js';
import { classifyHost } from '../../src/validate/hosts.js';
import { parseObjectId, parseScopes } from '../../src/validate/scope.js';

/** Run `parse`; it must return or throw a UsageError with a one-line message, nothing else. */
function validOrUsage<T>(parse: () => T, check: (value: T) => void): void {
  let value: T;
  try {
    value = parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).not.toMatch(/[\n\r]/);
    return;
  }
  check(value);
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom(...'h:/.[]@%?#\\ \t\n\u0000\u001b\u009bxn-.-0:f'.split('')) }),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.webUrl().map((u) => u.replace('://', '://user:pw@')),
  fc.ipV4().map((ip) => `https://${ip}/x`),
  fc.ipV6().map((ip) => `https://[${ip}]/x`),
  fc.domain().map((d) => `http://${d}`),
);

const rules = fc.record({ allowPrivate: fc.boolean(), apiOnLoopback: fc.boolean() });

describe('validators: any input gives a valid value or a UsageError', () => {
  it('parseHookUrl', () => {
    fc.assert(
      fc.property(hostile, rules, (raw, r) =>
        validOrUsage(
          () => parseHookUrl(raw, r),
          ({ hookUrl }) => {
            const url = new URL(hookUrl);
            expect(['http:', 'https:']).toContain(url.protocol);
            expect(url.username + url.password).toBe('');
            expect(raw.length).toBeLessThanOrEqual(MAX_HOOK_URL_LENGTH);
            if (!r.allowPrivate && !r.apiOnLoopback) expect(classifyHost(url.hostname)).toBe('public');
          },
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('parseObjectId', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[0-9a-fA-F]{20,28}$/)), fc.constantFrom(...SCOPE_KEYS), (raw, key) =>
        validOrUsage(
          () => parseObjectId(raw, key),
          (id) => expect(id).toMatch(/^[0-9a-f]{24}$/),
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('parseEvent', () => {
    const names = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...EVENTS.map((e) => e.name)), fc.stringMatching(/^[a-zA-Z.]{1,30}$/));
    fc.assert(
      fc.property(names, fc.boolean(), (raw, allowUnknown) =>
        validOrUsage(
          () => parseEvent(raw, allowUnknown),
          (event) => {
            if (!allowUnknown) expect(event.info?.name).toBe(event.name);
            expect(event.name).toMatch(/^[a-z][a-z0-9_.-]*$/);
          },
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('parseScopes', () => {
    const given = fc.dictionary(fc.constantFrom(...SCOPE_KEYS), fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{24}$/)), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS), given, (info, ids) =>
        validOrUsage(
          () => parseScopes({ name: info.name, info }, ids),
          (scopes) => {
            for (const scope of scopes) {
              if (scope === null) continue;
              expect(scope.key).toBe(info.scopeKey);
              expect(scope.id).toMatch(/^[0-9a-f]{24}$/);
            }
          },
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('settings: keys, values, API URL and integer options', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...SETTING_KEYS)), fc.oneof(fc.string({ unit: 'binary' }), fc.integer().map(String), fc.webUrl()), (key, value) =>
        validOrUsage(
          () => parseSettingValue(parseSettingKey(key), value),
          (parsed) => {
            if (key === 'api-url') expect(String(parsed)).toMatch(/^https?:\/\/[^/]/);
            else expect(Number.isSafeInteger(parsed)).toBe(true);
          },
        ),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => validOrUsage(() => parseApiUrl(raw), (url) => expect(url.endsWith('/')).toBe(false))),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String)), fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 100 }), (raw, min, span) =>
        validOrUsage(
          () => parseIntegerOption(raw, '--n', min, min + span, 'units'),
          (n) => {
            expect(Number.isSafeInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(min);
            expect(n).toBeLessThanOrEqual(min + span);
          },
        ),
      ),
      { numRuns: 2000 },
    );
  });
});
