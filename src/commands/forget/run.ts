import type { Context } from '../../context.js';
import type { CommandOutcome } from '../../deps.js';
import { CancelError, UsageError } from '../../errors.js';
import { confirm } from '../../io/prompt.js';
import { describeScope } from '../../tagmango/registration.js';

const DASHBOARD = 'TagMango has no call to unsubscribe: each webhook keeps firing until you remove it in the TagMango dashboard.';

/** Mark records `forgotten` (kept for history, shown by `list --all`), after checking every id. */
export async function runForget(rawIds: readonly string[], flags: { yes?: boolean }, ctx: Context): Promise<CommandOutcome> {
  const { io } = ctx;
  const registry = ctx.registry();
  const ids = [...new Set(rawIds.map((id) => id.trim()))];
  const records = registry.read().subscriptions;
  const missing = ids.filter((id) => !records.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new UsageError(
      `No record with id ${missing.map((id) => `"${id}"`).join(', ')} in the registry ${registry.file}.`,
      'See the ids with: tagmango-hooks list --all',
      'UNKNOWN_ID',
    );
  }
  const targets = records.filter((r) => ids.includes(r.id) && r.status !== 'forgotten');
  const already = ids.filter((id) => !targets.some((r) => r.id === id));
  if (targets.length > 0 && !flags.yes) {
    if (!io.stdinIsTTY) {
      throw new UsageError('forget asks for confirmation, and there is no terminal to ask on.', 'Pass --yes to forget without asking.', 'CONFIRMATION_REQUIRED');
    }
    for (const r of targets) io.info(`  ${r.id}  ${r.event}  ${describeScope(r.scope)}  ${r.hookUrl}`);
    io.info(DASHBOARD);
    if (!(await confirm(io.streams, `Forget ${targets.length} record${targets.length === 1 ? '' : 's'}?`))) {
      throw new CancelError('Cancelled: the registry was not changed.');
    }
  }
  if (targets.length > 0) {
    await registry.update((data) => {
      const stamp = registry.timestamp();
      for (const record of data.subscriptions) {
        if (!ids.includes(record.id) || record.status === 'forgotten') continue;
        record.status = 'forgotten';
        record.updatedAt = stamp;
        delete record.owner;
      }
    });
  }
  for (const r of targets) io.out(`Forgot ${r.id}  ${r.event}  ${describeScope(r.scope)}  ${r.hookUrl}`);
  for (const id of already) io.out(`${id} was already forgotten.`);
  io.out(DASHBOARD);
  return { data: { forgotten: targets.map((r) => r.id), alreadyForgotten: already, note: DASHBOARD } };
}
