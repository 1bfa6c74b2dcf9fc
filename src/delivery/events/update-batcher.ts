import type { AppContext } from '../../platform/http/context.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { receiveCarrierUpdatesEach, type ReceivedUpdate } from './receive-updates.ts';

/** At most this many webhooks share a transaction; more wait for the next one. */
const MAX_BATCH = 500;

interface Waiting {
  update: CarrierUpdate;
  answer(received: ReceivedUpdate): void;
  fail(error: unknown): void;
}

export type ReceiveOne = (source: string, update: CarrierUpdate) => Promise<ReceivedUpdate>;

/**
 * Group commit for carrier webhooks (decision 052). Carriers post one update per request,
 * thousands a second when a network catches up; a transaction each (ingest, detection,
 * grouping, notices, the tripwire) cost ~15 ms of database round trips, so the server
 * answered well under 100 a second. Instead, per source, the first webhook runs at once
 * and those arriving meanwhile wait for it and then go together in the next transaction —
 * set-based, each answered with its own counts once that transaction has committed. Alone,
 * a webhook is received exactly as before; under load, the batch grows with the load.
 *
 * A batch that fails is received again one update at a time, so one update whose
 * transaction fails answers its own sender with the error and does not fail the others.
 */
export function createUpdateBatcher(ctx: AppContext, receiveEach = receiveCarrierUpdatesEach): ReceiveOne {
  const queues = new Map<string, Waiting[]>();

  async function drain(source: string, waiting: Waiting[]): Promise<void> {
    while (waiting.length) {
      const batch = waiting.splice(0, MAX_BATCH);
      try {
        const received = await receiveEach(ctx, source, batch.map((w) => w.update));
        batch.forEach((w, i) => w.answer(received[i]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.fail(error);
        else {
          for (const w of batch) {
            try {
              w.answer((await receiveEach(ctx, source, [w.update]))[0]!);
            } catch (alone) {
              w.fail(alone);
            }
          }
        }
      }
    }
    queues.delete(source);
  }

  return (source, update) => new Promise<ReceivedUpdate>((answer, fail) => {
    const waiting = queues.get(source);
    if (waiting) {
      waiting.push({ update, answer, fail });
      return;
    }
    const started: Waiting[] = [{ update, answer, fail }];
    queues.set(source, started);
    void drain(source, started);
  });
}
