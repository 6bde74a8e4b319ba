import { EVENTS } from './events.js';
import { PAYLOAD_SCHEMAS, eventsOfFamily, type PayloadFamily } from './payloads.js';
import { plainIssue } from '../validate/zod-issue.js';

/** What a received body is, judged against the catalogue's payload schemas. */
export interface PayloadVerdict {
  /** The family whose schema the body matches, or the nearest one when none matches. */
  family: PayloadFamily | null;
  valid: boolean;
  /** The events that send this shape: a body alone cannot tell them apart. */
  events: string[];
  /** A human label such as `course progress event (course.completed / .50 / .100 / .all: same payload)`. */
  label: string;
  /** Problems against the nearest schema when the body matches none. */
  issues: string[];
}

const FAMILIES = [...new Set(EVENTS.map((e) => e.payload))];

/**
 * The payload families whose schema the body fits, leaving out one whose documented fields are all
 * among another fitting family's (extra keys pass, so a richer body fits the poorer schema too).
 */
export function matchingFamilies(body: unknown): PayloadFamily[] {
  const fits = FAMILIES.filter((family) => PAYLOAD_SCHEMAS[family].safeParse(body).success);
  const keys = (family: PayloadFamily) => Object.keys(PAYLOAD_SCHEMAS[family].shape);
  const covers = (wide: PayloadFamily, narrow: PayloadFamily) => wide !== narrow && keys(narrow).every((k) => keys(wide).includes(k)) && keys(wide).length > keys(narrow).length;
  return fits.filter((family) => !fits.some((other) => covers(other, family)));
}

/** Judge a parsed JSON body: which documented payload it is, or how it differs from the nearest. */
export function identifyPayload(body: unknown): PayloadVerdict {
  const [family] = matchingFamilies(body);
  if (family) {
    const events = eventsOfFamily(family).map((e) => e.name);
    return { family, valid: true, events, label: labelOf(family, events), issues: [] };
  }
  let nearest: { family: PayloadFamily; issues: string[] } | undefined;
  for (const candidate of FAMILIES) {
    const result = PAYLOAD_SCHEMAS[candidate].safeParse(body);
    const issues = result.error?.issues.map((i) => plainIssue(i, body)) ?? [];
    if (!nearest || issues.length < nearest.issues.length) nearest = { family: candidate, issues };
  }
  if (!nearest || typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { family: null, valid: false, events: [], label: 'unrecognised body (not a JSON object)', issues: ['the body is not a JSON object'] };
  }
  const events = eventsOfFamily(nearest.family).map((e) => e.name);
  return { family: nearest.family, valid: false, events, label: `invalid ${labelOf(nearest.family, events)}`, issues: nearest.issues };
}

/** `course progress event (course.completed / .50 / .100 / .all: same payload)` or `user.deleted`. */
function labelOf(family: PayloadFamily, events: string[]): string {
  if (events.length === 1) return events[0] as string;
  const first = events[0] as string;
  const split = events.map((name) => name.split('.'));
  let shared = 0;
  while (split.every((parts) => parts.length > shared + 1 && parts[shared] === split[0]?.[shared])) shared += 1;
  const tails = events.map((name, i) =>
    i === 0 ? name : name.startsWith(`${first}.`) ? name.slice(first.length) : `.${name.split('.').slice(shared).join('.')}`,
  );
  return `${family.replace(/-/g, ' ')} event (${tails.join(' / ')}: same payload)`;
}
