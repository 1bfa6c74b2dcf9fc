import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getBudget, grantLoyaltyPoints, issueVoucher, recordRefundOwed } from '../../compensation/index.ts';
import { latestModelWithDecision } from '../../engine/index.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { PROCESSES_DIR } from '../../platform/paths.ts';
import { evaluateDecision, parseDmn, type DmnModel } from '../../rules/index.ts';
import { approvedBudgets } from './budget-approval.ts';

export const DELAY_COMPENSATION_DECISION = 'delay-compensation';
export const COMPENSATION_OPTIONS = ['shipping_refund', 'coupon', 'partial_refund', 'gift', 'loyalty_points'] as const;
export type CompensationOption = (typeof COMPENSATION_OPTIONS)[number];
/** Coupons and gift vouchers are valid for this long from the day they are issued. */
export const VOUCHER_VALIDITY_DAYS = 180;

export interface OrderFacts {
  daysLate: number;
  orderValueMinor: number;
  tier: string;
  vip: boolean;
  /** The order's currency (ISO 4217): fixed amounts such as the shipping refund differ per currency. */
  currency: string;
}

/** One order of the incident the decision compensates: exactly what issuing will issue. */
export interface PlannedCompensation {
  order_id: number;
  order: string;
  customer_id: number;
  currency: string;
  days_late: number;
  order_value_minor: number;
  tier: string;
  option: CompensationOption;
  amount_minor: number;
  points: number;
  rule_id: string | null;
  issued: boolean;
}

/** An order of the incident that gets nothing, and why; listed, never dropped. */
export interface Undecided {
  order_id: number;
  order: string;
  days_late: number;
  reason: string;
}

export interface CompensationPlan {
  incident: { id: number; reference: string };
  decision_source: string;
  orders: PlannedCompensation[];
  undecided: Undecided[];
}

const fileCache = new Map<string, { mtimeMs: number; model: DmnModel }>();

/** The newest deployed model holding the decision (the console's editor deploys it), else the shipped file. */
async function loadDecision(db: Db): Promise<{ model: DmnModel; source: string }> {
  const deployed = await latestModelWithDecision(db, DELAY_COMPENSATION_DECISION);
  if (deployed) return { model: deployed.model, source: `${deployed.decisionKey} v${deployed.version}` };
  const file = join(PROCESSES_DIR, `${DELAY_COMPENSATION_DECISION}.dmn`);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new AppError('unprocessable', `no decision "${DELAY_COMPENSATION_DECISION}" deployed and no processes/${DELAY_COMPENSATION_DECISION}.dmn shipped`, 'delivery.no_compensation_policy');
  let cached = fileCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs) {
    cached = { mtimeMs: info.mtimeMs, model: await parseDmn(await readFile(file, 'utf8')) };
    fileCache.set(file, cached);
  }
  return { model: cached.model, source: `processes/${DELAY_COMPENSATION_DECISION}.dmn` };
}

type Decided = { option: CompensationOption; amountMinor: number; points: number; ruleId: string | null } | { reason: string };

