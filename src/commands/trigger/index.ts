import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** Options of `trigger`, as commander parses them. */
export interface TriggerFlags {
  to: string;
  set?: string[];
  data?: string;
  duplicate?: boolean;
}

/** Collect a repeatable option whose values may contain commas. */
function append(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `trigger`: send a realistic sample payload to a receiver. */
export function registerTrigger(program: Command, run: ActionRunner): void {
  program
    .command('trigger')
    .description('POST a realistic sample payload of an event to a receiver, as TagMango would, and report the answer.')
    .argument('<event>', 'event type, such as course.completed.100')
    .requiredOption('--to <url>', 'the receiver URL (localhost is fine); {event} and {course} are filled in')
    .option('--set <key=value>', 'change a payload field, typed by the schema; repeatable', append)
    .option('--data <file|->', 'send this JSON body instead of the example (- for stdin); checked against the schema')
    .option('--duplicate', 'send the identical body twice (receivers must be idempotent)')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook',
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook --set email=a@b.co --set phone=9876543210',
        'tagmango-hooks trigger order.created.completed --to http://localhost:3000/webhook --duplicate',
        'tagmango-hooks trigger user.deleted --to http://localhost:3000/webhook --data body.json',
      ),
    )
    .action((event: string, flags: TriggerFlags, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runTrigger(event, flags, ctx)),
    );
}
