import type { Program } from '../../program-shape.js';
import { valueArgument, valueOption } from '../define.js';

/** `replay`'s argument and options, declared once. */
export function define(program: Program) {
  return program
    .command('replay')
    .description('Send the deliveries that listen --record kept to a receiver again, bodies byte for byte, and report each answer.')
    .addArgument(valueArgument('<file>', 'the JSON lines file listen --record wrote (- for stdin)', 'file'))
    .addOption(valueOption('--to <url>', "the receiver URL; each delivery's query (?event=...) is added, {secret} filled from TAGMANGO_HOOK_SECRET", 'url').makeOptionMandatory())
    .addOption(valueOption('--event <type>', 'send only the deliveries whose URL named this event', 'event'));
}

/** Options of `replay`, as commander parses them. */
export type ReplayFlags = ReturnType<ReturnType<typeof define>['opts']>;
