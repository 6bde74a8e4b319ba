import { SCOPE_KEYS } from '../../catalogue/events.js';
import type { DeliveryOptions } from '../delivery-options.js';
import type { CommandOutcome } from '../../action.js';
import { deliver } from '../../delivery/deliver.js';
import { ApiError, UsageError } from '../../errors.js';
import { FIRE_PATH, fireResultSchema } from '../../sandbox/fire.js';
import { describeScope } from '../../tagmango/registration.js';
import { parseKnownEvent } from '../../validate/known-event.js';
import { parseScopes } from '../../validate/scope.js';
import type { FireFlags } from './flags.js';

/** Ask a running sandbox to deliver an event, then print each delivery; exit 1 if one failed. */
export async function runSandboxFire(eventName: string, flags: FireFlags, { io, dispatcher: pool, signal }: DeliveryOptions): Promise<CommandOutcome> {
  const info = parseKnownEvent(eventName);
  const event = { name: info.name, info };
  const { port } = flags;
  if (port === 0) throw new UsageError('--port 0 cannot name a running sandbox.', 'Give the port the sandbox printed when it started.', 'INVALID_PORT');
  const given = Object.fromEntries(SCOPE_KEYS.map((key) => [key, flags[key] === undefined ? undefined : [flags[key]]]));
  const scope = parseScopes(event, given)[0] ?? null;
  const url = `http://127.0.0.1:${port}${FIRE_PATH}`;
  const dispatcher = await pool();
  const answer = await deliver({ url, body: JSON.stringify({ event: event.name, scope }), dispatcher, timeoutMs: 35_000, signal });
  if (answer.status === null) {
    throw new ApiError('SANDBOX_UNREACHABLE', `No sandbox answered on port ${port}.`, { hint: `Start one with: tagmango-hooks sandbox --port ${port}` });
  }
  const parsed = parseAnswer(answer.responseBody ?? '');
  if (!answer.ok || !parsed) {
    const said = answer.excerpt ? `: ${answer.excerpt.replace(/[.\s]+$/, '')}` : '';
    const what = answer.status === 404 || answer.ok ? `What answered on port ${port} is not a tagmango-hooks sandbox` : `The sandbox on port ${port} refused the fire`;
    throw new ApiError('SANDBOX_FIRE_FAILED', `${what} (${answer.status}${said}).`, {
      status: answer.status,
      hint: `Start one with: tagmango-hooks sandbox --port ${port}, or give the port a running sandbox printed.`,
    });
  }
  io.out(`Fired ${parsed.event} (${describeScope(parsed.scope)}) at the sandbox on port ${port}.`);
  if (parsed.deliveries.length === 0) {
    io.out(`No registration matches${parsed.notMatched > 0 ? ` (${parsed.notMatched} for ${parsed.event} are scoped to other objects)` : ''}. Register one with: tagmango-hooks subscribe <url> --event ${parsed.event} --api-url http://127.0.0.1:${port}`);
  }
  for (const d of parsed.deliveries) {
    const mark = d.ok ? io.color.green('✓') : io.color.red('✗');
    io.out(`${mark} ${d.hookUrl}: ${d.status ?? 'no answer'} in ${d.latencyMs} ms${d.reason ? `  ${d.reason}` : ''}`);
  }
  const failed = parsed.deliveries.filter((d) => !d.ok).length;
  const data = { ...parsed, port };
  if (failed === 0) return { data };
  return { data, error: new ApiError('DELIVERY_FAILED', `${failed} of ${parsed.deliveries.length} deliveries failed.`, { hint: 'A receiver must answer 2xx within 30 seconds.' }) };
}

function parseAnswer(text: string) {
  try {
    const envelope = JSON.parse(text) as { result?: unknown };
    const result = fireResultSchema.safeParse(envelope.result);
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
