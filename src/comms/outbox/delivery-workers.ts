import type { AppContext } from '../../platform/http/context.ts';
import { CHANNELS, type ChannelName } from '../channels/channel.ts';
import { deliveryQueue, ensureDeliveryQueues } from './delivery-queues.ts';
import { setUpChannels } from './delivery-runtime.ts';
import { drainChannel, type DeliveryRuntime } from './drain.ts';
import { channelsWithDueMessages, recoverInterruptedSends } from './recover-interrupted.ts';

export interface DeliveryWorkers {
  runtime: DeliveryRuntime;
  /** Drains a channel now (tests, and the wake-up job handler). */
  drain(channel: ChannelName): Promise<void>;
  /** One sweep: settle interrupted attempts, wake channels with due messages. */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The delivery side of the outbox in one process: a pg-boss worker per channel queue
 * (wake-ups), one drain at a time per channel in this process, and a periodic sweep that
 * settles interrupted attempts and picks up due messages whose wake-up job was lost
 * (e.g. held by a worker that was killed). Rows are the truth; jobs only say "look now".
 */
export async function startDeliveryWorkers(ctx: AppContext, options: { sweepIntervalMs?: number } = {}): Promise<DeliveryWorkers> {
  let stopping = false;
  const setup = await setUpChannels(ctx, { stopping: () => stopping });
  const { runtime } = setup;
  const running = new Map<ChannelName, Promise<void>>();
  const again = new Set<ChannelName>();

  const drain = (channel: ChannelName): Promise<void> => {
    const current = running.get(channel);
    if (current) {
      again.add(channel);
      return current;
    }
    const run = (async () => {
      do {
        again.delete(channel);
        await drainChannel(runtime, channel);
      } while (again.has(channel) && !stopping);
    })()
      .catch((error: unknown) => console.error(`comms: delivery on ${channel} failed:`, (error as Error).message))
      .finally(() => running.delete(channel));
    running.set(channel, run);
    return run;
  };

  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= (async () => {
      try {
        await recoverInterruptedSends(runtime);
        for (const channel of await channelsWithDueMessages(runtime)) void drain(channel);
      } catch (error) {
        console.error('comms: sweep failed:', (error as Error).message);
      } finally {
        sweeping = undefined;
      }
    })();
    return sweeping;
  };

  await ensureDeliveryQueues(ctx, CHANNELS);
  const workerIds: string[] = [];
  // A wake-up sent by this process reaches its worker at once (Jobs.work). On PGlite every
  // wake-up comes from this process, so polling only picks up deferred ones — and each
  // poll runs in the API's event loop there (~2-3 ms), so it polls seldom; the sweep below
  // also wakes channels with due messages.
  const pollingIntervalSeconds = ctx.db.kind === 'pglite' ? 5 : 0.5;
  for (const channel of CHANNELS) {
    // Several wake-ups fetched at once collapse into one drain.
    workerIds.push(await ctx.jobs.work(deliveryQueue(channel), { batchSize: 50, pollingIntervalSeconds }, async () => drain(channel)));
  }
  // A live worker renews the leases of what it holds, so a slow batch (rate limits, a
  // sluggish provider) is never mistaken for an interrupted one; a dead worker stops renewing.
  const leaseSeconds = ctx.config.COMMS_SEND_LEASE_SECONDS;
  const renewal = setInterval(() => {
    if (!runtime.held.size) return;
    ctx.db.query(
      `UPDATE comms_messages SET lease_until = $3::timestamptz + make_interval(secs => $4)
       WHERE id = ANY($1::bigint[]) AND attempt_id = ANY($2::uuid[]) AND status = 'sending'`,
      [[...runtime.held.values()], [...runtime.held.keys()], ctx.clock.now(), leaseSeconds],
    ).catch((error: unknown) => console.error('comms: lease renewal failed:', (error as Error).message));
  }, Math.max(500, (leaseSeconds * 1000) / 3));
  renewal.unref();
  const interval = options.sweepIntervalMs ?? Math.max(1000, Math.min(10_000, (ctx.config.COMMS_SEND_LEASE_SECONDS * 1000) / 4));
  const timer = setInterval(() => void sweep(), interval);
  timer.unref();
  void sweep();

  return {
    runtime,
    drain,
    sweep,
    async stop() {
      stopping = true;
      clearInterval(timer);
      clearInterval(renewal);
      for (const id of workerIds) await ctx.jobs.offWork(id).catch(() => undefined);
      await sweeping;
      await Promise.all(running.values());
      await setup.close();
    },
  };
}
