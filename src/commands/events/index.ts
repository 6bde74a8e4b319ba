import type { ActionRunner } from '../../action.js';
import type { Program } from '../../program-shape.js';
import { valueArgument } from '../define.js';
import { examples } from '../help-text.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';

/** `events [type]`: the event catalogue, or one event's payload fields and example. */
export function registerEvents(program: Program, run: ActionRunner): void {
  program
    .command('events')
    .description('List TagMango events (scope key, status, successor), or show one event\'s payload fields and example.')
    .addArgument(valueArgument('[type]', `an event type, such as ${DEFAULT_EVENT}`, 'event'))
    .addHelpText(
      'after',
      examples('tagmango-hooks events', `tagmango-hooks events ${DEFAULT_EVENT}`, 'tagmango-hooks events --json'),
    )
    .action((type, _o, command) =>
      run(command, async (ctx) => (await import('./run.js')).runEvents(type, { io: ctx.io })),
    );
}
