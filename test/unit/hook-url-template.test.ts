import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { buildMigrationPlan } from '../../src/migrate/plan.js';
import { expandHookUrl, isHookUrlTemplate, registrationsFor } from '../../src/validate/hook-url-template.js';
import { courseId, record } from '../helpers/registry.js';

const RULES = { allowPrivate: false, apiOnLoopback: false };
const API = 'https://api.example.com';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('hook URL placeholders', () => {
  it('expands {event} and the scope placeholder per registration, URL-encoded', () => {
    expect(expandHookUrl('https://x.example/{course}?e={event}', { event: 'course.completed.50', scope: { key: 'course', id: 'a b/c' } })).toBe(
      'https://x.example/a%20b%2Fc?e=course.completed.50',
    );
    const { items } = registrationsFor('https://x.example/tm/{course}?event={event}', 'course.completed.100', [
      { key: 'course', id: courseId(1) },
      { key: 'course', id: courseId(2) },
    ], RULES);
    expect(items).toEqual([1, 2].map((n) => ({
      hookUrl: `https://x.example/tm/${courseId(n)}?event=course.completed.100`,
      hookUrlTemplate: 'https://x.example/tm/{course}?event={event}',
      event: 'course.completed.100',
      scope: { key: 'course', id: courseId(n) },
    })));
  });

  it('keeps no template for a plain URL', () => {
    expect(isHookUrlTemplate('https://x.example/tm')).toBe(false);
    expect(registrationsFor('https://x.example/tm', 'user.deleted', [null], RULES).items).toEqual([{ hookUrl: 'https://x.example/tm', event: 'user.deleted', scope: null }]);
  });

  it('refuses an unknown placeholder and one whose scope is absent or of another kind', () => {
    expect(usageError(() => registrationsFor('https://x.example/?e={evnt}', 'user.deleted', [null], RULES)).message).toContain('unknown placeholder "{evnt}"');
    const absent = usageError(() => registrationsFor('https://x.example/{course}', 'course.completed.100', [null], RULES));
    expect(absent.message).toContain('has no course id');
    expect(absent.hint).toContain('--course <id>');
    const other = usageError(() => expandHookUrl('https://x.example/{mango}', { event: 'course.completed.100', scope: { key: 'course', id: courseId(1) } }));
    expect(other.hint).toContain('use {course}');
    expect(absent.exitCode).toBe(2);
  });

  it('checks the expanded URL like any hook URL', () => {
    expect(usageError(() => registrationsFor('http://{course}.localhost/', 'course.completed.100', [{ key: 'course', id: courseId(1) }], RULES)).code).toBe('PRIVATE_HOOK_URL');
  });

  it('migrate expands a template again for the successor event; a plain URL stays', () => {
    const template = 'https://x.example/tm?event={event}&course={course}';
    const data = {
      version: 2 as const,
      subscriptions: [
        record(API, 1, { hookUrl: `https://x.example/tm?event=course.completed&course=${courseId(1)}`, hookUrlTemplate: template }),
        record(API, 2),
      ],
    };
    const plan = buildMigrationPlan(data, { apiUrl: API, profile: 'default' });
    expect(plan.send.map((i) => i.to)).toEqual([
      { hookUrl: `https://x.example/tm?event=course.completed.100&course=${courseId(1)}`, hookUrlTemplate: template, event: 'course.completed.100', scope: { key: 'course', id: courseId(1) } },
      { hookUrl: 'https://hooks.example.com/tm', event: 'course.completed.100', scope: { key: 'course', id: courseId(2) } },
    ]);
  });
});

describe('hook URL placeholders for a scope the event cannot take', () => {
  it('tells an account-wide event to drop the placeholder, not to give an id it would refuse', () => {
    const error = usageError(() => registrationsFor('https://x.example/{mango}', 'user.deleted', [null], RULES));
    expect(error.hint).not.toContain('--mango');
    expect(error.hint).toContain('remove {mango}');
  });

  it('names the scope the event does take', () => {
    const error = usageError(() => registrationsFor('https://x.example/{course}', 'order.created.completed', [null], RULES));
    expect(error.hint).not.toContain('--course');
    expect(error.hint).toContain('{mango}');
  });
});

describe('hook URL placeholders in the fragment', () => {
  it('are refused: the fragment never reaches the receiver', () => {
    const error = usageError(() => registrationsFor('https://x.example/tm#{event}', 'course.completed.100', [null], RULES));
    expect(error.code).toBe('INVALID_PLACEHOLDER');
    expect(error.message).toContain('#');
    expect(error.hint).toContain('?event={event}');
    expect(usageError(() => expandHookUrl('http://127.0.0.1:3000/tm?a=1#x={event}', { event: 'course.completed.100', scope: null }, ' (--to)')).message).toContain('(--to)');
  });

  it('are fine before a fragment', () => {
    expect(expandHookUrl('https://x.example/tm?event={event}#top', { event: 'course.completed.100', scope: null })).toBe('https://x.example/tm?event=course.completed.100#top');
  });
});

describe('hook URL templates of a deprecated event', () => {
  const scope = { key: 'course', id: courseId(1) };

  it('are refused up front when the URL migrate would register for the successor is not a valid hook URL', () => {
    // https://course.completed/ is a URL; https://course.completed.100/ is not (a host ending in a number).
    const error = usageError(() => registrationsFor('https://{event}/', 'course.completed', [scope], RULES));
    expect(error.code).toBe('INVALID_HOOK_URL');
    expect(error.message).toContain('course.completed.100');
    const long = `https://x.example/${'a'.repeat(2048 - 'https://x.example//course.completed'.length)}/{event}`;
    expect(usageError(() => registrationsFor(long, 'course.completed', [scope], RULES)).message).toContain('longer than');
    expect(registrationsFor('https://x.example/{event}', 'course.completed', [scope], RULES).items[0]?.hookUrl).toBe('https://x.example/course.completed');
  });

  it('make migrate stop with a usage error, not a crash, when a stored one cannot be expanded for the successor', () => {
    const data = { version: 2 as const, subscriptions: [record(API, 1, { hookUrl: 'https://course.completed/', hookUrlTemplate: 'https://{event}/' })] };
    const error = usageError(() => buildMigrationPlan(data, { apiUrl: API, profile: 'default' }));
    expect(error.message).toContain('course.completed.100');
    expect(error.message).toContain(record(API, 1).id);
  });
});
