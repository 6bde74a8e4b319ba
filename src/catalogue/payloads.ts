import { z } from 'zod';
import { EVENTS, type EventInfo } from './events.js';

/** A payload family as named in the event catalogue. */
export type PayloadFamily = EventInfo['payload'];

const str = z.string();
const num = z.number();

const course = z
  .object({ name: str, email: str, phone: num, course: str, courseId: str, lastProgressOn: str })
  .loose();

const orderFields = {
  id: str, name: str, email: str, phone: num, orderTime: str, orderId: str, amount: num, gst: num,
  discount: num, coupon: str.nullable(), country: str, amountPayable: num, mangoName: str, status: str,
};

const affiliateFields = {
  affiliateId: str.nullable(), affiliateName: str.nullable(), affiliateEmail: str.nullable(), affiliatePhone: num.nullable(),
};

const order = z.object({ ...orderFields, customFields: z.array(z.unknown()) }).loose();

// The page's own example has `customFields: null` and `funnelBridgeDetails: null`.
const orderFailed = z
  .object({
    subscriberId: str, name: str, email: str, phone: num, country: str, dialCode: str, orderId: str,
    orderTime: str, amount: num, gst: num, discount: num, coupon: str.nullable(), amountPayable: num,
    mangoName: str, status: str, recurringType: str, currency: str, quantity: num, ...affiliateFields,
    customFields: z.array(z.unknown()).nullable(), funnelBridgeDetails: z.unknown(), renewalCount: num,
  })
  .loose();

// The mango's custom fields arrive as extra top-level keys (a key may hold spaces): loose keeps them.
const orderRecurring = z
  .object({ ...orderFields, dialCode: str, subscriberId: str, recurringType: str, currency: str, quantity: num, ...affiliateFields })
  .loose();

const subscription = z
  .object({
    name: str, email: str, phone: num,
    mangoRecurringType: z.enum(['onetime', 'daily', 'weekly', 'monthly', 'quarterly', 'halfyearly', 'yearly']),
    mangoTitle: str, mangoLink: str, lastPurchaseDate: str,
  })
  .loose();

const user = z
  .object({ _id: str, name: str, email: str, phone: num, country: z.string().regex(/^[A-Z]{2}$/), host: str, profilePicUrl: str })
  .loose();

const call = z
  .object({
    webinar: str, webinarId: str, webinarLink: str, webinarFromTime: str, webinarToTime: str,
    webinarFromTimeInCreatorTimezone: str, webinarToTimeInCreatorTimezone: str, creatorTimezone: str,
  })
  .loose();

const webinar = z
  .object({ name: str, email: str, phone: num, timezone: str, callList: z.array(call), mangoes: str })
  .loose();

// Reminder and completion payloads are flat, and their phone is a string (it may start with +).
const webinarReminder = z
  .object({
    name: str, email: str, phone: str, timezone: str.nullable(), webinar: str, webinarId: str, webinarLink: str,
    webinarFromTime: str, webinarToTime: str, webinarFromTimeInCreatorTimezone: str, creatorTimezone: str, mangoes: str,
  })
  .loose();

const webinarCompletion = z.object({ name: str, email: str, phone: str, webinar: str, webinarId: str, webinarLink: str }).loose();

/** The zod schema of each payload family: documented fields and types; extra keys pass. */
export const PAYLOAD_SCHEMAS: Readonly<Record<PayloadFamily, z.ZodObject>> = {
  'course-progress': course,
  order,
  'order-failed': orderFailed,
  'order-recurring': orderRecurring,
  subscription,
  user,
  webinar,
  'webinar-reminder': webinarReminder,
  'webinar-completion': webinarCompletion,
};

const buyer = { name: 'Asha Verma', email: 'asha.verma@example.com', phone: 9876543210 };
const attendee = { name: 'Asha Verma', email: 'asha.verma@example.com' };
const session = {
  webinar: 'Portfolio Review Live', webinarId: '65a1b2c3d4e5f60718293a51', webinarLink: 'https://meet.google.com/xyz-abcd-efg',
};
const affiliate = { affiliateId: null, affiliateName: null, affiliateEmail: null, affiliatePhone: null };

