import { findEvent } from '../../catalogue/events.js';
import type { CommandOutcome } from '../../action.js';
import { DeclinedError, ExitCode, PartialError, UsageError, type CliError } from '../../errors.js';
import { linkRecords, prepareMigration } from '../../migrate/apply.js';
import { buildMigrationPlan, migratableEvents } from '../../migrate/plan.js';
import { printPlan, printReminder, settledRows, type MigrateRow } from '../../migrate/report.js';
import type { RegistryData } from '../../registry/schema.js';
import { hookSecretFor, registerBatchWithProgress } from '../register-batch.js';
import type { RegisterOptions } from '../register-options.js';
import { resolveHint } from '../../registry/lifecycle.js';
import { batchError } from '../../registrations/outcome.js';
import { printResults, ResultPrinter } from '../../registrations/report.js';
import { RowTally } from '../../registrations/tally.js';
import type { Registration } from '../../tagmango/registration.js';
import { registrationsFor } from '../../validate/hook-url-template.js';
import { isLoopbackUrl } from '../../validate/hosts.js';
import { parseScopes } from '../../validate/scope.js';
import type { IO } from '../../io/io.js';
import type { MigrateFlags } from './flags.js';

/** Plan the migration, confirm, register each successor and link it to its legacy record at once. */
export async function runMigrate(flags: MigrateFlags, options: RegisterOptions): Promise<CommandOutcome> {
  const { io, registry, apiUrl, profile } = options;
  const { concurrency } = flags;
  const force = Boolean(flags.force);
  const named = namedWebhooks(flags, io, isLoopbackUrl(apiUrl));
  if (!flags.dryRun && !flags.yes && !io.stdinIsTTY) {
    throw new UsageError('migrate asks for confirmation, and there is no terminal to ask on.', 'Pass --yes to migrate without asking, or --dry-run to see the plan.', 'CONFIRMATION_REQUIRED');
  }

  const owner = { apiUrl, profile };
  const plan = buildMigrationPlan(registry.read(), { ...owner, ...(named ? { named } : {}) });
  const settled = settledRows(plan, force);
  const toSend = force ? [...plan.send, ...plan.unsure] : plan.send;
  const sendRows = (): MigrateRow[] => toSend.map((item) => ({ ...item.to, status: 'planned', id: null, migratedFrom: item.legacy?.id ?? null }));

  // A successor URL holding {secret} needs TAGMANGO_HOOK_SECRET: checked before anything is asked, sent or written.
  hookSecretFor(options, toSend.map((item) => item.to));
  if (flags.dryRun) {
    const rows = [...settled.done, ...settled.link.map((r) => ({ ...r, reason: 'The successor is already registered; the records would be linked.' })), ...sendRows(), ...settled.unsure, ...settled.busy];
    if (!io.json) printPlan((line) => io.out(line), plan, force, false, io.columns);
    io.out('');
    printResults(io, rows);
    io.info('Dry run: nothing was sent or written.');
    return { data: { dryRun: true, results: rows } };
  }

  printPlan((line) => io.info(line), plan, force, io.stderrIsTTY, io.errColumns);
  if (toSend.length === 0 && plan.link.length === 0) {
    const rows = [...settled.done, ...settled.unsure, ...settled.busy];
    if (rows.length === 0) io.out('Nothing to migrate: no active registration uses a deprecated event.');
    else printResults(io, rows, SEE_ALL);
    return { data: { results: rows }, error: migrateError(RowTally.of(rows), undefined) };
  }

  const { key } = await options.requireApiKey();
  if (!flags.yes && !(await options.confirm(`Register ${toSend.length} successor webhook${toSend.length === 1 ? '' : 's'}?`))) {
    throw new DeclinedError('Nothing sent.');
  }

  const legacyIds = await prepareMigration(registry, owner, toSend, plan.link);
  const onCreated = (data: RegistryData, created: { id: string }, index: number) =>
    (legacyIds[index] ?? []).flatMap((legacyId) => linkRecords(data, legacyId, created.id, registry.timestamp()));
  // Rows go out as they settle, in input order: to the report, or to the --json document's results.
  const before = [...settled.done, ...settled.link];
  const after = [...settled.unsure, ...settled.busy];
  const printer = new ResultPrinter(io, before.length + toSend.length + after.length, SEE_ALL);
  const pass = (row: MigrateRow): void => {
    printer.row(row);
    io.jsonRow(row);
  };
  io.openJsonResults();
  before.forEach(pass);
  await registerBatchWithProgress(options, key, toSend.map((item) => item.to), { force, concurrency, onCreated }, 'migrated', (row, index) =>
    pass({ ...row, migratedFrom: legacyIds[index]?.[0] ?? null }),
  );
  after.forEach(pass);
  printer.finish();
  const { counts } = printer.tally;
  const reminder = printReminder(io, counts.created + counts.skipped > 0, [...toSend, ...plan.link].map((item) => item.from.event));
  return { data: reminder ? { reminder } : {}, error: migrateError(printer.tally, options.signal) };
}

/** How to see every row of a migrate report that a terminal got shortened. */
const SEE_ALL = 'tagmango-hooks list --all, or rerun with --json.';

/** Webhooks registered outside this tool, named with --hook-url and --course; validated. */
function namedWebhooks(flags: MigrateFlags, io: IO, apiOnLoopback: boolean): Registration[] | undefined {
  if (flags.hookUrl === undefined) {
    if (flags.course) throw new UsageError('--course needs --hook-url.', 'Name the webhook: --hook-url <url> --course <id>.', 'USAGE');
    return undefined;
  }
  const legacy = [...migratableEvents().keys()].find((name) => findEvent(name)?.scopeKey === 'course');
  if (!legacy) throw new UsageError('No deprecated course event needs migrating.', 'See: tagmango-hooks events', 'NOTHING_TO_MIGRATE');
  const scopes = parseScopes({ name: legacy, info: findEvent(legacy) }, { course: flags.course });
  const { items, warnings } = registrationsFor(flags.hookUrl, legacy, scopes, { allowPrivate: Boolean(flags.allowPrivate), apiOnLoopback });
  warnings.forEach((w) => io.warn(w));
  return items;
}

/** Like a batch, except that registrations left with an unknown outcome (and none failed) exit 4, not 1. */
function migrateError(tally: RowTally, signal: AbortSignal | undefined): CliError | undefined {
  const error = batchError(tally, signal);
  if (error?.exitCode !== ExitCode.failure || tally.counts.failed > 0) return error;
  const unknown = tally.counts.unknown;
  return new PartialError(`${unknown} migration${unknown === 1 ? '' : 's'} may or may not have been registered at TagMango.`, resolveHint(tally.unknownIds));
}
