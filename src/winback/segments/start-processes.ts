import { marketingMessagesSince } from '../../comms/index.ts';
import { startInstance, startInstances, type EngineDeps } from '../../engine/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { WINBACK_PROCESS } from '../process/journeys.ts';
import { reasonOptions } from '../process/reasons.ts';

/** The business key of the instance an entry starts: one entry, one key, one instance. */
export const segmentEntryBusinessKey = (entryId: number) => `winback-entry-${entryId}`;

export interface StartSummary {
  started: number;
  capped: number;
  reentryBlocked: number;
  leftBeforeStart: number;
  failed: number;
}

interface DueEntry {
  id: number;
  segment_id: number;
  customer_id: number;
  process_id: string;
  cap_contacts: number | null;
  cap_days: number | null;
}

const DAY_MS = 86_400_000;

/**
 * Starts the bound process for every segment entry that waits for it, in batches of
 * `batchSize` entries per transaction (a worker job, never an HTTP request). For each entry,
 * in this order:
 * - the customer left the segment before the start → not started (`left_before_start`);
 * - the re-entry rule says no (once ever: an earlier entry was started or drawn for the
 *   control group; cool-down: one was within `cooldown_days`) → `reentry_blocked`;
 * - the frequency cap shared with communications is reached (marketing messages sent or
 *   queued to the customer plus win-back processes started for them in the last `cap_days`
 *   days ≥ `cap_contacts`) → `capped`, tried again a day later;
 * - otherwise one instance is started with `customerId`, `segmentId`, `segmentEntryId`,
 *   all of a batch's instances of one process by one set-based `startInstances`. For the
 *   win-back process the entries' journeys are opened in the same savepoint, set-based, and
 *   given to the start (`journeyId`, `reasonOptions`): the model then goes straight to its first
 *   task, so every instance's first step is the same and the bulk start copies it instead of
 *   running bpmn-engine per entry (decision 053).
 * The entry row is locked while this happens and the instance id is written to it in the
 * same transaction (unique), so an entry starts exactly one instance, whichever worker
 * takes it and however often. Control entries never get here (evaluate-segments.ts).
 */
export async function startSegmentProcesses(deps: EngineDeps, options: { batchSize?: number } = {}): Promise<StartSummary> {
  const batchSize = options.batchSize ?? 200;
  const summary: StartSummary = { started: 0, capped: 0, reentryBlocked: 0, leftBeforeStart: 0, failed: 0 };
  for (;;) {
    const taken = await deps.db.transaction((tx) => startBatch({ db: tx, clock: deps.clock }, batchSize, summary));
    if (taken < batchSize) return summary;
  }
}

