import type { IO } from '../../io/io.js';
import type { RegistryStore } from '../../registry/store.js';
import type { CommandOutcome } from '../../action.js';
import { DeclinedError, UsageError } from '../../errors.js';
import { canMove, moveRecord, resolveHint } from '../../registry/lifecycle.js';
import { describeScope } from '../../tagmango/registration.js';
import { escapeControls } from '../../io/escape.js';

const DASHBOARD = 'TagMango has no call to unsubscribe: each webhook keeps firing until you remove it in the TagMango dashboard.';

/** What `forget` uses: the terminal, the registry, and a yes/no question on the terminal. */
export interface ForgetOptions {
  io: IO;
  registry: RegistryStore;
  confirm: (question: string) => Promise<boolean>;
}

/** Mark records `forgotten` (kept for history, shown by `list --all`), after checking every id. */
export async function runForget(rawIds: readonly string[], flags: { yes?: true }, { io, registry, confirm }: ForgetOptions): Promise<CommandOutcome> {
  const ids = [...new Set(rawIds.map((id) => id.trim()))];
  const records = registry.read().subscriptions;
  const missing = ids.filter((id) => !records.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new UsageError(
      `No record with id ${missing.map((id) => JSON.stringify(id)).join(', ')} in the registry ${registry.file}.`,
      'See the ids with: tagmango-hooks list --all',
      'UNKNOWN_ID',
    );
  }
  const refused = records.filter((r) => ids.includes(r.id) && r.status !== 'forgotten' && !canMove(r.status, 'forgotten'));
  if (refused.length > 0) {
    const first = refused[0] as (typeof refused)[number];
    const fix =
      first.status === 'unknown' || first.status === 'duplicate'
        ? resolveHint([first.id])
        : first.status === 'pending'
          ? 'Another run is registering it right now; wait for it to finish.'
          : 'Only active records can be forgotten.';
    throw new UsageError(`Cannot forget ${refused.map((r) => `${r.id} (${r.status})`).join(', ')}: only an active record can be forgotten.`, fix, 'NOT_ACTIVE');
  }
  const targets = records.filter((r) => ids.includes(r.id) && r.status !== 'forgotten');
  const already = ids.filter((id) => !targets.some((r) => r.id === id));
  if (targets.length > 0 && !flags.yes) {
    if (!io.stdinIsTTY) {
      throw new UsageError('forget asks for confirmation, and there is no terminal to ask on.', 'Pass --yes to forget without asking.', 'CONFIRMATION_REQUIRED');
    }
    for (const r of targets) io.info(`  ${r.id}  ${r.event}  ${describeScope(r.scope)}  ${escapeControls(r.hookUrl)}`);
    io.info(DASHBOARD);
    if (!(await confirm(`Forget ${targets.length} record${targets.length === 1 ? '' : 's'}?`))) {
      throw new DeclinedError('Nothing forgotten: the registry was not changed.');
    }
  }
  if (targets.length > 0) {
    await registry.update((data) => {
      const stamp = registry.timestamp();
      for (const record of data.subscriptions) {
        if (!ids.includes(record.id) || !canMove(record.status, 'forgotten')) continue;
        moveRecord(record, 'forgotten', stamp);
      }
    });
  }
  for (const r of targets) io.out(`Forgot ${r.id}  ${r.event}  ${describeScope(r.scope)}  ${escapeControls(r.hookUrl)}`);
  for (const id of already) io.out(`${id} was already forgotten.`);
  io.out(DASHBOARD);
  return { data: { forgotten: targets.map((r) => r.id), alreadyForgotten: already, note: DASHBOARD } };
}
