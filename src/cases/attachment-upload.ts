import type { Readable } from 'node:stream';
import { sendProblem } from '../platform/http/problem.ts';

/**
 * Reads the upload as it streams in and stops keeping it at the limit: a 2 GB upload costs
 * the server `maxBytes` of memory, not 2 GB, and the answer comes as soon as the limit is
 * passed. The rest is drained, not destroyed: destroying the request would reset the
 * socket before the 413 reaches the client (and surfaces as an unhandled stream error).
 */
export function readUpTo(stream: Readable | undefined, maxBytes: number): Promise<Buffer | 'too_large'> {
  if (!stream) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stream.off('data', onData).off('end', onEnd).off('error', reject);
      stream.on('error', () => {}); // the client may hang up once it reads the 413
      stream.resume();
      resolve('too_large');
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    stream.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** The 413 for an upload past the limit; the connection closes after it. */
export function attachmentTooLarge(reply: Parameters<typeof sendProblem>[0], maxBytes: number) {
  // The rest of the upload is not worth receiving: close the connection after the answer.
  reply.header('connection', 'close');
  return sendProblem(reply, 413, `The file is larger than the ${maxBytes} bytes a case attachment may have`, { max_bytes: maxBytes }, 'cases.attachment_too_large');
}
