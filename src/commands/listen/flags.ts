import type { Program } from '../../program-shape.js';
import { portOption, valueOption } from '../define.js';

/** `listen`'s options, declared once. */
export function define(program: Program) {
  return program
    .command('listen')
    .description('Run a local webhook receiver: print and validate each delivery, flag duplicates, optionally forward and record.')
    .addOption(portOption('port to listen on (0: any free port)', 4020))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'path that receives webhooks', '/hook')
    .addOption(valueOption('--forward-to <url>', 'also POST each delivery there and answer with its status (502 if it is down)', 'url'))
    .addOption(valueOption('--record <file>', 'append each delivery (time, path and query, headers, body) to this JSON lines file, for replay', 'file'));
}

/** Options of `listen`, as commander parses them. */
export type ListenFlags = ReturnType<ReturnType<typeof define>['opts']>;
