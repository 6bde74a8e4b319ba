import { z } from 'zod';

/** Lifecycle of a registration record. `pending` is a record of intent written before sending. */
export const RECORD_STATUSES = ['pending', 'active', 'unknown', 'migrated', 'forgotten'] as const;

/** Statuses that mean "this webhook exists, or may exist, at TagMango". */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(['active', 'pending', 'unknown']);

/** Whether a record stands for a webhook that exists, or may exist, at TagMango. */
export function isLive(record: { status: string }): boolean {
  return LIVE_STATUSES.has(record.status);
}

const scopeSchema = z.object({ key: z.string().min(1), id: z.string().min(1) }).strict();

/** One registration the tool made (or was told about), as stored. */
export const recordSchema = z
  .object({
    id: z.string().regex(/^wh_[a-z0-9]{8}$/),
    apiUrl: z.string().min(1),
    profile: z.string().min(1),
    event: z.string().min(1),
    hookUrl: z.string().min(1),
    /** The hook URL as given when it held placeholders; `hookUrl` is its expansion for this record. */
    hookUrlTemplate: z.string().min(1).optional(),
    scope: scopeSchema.nullable(),
    status: z.enum(RECORD_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Process that wrote a `pending` record; a dead owner means the attempt was cut short. */
    owner: z.number().int().optional(),
    /** TagMango's id for the webhook, when its answer carried one. */
    remoteId: z.string().optional(),
    /** What TagMango answered, kept as it came. */
    response: z.unknown().optional(),
    /** Why an outcome is unknown. */
    note: z.string().optional(),
    /** Set on a `migrated` record: the record that replaced it. */
    migratedTo: z.string().optional(),
    /** Set on a successor: the record it replaced. */
    migratedFrom: z.string().optional(),
    /** True for a webhook registered outside this tool and named to `migrate`. */
    external: z.boolean().optional(),
  })
  .strict();

export type RegistryRecord = z.infer<typeof recordSchema>;

export const REGISTRY_VERSION = 1;

/** The registry file: a version and the records, oldest first. */
export const registrySchema = z
  .object({
    version: z.literal(REGISTRY_VERSION),
    subscriptions: z.array(recordSchema),
  })
  .strict();

export type RegistryData = z.infer<typeof registrySchema>;

/** The fields that make two registrations the same webhook at TagMango. */
export interface RecordIdentity {
  apiUrl: string;
  profile: string;
  event: string;
  hookUrl: string;
  scope: { key: string; id: string } | null;
}

/** A stable string key for a record identity. */
export function identityKey(r: RecordIdentity): string {
  return JSON.stringify([r.apiUrl, r.profile, r.event, r.hookUrl, r.scope?.key ?? null, r.scope?.id ?? null]);
}

const RECORD_KEYS = Object.keys(recordSchema.shape);

/** The file text: pretty JSON, records in their order, keys in schema order, so it diffs well in git. */
export function serializeRegistry(data: RegistryData): string {
  const subscriptions = data.subscriptions.map((record) => {
    const ordered: Record<string, unknown> = {};
    for (const key of RECORD_KEYS) if (record[key as keyof RegistryRecord] !== undefined) ordered[key] = record[key as keyof RegistryRecord];
    return ordered;
  });
  return JSON.stringify({ version: data.version, subscriptions }, null, 2) + '\n';
}
