import { Type } from '@sinclair/typebox';
import { declareTemplateKey, enqueueContactMessages } from '../../comms/index.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import { PermanentActionError, registerAction, startInstance } from '../../engine/index.ts';
import { recordAudit, systemActor, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { eraseCustomer } from './erase-customer.ts';

/** The law's deadline for answering a data-subject request (GDPR Art. 12(3)): one month, taken as 30 days. */
export const ERASURE_DEADLINE_DAYS = 30;
export const CONFIRMATION_TEMPLATE = 'privacy.erasure-confirmed';

export interface ErasureRequestRow {
  id: number;
  customer_id: number;
  status: string;
  received_at: Date;
  due_at: Date;
  identity_checked_at: Date | null;
  erased_at: Date | null;
  confirmed_at: Date | null;
  summary: Record<string, unknown>;
  instance_id: number | null;
  /** Whether the address the confirmation goes to is still held (it is forgotten once confirmed). */
  requester_address_held: boolean;
}

const REQUEST_COLUMNS = `id, customer_id, status, received_at, due_at, identity_checked_at, erased_at, confirmed_at, summary, instance_id,
  requester_email IS NOT NULL AS requester_address_held`;

/**
 * Opens an erasure request and starts processes/data-erasure.bpmn for it. The confirmation
 * goes to the address on file unless the requester gave another; the process sees only the
 * request's id.
 */
export async function requestErasure(ctx: AppContext, actor: Actor, input: { customerId: number; requesterEmail?: string | null }): Promise<ErasureRequestRow> {
  return ctx.db.transaction(async (tx) => {
    const [customer] = await tx.query<{ email: string | null; language: string; erased: boolean }>(
      `SELECT email, language, external_id LIKE 'erased-%' AS erased FROM customers WHERE id = $1`, [input.customerId]);
    if (!customer) throw notFound(`customer ${input.customerId}`);
    if (customer.erased) throw new AppError('conflict', `customer ${input.customerId} is already erased`, 'privacy.already_erased');
    const [open] = await tx.query<{ id: number }>(`SELECT id FROM privacy_requests WHERE customer_id = $1 AND status = 'identity_check'`, [input.customerId]);
    if (open) throw new AppError('conflict', `erasure request ${open.id} for this customer is already open`, 'privacy.request_open', { request: open.id });
    const now = ctx.clock.now();
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO privacy_requests (kind, customer_id, requester_email, requester_language, received_at, due_at, created_by)
       VALUES ('erasure', $1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.customerId, input.requesterEmail ?? customer.email, customer.language, now, new Date(now.getTime() + ERASURE_DEADLINE_DAYS * 86_400_000), actor.label]);
    const instance = await startInstance({ db: tx, clock: ctx.clock }, {
      processId: 'data-erasure', businessKey: `erasure-${row!.id}`, variables: { requestId: row!.id }, actor,
    });
    await tx.query('UPDATE privacy_requests SET instance_id = $2 WHERE id = $1', [row!.id, instance.instanceId]);
    await recordAudit(tx, actor, { action: 'request_erasure', entity: 'customers', entityId: input.customerId, details: { request: row!.id } });
    return (await erasureRequest(tx, row!.id))!;
  });
}

export async function erasureRequest(db: Db, id: number): Promise<ErasureRequestRow | undefined> {
  const [row] = await db.query<ErasureRequestRow>(`SELECT ${REQUEST_COLUMNS} FROM privacy_requests WHERE id = $1`, [id]);
  return row;
}

export async function erasureRequestsOf(db: Db, customerId: number): Promise<ErasureRequestRow[]> {
  return db.query<ErasureRequestRow>(`SELECT ${REQUEST_COLUMNS} FROM privacy_requests WHERE customer_id = $1 ORDER BY id DESC`, [customerId]);
}

async function lockedRequest(tx: Db, requestId: number) {
  const [row] = await tx.query<{ id: number; customer_id: number; status: string; requester_email: string | null; requester_language: string }>(
    'SELECT id, customer_id, status, requester_email, requester_language FROM privacy_requests WHERE id = $1 FOR UPDATE', [requestId]);
  if (!row) throw new PermanentActionError(`erasure request ${requestId} does not exist`);
  return row;
}

