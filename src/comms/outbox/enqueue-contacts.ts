import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { isLanguage, type Language } from '../templates/languages.ts';
import { STANDARD_VARIABLES } from '../templates/standard-variables.ts';
import { isEmailAddress } from './contact-address.ts';
import { wakeDelivery } from './delivery-queues.ts';
import { missingVariable, templateVariables } from './enqueue.ts';

/** Someone who is not a customer: a member of staff, a retail chain's contact address. */
export interface ContactRecipient {
  address: string;
  /** The display name in To:, and what the template's {{customer.name}} says. */
  name: string;
  language: Language;
  variables?: Record<string, unknown>;
}

export interface ContactMessagesRequest {
  recipients: readonly ContactRecipient[];
  templateKey: string;
  /** The campaign or process step: one message per (address, campaign), ever. */
  campaign: string;
  /** Why, in a word others can filter on: 'recall.staff_alert', 'recall.chain_notice'… */
  reason: string;
  resource?: { type: string; id: string | number };
  /** Higher goes first when a backlog waits. */
  priority?: number;
  /** Not before this time. */
  notBefore?: Date;
}

export interface EnqueuedContactMessage {
  address: string;
  /** The outbox row; absent for a duplicate, which was refused by the idempotency key. */
  messageId?: number;
  /** 'failed': written straight as a dead letter, with the reason (an address that is not one). */
  status: 'queued' | 'failed' | 'duplicate';
  reason?: string;
}

export interface ContactEnqueueSummary {
  queued: number;
  failed: number;
  duplicate: number;
  /** Per recipient; only for requests up to 1,000 recipients. */
  messages?: EnqueuedContactMessage[];
}

/**
 * The idempotency key of a contact message: one per (e-mail, address, campaign). The address
 * is compared case-insensitively ("Ops@Chain.example" is the same mailbox as
 * "ops@chain.example"); "contact" keeps it apart from customer keys, which carry an id there.
 */
export const contactMessageKey = (address: string, campaign: string) => `email:contact:${address.trim().toLowerCase()}:${campaign}`;

/**
 * Writes e-mails to contacts into the outbox inside the caller's transaction, set-based,
 * and wakes delivery if the transaction commits. Contacts are not marketing recipients:
 * no consent is asked for, quiet hours and the daily cap do not hold them back, and the
 * message carries no unsubscribe link — so a template that needs {{unsubscribe_url}} is
 * refused rather than sent with a link that would opt nobody out.
 *
 * One malformed address does not stop the others (a recall must still reach every other
 * store): its row is written as a dead letter saying why, visible and retryable once fixed.
 */
export async function enqueueContactMessages(tx: Db, ctx: AppContext, request: ContactMessagesRequest): Promise<ContactEnqueueSummary> {
  if (!request.campaign || request.campaign.length > 200) throw new AppError('invalid', 'a campaign or step id of 1 to 200 characters is required', 'comms.bad_campaign');
  for (const recipient of request.recipients) {
    if (!isLanguage(recipient.language)) {
      throw new AppError('invalid', `contact ${recipient.address}: ${String(recipient.language)} is not a language templates are written in`, 'comms.bad_language', { address: recipient.address });
    }
  }
  await checkContactVariables(tx, request);
  const now = ctx.clock.now();
  const rows = request.recipients.map((r) => {
    const address = r.address.trim();
    return {
      key: contactMessageKey(address, request.campaign),
      address,
      name: r.name.trim() || null,
      language: r.language,
      variables: r.variables ?? {},
      invalid: isEmailAddress(address) ? null : `${JSON.stringify(address)} is not an e-mail address`,
    };
  });
  const inserted = await tx.query<{ id: number; idempotency_key: string; status: 'queued' | 'failed'; status_reason: string | null }>(
    `INSERT INTO comms_messages (idempotency_key, channel, contact_address, contact_name, contact_language, recipient, template_key, variables,
                                 campaign, reason, resource_type, resource_id, priority, status, status_reason, failed_at, next_attempt_at, created_at)
     SELECT r.key, 'email', r.address, r.name, r.language, r.address, $2, r.variables, $3, $4, $5, $6, $7,
            CASE WHEN r.invalid IS NULL THEN 'queued' ELSE 'failed' END, r.invalid, CASE WHEN r.invalid IS NOT NULL THEN $9::timestamptz END, $8, $9
     FROM jsonb_to_recordset($1::jsonb) AS r(key text, address text, name text, language text, variables jsonb, invalid text)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id, idempotency_key, status, status_reason`,
    [JSON.stringify(rows), request.templateKey, request.campaign, request.reason, request.resource?.type ?? null,
      request.resource ? String(request.resource.id) : null, request.priority ?? 0, request.notBefore ?? now, now],
  );
  const byKey = new Map(inserted.map((row) => [row.idempotency_key, row]));
  const queued = inserted.filter((row) => row.status === 'queued').length;
  const summary: ContactEnqueueSummary = {
    queued,
    failed: inserted.length - queued,
    duplicate: rows.length - inserted.length,
    messages: rows.length <= 1000 ? [] : undefined,
  };
  for (const row of summary.messages ? rows : []) {
    const written = byKey.get(row.key);
    // The same address twice in one request: the first gets the message, the rest are duplicates.
    byKey.delete(row.key);
    summary.messages!.push(written
      ? { address: row.address, messageId: written.id, status: written.status, ...(written.status_reason ? { reason: written.status_reason } : {}) }
      : { address: row.address, status: 'duplicate' });
  }
  if (queued) await wakeDelivery(ctx, 'email', { tx, at: request.notBefore });
  return summary;
}

async function checkContactVariables(tx: Db, request: ContactMessagesRequest): Promise<void> {
  const needed = await templateVariables(tx, request.templateKey, ['email']);
  const link = ['unsubscribe_url', 'preferences_url'].find((name) => needed.has(name));
  if (link) {
    throw new AppError('unprocessable', `template ${request.templateKey} uses {{${link}}}, but contacts are on no mailing list to leave; write the template without it`,
      'comms.unsubscribe_for_contact', { template: request.templateKey });
  }
  for (const name of Object.keys(STANDARD_VARIABLES)) needed.delete(name);
  for (const recipient of request.recipients) {
    const missing = missingVariable(needed, recipient.variables ?? {});
    if (missing) {
      throw new AppError('unprocessable', `contact ${recipient.address}: template ${request.templateKey} needs the variable ${missing}`, 'comms.missing_variable', { variable: missing, address: recipient.address });
    }
  }
}
