import { moveRecord } from '../registry/lifecycle.js';
import type { RegistryData, RegistryRecord } from '../registry/schema.js';
import type { JournalLog } from '../registry/store.js';
import type { RegistrationOutcome } from '../tagmango/client.js';
import { escapeControls } from '../io/escape.js';
import { answerExcerpt } from './answer-excerpt.js';
import type { RecordIndex } from './record-index.js';

/** Where an outcome is written: the transaction's records, its log and the run's index of them. */
export interface OutcomeWrite {
  data: RegistryData;
  log: JournalLog;
  index: RecordIndex;
  stamp: string;
  /** Masks this run's secrets in TagMango's answer before it is stored. */
  scrub: (text: string) => string;
  /** Called with the new active record (migrate links the legacy record here); returns the other records it changed. */
  onCreated?: (record: RegistryRecord) => readonly RegistryRecord[] | void;
}

/**
 * Inside a transaction: move a claim to what TagMango answered. Created: `active`, with its id and
 * an excerpt of the answer, and any `unknown` record of the same registration becomes a possible
 * duplicate (a --force registered it again). Unknown: `unknown`, with the reason. Failed: nothing
 * exists at TagMango, so the claim is dropped, not kept (see lifecycle.ts).
 */
export function recordOutcome(record: RegistryRecord, outcome: RegistrationOutcome, { data, log, index, stamp, scrub, onCreated }: OutcomeWrite): void {
  if (outcome.status === 'created') {
    moveRecord(record, 'active', stamp);
    if (outcome.remoteId) record.remoteId = escapeControls(outcome.remoteId).slice(0, 200);
    const response = answerExcerpt(outcome.response, scrub);
    if (response !== undefined) record.response = response;
    log.put(record);
    for (const other of index.sameAs(record)) {
      if (other.status !== 'unknown') continue;
      moveRecord(other, 'duplicate', stamp);
      other.duplicateOf = record.id;
      other.note = `Possible duplicate of ${record.id}: if both exist in the TagMango dashboard, remove one there, then run: tagmango-hooks resolve ${other.id} --absent`;
      log.put(other);
    }
    for (const other of onCreated?.(record) ?? []) log.put(other);
  } else if (outcome.status === 'unknown') {
    moveRecord(record, 'unknown', stamp);
    record.note = escapeControls(outcome.error.message).slice(0, 2000);
    log.put(record);
  } else {
    moveRecord(record, 'failed', stamp);
    data.subscriptions.splice(data.subscriptions.indexOf(record), 1);
    index.remove(record);
    log.drop(record.id);
  }
}
