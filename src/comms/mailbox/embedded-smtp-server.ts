import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../platform/db/database.ts';
import { storeReceivedMail } from './mailbox.sql.ts';

export interface EmbeddedMailbox {
  /** smtp://127.0.0.1:<port> for the e-mail channel. */
  url: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * The demo's mail server: a real SMTP server on loopback (so mail takes the same path as
 * in production, through the nodemailer pool) that keeps what it receives in the
 * database for the console's mailbox. It answers 250 only after the message is stored,
 * as an MTA must. Listens on 127.0.0.1 only and takes no authentication for that reason.
 */
export async function startEmbeddedMailbox(db: Db): Promise<EmbeddedMailbox> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Rebound embedded mailbox',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
          .then((parsed) =>
            storeReceivedMail(db, {
              messageId: parsed.messageId ? `<${parsed.messageId.replace(/^<|>$/g, '')}>` : `<embedded-${randomUUID()}@rebound.local>`,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? null,
              raw,
            }),
          )
          .then(() => callback(), (error: unknown) => callback(Object.assign(new Error(`could not store the message: ${(error as Error).message}`), { responseCode: 451 })));
      });
    },
  });
  server.on('error', (error) => console.error('embedded mailbox:', error.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
