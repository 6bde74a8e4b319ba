import type { Context } from '../context.js';
import { identityKey, isLive, type RecordIdentity, type RegistryRecord } from '../registry/schema.js';
import { blocksSending, skipped, splitBatch } from './engine.js';
import { maskKey } from '../secrets.js';
import { registerUrl, registrationBody, type Registration } from '../tagmango/registration.js';
import { userAgent } from '../version.js';
import type { ResultRow } from './types.js';

/** Print the exact requests a run would send (key masked) and what would be skipped; sends and writes nothing. */
export async function planDryRun(
  ctx: Context,
  items: readonly Registration[],
  options: { apiUrl: string; force: boolean },
): Promise<ResultRow[]> {
  const { io } = ctx;
  const key = await ctx.findApiKey();
  const live = new Map<string, RegistryRecord>();
  for (const record of ctx.registry().read().subscriptions) {
    const key = identityKey(record);
    if (isLive(record) && !live.has(key)) live.set(key, record);
  }
  const url = registerUrl(options.apiUrl).href;
  const identityOf = (item: Registration): RecordIdentity => ({ apiUrl: options.apiUrl, profile: ctx.profile, ...item });
  const { rows, todo } = splitBatch(items, identityOf);
  for (const index of todo) {
    const existing = live.get(identityKey(identityOf(items[index] as Registration)));
    if (blocksSending(existing, options.force)) Object.assign(rows[index] as ResultRow, skipped(existing));
  }
  rows.forEach((row, index) => {
    const item = items[index] as Registration;
    if (row.status === 'skipped') {
      io.out(`# skipped (${row.id ?? 'repeat'}): ${item.event} ${item.hookUrl}: ${row.reason}`);
      return;
    }
    io.out(`POST ${url}`);
    io.out(`x-api-key: ${key ? maskKey(key.key) : '(none: run tagmango-hooks login)'}`);
    io.out('content-type: application/json');
    io.out('accept: application/json');
    io.out(`user-agent: ${userAgent()}`);
    io.out('');
    io.out(JSON.stringify(registrationBody(item)));
    io.out('');
  });
  const planned = rows.filter((r) => r.status === 'planned').length;
  io.info(`Dry run: ${planned} request${planned === 1 ? '' : 's'} would be sent, ${rows.length - planned} skipped. Nothing was sent or written.`);
  return rows;
}