/** The decision for one order: the option and its amount in the order's minor units, or why there is none. */
export function decideCompensation(model: DmnModel, facts: OrderFacts): Decided {
  const result = evaluateDecision(model, DELAY_COMPENSATION_DECISION, facts as unknown as Record<string, unknown>);
  if (result.errors.length) return { reason: `the decision failed: ${result.errors.join('; ')}` };
  const value = result.value as { option?: unknown; valuePercent?: unknown; fixedMinor?: unknown; points?: unknown; note?: unknown } | null;
  const order = `${facts.daysLate} days late, tier ${facts.tier}, ${facts.currency}`;
  // A rule may match and give nothing on purpose (an order in a currency without amounts): its note says why.
  if (value && value.option == null && typeof value.note === 'string' && value.note.trim()) return { reason: `${value.note.trim()} (${order}; rule ${result.appliedRules[0]?.ruleId ?? '?'})` };
  if (!value || value.option == null) return { reason: `no rule of the decision matches this order (${order})` };
  if (!COMPENSATION_OPTIONS.includes(value.option as CompensationOption)) return { reason: `the decision gave an unknown option ${JSON.stringify(value.option)}` };
  const num = (v: unknown) => (v == null ? 0 : Number(v));
  const percent = num(value.valuePercent);
  const fixed = num(value.fixedMinor);
  const points = num(value.points);
  if (![percent, fixed, points].every(Number.isFinite) || percent < 0 || fixed < 0 || points < 0 || !Number.isInteger(points)) {
    return { reason: `the decision gave invalid amounts ${JSON.stringify(value)}` };
  }
  // Percent of an integer amount, rounded half up to a whole minor unit; money never a float.
  const amountMinor = Math.round((facts.orderValueMinor * percent) / 100) + Math.round(fixed);
  const option = value.option as CompensationOption;
  if (amountMinor <= 0) return { reason: `the decision gave ${option} worth nothing` };
  if (option === 'loyalty_points' && points <= 0) return { reason: 'the decision gave loyalty points but no number of points' };
  return { option, amountMinor, points: option === 'loyalty_points' ? points : 0, ruleId: result.appliedRules[0]?.ruleId ?? null };
}

/**
 * The one code path of preview and issue: every order with a delay record in the incident
 * (resolved ones too: delivered late is still late), decided by the current delay-compensation
 * decision. Orders already compensated keep what they were given (`issued: true`).
 */
export async function planIncidentCompensation(db: Db, incidentId: number): Promise<CompensationPlan> {
  const [incident] = await db.query<{ id: number; reference: string }>('SELECT id, reference FROM delivery_incidents WHERE id = $1', [incidentId]);
  if (!incident) throw notFound(`delivery incident ${incidentId}`);
  const { model, source } = await loadDecision(db);
  const rows = await db.query<{
    order_id: number; order: string; customer_id: number | null; tier: string | null; currency: string; days_late: number;
    value_minor: string; line_currencies: string[]; issued: boolean; issued_option: CompensationOption | null; issued_amount: string | null; issued_points: number | null; issued_rule: string | null;
  }>(
    `WITH late AS (
       SELECT d.order_id, max(d.days_late) AS days_late FROM delivery_delays d
       WHERE d.incident_id = $1 AND d.order_id IS NOT NULL GROUP BY d.order_id)
     SELECT o.id AS order_id, o.external_id AS "order", o.customer_id, c.tier, o.currency, l.days_late,
            coalesce((SELECT sum(ol.quantity * ol.unit_price_minor) FROM order_lines ol WHERE ol.order_id = o.id), 0)::text AS value_minor,
            coalesce((SELECT array_agg(DISTINCT ol.currency) FROM order_lines ol WHERE ol.order_id = o.id), '{}') AS line_currencies,
            dc.order_id IS NOT NULL AS issued, dc.option AS issued_option, dc.amount_minor::text AS issued_amount, dc.points AS issued_points, dc.rule_id AS issued_rule
     FROM late l JOIN orders o ON o.id = l.order_id LEFT JOIN customers c ON c.id = o.customer_id
     LEFT JOIN delivery_compensations dc ON dc.order_id = o.id
     ORDER BY o.external_id`, [incidentId]);
  const orders: PlannedCompensation[] = [];
  const undecided: Undecided[] = [];
  for (const row of rows) {
    const valueMinor = Number(row.value_minor);
    const base = { order_id: Number(row.order_id), order: row.order, days_late: row.days_late };
    if (row.issued) {
      orders.push({ ...base, customer_id: Number(row.customer_id), currency: row.currency, order_value_minor: valueMinor, tier: row.tier ?? 'standard',
        option: row.issued_option!, amount_minor: Number(row.issued_amount), points: row.issued_points ?? 0, rule_id: row.issued_rule, issued: true });
      continue;
    }
    if (row.customer_id === null) { undecided.push({ ...base, reason: 'anonymous order: no customer to compensate' }); continue; }
    if (row.line_currencies.some((c) => c !== row.currency)) { undecided.push({ ...base, reason: `order lines in ${row.line_currencies.join(', ')}, not only the order's ${row.currency}` }); continue; }
    const tier = row.tier ?? 'standard';
    const decided = decideCompensation(model, { daysLate: row.days_late, orderValueMinor: valueMinor, tier, vip: tier === 'vip', currency: row.currency });
    if ('reason' in decided) { undecided.push({ ...base, reason: decided.reason }); continue; }
    orders.push({ ...base, customer_id: Number(row.customer_id), currency: row.currency, order_value_minor: valueMinor, tier,
      option: decided.option, amount_minor: decided.amountMinor, points: decided.points, rule_id: decided.ruleId, issued: false });
  }
  return { incident: { id: Number(incident.id), reference: incident.reference }, decision_source: source, orders, undecided };
}