/** The actions processes/data-erasure.bpmn calls; each is idempotent on the request's status. */
export function registerErasureActions(ctx: AppContext): void {
  const RequestInput = Type.Object({ requestId: Type.Integer({ minimum: 1 }) });
  registerAction({
    name: 'privacy.erase',
    description: 'Erases the customer of an erasure request everywhere; what the law keeps stays pseudonymised with its reason',
    input: RequestInput,
    output: Type.Object({ tables: Type.Integer() }),
    handler: ({ requestId }, call) => ctx.db.transaction(async (tx) => {
      const request = await lockedRequest(tx, requestId);
      if (request.status !== 'identity_check') return { tables: 0 };
      const now = call.clock.now();
      const result = await eraseCustomer(tx, systemActor, request.customer_id, now, requestId);
      await tx.query(`UPDATE privacy_requests SET status = 'erased', erased_at = $2, identity_checked_at = coalesce(identity_checked_at, $2), summary = $3 WHERE id = $1`,
        [requestId, now, JSON.stringify({ pseudonym: result.pseudonym, tables: result.tables })]);
      return { tables: Object.keys(result.tables).length };
    }),
  });
  registerAction({
    name: 'privacy.confirmErasure',
    description: 'Tells the requester, in their language, that their data has been erased',
    input: RequestInput,
    output: Type.Object({ queued: Type.Integer() }),
    handler: ({ requestId }, call) => ctx.db.transaction(async (tx) => {
      const request = await lockedRequest(tx, requestId);
      if (request.status !== 'erased') return { queued: 0 };
      let queued = 0;
      if (request.requester_email) {
        const summary = await enqueueContactMessages(tx, ctx, {
          recipients: [{ address: request.requester_email, name: '', language: asLanguage(request.requester_language), variables: { request: String(requestId) } }],
          templateKey: CONFIRMATION_TEMPLATE, campaign: `privacy.erasure:${requestId}`, reason: 'privacy.erasure_confirmation',
          resource: { type: 'privacy_request', id: requestId },
        });
        queued = summary.queued;
      }
      await tx.query(`UPDATE privacy_requests SET status = 'confirmed', confirmed_at = $2 WHERE id = $1`, [requestId, call.clock.now()]);
      return { queued };
    }),
  });
  registerAction({
    name: 'privacy.forgetRequester',
    description: 'Once the confirmation is sent, forgets the address it went to (outbox row kept as proof of the answer)',
    input: RequestInput,
    output: Type.Object({ forgotten: Type.Boolean() }),
    handler: ({ requestId }, call) => ctx.db.transaction(async (tx) => {
      const request = await lockedRequest(tx, requestId);
      // The confirmation, and any message to the person a worker was sending while they were
      // erased, must have left first: retried with back-off by the engine until then.
      const waiting = await tx.query(
        `SELECT 1 FROM comms_messages WHERE (resource_type = 'privacy_request' AND resource_id = $1 AND status IN ('queued', 'sending'))
            OR (customer_id = $2 AND status = 'sending')`, [String(requestId), request.customer_id]);
      if (waiting.length) throw new Error(`messages of erasure request ${requestId} are still being sent`);
      // Second sweep: a message in flight during the erasure recorded its recipient and left a mailbox copy after it.
      await tx.query(`DELETE FROM comms_mailbox WHERE message_id IN (SELECT message_id FROM comms_messages WHERE customer_id = $1 AND message_id IS NOT NULL)`, [request.customer_id]);
      await tx.query(
        `UPDATE comms_messages SET recipient = NULL, contact_address = NULL, contact_name = NULL, variables = '{}'::jsonb
         WHERE customer_id = $1 AND (recipient IS NOT NULL OR contact_address IS NOT NULL OR variables <> '{}'::jsonb)`, [request.customer_id]);
      const messages = await tx.query<{ id: number; message_id: string | null }>(
        `UPDATE comms_messages SET contact_address = NULL, contact_name = NULL, recipient = NULL, variables = '{}'::jsonb, idempotency_key = 'privacy:erased:' || id
         WHERE resource_type = 'privacy_request' AND resource_id = $1 RETURNING id, message_id`, [String(requestId)]);
      const ids = messages.map((m) => m.message_id).filter((m): m is string => !!m);
      if (ids.length) await tx.query('DELETE FROM comms_mailbox WHERE message_id = ANY($1::text[])', [ids]);
      if (request.requester_email) await tx.query('DELETE FROM comms_mailbox WHERE lower($1) = ANY (SELECT lower(x) FROM unnest(envelope_to) x)', [request.requester_email]);
      await tx.query('UPDATE privacy_requests SET requester_email = NULL WHERE id = $1', [requestId]);
      const [pseudonym] = await tx.query<{ p: string }>(`SELECT summary->>'pseudonym' AS p FROM privacy_requests WHERE id = $1`, [requestId]);
      if (pseudonym?.p) {
        await tx.query(
          `INSERT INTO privacy_legal_holds (table_name, row_id, pseudonym, legal_reason, request_id, created_at)
           SELECT 'comms_messages', unnest($1::text[]), $2, $3, $4, $5 ON CONFLICT (table_name, row_id) DO NOTHING`,
          [messages.map((m) => String(m.id)), pseudonym.p, 'Proof that an erasure request was answered (GDPR Art. 5(2), 12(3))', requestId, call.clock.now()]);
      }
      await recordAudit(tx, systemActor, { action: 'forget_requester', entity: 'privacy_request', entityId: requestId, details: { messages: messages.length } });
      return { forgotten: true };
    }),
  });
  registerAction({
    name: 'privacy.refuseErasure',
    description: 'Records that the requester could not be identified as the customer; nothing is erased',
    input: RequestInput,
    output: Type.Object({ refused: Type.Boolean() }),
    handler: ({ requestId }, call) => ctx.db.transaction(async (tx) => {
      const request = await lockedRequest(tx, requestId);
      if (request.status !== 'identity_check') return { refused: false };
      await tx.query(`UPDATE privacy_requests SET status = 'rejected', identity_checked_at = $2 WHERE id = $1`, [requestId, call.clock.now()]);
      await recordAudit(tx, systemActor, { action: 'refuse_erasure', entity: 'customers', entityId: request.customer_id, details: { request: requestId } });
      return { refused: true };
    }),
  });
}

