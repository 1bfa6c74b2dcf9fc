import { recordAudit, type Actor } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { restlessScores } from './restless.ts';

export const RESTLESS_DECISIONS = ['flagged', 'keep_serving', 'stop_serving', 'cleared'] as const;
export type RestlessDecision = (typeof RESTLESS_DECISIONS)[number];

export interface RestlessDecisionRow {
  id: number;
  customer_id: number;
  decision: RestlessDecision;
  reason: string;
  score: number;
  complaint_id: number | null;
  decided_by: string;
  decided_at: Date;
}

const COLUMNS = 'id, customer_id, decision, reason, score, complaint_id, decided_by, decided_at';

/**
 * Records a step about a restless customer (C6) with its reason and who took it: an agent
 * flags, a manager decides — the route checks who may do which. The score at that moment
 * is kept beside it, so a later reader sees what the decision was based on.
 */
export async function recordRestlessDecision(
  db: Db, clock: Clock, actor: Actor,
  input: { customerId: number; decision: RestlessDecision; reason: string; complaintId?: number | null },
): Promise<RestlessDecisionRow> {
  return db.transaction(async (tx) => {
    const [score] = await restlessScores(tx, clock, [input.customerId]);
    if (!score) throw new AppError('not_found', `customer ${input.customerId} was not found`, 'complaints.unknown_customer');
    if (input.complaintId != null) {
      const [complaint] = await tx.query('SELECT 1 FROM complaints WHERE id = $1 AND customer_id = $2', [input.complaintId, input.customerId]);
      if (!complaint) throw new AppError('invalid', `complaint ${input.complaintId} is not one of customer ${input.customerId}'s`, 'complaints.foreign_complaint', { errors: [{ field: 'body.complaint_id', message: 'not a complaint of this customer' }] });
    }
    const [row] = await tx.query<RestlessDecisionRow>(
      `INSERT INTO restless_decisions (customer_id, decision, reason, score, complaint_id, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [input.customerId, input.decision, input.reason.trim(), score.score, input.complaintId ?? null, actor.label, clock.now()],
    );
    await recordAudit(tx, actor, { action: `restless_${input.decision}`, entity: 'customer', entityId: input.customerId, details: { reason: input.reason.trim(), score: score.score } });
    return row!;
  });
}

/** The latest step for each of these customers: where they stand now. */
export async function currentRestlessDecisions(db: Db, customerIds: readonly number[]): Promise<Map<number, RestlessDecisionRow>> {
  if (!customerIds.length) return new Map();
  const rows = await db.query<RestlessDecisionRow>(
    `SELECT DISTINCT ON (customer_id) ${COLUMNS} FROM restless_decisions WHERE customer_id = ANY($1::bigint[]) ORDER BY customer_id, id DESC`,
    [customerIds],
  );
  return new Map(rows.map((row) => [Number(row.customer_id), row]));
}

export async function restlessHistory(db: Db, customerId: number): Promise<RestlessDecisionRow[]> {
  return db.query<RestlessDecisionRow>(`SELECT ${COLUMNS} FROM restless_decisions WHERE customer_id = $1 ORDER BY id DESC`, [customerId]);
}