/** A realistic example body per family, valid against its schema (ids are 24-hex ObjectIds, times ISO). */
export const EXAMPLE_PAYLOADS: Readonly<Record<PayloadFamily, Record<string, unknown>>> = {
  'course-progress': {
    ...buyer, course: 'Watercolour Basics', courseId: '634fc35ddaf58580e2418c40', lastProgressOn: '2023-11-20T18:30Z',
  },
  order: {
    id: '65a1b2c3d4e5f60718293a4b', ...buyer, orderTime: '2024-01-12T10:15:00.000Z', orderId: '65a1b2c3d4e5f60718293a4c',
    amount: 1999, gst: 359.82, discount: 200, coupon: 'WELCOME200', country: 'IN', amountPayable: 2158.82,
    mangoName: 'Watercolour Masterclass', status: 'completed', customFields: [],
  },
  'order-failed': {
    subscriberId: '65a1b2c3d4e5f60718293a4d', ...buyer, country: 'IN', dialCode: '+91', orderId: '65a1b2c3d4e5f60718293a4e',
    orderTime: '2024-02-12T10:15:00.000Z', amount: 499, gst: 89.82, discount: 0, coupon: null, amountPayable: 588.82,
    mangoName: 'Monthly Art Club', status: 'failed', recurringType: 'monthly', currency: 'INR', quantity: 1,
    ...affiliate, customFields: null, funnelBridgeDetails: null, renewalCount: 0,
  },
  'order-recurring': {
    id: '65a1b2c3d4e5f60718293a52', ...buyer, orderTime: '2024-03-12T10:15:00.000Z', orderId: '65a1b2c3d4e5f60718293a53',
    amount: 499, gst: 89.82, discount: 0, coupon: null, country: 'IN', amountPayable: 588.82, mangoName: 'Monthly Art Club',
    status: 'completed', dialCode: '+91', subscriberId: '65a1b2c3d4e5f60718293a4d', recurringType: 'monthly', currency: 'INR',
    quantity: 1, ...affiliate,
  },
  subscription: {
    ...buyer, mangoRecurringType: 'monthly', mangoTitle: 'Monthly Art Club',
    mangoLink: 'https://creator.tagmango.com/web/checkout/65a1b2c3d4e5f60718293a4f', lastPurchaseDate: '14 Jul 2025',
  },
  user: {
    _id: '65a1b2c3d4e5f60718293a50', ...buyer, country: 'IN', host: 'creator.tagmango.com',
    profilePicUrl: 'https://cdn.example.com/avatars/asha.png',
  },
  webinar: {
    ...buyer, timezone: '+05:30',
    callList: [
      {
        ...session, webinarFromTime: '2024-03-01T13:30:00.000Z', webinarToTime: '2024-03-01T14:30:00.000Z',
        webinarFromTimeInCreatorTimezone: '2024-03-01T19:00:00.000Z', webinarToTimeInCreatorTimezone: '2024-03-01T20:00:00.000Z',
        creatorTimezone: '+05:30',
      },
    ],
    mangoes: 'Watercolour Masterclass, Monthly Art Club',
  },
  'webinar-reminder': {
    ...attendee, phone: '9876543210', timezone: '+05:30', ...session,
    webinarFromTime: '2024-03-01T13:30:00.000Z', webinarToTime: '2024-03-01T14:30:00.000Z',
    webinarFromTimeInCreatorTimezone: '2024-03-01T19:00:00.000Z', creatorTimezone: '+05:30',
    mangoes: 'Watercolour Masterclass, Monthly Art Club',
  },
  'webinar-completion': {
    ...attendee, phone: '+919876543210', ...session, webinarLink: 'https://creator.tagmango.com/web/recording/65a1b2c3d4e5f60718293a51',
  },
};

/** Where a payload carries the id of the object a registration is scoped to: a path of keys, if any. */
export const SCOPE_ID_PATHS: Readonly<Partial<Record<PayloadFamily, readonly (string | number)[]>>> = {
  'course-progress': ['courseId'],
  webinar: ['callList', 0, 'webinarId'],
  'webinar-reminder': ['webinarId'],
  'webinar-completion': ['webinarId'],
};

/** The scoped object's id in a payload (`courseId`, `webinarId`), or undefined when it carries none. */
export function scopeIdOf(event: EventInfo, payload: unknown): unknown {
  const path = SCOPE_ID_PATHS[event.payload];
  return path ? valueAt(payload, path) : undefined;
}

/** Put a scoped object's id where the event's payload carries it (in place); false when it has no such field. */
export function setScopeId(event: EventInfo, payload: Record<string, unknown>, id: string): boolean {
  const path = SCOPE_ID_PATHS[event.payload];
  const last = path?.[path.length - 1];
  const parent = path && valueAt(payload, path.slice(0, -1));
  if (last === undefined || typeof parent !== 'object' || parent === null) return false;
  (parent as Record<string | number, unknown>)[last] = id;
  return true;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[key] : undefined), value);
}

/** The schema of an event's payload. */
export function payloadSchema(event: EventInfo): z.ZodObject {
  return PAYLOAD_SCHEMAS[event.payload];
}

/** A fresh copy of an event's example payload. */
export function examplePayload(event: EventInfo): Record<string, unknown> {
  return structuredClone(EXAMPLE_PAYLOADS[event.payload]);
}

/** The events that share a payload family (their bodies cannot be told apart). */
export function eventsOfFamily(family: PayloadFamily): EventInfo[] {
  return EVENTS.filter((e) => e.payload === family);
}

/** One documented field of a payload, with a readable type. */
export interface FieldInfo {
  name: string;
  type: string;
}

/** The documented fields of a schema with readable types such as `number` or `array of object`. */
export function describeFields(schema: z.ZodObject): FieldInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => ({ name, type: typeName(field as z.ZodType) }));
}

/** A readable type such as `number`, `string or null` or `array of object`. */
export function typeName(schema: z.ZodType): string {
  const def = schema.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
  switch (def.type) {
    case 'nullable':
      return `${typeName(def.innerType as z.ZodType)} or null`;
    case 'optional':
      return `${typeName(def.innerType as z.ZodType)} (optional)`;
    case 'array':
      return `array of ${typeName(def.element as z.ZodType)}`;
    case 'union':
      return (def.options ?? []).map(typeName).join(' or ');
    case 'enum':
      return `string (${(schema as z.ZodEnum).options.join(', ')})`;
    case 'unknown':
      return 'any';
    default:
      return def.type;
  }
}
