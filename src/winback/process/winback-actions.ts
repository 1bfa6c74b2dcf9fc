import { Type } from '@sinclair/typebox';
import { enqueueMessage, type CustomerChannel } from '../../comms/index.ts';
import { getBudget, issueVoucher } from '../../compensation/index.ts';
import { PermanentActionError, registerAction, registerTaskGuard } from '../../engine/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { journeyById, journeyForInstance, recordStep } from './journeys.ts';
import { asLanguage, offerVariables, WINBACK_OFFER } from './offer-message.ts';
import { reasonOptions } from './reasons.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CONTACT_RESULTS = ['reached', 'not_reached', 'refused'] as const;

/**
 * The actions processes/win-back.bpmn calls. Each records its step's result
 * (winback_step_results) and is safe to repeat: a retry finds the journey already moved on
 * and answers as the first call did.
 */
export function registerWinbackActions(ctx: AppContext): void {
  const by = (instanceId: number) => `win-back process (instance ${instanceId})`;
  const journeyOrFail = async (id: number) => {
    const journey = await journeyById(ctx.db, id);
    if (!journey) throw new PermanentActionError(`win-back journey ${id} does not exist`);
    return journey;
  };

  registerTaskGuard('win-back-reason', async (tx, task) => {
    if (task.data.contactResult !== 'reached') return;
    const reason = task.data.reason;
    const [known] = typeof reason === 'string' ? await tx.query('SELECT 1 FROM winback_reasons WHERE key = $1 AND active', [reason]) : [];
    if (!known) throw new AppError('invalid', 'the customer was reached: choose the reason for leaving from the list', 'winback.reason_required', { errors: [{ field: 'reason', message: 'choose one of the reasons for leaving' }] });
  });
  registerTaskGuard('win-back-call-survey', async (tx, task) => {
    if (task.data.contactResult !== 'reached') return;
    const [answered] = await tx.query('SELECT 1 FROM winback_survey_answers WHERE journey_id = $1 LIMIT 1', [task.variables.journeyId]);
    if (!answered) throw new AppError('invalid', 'the customer was reached: record their answers to the call script first (beside the form)', 'winback.survey_unanswered', { errors: [{ field: 'contactResult', message: 'record the answers first' }] });
  });

  registerAction({
    name: 'winback.open',
    description: 'Opens the win-back of a customer: its journey (made here when a segment started the process by its key) and the reason list for the task',
    input: Type.Object({ customerId: Type.Integer(), segmentId: Type.Optional(Nullable(Type.Integer())), segmentEntryId: Type.Optional(Nullable(Type.Integer())), journeyId: Type.Optional(Nullable(Type.Integer())) }),
    output: Type.Object({ journeyId: Type.Integer(), reasonOptions: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })) }),
    async handler(input, call) {
      const journey = await ctx.db.transaction(async (tx) => {
        const [customer] = await tx.query('SELECT 1 FROM customers WHERE id = $1', [input.customerId]);
        if (!customer) throw new PermanentActionError(`customer ${input.customerId} does not exist`);
        try {
          return await journeyForInstance(tx, ctx.clock, { instanceId: call.instanceId, businessKey: call.businessKey, ...input });
        } catch (error) {
          if (error instanceof AppError) throw new PermanentActionError(error.message);
          throw error;
        }
      });
      return { journeyId: journey.id, reasonOptions: await reasonOptions(ctx.db) };
    },
  });

  registerAction({
    name: 'winback.recordContact',
    description: 'Records that the customer was not reached or refused, and closes the win-back with that result',
    input: Type.Object({ journeyId: Type.Integer(), result: Type.Union([Type.Literal('not_reached'), Type.Literal('refused')]) }),
    output: Type.Object({ outcome: Type.String() }),
    async handler({ journeyId, result }, call) {
      await journeyOrFail(journeyId);
      await ctx.db.transaction(async (tx) => {
        const journey = (await journeyById(tx, journeyId, true))!;
        if (journey.status === 'closed') return;
        await tx.query("UPDATE winback_journeys SET status = 'closed', outcome = $2, closed_at = $3 WHERE id = $1", [journeyId, result, ctx.clock.now()]);
        await recordStep(tx, ctx.clock, journeyId, journey.reason === 'survey_needed' ? 'call_survey' : 'determine_reason', result, by(call.instanceId));
      });
      return { outcome: result };
    },
  });

  registerAction({
    name: 'winback.recordReason',
    description: "Records the customer's reason for leaving (reached, reason found) and the team the cause belongs to",
    input: Type.Object({ journeyId: Type.Integer(), reason: Type.String(), team: Nullable(Type.String()), note: Type.Optional(Nullable(Type.String())) }),
    output: Type.Object({ reason: Type.String() }),
    async handler({ journeyId, reason, team, note }, call) {
      await journeyOrFail(journeyId);
      await ctx.db.transaction(async (tx) => {
        const journey = (await journeyById(tx, journeyId, true))!;
        const [already] = await tx.query("SELECT 1 FROM winback_step_results WHERE journey_id = $1 AND result = 'reason_found'", [journeyId]);
        if (already) return;
        await tx.query('UPDATE winback_journeys SET reason = $2, reason_note = coalesce($3, reason_note) WHERE id = $1', [journeyId, reason, note ?? null]);
        // The survey recorded "reached" with its answers; a call that found the reason directly is recorded here.
        const [surveyed] = await tx.query('SELECT 1 FROM winback_survey_answers WHERE journey_id = $1 LIMIT 1', [journeyId]);
        if (!surveyed) await recordStep(tx, ctx.clock, journeyId, 'determine_reason', 'reached', by(call.instanceId));
        await recordStep(tx, ctx.clock, journeyId, 'reason', 'reason_found', by(call.instanceId), { reason, team, previous: journey.reason });
      });
      return { reason };
    },
  });

  registerAction({
    name: 'winback.concludeSurvey',
    description: 'Takes the reason for leaving the call script concluded from the answers',
    input: Type.Object({ journeyId: Type.Integer(), contactResult: Type.Union(CONTACT_RESULTS.map((r) => Type.Literal(r))) }),
    output: Type.Object({ reason: Type.String() }),
    async handler({ journeyId, contactResult }) {
      const journey = await journeyOrFail(journeyId);
      if (contactResult !== 'reached') {
        // So the result is recorded against the call survey, not the first call.
        await ctx.db.query("UPDATE winback_journeys SET reason = 'survey_needed' WHERE id = $1 AND reason IS NULL", [journeyId]);
        return { reason: 'survey_needed' };
      }
      const [concluded] = await ctx.db.query<{ reason: string }>('SELECT survey_reason AS reason FROM winback_journeys WHERE id = $1', [journey.id]);
      if (!concluded?.reason) throw new PermanentActionError(`journey ${journeyId}: the call survey has no answers that conclude a reason`);
      return { reason: concluded.reason };
    },
  });

  registerAction({
    name: 'winback.checkCause',
    description: 'Checks whether the cause of the reason is eliminated; if not, the customer waits for it. Gives the facts the offer decision reads',
    input: Type.Object({ journeyId: Type.Integer() }),
    output: Type.Object({ causeEliminated: Type.Boolean(), segment: Type.String(), valueMinor: Type.Integer(), reason: Type.String() }),
    async handler({ journeyId }, call) {
      await journeyOrFail(journeyId);
      return ctx.db.transaction(async (tx) => {
        const journey = (await journeyById(tx, journeyId, true))!;
        // FOR SHARE: marking the reason eliminated waits for this to commit, and then finds this customer waiting.
        const [reason] = await tx.query<{ state: string }>('SELECT state FROM winback_reasons WHERE key = $1 FOR SHARE', [journey.reason]);
        const [metrics] = await tx.query<{ value: number | null }>('SELECT period_revenue_minor AS value FROM customer_metrics WHERE customer_id = $1', [journey.customer_id]);
        const facts = { segment: journey.segment_id != null ? String(journey.segment_id) : 'none', valueMinor: Math.max(0, Number(metrics?.value ?? 0)), reason: journey.reason ?? 'other' };
        const eliminated = reason?.state === 'eliminated';
        if (journey.status === 'open') {
          await tx.query('UPDATE winback_journeys SET status = $2, waiting_since = CASE WHEN $2 = \'waiting\' THEN $3::timestamptz END WHERE id = $1',
            [journeyId, eliminated ? 'offer' : 'waiting', ctx.clock.now()]);
          if (!eliminated) await recordStep(tx, ctx.clock, journeyId, 'wait_for_cause', 'waiting_on_cause', by(call.instanceId), { reason: journey.reason });
        }
        return { causeEliminated: eliminated, ...facts };
      });
    },
  });

  registerAction({
    name: 'winback.makeOffer',
    description: "Issues the offer's voucher from the compensation budget and sends it on a channel the customer consented to (marketing), in their language",
    input: Type.Object({
      journeyId: Type.Integer(),
      offer: Type.Object({ kind: Type.String(), valuePercent: Type.Number(), minimumMinor: Type.Number(), validityDays: Type.Number(), budget: Type.String() }),
    }),
    output: Type.Object({ offered: Type.Boolean(), sentBy: Nullable(Type.String()) }),
    async handler({ journeyId, offer }, call) {
      await journeyOrFail(journeyId);
      try {
        return await ctx.db.transaction(async (tx) => {
          const journey = (await journeyById(tx, journeyId, true))!;
          if (journey.offered_at) return { offered: journey.voucher_id !== null, sentBy: (journey.offer?.sentBy as string | null) ?? null };
          const now = ctx.clock.now();
          if (offer.kind !== 'voucher') {
            await tx.query("UPDATE winback_journeys SET status = 'offered', offered_at = $2, offer = $3 WHERE id = $1", [journeyId, now, JSON.stringify({ ...offer, sentBy: null })]);
            await recordStep(tx, ctx.clock, journeyId, 'offer', 'no_offer', by(call.instanceId), { offer });
            return { offered: false, sentBy: null };
          }
          // Their average order in the currency they buy in most (returns excluded).
          const [spend] = await tx.query<{ currency: string; average: number }>(
            `SELECT ol.currency, round(sum(ol.quantity * ol.unit_price_minor)::numeric / count(DISTINCT o.id))::bigint AS average
             FROM orders o JOIN order_lines ol ON ol.order_id = o.id
             WHERE o.customer_id = $1 AND o.kind = 'sale' GROUP BY ol.currency ORDER BY count(DISTINCT o.id) DESC, ol.currency LIMIT 1`,
            [journey.customer_id]);
          const [customer] = await tx.query<{ language: string; time_zone: string; email: string | null; phone: string | null }>(
            'SELECT language, time_zone, email, phone FROM customers WHERE id = $1', [journey.customer_id]);
          const currency = spend?.currency ?? 'EUR';
          const valueMinor = Math.max(Math.round((Number(spend?.average ?? 0) * offer.valuePercent) / 100), Math.round(offer.minimumMinor));
          const voucher = await issueVoucher(tx, ctx.clock, {
            customerId: journey.customer_id, valueMinor, currency, validityDays: Math.round(offer.validityDays), purpose: `winback:${journey.business_key}`, budgetKey: await budgetInCurrency(tx, offer.budget, currency),
          });
          const language = asLanguage(customer?.language);
          const variables = offerVariables(language, journey.reason ?? 'other', { valueMinor, currency, code: voucher.code, expiresAt: voucher.expires_at }, customer?.time_zone ?? 'UTC');
          // Marketing: consent, quiet hours and the daily cap apply in full. E-mail first, then SMS.
          let sentBy: CustomerChannel | null = null;
          const suppressed: string[] = [];
          for (const channel of ['email', 'sms'] as const) {
            const [message] = await enqueueMessage(tx, ctx, {
              customerId: journey.customer_id, templateKey: WINBACK_OFFER, channels: channel, kind: 'marketing',
              campaign: `winback:${journey.business_key}:offer`, reason: 'winback.offer', resource: { type: 'winback', id: journeyId }, variables,
            });
            if (message?.status === 'queued' || message?.status === 'duplicate') {
              sentBy = channel;
              break;
            }
            suppressed.push(`${channel}: ${message?.reason ?? 'suppressed'}`);
          }
          await tx.query("UPDATE winback_journeys SET status = 'offered', offered_at = $2, offer = $3, voucher_id = $4 WHERE id = $1",
            [journeyId, now, JSON.stringify({ ...offer, valueMinor, currency, sentBy, suppressed }), voucher.id]);
          // Not sent is said where the manager looks: the step's result carries why.
          await recordStep(tx, ctx.clock, journeyId, 'offer', 'offer_made', by(call.instanceId), { valueMinor, currency, sentBy, ...(sentBy ? {} : { notSent: suppressed }) });
          return { offered: true, sentBy };
        });
      } catch (error) {
        // A budget that refuses is for a person to settle (raise the limit, then retry the incident), not for retries.
        if (error instanceof AppError) throw new PermanentActionError(error.message);
        throw error;
      }
    },
  });

  registerAction({
    name: 'winback.close',
    description: 'Closes the win-back with its outcome: came back, did not come back, or no longer needed',
    input: Type.Object({ journeyId: Type.Integer(), outcome: Type.Union([Type.Literal('came_back'), Type.Literal('no_return'), Type.Literal('no_longer_needed')]) }),
    output: Type.Object({ outcome: Type.String() }),
    async handler({ journeyId, outcome }, call) {
      await journeyOrFail(journeyId);
      await ctx.db.transaction(async (tx) => {
        const journey = (await journeyById(tx, journeyId, true))!;
        if (journey.closed_at) return;
        await tx.query('UPDATE winback_journeys SET status = $2, outcome = $3, closed_at = $4 WHERE id = $1',
          [journeyId, outcome === 'came_back' ? 'came_back' : 'closed', outcome, ctx.clock.now()]);
        if (outcome === 'no_longer_needed') {
          await tx.query('UPDATE winback_journeys SET reason = \'moved\' WHERE id = $1', [journeyId]);
          await recordStep(tx, ctx.clock, journeyId, 'determine_reason', 'reached', by(call.instanceId));
          await recordStep(tx, ctx.clock, journeyId, 'reason', 'reason_found', by(call.instanceId), { reason: 'moved' });
        }
        await recordStep(tx, ctx.clock, journeyId, 'outcome', outcome === 'came_back' ? 'came_back' : outcome === 'no_return' ? 'no_return' : 'closed', by(call.instanceId));
      });
      return { outcome };
    },
  });
}

/**
 * The budget an offer is paid from, in the customer's currency (decision 039): the one the
 * decision names when it is in that currency, otherwise `<name>-<currency>` ("winback-sek") when
 * it exists; otherwise the named one, whose refusal (no budget, another currency) raises the incident.
 */
async function budgetInCurrency(tx: Parameters<typeof getBudget>[0], key: string, currency: string): Promise<string> {
  const named = await getBudget(tx, key);
  if (named?.currency === currency) return key;
  const perCurrency = `${key}-${currency.toLowerCase()}`;
  return (await getBudget(tx, perCurrency))?.currency === currency ? perCurrency : key;
}
