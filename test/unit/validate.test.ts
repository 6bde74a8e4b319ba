import { describe, expect, it } from 'vitest';
import { findEvent } from '../../src/catalogue/events.js';
import { parseApiUrl } from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';
import { nearestEvent, parseEvent } from '../../src/validate/event.js';
import { parseHookUrl } from '../../src/validate/hook-url.js';
import { classifyHost, isLoopbackUrl } from '../../src/validate/hosts.js';
import { parseObjectId, parseScopes } from '../../src/validate/scope.js';

const publicRules = { allowPrivate: false, apiOnLoopback: false };
const ID = '634fc35ddaf58580e2418c40';

describe('parseHookUrl', () => {
  it('accepts an https URL unchanged and without warnings', () => {
    expect(parseHookUrl('https://hooks.example.com/tm', publicRules)).toEqual({ hookUrl: 'https://hooks.example.com/tm', warnings: [] });
  });

  it('warns on plain http unless the API is on loopback', () => {
    expect(parseHookUrl('http://hooks.example.com/tm', publicRules).warnings.map((w) => w.code)).toEqual(['INSECURE_HOOK_URL']);
    expect(parseHookUrl('http://hooks.example.com/tm', { allowPrivate: false, apiOnLoopback: true }).warnings).toEqual([]);
  });

  it.each([
    ['', 'INVALID_HOOK_URL'],
    ['hooks.example.com/tm', 'INVALID_HOOK_URL'],
    ['ftp://hooks.example.com/tm', 'INVALID_HOOK_URL'],
    ['https://user:pw@hooks.example.com/tm', 'INVALID_HOOK_URL'],
    ['https://hooks.example.com/a b', 'INVALID_HOOK_URL'],
    ['http://localhost:3000/hook', 'PRIVATE_HOOK_URL'],
    ['http://192.168.1.4/hook', 'PRIVATE_HOOK_URL'],
    ['https://printer.local/hook', 'PRIVATE_HOOK_URL'],
  ])('rejects %j with %s', (raw, code) => {
    expect(() => parseHookUrl(raw, publicRules)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });

  it('allows private hosts with --allow-private or a loopback API', () => {
    expect(parseHookUrl('http://127.0.0.1:9/x', { allowPrivate: true, apiOnLoopback: false }).hookUrl).toBe('http://127.0.0.1:9/x');
    expect(parseHookUrl('http://127.0.0.1:9/x', { allowPrivate: false, apiOnLoopback: true }).hookUrl).toBe('http://127.0.0.1:9/x');
  });
});

describe('classifyHost', () => {
  it.each([
    ['localhost', 'loopback'],
    ['127.8.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['0.0.0.0', 'private'],
    ['[fd00::1]', 'private'],
    ['intranet', 'private'],
    ['hooks.example.com', 'public'],
  ])('%s is %s', (host, reach) => {
    expect(classifyHost(host)).toBe(reach);
  });

  it('recognises a loopback API URL', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4010')).toBe(true);
    expect(isLoopbackUrl('https://api-prod-new.tagmango.com')).toBe(false);
  });
});

describe('parseEvent', () => {
  it('returns the catalogue entry of a known event', () => {
    expect(parseEvent('course.completed.50', false).info).toBe(findEvent('course.completed.50'));
  });

  it('suggests the nearest event on a typo or wrong case', () => {
    expect(nearestEvent('course.complted.100')).toBe('course.completed.100');
    // A deprecated event is never suggested, not even for a case-only typo: its successor is.
    expect(nearestEvent('Course.Completed')).toBe('course.completed.100');
    expect(() => parseEvent('course.complted.100', false)).toThrow(expect.objectContaining({ hint: expect.stringContaining('course.completed.100') }));
  });

  it('passes an unknown but well-formed event only when allowed', () => {
    expect(() => parseEvent('course.completed.10', false)).toThrow(UsageError);
    expect(parseEvent('course.completed.10', true)).toEqual({ name: 'course.completed.10', info: undefined });
    expect(() => parseEvent('not an event', true)).toThrow(UsageError);
  });
});

describe('parseScopes', () => {
  const course = parseEvent('course.completed.100', false);

  it('gives one scope per id, or all when none', () => {
    expect(parseScopes(course, {})).toEqual([null]);
    expect(parseScopes(course, { course: [ID, ID.toUpperCase(), '634fc35ddaf58580e2418c41'] })).toEqual([
      { key: 'course', id: ID },
      { key: 'course', id: '634fc35ddaf58580e2418c41' },
    ]);
  });

  it('rejects a scope key that does not fit the event, or two keys', () => {
    expect(() => parseScopes(course, { mango: [ID] })).toThrow(/scoped by --course/);
    expect(() => parseScopes(parseEvent('user.deleted', false), { course: [ID] })).toThrow(/takes no scope/);
    expect(() => parseScopes(course, { course: [ID], page: [ID] })).toThrow(/Only one scope key/);
  });

  it.each(['', '634fc35d', `${ID}00`, 'zz4fc35ddaf58580e2418c40'])('rejects the id %j', (id) => {
    expect(() => parseObjectId(id, 'course')).toThrow(UsageError);
  });
});

describe('parseApiUrl', () => {
  it('keeps a base path, and refuses a query or fragment, which would land inside the registration path', () => {
    expect(parseApiUrl('http://127.0.0.1:4010/base/')).toBe('http://127.0.0.1:4010/base');
    expect(() => parseApiUrl('http://127.0.0.1:4010?x=1')).toThrow(/--api-url must not have a query or fragment, as in "http:\/\/127\.0\.0\.1:4010\?x=1"\./);
    expect(() => parseApiUrl('https://api.example.com/#top', 'api-url')).toThrow(UsageError);
  });
});