async function startBatch(deps: EngineDeps, batchSize: number, summary: StartSummary): Promise<number> {
  const tx = deps.db;
  const now = deps.clock.now();
  const due = await tx.query<{ id: number }>(
    `SELECT e.id FROM winback_segment_entries e
     WHERE e.start_status IN ('pending', 'capped') AND e.next_attempt_at <= $1
     ORDER BY e.id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, batchSize]);
  if (due.length === 0) return 0;
  const ids = due.map((d) => d.id);

  const left = await tx.query(
    `UPDATE winback_segment_entries SET start_status = 'left_before_start', start_note = 'left the segment before the process could start', next_attempt_at = NULL
     WHERE id = ANY($1::bigint[]) AND left_at IS NOT NULL RETURNING 1`, [ids]);
  summary.leftBeforeStart += left.length;

  const blocked = await tx.query(
    `UPDATE winback_segment_entries e
     SET start_status = 'reentry_blocked', next_attempt_at = NULL,
         start_note = CASE v.reentry WHEN 'once' THEN 'started once already (re-entry: once ever)'
                      ELSE 'started within the cool-down of ' || v.cooldown_days || ' days' END
     FROM winback_segment_versions v
     WHERE e.id = ANY($1::bigint[]) AND e.start_status IN ('pending', 'capped')
       AND v.segment_id = e.segment_id AND v.version = e.version
       AND (
         (v.reentry = 'once' AND EXISTS (
            SELECT 1 FROM winback_segment_entries p WHERE p.segment_id = e.segment_id AND p.customer_id = e.customer_id AND p.id < e.id
              AND p.start_status IN ('started', 'control')))
         OR (v.reentry = 'cooldown' AND EXISTS (
            SELECT 1 FROM winback_segment_entries p WHERE p.segment_id = e.segment_id AND p.customer_id = e.customer_id AND p.id < e.id
              AND p.start_status IN ('started', 'control')
              AND coalesce(p.started_at, p.entered_at) > e.entered_at - make_interval(days => v.cooldown_days)))
       )
     RETURNING 1`, [ids]);
  summary.reentryBlocked += blocked.length;

  const entries = await tx.query<DueEntry>(
    `SELECT e.id, e.segment_id, e.customer_id, e.process_id, v.cap_contacts, v.cap_days
     FROM winback_segment_entries e JOIN winback_segment_versions v ON v.segment_id = e.segment_id AND v.version = e.version
     WHERE e.id = ANY($1::bigint[]) AND e.start_status IN ('pending', 'capped') ORDER BY e.id`, [ids]);
  const capped = await overCap(tx, entries, now);
  if (capped.size) {
    await tx.query(
      `UPDATE winback_segment_entries e SET start_status = 'capped', next_attempt_at = $2,
              start_note = 'frequency cap: ' || c.contacts || ' contacts in the last ' || c.days || ' days; tried again a day later'
       FROM jsonb_to_recordset($1::jsonb) AS c(id bigint, contacts int, days int) WHERE e.id = c.id`,
      [JSON.stringify([...capped].map(([id, c]) => ({ id, ...c }))), new Date(now.getTime() + DAY_MS)]);
    summary.capped += capped.size;
  }

  // Set-based (issue 17.1): one startInstances per bound process, its rows written in one
  // savepoint; the instance ids go back to the entries in one statement. Should the bulk start
  // throw (a process not deployed or not executable), each entry is tried alone so every one
  // records its own reason.
  const byProcess = new Map<string, DueEntry[]>();
  for (const entry of entries) if (!capped.has(entry.id)) byProcess.set(entry.process_id, [...(byProcess.get(entry.process_id) ?? []), entry]);
  for (const [processId, group] of byProcess) {
    let started: { entryId: number; instanceId: number }[];
    try {
      started = await tx.transaction(async (inner) => {
        const opened = processId === WINBACK_PROCESS ? await openJourneys(inner, group, now) : null;
        const instances = await startInstances({ db: inner, clock: deps.clock }, { processId, batchSize: group.length, items: group.map((entry) => startItem(entry, opened)) });
        const pairs = group.map((entry, n) => ({ entryId: Number(entry.id), instanceId: instances[n]!.instanceId }));
        if (opened) {
          await inner.query(
            `UPDATE winback_journeys j SET instance_id = s.instance_id FROM unnest($1::bigint[], $2::bigint[]) AS s(entry_id, instance_id) WHERE j.segment_entry_id = s.entry_id`,
            [pairs.map((p) => p.entryId), pairs.map((p) => p.instanceId)]);
        }
        return pairs;
      });
    } catch {
      started = [];
      for (const entry of group) {
        try {
          started.push({ entryId: Number(entry.id), instanceId: (await startInstance(deps, { processId, ...startItem(entry, null) })).instanceId });
        } catch (error) {
          // The instance's savepoint is rolled back; the entry says why it did not start, where
          // the segment's report shows it (never a silent skip).
          await tx.query(
            `UPDATE winback_segment_entries SET start_status = 'failed', next_attempt_at = NULL, start_note = $2 WHERE id = $1`,
            [entry.id, `could not start ${entry.process_id}: ${(error as Error).message}`.slice(0, 500)]);
          summary.failed++;
        }
      }
    }
    if (started.length) {
      await tx.query(
        `UPDATE winback_segment_entries e SET start_status = 'started', instance_id = s.instance_id, started_at = $3, next_attempt_at = NULL, start_note = NULL
         FROM unnest($1::bigint[], $2::bigint[]) AS s(entry_id, instance_id) WHERE e.id = s.entry_id`,
        [started.map((s) => s.entryId), started.map((s) => s.instanceId), now]);
      summary.started += started.length;
    }
  }
  return due.length;
}

interface OpenedJourneys {
  journeyIds: Map<number, number>;
  reasonOptions: { label: string; value: string }[];
}

/**
 * The win-back journeys of a batch of entries, opened in one statement with the business key
 * their instances get (releasing a waiting customer correlates by it), and the reason list the
 * first task offers; a start by the process key alone makes the same in "Open the win-back".
 */
async function openJourneys(tx: Db, entries: DueEntry[], now: Date): Promise<OpenedJourneys> {
  const rows = await tx.query<{ id: number; segment_entry_id: number }>(
    `INSERT INTO winback_journeys (customer_id, segment_id, segment_entry_id, business_key, started_at)
     SELECT e.customer_id, e.segment_id, e.entry_id, e.business_key, $5
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS e(customer_id, segment_id, entry_id, business_key)
     RETURNING id, segment_entry_id`,
    [entries.map((e) => e.customer_id), entries.map((e) => e.segment_id), entries.map((e) => e.id), entries.map((e) => segmentEntryBusinessKey(Number(e.id))), now]);
  return { journeyIds: new Map(rows.map((r) => [Number(r.segment_entry_id), Number(r.id)])), reasonOptions: await reasonOptions(tx) };
}

function startItem(entry: DueEntry, opened: OpenedJourneys | null) {
  const journeyId = opened?.journeyIds.get(Number(entry.id));
  return {
    businessKey: segmentEntryBusinessKey(entry.id),
    variables: {
      customerId: Number(entry.customer_id), segmentId: Number(entry.segment_id), segmentEntryId: Number(entry.id),
      ...(journeyId !== undefined && { journeyId, reasonOptions: opened!.reasonOptions }),
    },
    actor: { kind: 'system' as const, label: `win-back segment ${entry.segment_id}, entry ${entry.id}` },
  };
}

/** The entries whose customer has reached the frequency cap, with the count that decided it. */
async function overCap(tx: Db, entries: DueEntry[], now: Date): Promise<Map<number, { contacts: number; days: number }>> {
  const result = new Map<number, { contacts: number; days: number }>();
  const byDays = new Map<number, DueEntry[]>();
  for (const e of entries) if (e.cap_days && e.cap_contacts) byDays.set(e.cap_days, [...(byDays.get(e.cap_days) ?? []), e]);
  for (const [days, group] of byDays) {
    const since = new Date(now.getTime() - days * DAY_MS);
    const customers = [...new Set(group.map((e) => Number(e.customer_id)))];
    const messages = await marketingMessagesSince(tx, customers, since);
    const starts = await tx.query<{ customer_id: number; n: number }>(
      `SELECT customer_id, count(*)::int AS n FROM winback_segment_entries
       WHERE customer_id = ANY($1::bigint[]) AND start_status = 'started' AND started_at >= $2 GROUP BY customer_id`,
      [customers, since]);
    const startsBy = new Map(starts.map((s) => [Number(s.customer_id), s.n]));
    // Entries of one customer in this batch count against the cap one after another.
    const extra = new Map<number, number>();
    for (const entry of group) {
      const customer = Number(entry.customer_id);
      const contacts = (messages.get(customer) ?? 0) + (startsBy.get(customer) ?? 0) + (extra.get(customer) ?? 0);
      if (contacts >= entry.cap_contacts!) result.set(entry.id, { contacts, days });
      else extra.set(customer, (extra.get(customer) ?? 0) + 1);
    }
  }
  return result;
}
