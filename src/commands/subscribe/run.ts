import { SCOPE_KEYS } from '../../catalogue/events.js';
import { registerBatchWithProgress } from '../register-batch.js';
import type { RegisterOptions } from '../register-options.js';
import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import { checkDeprecatedEvents } from '../../registrations/deprecation.js';
import { planDryRun } from '../../registrations/dry-run.js';
import { batchError } from '../../registrations/outcome.js';
import { ResultPrinter } from '../../registrations/report.js';
import { maskKey } from '../../secrets.js';
import type { Registration } from '../../tagmango/registration.js';
import { parseEvent } from '../../validate/event.js';
import { registrationsFor } from '../../validate/hook-url-template.js';
import { isLoopbackUrl } from '../../validate/hosts.js';
import { parseScopes } from '../../validate/scope.js';
import type { SubscribeFlags } from './flags.js';

/** Validate everything, then register (or plan, with --dry-run) and report. */
export async function runSubscribe(hookUrlArg: string | undefined, flags: SubscribeFlags, options: RegisterOptions): Promise<CommandOutcome> {
  const { io, apiUrl, registry, profile } = options;
  const { concurrency } = flags;
  const rules = { allowPrivate: Boolean(flags.allowPrivate), apiOnLoopback: isLoopbackUrl(apiUrl) };

  let items: Registration[];
  if (flags.fromFile !== undefined) {
    if (hookUrlArg !== undefined || SCOPE_KEYS.some((key) => flags[key] !== undefined)) {
      throw new UsageError('--from-file cannot be combined with a hook URL or scope flags.', 'Put every registration in the file.', 'USAGE');
    }
    const { readRegistrationsFile } = await import('../../registrations/from-file.js');
    items = await readRegistrationsFile(flags.fromFile, { cwd: options.cwd, stdin: options.stdin, stdinHoldsKey: options.stdinHoldsKey, warn: (w) => io.warn(w) }, { ...rules, allowUnknownEvent: Boolean(flags.allowUnknownEvent), defaultEvent: flags.event, strict: Boolean(flags.strict) });
  } else {
    if (hookUrlArg === undefined) {
      throw new UsageError('Missing the hook URL to register.', 'Run: tagmango-hooks subscribe https://hooks.example.com/tagmango (or use --from-file).', 'MISSING_HOOK_URL');
    }
    const event = parseEvent(flags.event, Boolean(flags.allowUnknownEvent));
    const scopes = parseScopes(event, Object.fromEntries(SCOPE_KEYS.map((key) => [key, flags[key]])));
    const expanded = registrationsFor(hookUrlArg, event.name, scopes, rules);
    expanded.warnings.forEach((w) => io.warn(w));
    items = expanded.items;
  }
  checkDeprecatedEvents(io, items.map((i) => i.event), Boolean(flags.strict), flags.fromFile !== undefined);

  if (flags.dryRun) {
    const key = await options.findApiKey();
    const rows = await planDryRun({ io, registry, maskedKey: key ? maskKey(key.key) : undefined }, items, { apiUrl, profile, force: Boolean(flags.force) });
    return { data: { dryRun: true, results: rows } };
  }

  const { key } = await options.requireApiKey();
  // Rows go out as they settle, in input order: to the report, or to the --json document's results.
  const printer = new ResultPrinter(io, items.length, 'tagmango-hooks list, or rerun with --json.');
  io.openJsonResults();
  await registerBatchWithProgress(options, key, items, { force: Boolean(flags.force), concurrency }, 'registered', (row) => {
    printer.row(row);
    io.jsonRow(row);
  });
  printer.finish();
  return { error: batchError(printer.tally, options.signal) };
}
