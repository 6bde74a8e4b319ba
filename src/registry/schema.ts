import { z } from 'zod';
import { SCOPE_KEYS } from '../catalogue/events.js';
import { RECORD_STATUSES } from './statuses.js';
import { REGISTRY_VERSION } from './format.js';
import { isHttpUrl } from '../validate/http-url.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const NO_CONTROL = 'contains a control character';

/** A string without control characters (a shared registry must not carry terminal escapes). */
const text = (): z.ZodString => z.string().refine((s) => !CONTROL.test(s), NO_CONTROL) as unknown as z.ZodString;

/** A registry id. */
export const RECORD_ID = /^wh_[a-z0-9]{8}$/;
const recordId = z.string().regex(RECORD_ID, 'is not a registry id (wh_ and 8 lower-case letters or digits)');

/** URLs already judged: a registry repeats a few API and hook URLs over thousands of records. */
const judgedUrls = new Map<string, boolean>();

/** `isHttpUrl`, remembered for the first few thousand distinct URLs. */
function isJudgedHttpUrl(s: string): boolean {
  const known = judgedUrls.get(s);
  if (known !== undefined) return known;
  const ok = isHttpUrl(s);
  if (judgedUrls.size < 4096) judgedUrls.set(s, ok);
  return ok;
}

const httpUrl = text().min(1).refine(isJudgedHttpUrl, 'is not an absolute http(s) URL');

const isoDate = z.iso.datetime({ offset: true, message: 'is not an ISO 8601 timestamp' });

const scopeSchema = z
  .object({
    key: z.string().refine((k) => (SCOPE_KEYS as readonly string[]).includes(k), `is not a scope key (${SCOPE_KEYS.join(', ')})`),
    id: z.string().regex(/^[0-9a-f]{24}$/, 'is not a TagMango id (24 hexadecimal characters)'),
  })
  .strict();

/** The run that wrote a `pending` record (a claim): host, pid, start time, run nonce, last heartbeat. */
export const ownerSchema = z
  .object({
    host: text().min(1).max(255),
    pid: z.number().int().positive(),
    start: z.string().regex(/^\d{1,20}$/).optional(),
    nonce: z.string().regex(/^[0-9a-f]{8,64}$/),
    heartbeat: isoDate,
    /** The pid namespace the pid belongs to (containers that share the host name). */
    ns: z.string().regex(/^\d{1,20}$/).optional(),
  })
  .strict();

/** A claim's owner as stored. */
export type RecordOwner = z.infer<typeof ownerSchema>;

/** Any JSON value whose strings and keys hold no control characters (TagMango's answer as stored). */
const cleanJson = z.unknown().superRefine((value, ctx) => {
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return !CONTROL.test(v);
    if (Array.isArray(v)) return v.every(walk);
    if (v && typeof v === 'object') return Object.entries(v).every(([k, inner]) => !CONTROL.test(k) && walk(inner));
    return true;
  };
  if (!walk(value)) ctx.addIssue({ code: 'custom', message: NO_CONTROL });
});

/** One registration the tool made (or was told about), as stored. New optional fields go at the end. */
export const recordSchema = z
  .object({
    id: recordId,
    apiUrl: httpUrl,
    profile: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'is not a profile name'),
    event: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/, 'is not an event type'),
    hookUrl: httpUrl,
    /** The hook URL as given when it held placeholders; `hookUrl` is its expansion for this record. */
    hookUrlTemplate: text().min(1).max(4096).optional(),
    scope: scopeSchema.nullable(),
    status: z.enum(RECORD_STATUSES),
    createdAt: isoDate,
    updatedAt: isoDate,
    /** The run that holds a `pending` record; once that run is gone, the record reads `unknown`. */
    owner: ownerSchema.optional(),
    /** TagMango's id for the webhook, when its answer carried one. */
    remoteId: text().max(200).optional(),
    /** What TagMango answered, kept as it came (control characters escaped). */
    response: cleanJson.optional(),
    /** Why an outcome is unknown, or how it was settled. */
    note: text().max(2000).optional(),
    /** Set on a `migrated` record: the record that replaced it. */
    migratedTo: recordId.optional(),
    /** Set on a successor: the record it replaced. */
    migratedFrom: recordId.optional(),
    /** Set on a `duplicate` record: the record a --force run registered in its place. */
    duplicateOf: recordId.optional(),
    /** True for a webhook registered outside this tool and named to `migrate`. */
    external: z.boolean().optional(),
  })
  .strict();

export type RegistryRecord = z.infer<typeof recordSchema>;

