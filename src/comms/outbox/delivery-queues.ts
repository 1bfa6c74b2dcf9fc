import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { ChannelName } from '../channels/channel.ts';

/**
 * One pg-boss queue per channel. A job here is a wake-up ("there is due work on this
 * channel"), not one message: the worker that takes it claims due rows in batches of
 * COMMS_BATCH_SIZE with SKIP LOCKED. pg-boss moves ≈ workers × batchSize / interval jobs a
 * second, so one job per message would cap a mass send at a few jobs a second.
 */
export const deliveryQueue = (channel: ChannelName) => `comms.deliver.${channel}`;

export async function ensureDeliveryQueues(ctx: AppContext, channels: readonly ChannelName[]): Promise<void> {
  for (const channel of channels) await ctx.jobs.ensureQueue(deliveryQueue(channel), { retryLimit: 0, expireInSeconds: 15 * 60 });
}

/**
 * Wakes the channel's workers, now or when deferred messages fall due. Pass `tx` to wake
 * only if the transaction that queued the messages commits.
 */
export async function wakeDelivery(ctx: AppContext, channel: ChannelName, options: { tx?: Db; at?: Date } = {}): Promise<void> {
  const delaySeconds = options.at ? Math.ceil((options.at.getTime() - ctx.clock.now().getTime()) / 1000) : 0;
  await ctx.jobs.send(deliveryQueue(channel), {}, { tx: options.tx, ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}) });
}
