import type { Scope } from '../tagmango/registration.js';

/** Status of one item in a subscribe or migrate report. */
export type ResultStatus = 'created' | 'imported' | 'skipped' | 'failed' | 'unknown' | 'planned';

/** One line of a subscribe or migrate report (the JSON `results` entries). */
export interface ResultRow {
  event: string;
  hookUrl: string;
  scope: Scope | null;
  status: ResultStatus;
  /** Registry id of the record this item created or matched. */
  id: string | null;
  /** Why it was skipped, or what is left to do. */
  reason?: string;
  error?: { code: string; message: string };
}
