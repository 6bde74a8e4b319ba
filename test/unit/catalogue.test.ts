import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT, EVENTS, EXAMPLE_EVENTS, SCOPE_KEYS, deprecatedEvents, findEvent } from '../../src/catalogue/events.js';

describe('event catalogue', () => {
  it('lists the sixteen documented events once each', () => {
    const names = EVENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(
      [
        'course.completed',
        'course.completed.50',
        'course.completed.100',
        'course.completed.all',
        'order.created.completed',
        'order.created.initiated',
        'order.created.failed',
        'order.recurring.created',
        'subscription.expired',
        'user.deleted',
        'webinar.created.single',
        'webinar.created.recurring',
        'webinar.completed.all',
        'webinar.reminder.all',
        'webinar.reminder.1day',
        'webinar.reminder.15min',
      ].sort(),
    );
  });

  it('marks course.completed deprecated with course.completed.100 as its current successor', () => {
    expect(deprecatedEvents().map((e) => e.name)).toEqual(['course.completed']);
    const successor = findEvent('course.completed')?.successor;
    expect(successor).toBe('course.completed.100');
    expect(findEvent(successor ?? '')?.status).toBe('current');
    expect(findEvent('course.completed')?.payload).toBe(findEvent('course.completed.100')?.payload);
  });

  it('gives every event a known scope key or none, and defaults to a current event', () => {
    for (const event of EVENTS) {
      if (event.scopeKey !== null) expect(SCOPE_KEYS).toContain(event.scopeKey);
      if (event.status === 'current') expect(event.successor).toBeNull();
    }
    expect(findEvent('user.deleted')?.scopeKey).toBeNull();
    expect(findEvent(DEFAULT_EVENT)?.status).toBe('current');
  });

  it('shows only catalogue events in the help examples', () => {
    for (const name of Object.values(EXAMPLE_EVENTS)) expect(findEvent(name), name).toBeDefined();
  });

  it('gives the webinar reminder and completion events the webinar scope key and their own payloads', () => {
    const webinar = EVENTS.filter((e) => e.name.startsWith('webinar.'));
    expect(webinar.map((e) => e.scopeKey)).toEqual(webinar.map(() => 'webinar'));
    expect(findEvent('webinar.reminder.15min')?.payload).toBe(findEvent('webinar.reminder.all')?.payload);
    expect(findEvent('webinar.completed.all')?.payload).not.toBe(findEvent('webinar.reminder.all')?.payload);
    expect(findEvent('webinar.reminder.1day')?.payload).not.toBe(findEvent('webinar.created.single')?.payload);
  });
});
