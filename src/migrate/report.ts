import { fitRow, HEAD_ROWS, rowsToShow, withDetail } from '../io/fit-terminal.js';
import { wrapWords } from '../io/width.js';
import type { IO } from '../io/io.js';
import { resolveHint } from '../registry/lifecycle.js';
import { escapeControls } from '../io/escape.js';
import type { ResultRow } from '../registrations/types.js';
import { describeScope } from '../tagmango/registration.js';
import { migratableEvents, registrationOf, successorRegistration, type MigrationItem, type MigrationPlan } from './plan.js';

/** One line of a migrate report: the successor registration and the legacy record it replaces. */
export type MigrateRow = ResultRow & { migratedFrom: string | null };

/** Why an unsure successor is not sent, and how to settle it. */
function unsure(id: string | undefined): string {
  return `An earlier attempt to register it has no known outcome. ${resolveHint(id ? [id] : [])}`;
}

const BUSY = 'Another run is registering it right now; run migrate again when it is done to link the records.';

/** The report rows for what the plan does not send: already done, linked, unsure, or busy elsewhere. */
export function settledRows(
  plan: MigrationPlan,
  force: boolean,
): { done: MigrateRow[]; link: MigrateRow[]; unsure: MigrateRow[]; busy: MigrateRow[] } {
  const row = (item: MigrationItem, status: ResultRow['status'], extra: Partial<MigrateRow>): MigrateRow => ({
    ...item.to,
    status,
    id: item.successor?.id ?? null,
    migratedFrom: item.legacy?.id ?? null,
    ...extra,
  });
  const successorOf = migratableEvents();
  return {
    done: plan.done.map((legacy) => ({
      ...successorRegistration(registrationOf(legacy), successorOf.get(legacy.event) ?? legacy.event),
      status: 'skipped',
      id: legacy.migratedTo ?? null,
      migratedFrom: legacy.id,
      reason: 'Already migrated.',
    })),
    link: plan.link.map((item) => row(item, 'skipped', { reason: 'The successor was already registered; the records are now linked.' })),
    unsure: force ? [] : plan.unsure.map((item) => row(item, 'unknown', { reason: unsure(item.successor?.id), error: { code: 'OUTCOME_UNKNOWN', message: unsure(item.successor?.id) } })),
    busy: plan.busy.map((item) => row(item, 'skipped', { reason: BUSY })),
  };
}

/**
 * The plan in a few lines: what will be registered and what is already done; `shorten` on a
 * terminal keeps a long plan to its first pairs, and `width` (a terminal's) fits each line to it.
 */
export function printPlan(line: (text: string) => void, plan: MigrationPlan, force: boolean, shorten = false, width?: number): void {
  const send = force ? [...plan.send, ...plan.unsure] : plan.send;
  const lines = (text: string): void => wrapWords(text, width ?? Infinity).forEach(line);
  lines(`Plan: register ${send.length}, link ${plan.link.length} already registered, ${plan.done.length} already migrated${!force && plan.unsure.length ? `, ${plan.unsure.length} with an unknown outcome (skipped without --force)` : ''}${plan.busy.length ? `, ${plan.busy.length} being registered by another run` : ''}.`);
  const { shown, hidden } = rowsToShow(send, shorten, () => false);
  for (const item of shown) {
    const replaces = item.legacy ? `(replaces ${[item.legacy, ...(item.alsoReplaces ?? [])].map((r) => r.id).join(', ')})` : '(registered outside this tool)';
    const pair = fitRow(`  ${item.from.event} -> ${item.to.event}  `, `${describeScope(item.to.scope)}  `, escapeControls(item.to.hookUrl), width);
    const last = pair.pop() as string;
    [...pair, ...withDetail(last, replaces, width)].forEach(line);
  }
  if (hidden > 0) lines(`  ... and ${hidden} more (the first ${HEAD_ROWS} are listed). Every pair: tagmango-hooks migrate --dry-run (or --json).`);
}

/** The reminder after a migration, on stderr with the plan (stdout carries only the results): both webhooks fire until the old one is removed; de-duplicate. */
export function printReminder(io: IO, succeeded: boolean, legacyEvents: readonly string[]): string | undefined {
  if (!succeeded) return undefined;
  const legacy = [...new Set(legacyEvents)].join(', ');
  const text =
    `The old ${legacy} webhooks keep firing until you remove them in the TagMango dashboard (TagMango has no call to delete them). ` +
    'Until then both events deliver the same payload to the same URL: de-duplicate in your receiver, for example by (email, courseId, lastProgressOn).';
  io.info('');
  for (const line of wrapWords(text, io.errColumns ?? Infinity)) io.info(io.err.yellow(line));
  return text;
}
