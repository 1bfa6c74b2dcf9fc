import type { AppContext } from '../../platform/http/context.ts';
import { describeError, type ChannelAdapter, type ChannelName } from '../channels/channel.ts';
import type { RateLimiter } from '../channels/rate-limiter.ts';
import { RenderError } from '../templates/render-message.ts';
import { loadTemplates } from '../templates/templates.sql.ts';
import type { LinkContext } from '../tracking/tracking-links.ts';
import { claimDueMessages, type ClaimedMessage, type ClaimResult, type SendPolicy } from './claim.sql.ts';
import { loadBranding } from './branding.ts';
import { composeMessage } from './compose-message.ts';
import { wakeDelivery } from './delivery-queues.ts';
import { recordOutcomes, type AttemptOutcome, type RetryPolicy } from './record-outcomes.sql.ts';

/** Everything a delivery worker needs, wired once per process. */
export interface DeliveryRuntime {
  ctx: AppContext;
  adapters: Partial<Record<ChannelName, ChannelAdapter>>;
  limiters: Record<ChannelName, RateLimiter>;
  policy: SendPolicy;
  retry: RetryPolicy;
  batchSize: number;
  links(): LinkContext;
  /** Why a channel without an adapter cannot send (e.g. no SMS gateway configured). */
  missingAdapterReason: Partial<Record<ChannelName, string>>;
  stopping(): boolean;
  /** Attempt ids this process holds ('sending'); their leases are renewed while it lives. */
  held: Map<string, number>;
}

export interface DrainStats {
  accepted: number;
  failed: number;
  deferred: number;
  suppressed: number;
}

// A drain gives its job back after this long, so one channel's backlog never starves
// the process's shutdown or other work; a fresh wake-up continues where it stopped.
const DRAIN_BUDGET_MS = 30_000;

/**
 * Sends a channel's due messages until none is due: claim a batch (with the send-time
 * rules applied), send it through the channel with bounded concurrency and the rate
 * limit, record the outcomes, repeat.
 */
export async function drainChannel(rt: DeliveryRuntime, channel: ChannelName): Promise<DrainStats> {
  const stats: DrainStats = { accepted: 0, failed: 0, deferred: 0, suppressed: 0 };
  const started = Date.now();
  const limit = Math.max(1, Math.min(rt.batchSize, rt.limiters[channel].capacity(10)));
  let colleagueWoken = false;
  // The next batch is claimed while the current one is sending, so the provider never
  // waits for the database. A crash then leaves at most two batches 'sending': the rest of
  // the one being sent and the one claimed ahead (never handed over); of those, only the
  // last message of each send slot can have reached the provider (see sendBatch).
  let upcoming: Promise<ClaimResult> | undefined = claimBatch(rt, channel, limit);
  while (upcoming) {
    const claim = await upcoming;
    upcoming = undefined;
    stats.suppressed += claim.suppressed;
    stats.deferred += claim.deferred.length;
    if (!claim.claimed.length && !claim.deferred.length && !claim.suppressed) break;
    if (rt.stopping()) {
      await releaseClaim(rt, claim.claimed);
      break;
    }
    const overBudget = Date.now() - started > DRAIN_BUDGET_MS;
    if (!overBudget) upcoming = claimBatch(rt, channel, limit);
    // A full batch means a backlog: let another worker process join in (SKIP LOCKED keeps them apart).
    if (claim.claimed.length === limit && !colleagueWoken) {
      colleagueWoken = true;
      await wakeDelivery(rt.ctx, channel);
    }
    let batch;
    try {
      batch = await sendBatch(rt, channel, claim.claimed);
    } finally {
      // Whatever was not settled stays 'sending' and is settled by the sweep after its lease.
      for (const row of claim.claimed) rt.held.delete(row.attempt_id);
    }
    stats.accepted += batch.accepted;
    stats.failed += batch.failed;
    if (overBudget) {
      await wakeDelivery(rt.ctx, channel);
      break;
    }
  }
  return stats;
}

async function claimBatch(rt: DeliveryRuntime, channel: ChannelName, limit: number): Promise<ClaimResult> {
  const now = rt.ctx.clock.now();
  return rt.ctx.db.transaction(async (tx) => {
    const result = await claimDueMessages(tx, channel, limit, now, rt.policy);
    for (const row of result.claimed) rt.held.set(row.attempt_id, row.id);
    for (const at of wakeTimes(result.deferred.map((d) => d.next_attempt_at))) await wakeDelivery(rt.ctx, channel, { tx, at });
    return result;
  });
}

/** Gives back messages claimed but never handed over (shutdown): no interrupted attempt to settle later. */
async function releaseClaim(rt: DeliveryRuntime, rows: readonly ClaimedMessage[]): Promise<void> {
  if (!rows.length) return;
  for (const row of rows) rt.held.delete(row.attempt_id);
  await rt.ctx.db.query(
    `UPDATE comms_messages m SET status = 'queued', attempts = m.attempts - 1, lease_until = NULL
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempt_id uuid)
     WHERE m.id = r.id AND m.attempt_id = r.attempt_id AND m.status = 'sending'`,
    [JSON.stringify(rows.map((r) => ({ id: r.id, attempt_id: r.attempt_id })))],
  );
}

/**
 * Sends a claimed batch with `adapter.concurrency` send slots. A slot records each outcome
 * as soon as the provider has answered and waits for that record to commit before it takes
 * the next message, so at any moment each slot holds at most one message the provider may
 * have accepted while its row does not yet say 'sent'. A crash can therefore repeat at most
 * one message per slot (docs/decisions/007-outbox-delivery.md).
 */
