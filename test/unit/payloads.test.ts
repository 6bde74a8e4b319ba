import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/catalogue/events.js';
import { identifyPayload } from '../../src/catalogue/identify.js';
import { applyOverrides } from '../../src/catalogue/overrides.js';
import { EXAMPLE_PAYLOADS, PAYLOAD_SCHEMAS, describeFields, examplePayload, payloadSchema } from '../../src/catalogue/payloads.js';

const course = EVENTS.find((e) => e.name === 'course.completed.100')!;

describe('payload catalogue', () => {
  it.each(EVENTS.map((e) => [e.name, e] as const))('%s has an example payload valid against its schema', (_name, event) => {
    const result = payloadSchema(event).safeParse(examplePayload(event));
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('uses 24-hex ids, a minutes-precision UTC timestamp and a numeric phone in the course example', () => {
    const example = EXAMPLE_PAYLOADS['course-progress'];
    expect(example.courseId).toMatch(/^[0-9a-f]{24}$/);
    expect(example.lastProgressOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(typeof example.phone).toBe('number');
    expect(Object.keys(example).sort()).toEqual(['course', 'courseId', 'email', 'lastProgressOn', 'name', 'phone']);
  });

  it('lets unknown extra keys pass and rejects a wrong type', () => {
    const schema = PAYLOAD_SCHEMAS['course-progress'];
    expect(schema.safeParse({ ...EXAMPLE_PAYLOADS['course-progress'], extra: 1 }).success).toBe(true);
    expect(schema.safeParse({ ...EXAMPLE_PAYLOADS['course-progress'], phone: '9876543210' }).success).toBe(false);
  });

  it('describes fields with readable types', () => {
    const fields = describeFields(PAYLOAD_SCHEMAS.webinar);
    expect(fields).toContainEqual({ name: 'phone', type: 'number' });
    expect(fields).toContainEqual({ name: 'callList', type: 'array of object' });
  });
});

describe('identifyPayload', () => {
  it('names the course family without guessing which course event sent it', () => {
    const verdict = identifyPayload(EXAMPLE_PAYLOADS['course-progress']);
    expect(verdict).toMatchObject({ valid: true, family: 'course-progress' });
    expect(verdict.label).toBe('course progress event (course.completed / .50 / .100 / .all: same payload)');
    expect(verdict.events).toEqual(['course.completed', 'course.completed.50', 'course.completed.100', 'course.completed.all']);
  });

  it('names a single-event family by its event', () => {
    expect(identifyPayload(EXAMPLE_PAYLOADS.user).label).toBe('user.deleted');
  });

  it('reports the differences from the nearest schema for an invalid body', () => {
    const verdict = identifyPayload({ ...EXAMPLE_PAYLOADS['course-progress'], phone: 'x' });
    expect(verdict.valid).toBe(false);
    expect(verdict.family).toBe('course-progress');
    expect(verdict.issues.join(' ')).toMatch(/phone/);
  });

  it('rejects a body that is not an object', () => {
    expect(identifyPayload([1, 2])).toMatchObject({ valid: false, family: null });
  });
});

describe('applyOverrides', () => {
  const schema = payloadSchema(course);
  const base = examplePayload(course);

  it('types values by the schema: phone stays a number, a numeric-looking name stays a string', () => {
    const result = applyOverrides(base, ['phone=9123456780', 'name=1234', 'email=a=b@example.com'], schema);
    expect(result.phone).toBe(9123456780);
    expect(result.name).toBe('1234');
    expect(result.email).toBe('a=b@example.com');
  });

  it('names the valid keys for an unknown one', () => {
    expect(() => applyOverrides(base, ['colour=red'], schema)).toThrow(/no field "colour"/);
    try {
      applyOverrides(base, ['colour=red'], schema);
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('name, email, phone, course, courseId, lastProgressOn');
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('types a webinar reminder\'s phone as a string and its timezone as a string or null', () => {
    const reminder = EVENTS.find((e) => e.name === 'webinar.reminder.15min')!;
    const result = applyOverrides(examplePayload(reminder), ['phone=+919123456780', 'timezone=null'], payloadSchema(reminder));
    expect(result).toMatchObject({ phone: '+919123456780', timezone: null });
    const failed = EVENTS.find((e) => e.name === 'order.created.failed')!;
    expect(() => applyOverrides(examplePayload(failed), ['renewalCount=two'], payloadSchema(failed))).toThrow(/renewalCount must be a number\./);
  });

  it('refuses a value of the wrong type and a pair without =', () => {
    expect(() => applyOverrides(base, ['phone=abc'], schema)).toThrow(/phone must be a number/);
    expect(() => applyOverrides(base, ['phone'], schema)).toThrow(/not key=value/);
  });
});
