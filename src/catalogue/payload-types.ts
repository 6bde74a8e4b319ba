// Generated from the payload schemas in payloads.ts by `npm run types`; do not edit.
// The library's public payload types (tagmango-hooks/events), free of zod so receivers need nothing else.

/** Documented fields of course progress payloads (real bodies may carry more). */
export interface CourseProgressPayload {
  name: string;
  email: string;
  phone: number;
  course: string;
  courseId: string;
  lastProgressOn: string;
}

/** Documented fields of order payloads (real bodies may carry more). */
export interface OrderPayload {
  id: string;
  name: string;
  email: string;
  phone: number;
  orderTime: string;
  orderId: string;
  amount: number;
  gst: number;
  discount: number;
  coupon: string | null;
  country: string;
  amountPayable: number;
  mangoName: string;
  status: string;
  customFields: unknown[];
}

/** Documented fields of order failed payloads (real bodies may carry more). */
export interface OrderFailedPayload {
  subscriberId: string;
  name: string;
  email: string;
  phone: number;
  country: string;
  dialCode: string;
  orderId: string;
  orderTime: string;
  amount: number;
  gst: number;
  discount: number;
  coupon: string | null;
  amountPayable: number;
  mangoName: string;
  status: string;
  recurringType: string;
  currency: string;
  quantity: number;
  affiliateId: string | null;
  affiliateName: string | null;
  affiliateEmail: string | null;
  affiliatePhone: number | null;
  customFields: unknown[] | null;
  funnelBridgeDetails: unknown;
  renewalCount: number;
}

/** Documented fields of order recurring payloads (real bodies may carry more). */
export interface OrderRecurringPayload {
  id: string;
  name: string;
  email: string;
  phone: number;
  orderTime: string;
  orderId: string;
  amount: number;
  gst: number;
  discount: number;
  coupon: string | null;
  country: string;
  amountPayable: number;
  mangoName: string;
  status: string;
  dialCode: string;
  subscriberId: string;
  recurringType: string;
  currency: string;
  quantity: number;
  affiliateId: string | null;
  affiliateName: string | null;
  affiliateEmail: string | null;
  affiliatePhone: number | null;
}

/** Documented fields of subscription payloads (real bodies may carry more). */
export interface SubscriptionPayload {
  name: string;
  email: string;
  phone: number;
  mangoRecurringType: 'onetime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'halfyearly' | 'yearly';
  mangoTitle: string;
  mangoLink: string;
  lastPurchaseDate: string;
}

/** Documented fields of user payloads (real bodies may carry more). */
export interface UserPayload {
  _id: string;
  name: string;
  email: string;
  phone: number;
  country: string;
  host: string;
  profilePicUrl: string;
}

/** Documented fields of webinar payloads (real bodies may carry more). */
export interface WebinarPayload {
  name: string;
  email: string;
  phone: number;
  timezone: string;
  callList: Array<{
    webinar: string;
    webinarId: string;
    webinarLink: string;
    webinarFromTime: string;
    webinarToTime: string;
    webinarFromTimeInCreatorTimezone: string;
    webinarToTimeInCreatorTimezone: string;
    creatorTimezone: string;
  }>;
  mangoes: string;
}

/** Documented fields of webinar reminder payloads (real bodies may carry more). */
export interface WebinarReminderPayload {
  name: string;
  email: string;
  phone: string;
  timezone: string | null;
  webinar: string;
  webinarId: string;
  webinarLink: string;
  webinarFromTime: string;
  webinarToTime: string;
  webinarFromTimeInCreatorTimezone: string;
  creatorTimezone: string;
  mangoes: string;
}

/** Documented fields of webinar completion payloads (real bodies may carry more). */
export interface WebinarCompletionPayload {
  name: string;
  email: string;
  phone: string;
  webinar: string;
  webinarId: string;
  webinarLink: string;
}

/** The payload type of each documented event. */
export interface PayloadByEvent {
  'course.completed': CourseProgressPayload;
  'course.completed.50': CourseProgressPayload;
  'course.completed.100': CourseProgressPayload;
  'course.completed.all': CourseProgressPayload;
  'order.created.completed': OrderPayload;
  'order.created.initiated': OrderPayload;
  'order.created.failed': OrderFailedPayload;
  'order.recurring.created': OrderRecurringPayload;
  'subscription.expired': SubscriptionPayload;
  'user.deleted': UserPayload;
  'webinar.created.single': WebinarPayload;
  'webinar.created.recurring': WebinarPayload;
  'webinar.completed.all': WebinarCompletionPayload;
  'webinar.reminder.all': WebinarReminderPayload;
  'webinar.reminder.1day': WebinarReminderPayload;
  'webinar.reminder.15min': WebinarReminderPayload;
}
