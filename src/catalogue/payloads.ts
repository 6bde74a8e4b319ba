import { z } from 'zod';
import { EVENTS, type EventInfo } from './events.js';

/** A payload family as named in the event catalogue. */
export type PayloadFamily = EventInfo['payload'];

const str = z.string();
const num = z.number();

const course = z
  .object({ name: str, email: str, phone: num, course: str, courseId: str, lastProgressOn: str })
  .loose();

const order = z
  .object({
    id: str, name: str, email: str, phone: num, orderTime: str, orderId: str, amount: num, gst: num,
    discount: num, coupon: str, country: str, amountPayable: num, mangoName: str, status: str,
    customFields: z.array(z.unknown()),
  })
  .loose();

const orderRecurring = z
  .object({
    subscriberId: str, name: str, email: str, phone: num, country: str, dialCode: str, orderId: str,
    orderTime: str, amount: num, gst: num, discount: num, coupon: str.nullable(), amountPayable: num,
    mangoName: str, status: str, recurringType: str, currency: str, quantity: num,
    affiliateId: str.nullable(), affiliateName: str.nullable(), affiliateEmail: str.nullable(),
    affiliatePhone: z.union([num, str]).nullable(), customFields: z.array(z.unknown()),
    funnelBridgeDetails: z.unknown(), renewalCount: num,
  })
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

/** The zod schema of each payload family: documented fields and types; extra keys pass. */
export const PAYLOAD_SCHEMAS: Readonly<Record<PayloadFamily, z.ZodObject>> = {
  'course-progress': course,
  order,
  'order-recurring': orderRecurring,
  subscription,
  user,
  webinar,
};

const buyer = { name: 'Asha Verma', email: 'asha.verma@example.com', phone: 9876543210 };

/** A realistic example body per family, valid against its schema (ids are 24-hex ObjectIds). */
export const EXAMPLE_PAYLOADS: Readonly<Record<PayloadFamily, Record<string, unknown>>> = {
  'course-progress': {
    ...buyer, course: 'Watercolour Basics', courseId: '634fc35ddaf58580e2418c40', lastProgressOn: '2023-11-20T18:30Z',
  },
  order: {
    id: '65a1b2c3d4e5f60718293a4b', ...buyer, orderTime: '2024-01-12T10:15:00.000Z', orderId: '65a1b2c3d4e5f60718293a4c',
    amount: 1999, gst: 359.82, discount: 200, coupon: 'WELCOME200', country: 'IN', amountPayable: 2158.82,
    mangoName: 'Watercolour Masterclass', status: 'completed', customFields: [],
  },
  'order-recurring': {
    subscriberId: '65a1b2c3d4e5f60718293a4d', ...buyer, country: 'IN', dialCode: '+91', orderId: '65a1b2c3d4e5f60718293a4e',
    orderTime: '2024-02-12T10:15:00.000Z', amount: 499, gst: 89.82, discount: 0, coupon: null, amountPayable: 588.82,
    mangoName: 'Monthly Art Club', status: 'completed', recurringType: 'monthly', currency: 'INR', quantity: 1,
    affiliateId: null, affiliateName: null, affiliateEmail: null, affiliatePhone: null, customFields: [],
    funnelBridgeDetails: null, renewalCount: 1,
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
        webinar: 'Portfolio Review Live', webinarId: '65a1b2c3d4e5f60718293a51',
        webinarLink: 'https://creator.tagmango.com/web/webinar/65a1b2c3d4e5f60718293a51',
        webinarFromTime: '2024-03-01T13:30:00.000Z', webinarToTime: '2024-03-01T14:30:00.000Z',
        webinarFromTimeInCreatorTimezone: '01 Mar 2024, 07:00 PM', webinarToTimeInCreatorTimezone: '01 Mar 2024, 08:00 PM',
        creatorTimezone: 'Asia/Kolkata',
      },
    ],
    mangoes: 'Watercolour Masterclass, Monthly Art Club',
  },
};

/** The payload field that carries the id of the object a registration is scoped to, if any. */
export const SCOPE_ID_FIELDS: Readonly<Partial<Record<PayloadFamily, string>>> = { 'course-progress': 'courseId' };

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

function typeName(schema: z.ZodType): string {
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
