import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { noDelaySocket } from './smtp-socket.ts';
import { describeError, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';

export interface EmailChannelOptions {
  /** smtp://… or smtps://… */
  url: string;
  /** SMTP_FROM: the sender when a message names none. */
  from: string;
  poolConnections: number;
  /** Settles interrupted attempts by asking the receiving side (the embedded mailbox can). */
  lookupAccepted?: (messageIds: readonly string[]) => Promise<Set<string>>;
}

/**
 * Send slots per pool connection. A slot waits for its last outcome to be recorded before
 * it hands over another message, so each slot is one message a crash may leave accepted
 * but unrecorded (drain.ts) — and a connection only stays busy while other slots have
 * messages queued for it: more slots, more pace, a looser bound on repeats. The figures
 * behind 8 are in docs/decisions/007-outbox-delivery.md.
 */
export const EMAIL_SLOTS_PER_CONNECTION = 8;

/**
 * E-mail over SMTP through a nodemailer pool: a few long-lived connections, each carrying
 * many messages, which is what lets a mass send reach the server's own pace.
 */
export function emailChannel(options: EmailChannelOptions): ChannelAdapter {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port) || (secure ? 465 : 587);
  const transport = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: options.poolConnections,
    maxMessages: 1000,
    // Loopback servers (the embedded mailbox, tests) offer no certificate worth checking.
    tls: { rejectUnauthorized: !isLoopback(url.hostname) },
    ignoreTLS: isLoopback(url.hostname),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
    getSocket: noDelaySocket(url.hostname, port, secure, !isLoopback(url.hostname)),
  } as SMTPPool.Options);

  return {
    channel: 'email',
    concurrency: options.poolConnections * EMAIL_SLOTS_PER_CONNECTION,
    lookupAccepted: options.lookupAccepted,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      try {
        await transport.sendMail({
          from: message.from ?? options.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: message.messageId ?? undefined,
          headers: message.headers,
        });
        return { kind: 'accepted' };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * 5xx replies are final (550 and friends name a refused recipient: a bounce); 4xx replies,
 * timeouts and dropped connections are worth retrying.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const code = (error as { responseCode?: number }).responseCode;
  const reason = describeError(error);
  if (typeof code === 'number' && code >= 500) {
    const bounced = [550, 551, 553].includes(code) && /recipient|mailbox|user|address|RCPT/i.test(reason + ((error as { command?: string }).command ?? ''));
    return { kind: 'permanent', error: reason, bounced };
  }
  if ((error as { code?: string }).code === 'EENVELOPE' && typeof code !== 'number') return { kind: 'permanent', error: reason, bounced: true };
  return { kind: 'transient', error: reason };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]';
}