const asLanguage = (value: string): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

const text = (subject: string, body: string, kept: string): TemplateTexts => ({
  email_subject: subject,
  email_html: `<p>${body}</p><p>${kept}</p>`,
  email_text: `${body}\n\n${kept}\n`,
  sms_text: null,
});

const CONFIRMATION_TEXTS: Record<Language, TemplateTexts> = {
  en: text('Your data has been erased (request {{request}})',
    'As you asked, we have erased your personal data: your profile, messages, case texts, survey comments and attachments.',
    'What the law obliges us to keep — proof that a product-safety notice reached you, the financial record of a refund — is kept without your name or contact details, for the period the law sets.'),
  ru: text('Ваши данные удалены (запрос {{request}})',
    'По вашему запросу мы удалили ваши персональные данные: профиль, сообщения, тексты обращений, комментарии в опросах и вложения.',
    'То, что мы обязаны хранить по закону (подтверждение отправки уведомления о безопасности товара, финансовые записи о возврате денег), хранится без вашего имени и контактов в течение установленного законом срока.'),
  uk: text('Ваші дані видалено (запит {{request}})',
    'На ваш запит ми видалили ваші персональні дані: профіль, повідомлення, тексти звернень, коментарі в опитуваннях і вкладення.',
    'Те, що ми зобовʼязані зберігати за законом (підтвердження надсилання повідомлення про безпеку товару, фінансові записи про повернення коштів), зберігається без вашого імені та контактів протягом встановленого законом строку.'),
  sv: text('Dina uppgifter har raderats (begäran {{request}})',
    'Som du bad om har vi raderat dina personuppgifter: din profil, meddelanden, ärendetexter, enkätkommentarer och bilagor.',
    'Det som lagen kräver att vi sparar — bevis på att ett säkerhetsmeddelande nådde dig, bokföringen av en återbetalning — sparas utan ditt namn eller dina kontaktuppgifter under den tid lagen anger.'),
};

export async function installErasureTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: CONFIRMATION_TEMPLATE,
    description: 'Tells a person who asked for erasure that their data has been erased',
    variables: { request: { description: 'The erasure request number', sample: '12' } },
  });
  for (const [language, texts] of Object.entries(CONFIRMATION_TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, CONFIRMATION_TEMPLATE, language))) await saveTemplate(db, CONFIRMATION_TEMPLATE, language, texts, 'rebound');
  }
}
