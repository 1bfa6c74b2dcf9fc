import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a free loopback port, standing in for the provider's MTA in tests
 * and benchmarks: it receives what the nodemailer pool sends, over real SMTP.
 */
export interface ReceivedMail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  raw: string;
  messageId: string | undefined;
  /** Header name (lower case) → unfolded value; the first occurrence. */
  headers: Map<string, string>;
}

export interface SmtpPeerOptions {
  /** Refuse these recipients with 550 (a bounce). */
  rejectRecipients?: RegExp;
  /** Answer 451 (try again later) to the first N messages. */
  temporaryFailures?: number;
  /** Keep only headers and counts, not the raw text (large runs). */
  keepRaw?: boolean;
  /** Keep only the total (benchmarks): no object per message, no per-Message-ID count. */
  countOnly?: boolean;
}

export interface SmtpPeer {
  url: string;
  received: ReceivedMail[];
  /** How often each Message-ID arrived: the receiving side's view of "exactly once". */
  countsByMessageId: Map<string, number>;
  total(): number;
  /** Answer 451 to the next N messages. */
  failNext(count: number): void;
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const counts = new Map<string, number>();
  let total = 0;
  let temporaryFailures = options.temporaryFailures ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (temporaryFailures > 0) {
          temporaryFailures--;
          callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          return;
        }
        if (options.countOnly) {
          total++;
          callback();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = parseHeaders(raw);
        const messageId = headers.get('message-id');
        total++;
        if (messageId) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: options.keepRaw === false ? '' : raw,
          messageId,
          headers: options.keepRaw === false ? new Map() : headers,
        });
        callback();
      });
    },
  });
  // A client killed mid-conversation resets its connection; that is the point of some tests.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    countsByMessageId: counts,
    total: () => total,
    failNext(count) {
      temporaryFailures = count;
    },
    async waitForCount(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (total < count) {
        if (Date.now() > deadline) throw new Error(`SMTP peer received ${total} of ${count} messages in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The header block of a raw message, unfolded (RFC 5322 §2.2.3). */
export function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end >= 0 ? raw.slice(0, end) : raw).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
