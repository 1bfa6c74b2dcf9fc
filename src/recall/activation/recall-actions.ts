import { Type } from '@sinclair/typebox';
import { registerAction } from '../../engine/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { decideOffers } from '../compensation/decide-offers.ts';
import { decideClaim } from '../claims/decide-claim.ts';
import { notifyPartners } from '../partners/notify-partners.ts';
import { escalateSilentPartners, remindSilentPartners } from '../partners/partner-followup.ts';
import { closeRecall } from './activate-recall.ts';
import { sendComebackOffers } from './comeback-offers.ts';
import { alertStaff } from './staff-alerts.ts';
import { notifyConsumers } from './notify-consumers.ts';

/**
 * The actions processes/recall.bpmn calls. Each is idempotent on its own terms (offers are
 * decided once per consumer, messages keyed per consumer and campaign, closing twice is a
 * no-op), so the engine's retry after a crash repeats no side effect.
 */
export function registerRecallActions(ctx: AppContext): void {
  const RecallInput = Type.Object({ recallId: Type.Integer({ minimum: 1 }) });
  registerAction({
    name: 'recall.decideOffers',
    description: "Decides each identified consumer's offer by the recall's compensation policy and issues vouchers",
    input: RecallInput,
    output: Type.Object({ offers: Type.Integer(), vouchers: Type.Integer() }),
    handler: ({ recallId }) => ctx.db.transaction((tx) => decideOffers(tx, ctx.clock, recallId)),
  });
  registerAction({
    name: 'recall.notifyConsumers',
    description: 'Puts a personal recall notice for every identified consumer in the outbox, on a channel they accepted',
    input: RecallInput,
    output: Type.Object({ consumers: Type.Integer(), queued: Type.Integer(), suppressed: Type.Integer(), duplicate: Type.Integer(), unreachable: Type.Integer() }),
    handler: ({ recallId }) => ctx.db.transaction((tx) => notifyConsumers(tx, ctx, recallId)),
  });
  registerAction({
    name: 'recall.alertStaff',
    description: 'E-mails every active user holding one of the roles about the activated recall, in their language',
    input: Type.Object({ recallId: Type.Integer({ minimum: 1 }), roles: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) }),
    output: Type.Object({ users: Type.Integer(), queued: Type.Integer(), failed: Type.Integer(), unreached_roles: Type.Array(Type.String()) }),
    handler: ({ recallId, roles }) => ctx.db.transaction((tx) => alertStaff(tx, ctx, recallId, roles)),
  });
  registerAction({
    name: 'recall.notifyPartners',
    description: 'Sends every retail chain and distributor a signed webhook and an e-mail with only its own locations, lots and quantities',
    input: RecallInput,
    output: Type.Object({ partners: Type.Integer(), notified: Type.Integer(), emailed: Type.Integer(), unreached: Type.Array(Type.String()) }),
    handler: ({ recallId }) => ctx.db.transaction((tx) => notifyPartners(tx, ctx, recallId)),
  });
  registerAction({
    name: 'recall.remindSilentPartners',
    description: 'Reminds every partner whose stores have not confirmed the removal, by e-mail and webhook, with fresh store links',
    input: RecallInput,
    output: Type.Object({ reminded: Type.Integer(), silent: Type.Integer(), unreachable: Type.Array(Type.String()) }),
    handler: ({ recallId }) => ctx.db.transaction((tx) => remindSilentPartners(tx, ctx, recallId)),
  });
  registerAction({
    name: 'recall.escalateSilentPartners',
    description: "Escalates every partner still silent after the reminder to its account owner (every manager when it has none)",
    input: RecallInput,
    output: Type.Object({ escalated: Type.Integer(), to_owner: Type.Integer(), to_managers: Type.Integer() }),
    handler: ({ recallId }) => ctx.db.transaction((tx) => escalateSilentPartners(tx, ctx, recallId)),
  });
  registerAction({
    name: 'recall.comebackOffers',
    description: 'After closure: a personal voucher offer to every affected consumer, on a consented channel',
    input: Type.Object({ recallId: Type.Integer({ minimum: 1 }), percent: Type.Number({ minimum: 0, maximum: 500 }), minimumMinor: Type.Integer({ minimum: 0 }) }),
    output: Type.Object({ consumers: Type.Integer(), queued: Type.Integer(), suppressed: Type.Integer() }),
    handler: ({ recallId, percent, minimumMinor }) => ctx.db.transaction((tx) => sendComebackOffers(tx, ctx, recallId, percent, minimumMinor)),
  });
  registerAction({
    name: 'recall.close',
    description: 'Lifts the stop-sale blocks and closes the recall',
    input: Type.Object({ recallId: Type.Integer({ minimum: 1 }), summary: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    output: Type.Object({ released: Type.Integer() }),
    handler: async ({ recallId, summary }) => ({ released: await closeRecall(ctx, recallId, summary ?? null) }),
  });
  registerAction({
    name: 'recall.decideClaim',
    description: "Applies a person's decision on a recall claim: a voucher issued or a refund queued for the payout export, or a rejection",
    input: Type.Object({ claimId: Type.Integer({ minimum: 1 }), approve: Type.Boolean(), note: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    output: Type.Object({ status: Type.String() }),
    // Who decided is on the task (the instance's audit trail); the claim records the review.
    handler: ({ claimId, approve, note }, call) => decideClaim(ctx.db, ctx.clock, { kind: 'system', label: `claim review (process instance ${call.instanceId})` }, claimId, approve, note ?? null),
  });
}
