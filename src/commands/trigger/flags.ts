import type { Program } from '../../program-shape.js';
import { valueArgument, valueOption } from '../define.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';

/** Collect a repeatable option whose values may contain commas. */
function append(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `trigger`'s argument and options, declared once. */
export function define(program: Program) {
  return program
    .command('trigger')
    .description('POST a realistic sample payload of an event to a receiver, as TagMango would, and report the answer.')
    .addArgument(valueArgument('<event>', `event type, such as ${DEFAULT_EVENT}`, 'event'))
    .addOption(valueOption('--to <url>', 'the receiver URL (localhost is fine); {event} and {course} or {webinar} are filled in, {secret} from TAGMANGO_HOOK_SECRET', 'url').makeOptionMandatory())
    .option('--set <key=value>', 'change a payload field, typed by the schema; repeatable', append)
    .addOption(valueOption('--data <file|->', 'send this JSON body instead of the example (- for stdin); checked against the schema', 'file'))
    .option('--duplicate', 'send the identical body twice (receivers must be idempotent)');
}

/** Options of `trigger`, as commander parses them. */
export type TriggerFlags = ReturnType<ReturnType<typeof define>['opts']>;
