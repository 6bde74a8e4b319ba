import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { RegistryStore } from '../registry/store.js';
import type { RegistrationOutcome } from '../tagmango/client.js';
import type { Registration, Scope } from '../tagmango/registration.js';

/** Status of one item in a subscribe or migrate report. */
/** `cancelled`: never sent, because the run stopped first (Ctrl-C, SIGTERM, a rejected key, a registry that cannot be written). */
export type ResultStatus = 'created' | 'imported' | 'skipped' | 'failed' | 'unknown' | 'planned' | 'cancelled';

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

/** Whether a row did not succeed (failed or unknown): the rows a report always shows and the progress line counts. */
export function needsAttention(row: Pick<ResultRow, 'status'>): boolean {
  return row.status === 'failed' || row.status === 'unknown';
}

/** What a batch uses from the run: the registry, a way to send, the stop signal, the secret scrubber. */
export interface BatchPorts {
  registry: RegistryStore;
  client: { registerWebhook(item: Registration): Promise<RegistrationOutcome> };
  signal?: AbortSignal | undefined;
  /** Masks this run's secrets in a text (TagMango's answer is stored scrubbed). */
  scrub: (text: string) => string;
}

/** How a batch of registrations is run. */
export interface BatchOptions {
  apiUrl: string;
  profile: string;
  force: boolean;
  concurrency: number;
  /**
   * Called inside the registry transaction that records a success (migrate links records here);
   * returns the other records it changed, so that they are journaled too.
   */
  onCreated?: (data: RegistryData, created: RegistryRecord, index: number) => readonly RegistryRecord[] | void;
  /** Called after each item settles. */
  onSettled?: (row: ResultRow) => void;
  /** Each row once final, in input order; the engine keeps none it has passed on. */
  onRow?: (row: ResultRow, position: number) => void;
}
