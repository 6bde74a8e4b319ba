/** The scope keys TagMango accepts on a registration, each naming one kind of object. */
export const SCOPE_KEYS = ['course', 'mango', 'webinar', 'page'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];

/** One TagMango event type as documented. */
export interface EventInfo {
  /** Event type sent as `event` on registration. */
  readonly name: string;
  /** The scope key that narrows a registration of this event, or null when none applies. */
  readonly scopeKey: ScopeKey | null;
  readonly status: 'current' | 'deprecated';
  /** For a deprecated event, the event that replaces it with the same payload. */
  readonly successor: string | null;
  /** Payload family: events of one family send bodies of the same shape. */
  readonly payload:
    | 'course-progress'
    | 'order'
    | 'order-failed'
    | 'order-recurring'
    | 'subscription'
    | 'user'
    | 'webinar'
    | 'webinar-reminder'
    | 'webinar-completion';
  /** When TagMango sends it. */
  readonly description: string;
}

/** Every documented TagMango webhook event. The one list the rest of the program reads. */
export const EVENTS: readonly EventInfo[] = [
  {
    name: 'course.completed',
    scopeKey: 'course',
    status: 'deprecated',
    successor: 'course.completed.100',
    payload: 'course-progress',
    description: 'A student consumed the whole course (deprecated: will be removed).',
  },
  {
    name: 'course.completed.50',
    scopeKey: 'course',
    status: 'current',
    successor: null,
    payload: 'course-progress',
    description: 'A student consumed 50% of the course.',
  },
  {
    name: 'course.completed.100',
    scopeKey: 'course',
    status: 'current',
    successor: null,
    payload: 'course-progress',
    description: 'A student consumed the whole course.',
  },
  {
    name: 'course.completed.all',
    scopeKey: 'course',
    status: 'current',
    successor: null,
    payload: 'course-progress',
    description: 'Fires independently at 10%, 50% and 100% of the course.',
  },
  {
    name: 'order.created.completed',
    scopeKey: 'mango',
    status: 'current',
    successor: null,
    payload: 'order',
    description: 'A payment was confirmed.',
  },
  {
    name: 'order.created.initiated',
    scopeKey: 'mango',
    status: 'current',
    successor: null,
    payload: 'order',
    description: 'A payment was started and not completed within 5 minutes.',
  },
  {
    name: 'order.created.failed',
    scopeKey: 'mango',
    status: 'current',
    successor: null,
    payload: 'order-failed',
    description: 'A payment attempt failed.',
  },
  {
    name: 'order.recurring.created',
    scopeKey: 'mango',
    status: 'current',
    successor: null,
    payload: 'order-recurring',
    description: 'A recurring charge after the first order.',
  },
  {
    name: 'subscription.expired',
    scopeKey: 'mango',
    status: 'current',
    successor: null,
    payload: 'subscription',
    description: 'A one-time or recurring subscription expired.',
  },
  {
    name: 'user.deleted',
    scopeKey: null,
    status: 'current',
    successor: null,
    payload: 'user',
    description: 'The creator deleted customers.',
  },
  {
    name: 'webinar.created.single',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar',
    description: 'A one-time webinar was created or updated, or a 1-1 consultation booked.',
  },
  {
    name: 'webinar.created.recurring',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar',
    description: 'A recurring webinar series was created or updated.',
  },
  {
    name: 'webinar.completed.all',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar-completion',
    description: 'A webinar ended: one delivery per attendee, about 15 minutes after the end.',
  },
  {
    name: 'webinar.reminder.all',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar-reminder',
    description: 'Fires 1 day, 30 minutes and 15 minutes before a webinar session.',
  },
  {
    name: 'webinar.reminder.1day',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar-reminder',
    description: 'Fires 24 hours before a webinar session.',
  },
  {
    name: 'webinar.reminder.15min',
    scopeKey: 'webinar',
    status: 'current',
    successor: null,
    payload: 'webinar-reminder',
    description: 'Fires 15 minutes before a webinar session.',
  },
];

/** The event a new registration uses when none is named. */
export const DEFAULT_EVENT = 'course.completed.100';

/** The events the help texts show in their examples (each one in EVENTS; a test checks). */
export const EXAMPLE_EVENTS = {
  milestone: 'course.completed.50',
  order: 'order.created.completed',
  account: 'user.deleted',
  webinar: 'webinar.reminder.15min',
  deprecated: 'course.completed',
} as const;

const byName = new Map(EVENTS.map((e) => [e.name, e]));

/** Look an event up by its exact type. */
export function findEvent(name: string): EventInfo | undefined {
  return byName.get(name);
}

/** The events that are deprecated. */
export function deprecatedEvents(): EventInfo[] {
  return EVENTS.filter((e) => e.status === 'deprecated');
}
