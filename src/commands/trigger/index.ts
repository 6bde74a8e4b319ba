import type { ActionRunner, Program } from '../../program.js';
import { valueArgument, valueOption } from '../define.js';
import { deliveryOptions } from '../delivery-options.js';
import { examples } from '../help-text.js';


/** Collect a repeatable option whose values may contain commas. */
function append(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `trigger`'s argument and options, declared once. */
function define(program: Program) {
  return program
    .command('trigger')
    .description('POST a realistic sample payload of an event to a receiver, as TagMango would, and report the answer.')
    .addArgument(valueArgument('<event>', 'event type, such as course.completed.100', 'event'))
    .addOption(valueOption('--to <url>', 'the receiver URL (localhost is fine); {event} and {course} are filled in', 'url').makeOptionMandatory())
    .option('--set <key=value>', 'change a payload field, typed by the schema; repeatable', append)
    .addOption(valueOption('--data <file|->', 'send this JSON body instead of the example (- for stdin); checked against the schema', 'file'))
    .option('--duplicate', 'send the identical body twice (receivers must be idempotent)');
}

/** Options of `trigger`, as commander parses them. */
export type TriggerFlags = ReturnType<ReturnType<typeof define>['opts']>;

/** `trigger`: send a realistic sample payload to a receiver. */
export function registerTrigger(program: Program, run: ActionRunner): void {
  define(program)
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook',
        'tagmango-hooks trigger course.completed.100 --to http://localhost:3000/webhook --set email=a@b.co --set phone=9876543210',
        'tagmango-hooks trigger order.created.completed --to http://localhost:3000/webhook --duplicate',
        'tagmango-hooks trigger user.deleted --to http://localhost:3000/webhook --data body.json',
      ),
    )
    .action((event, flags, command) =>
      run(command, async (ctx) =>
        (await import('./run.js')).runTrigger(event, flags, {
          ...deliveryOptions(ctx),
          timeoutMs: ctx.globals.timeout,
          cwd: ctx.deps.cwd,
          // A getter: process.stdin is created only when --data - reads it.
          get stdin() {
            return ctx.deps.streams.stdin;
          },
        }),
      ),
    );
}
