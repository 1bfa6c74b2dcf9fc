import { Type } from '@sinclair/typebox';
import { addComment, getCase, recordFirstResponse, updateCase, type CasePriority } from '../cases/index.ts';
import { enqueueMessage } from '../comms/index.ts';
import { registerAction, registerTaskGuard } from '../engine/index.ts';
import { openInvitationForCase } from '../surveys/index.ts';
import type { Actor } from '../platform/audit/audit.ts';
import type { AppContext } from '../platform/http/context.ts';
import { decideGoodwill } from './goodwill.ts';
import { COMPLAINT_REPLY, replyBody } from './reply-templates.ts';
import { refuseUnsendableReply, REPLY_WAYS, replyRoute, whyNotSent, type ReplyWay } from './reply-route.ts';

const STEP_NAMES = { first_response: 'First reply', resolution: 'Resolution' } as const;
const WAY_NAMES: Record<Exclude<ReplyWay, 'message'>, string> = { call: 'phone call', letter: 'letter' };

const PRIORITIES = new Set<CasePriority>(['low', 'normal', 'high', 'urgent']);

/**
 * The actions processes/complaint.bpmn and processes/complaint-goodwill.bpmn call. Each is
 * safe to repeat: replies are keyed per complaint and step in the outbox, case changes
 * write the same values again, a goodwill decision is taken once.
 */
