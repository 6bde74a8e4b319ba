import type { Command } from 'commander';
import type { ActionRunner } from '../../cli.js';
import { examples } from '../help-text.js';

/** The sandbox's port when none is given; `sandbox fire` looks there too. */
export const DEFAULT_SANDBOX_PORT = '4010';

/** Options of `sandbox`, as commander parses them. */
export interface SandboxFlags {
  port: string;
  key?: string;
  state?: string;
}

/** Options of `sandbox fire`, as commander parses them. */
export interface FireFlags {
  port: string;
  course?: string;
  mango?: string;
  webinar?: string;
  page?: string;
}

/** `sandbox` and `sandbox fire`: a TagMango-compatible API on loopback that delivers sample events. */
export function registerSandbox(program: Command, run: ActionRunner): void {
  const sandbox = program
    .command('sandbox')
    .description('Run a TagMango-compatible registration API on 127.0.0.1 for offline use; `sandbox fire` makes it deliver events.')
    .option('--port <n>', 'port to listen on (0: any free port)', DEFAULT_SANDBOX_PORT)
    .option('--key <key>', 'accept only this x-api-key (default: any non-empty key)')
    .option('--state <file>', 'keep registrations in this JSON file (default: memory only)')
    .addHelpText(
      'after',
      examples(
        'tagmango-hooks sandbox',
        'tagmango-hooks config set api-url http://127.0.0.1:4010',
        'tagmango-hooks sandbox fire course.completed.100 --course 634fc35ddaf58580e2418c40',
      ),
    )
    .action((flags: SandboxFlags, command: Command) =>
      run(command, async (ctx) => (await import('./run.js')).runSandbox(flags, ctx)),
    );
  sandbox
    .command('fire')
    .description('Make a running sandbox POST an example payload to every matching registration and report each delivery.')
    .argument('<event>', 'event type, such as course.completed.100')
    .option('--port <n>', 'port of the running sandbox', DEFAULT_SANDBOX_PORT)
    .option('--course <id>', 'the course the event happened to (registrations for other courses do not get it)')
    .option('--mango <id>', 'the mango the event happened to')
    .option('--webinar <id>', 'the webinar the event happened to')
    .option('--page <id>', 'the page the event happened to')
    .addHelpText('after', examples('tagmango-hooks sandbox fire course.completed.100 --course 634fc35ddaf58580e2418c40'))
    .action((event: string, flags: FireFlags, command: Command) => {
      // Commander hands a --port written after `fire` to `sandbox` (same flag name): take it from there.
      const parent = command.parent;
      const port = parent?.getOptionValueSource('port') === 'cli' ? parent.opts<SandboxFlags>().port : flags.port;
      return run(command, async (ctx) => (await import('./fire-run.js')).runSandboxFire(event, { ...flags, port }, ctx));
    });
}
