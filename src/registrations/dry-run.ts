import type { Context } from '../context.js';
import { identityKey } from '../registry/schema.js';
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
  const live = new Map(
    ctx
      .registry()
      .read()
      .subscriptions.filter((r) => r.status === 'active' || r.status === 'pending' || r.status === 'unknown')
      .map((r) => [identityKey(r), r]),
  );
  const url = registerUrl(options.apiUrl).href;
  const rows: ResultRow[] = [];
  for (const item of items) {
    const existing = live.get(identityKey({ apiUrl: options.apiUrl, profile: ctx.profile, ...item }));
    if (existing && !options.force) {
      rows.push({ ...item, status: 'skipped', id: existing.id, reason: 'Already in the registry (use --force to register again).' });
      io.out(`# skipped (already registered as ${existing.id}): ${item.event} ${item.hookUrl}`);
      continue;
    }
    rows.push({ ...item, status: 'planned', id: null });
    io.out(`POST ${url}`);
    io.out(`x-api-key: ${key ? maskKey(key.key) : '(none: run tagmango-hooks login)'}`);
    io.out('content-type: application/json');
    io.out('accept: application/json');
    io.out(`user-agent: ${userAgent()}`);
    io.out('');
    io.out(JSON.stringify(registrationBody(item)));
    io.out('');
  }
  const planned = rows.filter((r) => r.status === 'planned').length;
  io.info(`Dry run: ${planned} request${planned === 1 ? '' : 's'} would be sent, ${rows.length - planned} skipped. Nothing was sent or written.`);
  return rows;
}
