import { publicUrl } from '../../platform/config/config.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { CHANNELS, type ChannelAdapter, type ChannelName } from '../channels/channel.ts';
import { emailChannel } from '../channels/email.channel.ts';
import { RateLimiter } from '../channels/rate-limiter.ts';
import { smsGatewayChannel } from '../channels/sms-gateway.channel.ts';
import { parseNetworks } from '../channels/safe-destination.ts';
import { webhookChannel } from '../channels/webhook.channel.ts';
import { acceptedMessageIds } from '../mailbox/mailbox.sql.ts';
import { startEmbeddedMailbox, type EmbeddedMailbox } from '../mailbox/embedded-smtp-server.ts';
import type { DeliveryRuntime } from './drain.ts';

export interface ChannelSetup {
  runtime: DeliveryRuntime;
  /** The embedded mailbox, when SMTP_URL is not set. */
  mailbox?: EmbeddedMailbox;
  close(): Promise<void>;
}

/**
 * Wires the channels from the configuration: SMTP_URL or, without it, the embedded
 * mailbox (local default, real service when its URL is set); the SMS gateway when
 * SMS_GATEWAY_URL is set; webhooks always.
 */
export async function setUpChannels(ctx: AppContext, flags: { stopping(): boolean }): Promise<ChannelSetup> {
  const { config } = ctx;
  const mailbox = config.SMTP_URL ? undefined : await startEmbeddedMailbox(ctx.db);
  const baseUrl = publicUrl(config);
  const adapters: Partial<Record<ChannelName, ChannelAdapter>> = {
    email: emailChannel({
      url: config.SMTP_URL ?? mailbox!.url,
      from: config.SMTP_FROM,
      poolConnections: config.SMTP_POOL_CONNECTIONS,
      // The embedded mailbox can be asked what it already holds; a remote SMTP server cannot.
      lookupAccepted: mailbox ? (ids) => acceptedMessageIds(ctx.db, ids) : undefined,
    }),
    webhook: webhookChannel({ now: () => ctx.clock.now(), allowedNetworks: parseNetworks(config.COMMS_WEBHOOK_ALLOWED_NETWORKS) }),
  };
  const senders = config.SMS_SENDERS.split(',').map((s) => s.trim()).filter(Boolean);
  if (config.SMS_GATEWAY_URL) {
    adapters.sms = smsGatewayChannel({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN, senders, callbackUrl: `${baseUrl}/api/comms/sms/delivery-reports` });
  }
  const runtime: DeliveryRuntime = {
    ctx,
    adapters,
    limiters: {
      email: new RateLimiter(config.COMMS_EMAIL_RATE_PER_SECOND),
      sms: new RateLimiter(config.COMMS_SMS_RATE_PER_SECOND * Math.max(1, senders.length)),
      webhook: new RateLimiter(config.COMMS_WEBHOOK_RATE_PER_SECOND),
    },
    policy: {
      quietHours: config.COMMS_QUIET_HOURS,
      dailyCap: config.COMMS_DAILY_CAP,
      leaseSeconds: config.COMMS_SEND_LEASE_SECONDS,
      messageIdDomain: senderDomain(config.SMTP_FROM),
    },
    retry: { maxAttempts: config.COMMS_MAX_ATTEMPTS, baseSeconds: config.COMMS_RETRY_BASE_SECONDS },
    batchSize: config.COMMS_BATCH_SIZE,
    links: () => ({ baseUrl, signingKey: ctx.signingKey, now: ctx.clock.now() }),
    missingAdapterReason: { sms: 'no SMS gateway is configured (SMS_GATEWAY_URL); retry once it is' },
    stopping: flags.stopping,
    held: new Map(),
  };
  return {
    runtime,
    mailbox,
    async close() {
      for (const channel of CHANNELS) await adapters[channel]?.close();
      await mailbox?.close();
    },
  };
}

function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match ? match[1]! : 'rebound.local';
}