async function sendBatch(rt: DeliveryRuntime, channel: ChannelName, rows: ClaimedMessage[]): Promise<{ accepted: number; failed: number }> {
  if (!rows.length) return { accepted: 0, failed: 0 };
  const adapter = rt.adapters[channel];
  const keys = [...new Set(rows.map((r) => r.template_key).filter((k): k is string => !!k))];
  const templates = keys.length ? await loadTemplates(rt.ctx.db, keys) : new Map();
  const links = rt.links();
  // Read per batch, so a sender changed in Settings applies to the next batch without a restart.
  const branding = await loadBranding(rt.ctx.db, rt.ctx.config.SMTP_FROM);
  const slotCount = Math.min(adapter?.concurrency ?? 1, rows.length);
  let sending = 0;
  const record = outcomeRecorder(rt, channel, { groupTarget: Math.ceil(slotCount / 2), sending: () => sending });
  let accepted = 0;
  let failed = 0;
  let recordFailed = false;
  const settle = async (outcome: AttemptOutcome) => {
    try {
      await record(outcome);
    } catch (error) {
      // The other slots stop taking messages; what is left stays 'sending' for the sweep.
      recordFailed = true;
      throw error;
    }
    if (outcome.outcome.kind === 'accepted') accepted++;
    else failed++;
  };

  let next = 0;
  const worker = async () => {
    while (next < rows.length && !recordFailed) {
      const row = rows[next++]!;
      const base = { id: row.id, attemptId: row.attempt_id };
      if (!adapter) {
        await settle({ ...base, outcome: { kind: 'permanent', error: rt.missingAdapterReason[channel] ?? `no ${channel} channel configured` } });
        continue;
      }
      let composed;
      try {
        composed = composeMessage(row, templates, links, branding);
      } catch (error) {
        if (!(error instanceof RenderError)) throw error;
        await settle({ ...base, outcome: { kind: 'permanent', error: error.message } });
        continue;
      }
      await rt.limiters[channel].take();
      let outcome;
      sending++;
      try {
        outcome = await adapter.send(composed.message);
      } catch (error) {
        outcome = { kind: 'transient' as const, error: describeError(error) };
      } finally {
        sending--;
      }
      await settle({ ...base, outcome, language: composed.message.language, summary: composed.summary });
    }
  };
  // Every slot is let finish its send in flight before a failure is reported: a drain that
  // ended while a slot was still sending would stop renewing that message's lease.
  const slots = await Promise.allSettled(Array.from({ length: slotCount }, worker));
  const failure = slots.find((slot) => slot.status === 'rejected');
  if (failure) throw failure.reason;
  return { accepted, failed };
}

// The longest an outcome waits for others to share its write.
const GATHER_MS = 20;

/**
 * Writes outcomes in groups without letting any wait long: a write starts when half the
 * send slots wait for one, when no slot is still sending (nothing more is coming soon), or
 * GATHER_MS after the oldest waiting outcome. Writing each outcome alone would cost a
 * statement per message — on PGlite, whose statements run on the same thread as the SMTP
 * client, that alone cut throughput by half (docs/decisions/007-outbox-delivery.md).
 * Resolves once the outcome is committed.
 */
function outcomeRecorder(rt: DeliveryRuntime, channel: ChannelName, when: { groupTarget: number; sending(): number }): (outcome: AttemptOutcome) => Promise<void> {
  let waiting: { outcome: AttemptOutcome; resolve(): void; reject(error: unknown): void }[] = [];
  let writing = false;
  let timer: NodeJS.Timeout | undefined;

  const write = async () => {
    clearTimeout(timer);
    timer = undefined;
    writing = true;
    const group = waiting;
    waiting = [];
    try {
      const outcomes = group.map((g) => g.outcome);
      // All accepted — the usual case — is one statement, atomic by itself: no BEGIN and
      // COMMIT round trips on the path every message takes.
      if (outcomes.every((o) => o.outcome.kind === 'accepted')) await recordOutcomes(rt.ctx.db, outcomes, rt.ctx.clock.now(), rt.retry);
      else {
        await rt.ctx.db.transaction(async (tx) => {
          const retryAt = await recordOutcomes(tx, outcomes, rt.ctx.clock.now(), rt.retry);
          if (retryAt) await wakeDelivery(rt.ctx, channel, { tx, at: retryAt });
        });
      }
      for (const g of group) {
        rt.held.delete(g.outcome.attemptId);
        g.resolve();
      }
    } catch (error) {
      for (const g of group) g.reject(error);
    }
    writing = false;
    consider();
  };
  const consider = (timedOut = false) => {
    if (writing || !waiting.length) return;
    if (timedOut || waiting.length >= when.groupTarget || when.sending() === 0) void write();
    else {
      timer ??= setTimeout(() => {
        timer = undefined;
        consider(true);
      }, GATHER_MS);
    }
  };
  return (outcome) => new Promise<void>((resolve, reject) => {
    waiting.push({ outcome, resolve, reject });
    consider();
  });
}

/** One wake-up per distinct minute, not one per deferred message. */
function wakeTimes(times: Date[]): Date[] {
  const minutes = new Set(times.map((t) => Math.ceil(t.getTime() / 60_000) * 60_000));
  return [...minutes].sort((a, b) => a - b).slice(0, 100).map((ms) => new Date(ms));
}
