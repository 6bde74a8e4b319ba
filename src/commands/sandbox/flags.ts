import type { Program } from '../../program-shape.js';
import { portOption, valueArgument, valueOption, withScopeIds } from '../define.js';
import { DEFAULT_EVENT } from '../../catalogue/events.js';

/** The sandbox's port when none is given; `sandbox fire` looks there too. */
export const DEFAULT_SANDBOX_PORT = 4010;

/** `sandbox`'s options, declared once. */
export function defineSandbox(program: Program) {
  return program
    .command('sandbox')
    .description('Run a TagMango-compatible registration API on 127.0.0.1 for offline use; `sandbox fire` makes it deliver events.')
    .addOption(portOption('port to listen on (0: any free port)', DEFAULT_SANDBOX_PORT))
    .option('--key <key>', 'accept only this x-api-key (default: any non-empty key)')
    .addOption(valueOption('--state <file>', 'keep registrations in this JSON file (default: memory only)', 'file'));
}

/** `sandbox fire`'s argument and options, declared once. */
export function defineFire(sandbox: ReturnType<typeof defineSandbox>) {
  const fire = sandbox
    .command('fire')
    .description('Make a running sandbox POST an example payload to every matching registration and report each delivery.')
    .addArgument(valueArgument('<event>', `event type, such as ${DEFAULT_EVENT}`, 'event'))
    .addOption(portOption('port of the running sandbox', DEFAULT_SANDBOX_PORT));
  return withScopeIds(fire, (key) => (key === 'course' ? 'the course the event happened to (registrations for other courses do not get it)' : `the ${key} the event happened to`));
}

/** Options of `sandbox`, as commander parses them. */
export type SandboxFlags = ReturnType<ReturnType<typeof defineSandbox>['opts']>;

/** Options of `sandbox fire`, as commander parses them. */
export type FireFlags = ReturnType<ReturnType<typeof defineFire>['opts']>;