/** The registry file: a version and the records, oldest first. */
export const registrySchema = z
  .object({
    version: z.literal(REGISTRY_VERSION),
    subscriptions: z.array(recordSchema).superRefine((records, ctx) => {
      // Every command names records by id: two records with one id (a hand merge) are refused.
      const first = new Map<string, number>();
      records.forEach((r, i) => {
        const earlier = first.get(r.id);
        if (earlier === undefined) first.set(r.id, i);
        else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `is used by record ${earlier + 1} too` });
      });
    }),
  })
  .strict();

export type RegistryData = z.infer<typeof registrySchema>;

/**
 * A record as 0.1.0 wrote it, brought to this format before validation: its claim named only a
 * pid, which cannot tell a live run from a reused pid, so such a pending record reads `unknown`;
 * TagMango's words it kept raw (note, remoteId, response) get their control characters escaped.
 */
export function upgradeRecord(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const record = { ...(raw as Record<string, unknown>) };
  for (const field of ['note', 'remoteId', 'response'] as const) if (record[field] !== undefined) record[field] = storableJson(record[field]);
  if (typeof record.owner !== 'number') return record;
  delete record.owner;
  if (record.status === 'pending') return { ...record, status: 'unknown', note: 'A run of an earlier version was registering it; its outcome is not known.' };
  return record;
}

/** Where a validation issue lies, named for a person: "record 3 (wh_1a2b3c4d), field hookUrl". */
export function describeIssuePath(data: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'subscriptions' || typeof path[1] !== 'number') return path.length ? path.map(String).join('.') : 'top level';
  const raw = (data as { subscriptions?: unknown[] }).subscriptions?.[path[1]] as { id?: unknown } | undefined;
  const id = typeof raw?.id === 'string' && RECORD_ID.test(raw.id) ? ` (${raw.id})` : '';
  const field = path.slice(2).map(String).join('.');
  return `record ${path[1] + 1}${id}${field ? `, field ${field}` : ''}`;
}

/** Escape control characters in every string and key of a JSON value, so it can be stored (TagMango's answers). */
export function storableJson(value: unknown): unknown {
  const escape = (t: string): string => t.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'string') return escape(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [escape(k), storableJson(v)]));
  return value;
}

const RECORD_KEYS = Object.keys(recordSchema.shape);
const KEY_ORDER = new Map(RECORD_KEYS.map((key, i) => [key, i]));

/** The record itself when its keys are in schema order (as every record this tool makes or reads), else an ordered copy. */
function inSchemaOrder(record: RegistryRecord): RegistryRecord {
  let last = -1;
  for (const key in record) {
    const at = KEY_ORDER.get(key);
    if (at === undefined || at < last) {
      const ordered: Record<string, unknown> = {};
      for (const k of RECORD_KEYS) if (record[k as keyof RegistryRecord] !== undefined) ordered[k] = record[k as keyof RegistryRecord];
      return ordered as RegistryRecord;
    }
    last = at;
  }
  return record;
}

/** Records serialized by one JSON.stringify call: about 64 KB of text. */
const RECORDS_PER_CHUNK = 100;
const SLICE_HEAD = '{\n  "subscriptions": [';
const SLICE_TAIL = '\n  ]\n}';

/** The file text: pretty JSON, records in their order, keys in schema order, so it diffs well in git. */
export function serializeRegistry(data: RegistryData): string {
  return [...registryChunks(data)].join('');
}

/**
 * The text of serializeRegistry in chunks of about 64 KB (100 records each), so writing a
 * registry of 40,000 records never holds its whole text (or a copy of every record) at once.
 */
export function* registryChunks(data: RegistryData): Generator<string, void, undefined> {
  const head = `{\n  "version": ${REGISTRY_VERSION},\n  "subscriptions": [`;
  const records = data.subscriptions;
  if (records.length === 0) {
    yield `${head}]\n}\n`;
    return;
  }
  yield head;
  for (let start = 0; start < records.length; start += RECORDS_PER_CHUNK) {
    // Pretty-printed inside an object's list, records get the file's indentation: their text is
    // the middle of the result, written as it is (one native call, no text built per field).
    const slice = records.slice(start, start + RECORDS_PER_CHUNK).map(inSchemaOrder);
    const text = JSON.stringify({ subscriptions: slice }, null, 2);
    const body = text.slice(SLICE_HEAD.length, text.length - SLICE_TAIL.length);
    yield start > 0 ? `,${body}` : body;
  }
  yield '\n  ]\n}\n';
}
