import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** `events [type]`: the event catalogue, or one event's payload fields and example. */
export function registerEvents(program: Command, run: ActionRunner): void {
  program
    .command('events')
    .description('List TagMango events (scope key, status, successor), or show one event\'s payload fields and example.')
    .argument('[type]', 'an event type, such as course.completed.100')
    .addHelpText(
      'after',
      examples('tagmango-hooks events', 'tagmango-hooks events course.completed.100', 'tagmango-hooks events --json'),
    )
    .action((type: string | undefined, _o, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runEvents(type, ctx)),
    );
}