export function registerComplaintActions(ctx: AppContext): void {
  const actor = (instanceId: number): Actor => ({ kind: 'system', label: `complaint process (instance ${instanceId})` });
  const complaintOf = async (id: number) => {
    const [row] = await ctx.db.query<{ case_id: number; customer_id: number | null; reference: string }>(
      'SELECT co.case_id, co.customer_id, ca.business_key AS reference FROM complaints co JOIN cases ca ON ca.id = co.case_id WHERE co.id = $1', [id]);
    if (!row) throw new Error(`complaint ${id} does not exist`);
    return row;
  };

  // The reply forms cannot complete while the system has no way to send their reply.
  registerTaskGuard('complaint-first-response', refuseUnsendableReply('replyBy'));
  registerTaskGuard('complaint-resolution', refuseUnsendableReply('resolutionBy'));

  registerAction({
    name: 'complaint.applyTriage',
    description: 'Gives the complaint case the department and priority the triage decision chose',
    input: Type.Object({ complaintId: Type.Integer(), department: Type.String(), priority: Type.String() }),
    output: Type.Object({ department: Type.String(), priority: Type.String() }),
    async handler({ complaintId, department, priority }, call) {
      const complaint = await complaintOf(complaintId);
      const safePriority = PRIORITIES.has(priority as CasePriority) ? (priority as CasePriority) : 'normal';
      await updateCase(ctx.db, ctx, complaint.case_id, { department, priority: safePriority }, { actor: actor(call.instanceId), at: ctx.clock.now() });
      return { department, priority: safePriority };
    },
  });

  registerAction({
    name: 'complaint.reply',
    description: 'Replies to the customer (first response or resolution): sent as a service message on their channel, or recorded as the call or letter the agent made; threaded on the case',
    input: Type.Object({
      complaintId: Type.Integer(),
      text: Type.String({ minLength: 1 }),
      step: Type.Union([Type.Literal('first_response'), Type.Literal('resolution')]),
      founded: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
      replyBy: Type.Optional(Type.Union([...REPLY_WAYS.map((way) => Type.Literal(way)), Type.Null()])),
    }),
    output: Type.Object({ sent: Type.Boolean(), repliedBy: Type.String(), stage: Type.String(), awaitingSurvey: Type.Boolean() }),
    async handler({ complaintId, text, step, founded, replyBy }, call) {
      const complaint = await complaintOf(complaintId);
      const change = { actor: actor(call.instanceId), at: ctx.clock.now() };
      const way: ReplyWay = replyBy ?? 'message';
      // How the reply reached the customer, for the SLA; null when it did not (the report counts replies sent).
      let reachedBy: string | null = way === 'message' ? null : WAY_NAMES[way];
      await ctx.db.transaction(async (tx) => {
        let note: string;
        if (way === 'message') {
          const route = await replyRoute(tx, complaintId);
          // A reply to someone who wrote in is a service message: no marketing consent needed (docs/decisions/017).
          // One reply per complaint and step, ever: the outbox key makes the engine's retry harmless.
          const [message] = route.channel ? await enqueueMessage(tx, ctx, {
            customerId: complaint.customer_id!, templateKey: COMPLAINT_REPLY, channels: route.channel, kind: 'service',
            campaign: `complaint:${complaint.reference}:${step}`, reason: `complaint.${step}`,
            resource: { type: 'case', id: complaint.case_id }, variables: { reference: complaint.reference, reply: replyBody(text) },
          }) : [];
          const queued = message?.status === 'queued' || message?.status === 'duplicate';
          if (queued) reachedBy = route.channel === 'email' ? 'e-mail' : 'SMS';
          // The task's guard asked a moment ago; this is the rare change in between (an address removed). Said, not hidden.
          note = queued
            ? `${STEP_NAMES[step]} sent to the customer by ${reachedBy} (${route.address}):\n\n${text}`
            : `${STEP_NAMES[step]} NOT sent: no message can reach the customer ${route.channel ? `(${message?.reason ?? 'refused'})` : whyNotSent(route)}. Call them${route.phone ? ` at ${route.phone}` : ''} or send a letter, and note on the case how you replied.\n\n${text}`;
        } else {
          note = `${STEP_NAMES[step]} given to the customer by ${WAY_NAMES[way]}:\n\n${text}`;
        }
        await addComment(tx, ctx, complaint.case_id, note, change);
        if (step === 'resolution') await tx.query('UPDATE complaints SET founded = $2, resolution = $3 WHERE id = $1', [complaintId, founded ?? null, text]);
      });
      const sent = way === 'message' && reachedBy !== null;
      if (step === 'first_response') {
        // Only a reply that went counts as the first response: a note nobody received is not one.
        if (reachedBy) await recordFirstResponse(ctx.db, complaint.case_id, reachedBy, change);
        await updateCase(ctx.db, ctx, complaint.case_id, { stage: 'investigating' }, change);
        return { sent, repliedBy: way, stage: 'investigating', awaitingSurvey: false };
      }
      // Resolving the case is what invites the customer to the survey (the case lifecycle hook);
      // the process then waits for the answer only if there is one to wait for.
      await updateCase(ctx.db, ctx, complaint.case_id, { stage: 'done', status: 'resolved' }, change);
      const awaitingSurvey = Boolean(await openInvitationForCase(ctx.db, complaint.case_id, ctx.clock.now()));
      return { sent, repliedBy: way, stage: 'done', awaitingSurvey };
    },
  });

  registerAction({
    name: 'complaint.reopen',
    description: "Reopens a resolved complaint the customer rated as dissatisfying, with their score and words on the case, for its owner to resolve again",
    input: Type.Object({ complaintId: Type.Integer(), csat: Type.Union([Type.Integer(), Type.Null()]), comment: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    output: Type.Object({ status: Type.String(), stage: Type.String() }),
    async handler({ complaintId, csat, comment }, call) {
      const complaint = await complaintOf(complaintId);
      const change = { actor: actor(call.instanceId), at: ctx.clock.now() };
      await ctx.db.transaction(async (tx) => {
        // A repeat of this step finds the case open already and writes nothing twice.
        if ((await getCase(tx, complaint.case_id)).status !== 'resolved') return;
        await updateCase(tx, ctx, complaint.case_id, { status: 'open', stage: 'resolving' }, change);
        await addComment(tx, ctx, complaint.case_id,
          `Reopened: the customer is not satisfied with the resolution (CSAT ${csat ?? '—'} of 5)${comment ? `. They wrote:\n\n${comment}` : '.'}`, change);
      });
      return { status: 'open', stage: 'resolving' };
    },
  });

  registerAction({
    name: 'complaint.close',
    description: 'Closes a resolved complaint: the customer was satisfied, or did not answer the survey in time',
    input: Type.Object({ complaintId: Type.Integer(), csat: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }),
    output: Type.Object({ status: Type.String() }),
    async handler({ complaintId }, call) {
      const complaint = await complaintOf(complaintId);
      if ((await getCase(ctx.db, complaint.case_id)).status !== 'closed') await updateCase(ctx.db, ctx, complaint.case_id, { status: 'closed' }, { actor: actor(call.instanceId), at: ctx.clock.now() });
      return { status: 'closed' };
    },
  });

  registerAction({
    name: 'complaint.decideGoodwill',
    description: "Applies a manager's decision on a goodwill gesture above the limit: the voucher is issued or the request rejected",
    input: Type.Object({ goodwillId: Type.Integer(), approve: Type.Boolean(), note: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    output: Type.Object({ status: Type.String() }),
    handler: ({ goodwillId, approve, note }, call) => decideGoodwill(ctx, actor(call.instanceId), goodwillId, approve, note ?? null),
  });
}
