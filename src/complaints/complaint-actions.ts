import { Type } from '@sinclair/typebox';
import { addComment, getCase, recordFirstResponse, updateCase, type CasePriority } from '../cases/index.ts';
import { enqueueMessage } from '../comms/index.ts';
import { registerAction } from '../engine/index.ts';
import { openInvitationForCase } from '../surveys/index.ts';
import type { Actor } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';
import { decideGoodwill } from './goodwill.ts';
import { COMPLAINT_REPLY, replyBody } from './reply-templates.ts';

const PRIORITIES = new Set<CasePriority>(['low', 'normal', 'high', 'urgent']);

/** The one channel a reply goes on: e-mail where the customer accepts it, else SMS, else none. */
async function replyChannel(tx: Db, customerId: number): Promise<'email' | 'sms' | null> {
  const [row] = await tx.query<{ email: boolean; sms: boolean }>(
    `SELECT cu.email IS NOT NULL AND coalesce(e.granted, false) AS email, cu.phone IS NOT NULL AND coalesce(s.granted, false) AS sms
     FROM customers cu LEFT JOIN customer_consents e ON e.customer_id = cu.id AND e.channel = 'email'
     LEFT JOIN customer_consents s ON s.customer_id = cu.id AND s.channel = 'sms' WHERE cu.id = $1`, [customerId]);
  return row?.email ? 'email' : row?.sms ? 'sms' : null;
}

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
    description: 'Sends the customer a reply in their language (first response or resolution) and threads it on the case',
    input: Type.Object({
      complaintId: Type.Integer(),
      text: Type.String({ minLength: 1 }),
      step: Type.Union([Type.Literal('first_response'), Type.Literal('resolution')]),
      founded: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    }),
    output: Type.Object({ sent: Type.Boolean(), stage: Type.String(), awaitingSurvey: Type.Boolean() }),
    async handler({ complaintId, text, step, founded }, call) {
      const complaint = await complaintOf(complaintId);
      const change = { actor: actor(call.instanceId), at: ctx.clock.now() };
      let sent = false;
      await ctx.db.transaction(async (tx) => {
        const channel = complaint.customer_id ? await replyChannel(tx, complaint.customer_id) : null;
        if (complaint.customer_id && channel) {
          // One reply per complaint and step, ever: the outbox key makes the engine's retry harmless.
          const [message] = await enqueueMessage(tx, ctx, {
            customerId: complaint.customer_id, templateKey: COMPLAINT_REPLY, channels: channel,
            campaign: `complaint:${complaint.reference}:${step}`, reason: `complaint.${step}`,
            resource: { type: 'case', id: complaint.case_id }, variables: { reference: complaint.reference, reply: replyBody(text) },
          });
          sent = message?.status === 'queued' || message?.status === 'duplicate';
        }
        await addComment(tx, ctx, complaint.case_id, `${step === 'first_response' ? 'First reply' : 'Resolution'} sent to the customer${sent ? '' : ' (no consented channel: call them)'}:\n\n${text}`, change);
        if (step === 'resolution') await tx.query('UPDATE complaints SET founded = $2, resolution = $3 WHERE id = $1', [complaintId, founded ?? null, text]);
      });
      if (step === 'first_response') {
        await recordFirstResponse(ctx.db, complaint.case_id, 'reply', change);
        await updateCase(ctx.db, ctx, complaint.case_id, { stage: 'investigating' }, change);
        return { sent, stage: 'investigating', awaitingSurvey: false };
      }
      // Resolving the case is what invites the customer to the survey (the case lifecycle hook);
      // the process then waits for the answer only if there is one to wait for.
      await updateCase(ctx.db, ctx, complaint.case_id, { stage: 'done', status: 'resolved' }, change);
      const awaitingSurvey = Boolean(await openInvitationForCase(ctx.db, complaint.case_id, ctx.clock.now()));
      return { sent, stage: 'done', awaitingSurvey };
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
