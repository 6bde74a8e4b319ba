import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { renderPayloadTypes } from '../../src/catalogue/render-types.js';
import { deliveryKey, examplePayload, identifyEvent, parsePayload } from '../../src/events.js';
import { identifyPayload } from '../../src/catalogue/identify.js';
import { deliveryKeyOf } from '../../src/catalogue/receive.js';

const body = examplePayload('course.completed.100');

describe('tagmango-hooks/events', () => {
  it('ships payload types generated from the zod schemas (run `npm run types` if this fails)', () => {
    expect(fs.readFileSync(new URL('../../src/catalogue/payload-types.ts', import.meta.url), 'utf8')).toBe(renderPayloadTypes());
  });

  it('parsePayload keeps unknown fields and reports documented ones that are wrong', () => {
    const ok = parsePayload('course.completed', { ...body, utm: 'x' });
    expect(ok.success && 'utm' in ok.data && ok.data.utm).toBe('x');
    const bad = parsePayload('course.completed', { ...body, courseId: 5, email: undefined });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['courseId', 'email']);
  });

  it('identifyEvent agrees with what listen reports for every example', () => {
    for (const event of ['course.completed.50', 'order.created.failed', 'subscription.expired', 'user.deleted', 'webinar.created.single'] as const) {
      const example = examplePayload(event);
      expect(identifyEvent(example)).toContain(event);
      expect(identifyEvent(example)).toEqual(identifyPayload(example).events);
    }
  });

  it('deliveryKey: one key for a completion delivered as course.completed and course.completed.100', () => {
    expect(deliveryKey('course.completed', body)).toBe(deliveryKey('course.completed.100', body));
    expect(deliveryKey('course.completed', { ...body, extraNoise: 1 })).toBe(deliveryKey('course.completed.100', body));
    expect(deliveryKey('course.completed.100', body)).toMatch(/^course\.completed\.100:[0-9a-f]{32}$/);
  });

  it('deliveryKey: differs for another person, course, time or milestone, and for an event it does not know', () => {
    const base = deliveryKey('course.completed.100', body);
    const variants = [
      deliveryKey('course.completed.100', { ...body, email: 'b@example.com' }),
      deliveryKey('course.completed.100', { ...body, phone: 9876543211 }),
      deliveryKey('course.completed.100', { ...body, courseId: '634fc35ddaf58580e2418c41' }),
      deliveryKey('course.completed.100', { ...body, lastProgressOn: '2023-11-20T18:31Z' }),
      deliveryKey('course.completed.50', body),
      deliveryKey('course.completed.all', body),
      deliveryKeyOf('course.completed.10', body),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});
