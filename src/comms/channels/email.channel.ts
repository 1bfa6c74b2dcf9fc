import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { noDelaySocket } from './smtp-socket.ts';
import { describeError, type ChannelAdapter, type OutgoingMessage, type SendOutcome } from './channel.ts';

export interface EmailChannelOptions {
  /** smtp://… or smtps://… */
  url: string;
  from: string;
  poolConnections: number;
  /** Settles interrupted attempts by asking the receiving side (the embedded mailbox can). */
  lookupAccepted?: (messageIds: readonly string[]) => Promise<Set<string>>;
}

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
    concurrency: options.poolConnections * 4,
    lookupAccepted: options.lookupAccepted,
    async send(message: OutgoingMessage): Promise<SendOutcome> {
      try {
        await transport.sendMail({
          from: options.from,
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
