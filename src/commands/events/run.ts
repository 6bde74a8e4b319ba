import { EVENTS } from '../../catalogue/events.js';
import type { IO } from '../../io/io.js';
import type { CommandOutcome } from '../../action.js';
import { parseKnownEvent } from '../../validate/known-event.js';

/** What `events` uses: the terminal only (the catalogue is data). */
export interface EventsOptions {
  io: IO;
}

/** Print the catalogue, or one event in detail. */
export async function runEvents(type: string | undefined, { io }: EventsOptions): Promise<CommandOutcome> {
  return type === undefined ? listEvents(io) : showEvent(type, io);
}

function listEvents(io: IO): CommandOutcome {
  const rows = EVENTS.map((e) => ({ event: e.name, scopeKey: e.scopeKey, status: e.status, successor: e.successor, description: e.description }));
  io.out(`${'EVENT'.padEnd(28)}${'SCOPE'.padEnd(9)}${'STATUS'.padEnd(12)}SUCCESSOR`);
  for (const r of rows) {
    const status = r.status === 'deprecated' ? io.color.yellow(r.status.padEnd(12)) : r.status.padEnd(12);
    io.out(`${r.event.padEnd(28)}${(r.scopeKey ?? '-').padEnd(9)}${status}${r.successor ?? ''}`);
  }
  io.out('');
  io.out('Details and an example payload: tagmango-hooks events <type>');
  return { data: { events: rows } };
}

async function showEvent(type: string, io: IO): Promise<CommandOutcome> {
  // The payload schemas (and zod) load only for the detail view: the list needs none of them.
  const { describeFields, examplePayload, eventsOfFamily, payloadSchema } = await import('../../catalogue/payloads.js');
  const event = parseKnownEvent(type);
  const fields = describeFields(payloadSchema(event));
  const example = examplePayload(event);
  const sameShape = eventsOfFamily(event.payload).map((e) => e.name).filter((name) => name !== event.name);
  io.out(`${io.color.bold(event.name)}  ${event.description}`);
  io.out(`Scope key: ${event.scopeKey ? `--${event.scopeKey} <id> (leave out for all)` : 'none (covers the whole account)'}`);
  io.out(`Status:    ${event.status === 'deprecated' ? io.color.yellow(`deprecated; use ${event.successor} (run: tagmango-hooks migrate)`) : event.status}`);
  if (sameShape.length > 0) io.out(`Same payload as: ${sameShape.join(', ')} (a receiver cannot tell them apart from the body)`);
  io.out('');
  io.out('Payload fields (documented; extra keys may appear):');
  for (const f of fields) io.out(`  ${f.name.padEnd(34)} ${f.type}`);
  io.out('');
  io.out('Example payload:');
  io.out(JSON.stringify(example, null, 2));
  return {
    data: {
      event: event.name,
      scopeKey: event.scopeKey,
      status: event.status,
      successor: event.successor,
      description: event.description,
      samePayloadAs: sameShape,
      fields,
      example,
    },
  };
}
