import { startInstance } from '../../engine/index.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { reasonOptions } from './reasons.ts';

/** The process key segments start for each entry (processes/win-back.bpmn). */
export const WINBACK_PROCESS = 'win-back';

export type StepResult = 'reached' | 'not_reached' | 'refused' | 'reason_found' | 'waiting_on_cause' | 'released' | 'no_offer' | 'offer_made' | 'offer_accepted' | 'came_back' | 'no_return' | 'closed';

export interface Journey {
  id: number;
  customer_id: number;
  segment_id: number | null;
  segment_entry_id: number | null;
  instance_id: number | null;
  business_key: string;
  reason: string | null;
  reason_note: string | null;
  status: 'open' | 'waiting' | 'offer' | 'offered' | 'came_back' | 'closed';
  outcome: string | null;
  waiting_since: Date | null;
  released_at: Date | null;
  offered_at: Date | null;
  offer: Record<string, unknown> | null;
  voucher_id: number | null;
  came_back_at: Date | null;
  came_back_order: string | null;
  came_back_revenue_minor: number | null;
  came_back_currency: string | null;
  started_at: Date;
  closed_at: Date | null;
}

/** The business key of a win-back: one per customer and segment entry, or per manual start. */
export const winbackBusinessKey = (customerId: number, segmentEntryId: number | null, journeyId?: number) =>
  segmentEntryId ? `winback:${customerId}:entry:${segmentEntryId}` : `winback:${customerId}:manual:${journeyId}`;

export async function journeyById(db: Db, id: number, lock = false): Promise<Journey | null> {
  const [row] = await db.query<Journey>(`SELECT * FROM winback_journeys WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

export async function recordStep(tx: Db, clock: Clock, journeyId: number, step: string, result: StepResult, by: string, detail: Record<string, unknown> = {}): Promise<void> {
  await tx.query('INSERT INTO winback_step_results (journey_id, step, result, detail, by_label, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [journeyId, step, result, JSON.stringify(detail), by, clock.now()]);
}

/**
 * Starts the win-back of one customer: the journey row and the process instance in one
 * transaction, so neither exists without the other. A customer already in an open win-back is
 * refused (409) rather than called twice; a segment entry starts at most one.
 */
export async function startWinback(
  deps: { db: Db; clock: Clock }, actor: Actor,
  input: { customerId: number; segmentId?: number | null; segmentEntryId?: number | null },
): Promise<{ journeyId: number; instanceId: number; businessKey: string }> {
  return deps.db.transaction(async (tx) => {
    const [customer] = await tx.query<{ id: number }>('SELECT id FROM customers WHERE id = $1 FOR UPDATE', [input.customerId]);
    if (!customer) throw new AppError('invalid', `no customer ${input.customerId}`, 'winback.unknown_customer', { errors: [{ field: 'body.customerId', message: 'no such customer' }] });
    const [open] = await tx.query<{ id: number; business_key: string }>(
      "SELECT id, business_key FROM winback_journeys WHERE customer_id = $1 AND status NOT IN ('came_back', 'closed')", [input.customerId]);
    if (open) throw new AppError('conflict', `customer ${input.customerId} is already in win-back ${open.business_key}`, 'winback.already_running', { journeyId: open.id });
    if (input.segmentEntryId != null) {
      const [entered] = await tx.query<{ business_key: string }>('SELECT business_key FROM winback_journeys WHERE segment_entry_id = $1', [input.segmentEntryId]);
      if (entered) throw new AppError('conflict', `segment entry ${input.segmentEntryId} already started win-back ${entered.business_key}`, 'winback.entry_started', { errors: [{ field: 'body.segmentEntryId', message: 'already started a win-back' }] });
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO winback_journeys (customer_id, segment_id, segment_entry_id, business_key, started_at)
       VALUES ($1, $2, $3, 'pending:' || gen_random_uuid(), $4) RETURNING id`,
      [input.customerId, input.segmentId ?? null, input.segmentEntryId ?? null, deps.clock.now()]);
    const businessKey = winbackBusinessKey(input.customerId, input.segmentEntryId ?? null, row!.id);
    await tx.query('UPDATE winback_journeys SET business_key = $2 WHERE id = $1', [row!.id, businessKey]);
    // With the journey and the reason list given, the model goes straight to its first task.
    const variables: Record<string, unknown> = { customerId: input.customerId, journeyId: row!.id, reasonOptions: await reasonOptions(tx) };
    if (input.segmentId != null) variables.segmentId = input.segmentId;
    if (input.segmentEntryId != null) variables.segmentEntryId = input.segmentEntryId;
    const instance = await startInstance({ db: tx, clock: deps.clock }, { processId: WINBACK_PROCESS, businessKey, variables, actor });
    await tx.query('UPDATE winback_journeys SET instance_id = $2 WHERE id = $1', [row!.id, instance.instanceId]);
    return { journeyId: row!.id, instanceId: instance.instanceId, businessKey };
  });
}

/**
 * The journey of an instance, made when the instance was started without one — by a segment
 * that starts the process by its key with `customerId` (and `segmentId`, `segmentEntryId`).
 * Its business key must be unique to this customer's win-back, because releasing a waiting
 * customer correlates by it.
 */
export async function journeyForInstance(
  tx: Db, clock: Clock,
  input: { instanceId: number; businessKey: string | null; customerId: number; segmentId?: number | null; segmentEntryId?: number | null; journeyId?: number | null },
): Promise<Journey> {
  if (input.journeyId) {
    const journey = await journeyById(tx, input.journeyId);
    if (journey) return journey;
  }
  const [existing] = await tx.query<Journey>('SELECT * FROM winback_journeys WHERE instance_id = $1', [input.instanceId]);
  if (existing) return existing;
  if (!input.businessKey) throw new AppError('unprocessable', 'start the win-back process with a business key unique to the customer\'s win-back (e.g. winback:<customerId>:entry:<segmentEntryId>)', 'winback.no_business_key');
  const [row] = await tx.query<Journey>(
    `INSERT INTO winback_journeys (customer_id, segment_id, segment_entry_id, instance_id, business_key, started_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [input.customerId, input.segmentId ?? null, input.segmentEntryId ?? null, input.instanceId, input.businessKey, clock.now()]);
  return row!;
}
