/** The states a registry record can be in (their moves are in lifecycle.ts). */
export const RECORD_STATUSES = ['pending', 'active', 'failed', 'unknown', 'absent', 'duplicate', 'migrated', 'forgotten'] as const;

/** One state of a record. */
export type RecordStatus = (typeof RECORD_STATUSES)[number];
