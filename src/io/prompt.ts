import { CancelError } from '../errors.js';
import type { Streams } from './io.js';

type TtyIn = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Ask for a secret on a TTY without echoing it; Ctrl-C cancels. */
export function readHidden(streams: Streams, question: string): Promise<string> {
  const stdin = streams.stdin as TtyIn;
  streams.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      streams.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CancelError());
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Ask a yes/no question on a TTY; anything but y/yes is no. */
export function confirm(streams: Streams, question: string): Promise<boolean> {
  const stdin = streams.stdin as TtyIn;
  streams.stderr.write(`${question} [y/N] `);
  return new Promise((resolve) => {
    const onData = (chunk: Buffer | string): void => {
      stdin.removeListener('data', onData);
      stdin.pause();
      resolve(/^\s*y(es)?\s*$/i.test(chunk.toString()));
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}
