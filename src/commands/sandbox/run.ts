import { DEFAULT_EVENT } from '../../catalogue/events.js';
import type { DeliveryOptions } from '../delivery-options.js';
import type { CommandOutcome } from '../../action.js';
import { UsageError } from '../../errors.js';
import { closeServer, listenOn, untilAborted } from '../../net/serve.js';
import { describeScope } from '../../tagmango/registration.js';
import type { FireResult } from '../../sandbox/fire.js';
import { createSandbox } from '../../sandbox/server.js';
import { SandboxState } from '../../sandbox/state.js';
import type { SandboxFlags } from './flags.js';

/** Serve the sandbox on 127.0.0.1 until Ctrl-C; one line (or JSON line) per registration and fire. */
export async function runSandbox(flags: SandboxFlags, { io, dispatcher: pool, now, signal }: DeliveryOptions): Promise<CommandOutcome> {
  if (flags.key !== undefined && flags.key.trim() === '') throw new UsageError('--key is empty.', 'Leave --key out to accept any non-empty key.', 'INVALID_KEY');
  const state = new SandboxState(flags.state, now);
  const line = (json: Record<string, unknown>, human: string): void => {
    if (io.json) io.write(JSON.stringify(json) + '\n');
    else io.out(human);
  };
  const dispatcher = await pool();
  let registered = 0;
  let fired = 0;
  const server = createSandbox({
    state,
    apiKey: flags.key,
    dispatcher,
    onRegistered: (r) => {
      registered += 1;
      line({ type: 'registered', registration: r }, `registered ${r._id}  ${r.event}  ${describeScope(r.scope)}  -> ${r.hookUrl}`);
    },
    onRejected: (status, message) => line({ type: 'rejected', status, message }, io.color.yellow(`rejected a registration (${status}): ${message}`)),
    onFired: (result) => {
      fired += 1;
      line({ type: 'fired', fire: result }, describeFire(result));
    },
  });
  try {
    const bound = await listenOn(server, flags.port, '127.0.0.1', 'sandbox');
    const url = `http://127.0.0.1:${bound}`;
    if (io.json) io.write(JSON.stringify({ type: 'listening', url, port: bound, registrations: state.all().length }) + '\n');
    else {
      io.out(`Sandbox listening on ${url} (${state.all().length} registration${state.all().length === 1 ? '' : 's'}${flags.state ? ` in ${flags.state}` : ', in memory'}; Ctrl-C to stop)`);
      io.info(`Point the CLI at it: tagmango-hooks config set api-url ${url}  (or --api-url ${url})`);
      io.info(`Deliver an event: tagmango-hooks sandbox fire ${DEFAULT_EVENT} --port ${bound}`);
    }
    await untilAborted(signal);
  } finally {
    await closeServer(server);
  }
  io.info(`Sandbox stopped (${registered} registered, ${fired} fired).`);
  return { data: { type: 'stopped', registered, fired }, jsonLines: true };
}

/** One human line for a fire, such as `fired <event> (course 634f…): 1 delivered`. */
export function describeFire(result: FireResult): string {
  const ok = result.deliveries.filter((d) => d.ok).length;
  return `fired ${result.event} (${describeScope(result.scope)}): ${ok} of ${result.deliveries.length} delivered`;
}
