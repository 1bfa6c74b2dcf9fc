import { latestModelWithDecision, startInstance } from '../engine/index.ts';
import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { evaluateDecision } from '../rules/index.ts';
import { issueVoucher } from '../compensation/index.ts';

/** The decision (processes/complaint-goodwill.dmn) giving what an agent may grant without approval. */
export const GOODWILL_DECISION = 'complaint-goodwill-limit';
const VOUCHER_VALIDITY_DAYS = 90;

/**
 * The instant gesture (C4): within the limit the rules give for the customer's tier, the
 * category and the currency, the voucher is issued at once; above it, the request waits
 * for a manager (processes/complaint-goodwill.bpmn). A broken rule means approval, never
 * an unchecked payout.
 */
export async function requestGoodwill(ctx: AppContext, actor: Actor, complaintId: number, input: { valueMinor: number; currency: string; reason: string }) {
  const [complaint] = await ctx.db.query<{ id: number; customer_id: number | null; category: string; tier: string | null; reference: string }>(
    `SELECT co.id, co.customer_id, co.category, cu.tier, ca.business_key AS reference
     FROM complaints co JOIN cases ca ON ca.id = co.case_id LEFT JOIN customers cu ON cu.id = co.customer_id WHERE co.id = $1`, [complaintId]);
  if (!complaint) throw new AppError('not_found', `complaint ${complaintId} was not found`);
  if (!complaint.customer_id) throw new AppError('unprocessable', 'a goodwill voucher needs a known customer: link the complaint to one first', 'complaints.no_customer');
  const rules = await latestModelWithDecision(ctx.db, GOODWILL_DECISION);
  if (!rules) throw new AppError('unprocessable', `no goodwill rules: deploy a DMN model with the decision ${GOODWILL_DECISION}`, 'complaints.no_goodwill_rules');
  const result = evaluateDecision(rules.model, GOODWILL_DECISION, { tier: complaint.tier ?? 'standard', category: complaint.category, currency: input.currency });
  const value = result.value as number | { limitMinor?: number } | null;
  const limit = typeof value === 'number' ? value : typeof value?.limitMinor === 'number' ? value.limitMinor : 0;
  const withinLimit = result.errors.length === 0 && input.valueMinor <= limit;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const voucher = withinLimit ? await issueVoucher(tx, ctx.clock, { customerId: complaint.customer_id, valueMinor: input.valueMinor, currency: input.currency, validityDays: VOUCHER_VALIDITY_DAYS, purpose: `complaint:${complaint.reference}` }) : null;
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO complaint_goodwill (complaint_id, value_minor, currency, reason, limit_minor, rule_id, status, requested_by, decided_by, requested_at, decided_at, voucher_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [complaintId, input.valueMinor, input.currency, input.reason, limit, result.appliedRules[0]?.ruleId ?? null, withinLimit ? 'granted' : 'pending',
        actor.label, withinLimit ? `goodwill rules ${rules.decisionKey} v${rules.version}` : null, now, withinLimit ? now : null, voucher?.id ?? null],
    );
    let instanceId: number | null = null;
    if (!withinLimit) {
      const instance = await startInstance({ db: tx, clock: ctx.clock }, {
        processId: 'complaint-goodwill',
        businessKey: `${complaint.reference}:goodwill:${row!.id}`,
        variables: { goodwillId: row!.id, complaintReference: complaint.reference, valueMinor: input.valueMinor, currency: input.currency, limitMinor: limit, reason: input.reason, requestedBy: actor.label },
        actor,
      });
      instanceId = instance.instanceId;
      await tx.query('UPDATE complaint_goodwill SET instance_id = $2 WHERE id = $1', [row!.id, instanceId]);
    }
    await recordAudit(tx, actor, { action: withinLimit ? 'grant_goodwill' : 'request_goodwill', entity: 'complaint', entityId: complaintId, details: { valueMinor: input.valueMinor, currency: input.currency, limit } });
    return {
      id: row!.id, status: withinLimit ? ('granted' as const) : ('pending' as const), value_minor: input.valueMinor, currency: input.currency, limit_minor: limit,
      voucher: voucher ? { code: voucher.code, expires_at: voucher.expires_at } : null, instance_id: instanceId,
    };
  });
}

/** A manager's decision on a request above the limit; a request decided once stays decided. */
export async function decideGoodwill(ctx: AppContext, actor: Actor, goodwillId: number, approve: boolean, note: string | null) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string; value_minor: number; currency: string; customer_id: number | null; complaint_id: number }>(
      `SELECT g.status, g.value_minor, g.currency, co.customer_id, g.complaint_id FROM complaint_goodwill g JOIN complaints co ON co.id = g.complaint_id WHERE g.id = $1 FOR UPDATE OF g`, [goodwillId]);
    if (!row) return { status: 'missing' };
    if (row.status !== 'pending') return { status: row.status };
    const voucher = approve ? await issueVoucher(tx, ctx.clock, { customerId: row.customer_id, valueMinor: Number(row.value_minor), currency: row.currency, validityDays: VOUCHER_VALIDITY_DAYS, purpose: `complaint goodwill ${goodwillId}` }) : null;
    const status = approve ? 'granted' : 'rejected';
    await tx.query('UPDATE complaint_goodwill SET status = $2, decided_by = $3, decided_at = $4, voucher_id = $5, reason = reason || coalesce($6, \'\') WHERE id = $1',
      [goodwillId, status, actor.label, ctx.clock.now(), voucher?.id ?? null, note ? ` — ${note}` : null]);
    await recordAudit(tx, actor, { action: approve ? 'approve_goodwill' : 'reject_goodwill', entity: 'complaint', entityId: row.complaint_id, details: { goodwillId, note } });
    return { status };
  });
}
