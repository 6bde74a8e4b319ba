import { PassThrough } from 'node:stream';
import { buildProgram } from '../program.js';
import type { Deps } from '../deps.js';
import { describeCommand, type CommandSpec } from './command-tree.js';

/** The whole program as data, built with inert streams and actions that never run. */
export function describeProgram(): CommandSpec {
  const sink = new PassThrough();
  const deps: Deps = {
    streams: { stdout: sink, stderr: sink, stdin: sink },
    env: {},
    cwd: process.cwd(),
    now: () => new Date(0),
    sleep: async () => undefined,
    random: () => 0,
  };
  return describeCommand(buildProgram(deps, async () => undefined));
}
