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

/** A response body as undici gives it: chunks, and a way to stop it. */
export interface BodyStream extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

/**
 * Read at most `capBytes` of a body within `remainingMs`, then stop reading: a huge answer costs
 * no more memory than the cap, and one that trickles a byte at a time cannot outrun the deadline.
 */
export async function readAnswer(body: BodyStream, remainingMs: number, capBytes = ANSWER_CAP_BYTES): Promise<Answer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    body.destroy(new Error('The attempt ran out of time while reading the answer.'));
  }, Math.max(0, remainingMs));
  let failure: Answer['failure'];
  try {
    for await (const chunk of body) {
      const room = capBytes - size;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.byteLength, room);
      if (size >= capBytes) {
        truncated = true;
        break; // leaving the loop destroys the stream: the rest is never read
      }
    }
  } catch {
    failure = timedOut ? 'timeout' : 'error';
  } finally {
    clearTimeout(timer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return failure ? { text, truncated, failure } : { text, truncated };
}
