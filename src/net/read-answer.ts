import type { Readable } from 'node:stream';

/** At most this much of any answer is read; the rest is dropped. */
export const ANSWER_CAP_BYTES = 1024 * 1024;

/** What was read of an answer's body. */
export interface Answer {
  /** The body as text, at most the cap. */
  text: string;
  /** The body was longer than the cap: the rest was dropped unread. */
  truncated: boolean;
  /** Why the body did not arrive whole: the attempt's time ran out, or the connection broke. */
  failure?: 'timeout' | 'error';
}

/**
 * Read at most `capBytes` of a body within `remainingMs`, then stop reading: a huge answer costs
 * no more memory than the cap, and one that trickles a byte at a time cannot outrun the deadline.
 * Read with the stream's events rather than its async iterator, which costs several promises
 * per chunk on every answer of a bulk run.
 */
export function readAnswer(body: Readable, remainingMs: number, capBytes = ANSWER_CAP_BYTES): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let done = false;
    const finish = (truncated: boolean, failure?: Answer['failure']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      body.off('data', onData);
      const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
      resolve(failure ? { text, truncated, failure } : { text, truncated });
    };
    const onData = (chunk: Buffer): void => {
      const room = capBytes - size;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.byteLength, room);
      if (size >= capBytes) {
        finish(true);
        body.destroy(); // the rest is never read
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      body.destroy(new Error('The attempt ran out of time while reading the answer.'));
    }, Math.max(0, remainingMs));
    body.on('data', onData);
    body.once('end', () => finish(false));
    // Errors after the answer was settled (a destroy above) are expected and ignored.
    body.on('error', () => finish(false, timedOut ? 'timeout' : 'error'));
    body.once('close', () => finish(false, timedOut ? 'timeout' : 'error'));
    // A body that ended or broke before it was read emits nothing more.
    if (body.readableEnded) finish(false);
    else if (body.destroyed) finish(false, 'error');
  });
}
