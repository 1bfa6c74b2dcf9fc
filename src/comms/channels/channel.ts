/**
 * A channel adapter hands one message to a provider and says what happened. The outbox
 * (claiming, retrying, recording) is the same for every channel; only this differs.
 */
export type ChannelName = 'email' | 'sms' | 'webhook';
export const CHANNELS: readonly ChannelName[] = ['email', 'sms', 'webhook'];

export interface OutgoingMessage {
  id: number;
  attemptId: string;
  idempotencyKey: string;
  /** E-mail address, phone number or webhook URL. */
  to: string;
  /** RFC 5322 Message-ID (e-mail); the same on every attempt of one message. */
  messageId: string | null;
  /** E-mail: the From header (the brand's or company's sender); absent: the channel's SMTP_FROM. */
  from?: string;
  subject?: string;
  html?: string;
  text: string;
  language?: string;
  headers?: Record<string, string>;
  /** Webhooks: the event type and signing secret of the endpoint. */
  event?: string;
  secret?: string;
}

export type SendOutcome =
  | { kind: 'accepted'; providerId?: string }
  /** Worth another attempt later (timeouts, 4xx SMTP replies, HTTP 429/5xx). */
  | { kind: 'transient'; error: string }
  /** Retrying cannot help; `bounced` when the recipient address itself was refused. */
  | { kind: 'permanent'; error: string; bounced?: boolean };

export interface ChannelAdapter {
  readonly channel: ChannelName;
  /** How many sends may be in flight at once from this process. */
  readonly concurrency: number;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /**
   * Asks the provider which of these messages it already accepted (by Message-ID or our
   * reference), to settle attempts interrupted by a crash without sending blindly.
   * Undefined when the provider cannot be asked (plain SMTP).
   */
  lookupAccepted?(messageIds: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Turns a thrown error into a one-line reason without echoing credentials in URLs. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 500);
}