export interface CurrencySummary {
  currency: string;
  /** What issuing would issue now (orders not yet compensated). */
  to_issue: { orders: number; total_minor: number; options: Record<CompensationOption, { count: number; total_minor: number; points: number }> };
  /** What was already issued for this incident. */
  issued: { orders: number; total_minor: number };
}

export function summarisePlan(plan: CompensationPlan): CurrencySummary[] {
  const byCurrency = new Map<string, CurrencySummary>();
  for (const line of plan.orders) {
    let summary = byCurrency.get(line.currency);
    if (!summary) {
      summary = {
        currency: line.currency,
        to_issue: { orders: 0, total_minor: 0, options: Object.fromEntries(COMPENSATION_OPTIONS.map((o) => [o, { count: 0, total_minor: 0, points: 0 }])) as CurrencySummary['to_issue']['options'] },
        issued: { orders: 0, total_minor: 0 },
      };
      byCurrency.set(line.currency, summary);
    }
    if (line.issued) {
      summary.issued.orders++;
      summary.issued.total_minor += line.amount_minor;
    } else {
      summary.to_issue.orders++;
      summary.to_issue.total_minor += line.amount_minor;
      const option = summary.to_issue.options[line.option];
      option.count++;
      option.total_minor += line.amount_minor;
      option.points += line.points;
    }
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * Each currency of the incident's compensation next to the budget management approved for it
 * on the incident's task. The task approves a budget by its key (the form asks no amount), so
 * what is approved is that budget as management keeps it: its remaining now is the ceiling.
 */
export interface CurrencyApproval {
  currency: string;
  /** null: management approved no budget in this currency. */
  budget_key: string | null;
  task_id: number | null;
  approved_at: Date | null;
  /** The budget's limit when the task approved it, and now. */
  approved_limit_minor: number | null;
  limit_minor: number | null;
  remaining_minor: number | null;
  closed: boolean;
  /** What issuing would issue now in this currency. */
  to_issue_minor: number;
  /** An approval exists, its budget is open and its remaining covers what is to issue. */
  within: boolean;
}

/** Refused issues of an incident's compensation: counted, the last one shown with what the person was told. */
export interface RefusalSummary {
  count: number;
  last: { problem: string; detail: string; refused_by: string; refused_at: Date } | null;
}

export async function compensationRefusals(db: Db, incidentId: number): Promise<RefusalSummary> {
  const [row] = await db.query<{ count: number; problem: string | null; detail: string | null; refused_by: string | null; refused_at: Date | null }>(
    `SELECT (SELECT count(*)::int FROM delivery_compensation_refusals WHERE incident_id = $1) AS count, r.problem, r.detail, r.refused_by, r.refused_at
     FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM delivery_compensation_refusals WHERE incident_id = $1 ORDER BY refused_at DESC, id DESC LIMIT 1) r ON true`, [incidentId]);
  return { count: row?.count ?? 0, last: row?.problem ? { problem: row.problem, detail: row.detail!, refused_by: row.refused_by!, refused_at: row.refused_at! } : null };
}

/** Each currency of the plan (its summaries, from summarisePlan) next to the budget management approved for it. */
async function approvalsOf(db: Db, incidentId: number, summaries: CurrencySummary[]): Promise<CurrencyApproval[]> {
  const approvals = await approvedBudgets(db, incidentId);
  const result: CurrencyApproval[] = [];
  for (const { currency, to_issue: { total_minor: toIssueMinor } } of summaries) {
    const approval = approvals.find((x) => x.currency === currency);
    const budget = approval ? await getBudget(db, approval.budget_key) : undefined;
    const remaining = budget ? budget.remaining_minor : null;
    result.push({
      currency, budget_key: approval?.budget_key ?? null, task_id: approval?.task_id ?? null, approved_at: approval?.approved_at ?? null,
      approved_limit_minor: approval?.limit_minor ?? null, limit_minor: budget?.limit_minor ?? null, remaining_minor: remaining, closed: !!budget?.closed_at,
      to_issue_minor: toIssueMinor, within: !!budget && !budget.closed_at && toIssueMinor <= remaining!,
    });
  }
  return result;
}

export async function previewIncidentCompensation(db: Db, incidentId: number) {
  const plan = await planIncidentCompensation(db, incidentId);
  const currencies = summarisePlan(plan);
  return {
    incident: plan.incident.reference,
    decision: plan.decision_source,
    currencies,
    approvals: await approvalsOf(db, incidentId, currencies),
    refusals: await compensationRefusals(db, incidentId),
    undecided: plan.undecided,
    orders: plan.orders,
  };
}

/**
 * Issues what the preview shows, in one transaction, within the budget management approved on
 * the incident's task (delivery_budget_approvals): every currency of the compensation needs an
 * approval, and each currency's total must fit the remaining of that open budget (the ceiling,
 * decision 045; the limit recorded at approval is shown, not a second ceiling). Else nothing is
 * issued, and the refusal is recorded (counted and shown on the incident) before the problem
 * goes back to the person. Budget keys, when named, must be the approved ones. Each order's
 * voucher, refund owed or loyalty points go through the compensation module, charged to the
 * approved budget under its lock. An order compensated before is skipped (one row per order).
 */
export async function issueIncidentCompensation(db: Db, clock: Clock, actor: Actor, incidentId: number, budgetKeys?: string[]) {
  try {
    return await issueWithinApproval(db, clock, actor, incidentId, budgetKeys);
  } catch (error) {
    if (error instanceof AppError && error.kind !== 'not_found') {
      await db.query('INSERT INTO delivery_compensation_refusals (incident_id, problem, detail, refused_by, refused_at) VALUES ($1, $2, $3, $4, $5)',
        [incidentId, error.code, error.message, actor.label, clock.now()]);
      await recordAudit(db, actor, { action: 'compensation_refused', entity: 'delivery_incident', entityId: incidentId, details: { problem: error.code, detail: error.message } });
    }
    throw error;
  }
}

async function issueWithinApproval(db: Db, clock: Clock, actor: Actor, incidentId: number, budgetKeys?: string[]) {
  return db.transaction(async (tx) => {
    const plan = await planIncidentCompensation(tx, incidentId);
    const pending = plan.orders.filter((line) => !line.issued);
    const pendingCurrencies = new Set(pending.map((line) => line.currency));
    const all = await approvalsOf(tx, incidentId, summarisePlan(plan));
    const currencies = all.filter((c) => pendingCurrencies.has(c.currency));
    const unapproved = currencies.filter((c) => !c.budget_key).map((c) => c.currency);
    if (unapproved.length) {
      throw new AppError('unprocessable', `management has not approved a compensation budget in ${unapproved.join(', ')} for ${plan.incident.reference}: complete the task "approve the compensation budget" first; nothing was issued`,
        'delivery.compensation_not_approved', { currencies: unapproved });
    }
    const budgetFor = new Map(currencies.map((c) => [c.currency, c.budget_key!]));
    const approvedKeys = all.flatMap((c) => (c.budget_key ? [c.budget_key] : []));
    for (const [index, key] of (budgetKeys ?? []).entries()) {
      if (!approvedKeys.includes(key)) {
        throw new AppError('unprocessable', `"${key}" is not a budget management approved for ${plan.incident.reference} (approved: ${approvedKeys.join(', ') || 'none'}); nothing was issued`,
          'delivery.compensation_budget_not_approved', { errors: [{ field: `body.budget_keys.${index}`, message: 'not the approved budget' }] });
      }
    }
    const unknown = currencies.find((c) => c.remaining_minor === null);
    if (unknown) throw new AppError('unprocessable', `the approved compensation budget "${unknown.budget_key}" no longer exists; nothing was issued`, 'compensation.unknown_budget', { budget: unknown.budget_key });
    const closed = currencies.find((c) => c.closed);
    if (closed) throw new AppError('unprocessable', `the approved compensation budget "${closed.budget_key}" is closed; nothing was issued — ask management to approve another`, 'compensation.budget_closed', { budget: closed.budget_key });
    // Checked here for one clear problem; the charges below re-check each amount under the budget's row lock.
    const over = currencies.filter((c) => !c.within);
    if (over.length) {
      const first = over[0]!;
      throw new AppError('unprocessable', `the compensation of ${plan.incident.reference} costs ${over.map((c) => `${c.to_issue_minor} ${c.currency}`).join(', ')} (minor units), beyond what is left of the budget management approved (${over.map((c) => `${c.remaining_minor} ${c.currency} in "${c.budget_key}"`).join(', ')}): nothing was issued — ask management to raise the budget`,
        'compensation.budget_exceeded', {
          budget: first.budget_key, currency: first.currency, remaining_minor: first.remaining_minor, requested_minor: first.to_issue_minor,
          over: over.map((c) => ({ currency: c.currency, budget: c.budget_key, remaining_minor: c.remaining_minor, requested_minor: c.to_issue_minor })),
        });
    }

    const now = clock.now();
    let issued = 0;
    for (const line of pending) {
      const budgetKey = budgetFor.get(line.currency)!;
      const [claimed] = await tx.query<{ order_id: number }>(
        `INSERT INTO delivery_compensations (order_id, incident_id, customer_id, option, amount_minor, currency, points, days_late, rule_id, decision_source, budget_key, issued_by, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [line.order_id, incidentId, line.customer_id, line.option, line.amount_minor, line.currency, line.points, line.days_late, line.rule_id, plan.decision_source, budgetKey, actor.label, now]);
      if (!claimed) continue; // compensated by a concurrent call meanwhile
      const purpose = `delivery:${plan.incident.reference}:order:${line.order}`;
      const idempotencyKey = `delivery-compensation:order:${line.order_id}`;
      if (line.option === 'coupon' || line.option === 'gift') {
        const voucher = await issueVoucher(tx, clock, { customerId: line.customer_id, valueMinor: line.amount_minor, currency: line.currency, validityDays: VOUCHER_VALIDITY_DAYS, purpose: line.option === 'gift' ? `${purpose}:gift` : purpose, budgetKey });
        await tx.query('UPDATE delivery_compensations SET voucher_id = $2 WHERE order_id = $1', [line.order_id, voucher.id]);
      } else if (line.option === 'loyalty_points') {
        const granted = await grantLoyaltyPoints(tx, clock, { customerId: line.customer_id, points: line.points, purpose, idempotencyKey, budget: { key: budgetKey, valueMinor: line.amount_minor, currency: line.currency } });
        await tx.query('UPDATE delivery_compensations SET loyalty_points_id = $2 WHERE order_id = $1', [line.order_id, granted.id]);
      } else {
        const refund = await recordRefundOwed(tx, clock, { customerId: line.customer_id, amountMinor: line.amount_minor, currency: line.currency, purpose: `${purpose}:${line.option}`, budgetKey, idempotencyKey });
        await tx.query('UPDATE delivery_compensations SET refund_id = $2 WHERE order_id = $1', [line.order_id, refund.id]);
      }
      issued++;
    }
    await recordAudit(tx, actor, { action: 'compensate', entity: 'delivery_incident', entityId: incidentId, details: { issued, budgets: Object.fromEntries(budgetFor), decision: plan.decision_source, undecided: plan.undecided.length } });
    return { incident: plan.incident.reference, decision: plan.decision_source, issued, already_issued: plan.orders.length - pending.length, currencies: summarisePlan({ ...plan, orders: pending }), undecided: plan.undecided };
  });
}
