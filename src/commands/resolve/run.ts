import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import type { IO } from '../../io/io.js';
import { settleRecords, type Settlement } from '../../registry/settle.js';
import type { RegistryStore } from '../../registry/store.js';
import { describeScope } from '../../tagmango/registration.js';
import { escapeControls } from '../../io/escape.js';
import type { ResolveFlags } from './flags.js';

/** What `resolve` uses. */
export interface ResolveOptions {
  io: IO;
  registry: RegistryStore;
}

/** Settle unknown records as the user found them in the dashboard; no request is sent. */
export async function runResolve(rawIds: readonly string[], flags: ResolveFlags, { io, registry }: ResolveOptions): Promise<CommandOutcome> {
  if (Boolean(flags.exists) === Boolean(flags.absent)) {
    throw new UsageError('Say what the TagMango dashboard shows: --exists or --absent.', 'Run: tagmango-hooks resolve <id...> --exists (the webhook is there) or --absent (it is not).', 'USAGE');
  }
  const ids = [...new Set(rawIds.map((id) => id.trim()))];
  const settled = await registry.update((data) => settleRecords(data, ids, flags.exists ? 'exists' : 'absent', registry.timestamp(), registry.file));
  for (const s of settled) io.out(describe(s));
  return { data: { resolved: settled.map(({ id, from, to, duplicateOf }) => ({ id, from, to, ...(duplicateOf ? { duplicateOf } : {}) })) } };
}

function describe(s: Settlement): string {
  const what = `${s.id}  ${s.record.event}  ${describeScope(s.record.scope)}  ${escapeControls(s.record.hookUrl)}`;
  if (s.from === s.to) return `${what}: already ${s.to}, unchanged.`;
  if (s.to === 'active') return `${what}: active (registered at TagMango).`;
  if (s.to === 'duplicate') {
    return `${what}: a possible duplicate of ${s.duplicateOf}, which is active for the same registration. Remove one of the two in the TagMango dashboard, then run: tagmango-hooks resolve ${s.id} --absent`;
  }
  return `${what}: absent; the next subscribe or migrate registers it again.`;
}
