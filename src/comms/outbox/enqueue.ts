import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { STANDARD_VARIABLES } from '../templates/standard-variables.ts';
import { TEMPLATE_FIELDS, type TemplateField } from '../templates/template-fields.ts';
import { variablesOf } from '../templates/template-syntax.ts';
import { consentRuleSql, type MessageKind } from './consent-rule.ts';
import { wakeDelivery } from './delivery-queues.ts';

export type CustomerChannel = 'email' | 'sms';

/** Why a message exists and where it goes; the row written keeps all of it. */
export interface MessageRequest {
  customerId: number;
  templateKey: string;
  variables?: Record<string, unknown>;
  channels: CustomerChannel | readonly CustomerChannel[];
  /** The campaign or process step that sends it: one message per (customer, campaign, channel), ever. */
  campaign: string;
  /** Why, in a word others can filter on: 'recall.notice', 'survey.invitation'… */
  reason: string;
  /** What it belongs to (a recall, a case, an order). */
  resource?: { type: string; id: string | number };
  /** Which consent rule applies (consent-rule.ts); marketing unless said otherwise. */
  kind?: MessageKind;
  /** The same as kind 'safety' (a class I recall notice): passes quiet hours and the daily cap, never an opt-out. */
  safety?: boolean;
  /** Higher goes first when a backlog waits. */
  priority?: number;
  /** Not before this time. */
  notBefore?: Date;
}

export interface BulkMessageRequest extends Omit<MessageRequest, 'customerId' | 'variables'> {
  recipients: readonly { customerId: number; variables?: Record<string, unknown> }[];
}

export type EnqueueStatus = 'queued' | 'suppressed' | 'duplicate';

export interface EnqueuedMessage {
  customerId: number;
  channel: CustomerChannel;
  /** The outbox row; absent for a duplicate, which was refused by the idempotency key. */
  messageId?: number;
  status: EnqueueStatus;
  /** Why a message was suppressed: no_consent, opted_out, no_address, address_bounced, unknown_customer. */
  reason?: string;
}

export interface EnqueueSummary {
  queued: number;
  suppressed: number;
  duplicate: number;
  /** Per recipient and channel; only for requests up to 1,000 recipients. */
  messages?: EnqueuedMessage[];
}

/** The idempotency key of a customer message: one per (channel, customer, campaign or step). */
export const messageKey = (channel: string, customerId: number | string, campaign: string) => `${channel}:${customerId}:${campaign}`;

/**
 * Writes one customer's message(s) into the outbox, inside the caller's transaction, so
 * the message exists exactly when the decision that causes it is committed. Consent is
 * checked here and again when sending.
 */
export async function enqueueMessage(tx: Db, ctx: AppContext, request: MessageRequest): Promise<EnqueuedMessage[]> {
  const { customerId, variables, ...rest } = request;
  const summary = await enqueueMessages(tx, ctx, { ...rest, recipients: [{ customerId, variables }] });
  return summary.messages!;
}

/**
 * A mass send in set-based SQL: one INSERT … SELECT per channel for any number of
 * recipients, and one wake-up job per channel in the same transaction.
 */
export async function enqueueMessages(tx: Db, ctx: AppContext, request: BulkMessageRequest): Promise<EnqueueSummary> {
  const channels = [...new Set(typeof request.channels === 'string' ? [request.channels] : request.channels)];
  if (!channels.length) throw new AppError('invalid', 'name at least one channel', 'comms.no_channel');
  if (!request.campaign || request.campaign.length > 200) throw new AppError('invalid', 'a campaign or step id of 1 to 200 characters is required', 'comms.bad_campaign');
  await checkVariables(tx, request, channels);
  const now = ctx.clock.now();
  const kind: MessageKind = request.kind ?? (request.safety ? 'safety' : 'marketing');
  if (request.safety && kind !== 'safety') throw new AppError('invalid', `a safety notice cannot be of kind ${kind}`, 'comms.bad_kind');
  const recipients = JSON.stringify(request.recipients.map((r) => ({ customer_id: r.customerId, variables: r.variables ?? {} })));
  const summary: EnqueueSummary = { queued: 0, suppressed: 0, duplicate: 0, messages: request.recipients.length <= 1000 ? [] : undefined };
  for (const channel of channels) {
    const rows = await tx.query<{ id: number; customer_id: number; requested_id: number; status: 'queued' | 'suppressed'; status_reason: string | null }>(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, variables, campaign, reason, resource_type, resource_id,
                                   safety, kind, priority, status, status_reason, next_attempt_at, created_at)
       SELECT $2 || ':' || r.customer_id || ':' || $4, $2, c.id, $3, r.variables, $4, $5, $6, $7, $8 = 'safety', $8, $9,
              CASE WHEN d.why IS NULL THEN 'queued' ELSE 'suppressed' END, d.why, $10, $11
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, variables jsonb)
       LEFT JOIN customers c ON c.id = r.customer_id
       LEFT JOIN customer_consents cc ON cc.customer_id = r.customer_id AND cc.channel = $2
       CROSS JOIN LATERAL (SELECT CASE
         WHEN c.id IS NULL THEN 'unknown_customer'
         ${consentRuleSql({ kind: '$8::text', granted: 'cc.granted', address: `(CASE $2 WHEN 'email' THEN c.email ELSE c.phone END)`, customerId: 'c.id', channel: '$2::text' })}
       END AS why) d
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, customer_id, split_part(idempotency_key, ':', 2)::bigint AS requested_id, status, status_reason`,
      [recipients, channel, request.templateKey, request.campaign, request.reason, request.resource?.type ?? null,
        request.resource ? String(request.resource.id) : null, kind, request.priority ?? 0, request.notBefore ?? now, now],
    );
    const inserted = new Map(rows.map((row) => [row.requested_id, row]));
    const queued = rows.filter((row) => row.status === 'queued').length;
    summary.queued += queued;
    summary.suppressed += rows.length - queued;
    summary.duplicate += request.recipients.length - rows.length;
    for (const recipient of summary.messages ? request.recipients : []) {
      const row = inserted.get(recipient.customerId);
      summary.messages!.push(row
        ? { customerId: recipient.customerId, channel, messageId: row.id, status: row.status, ...(row.status_reason ? { reason: row.status_reason } : {}) }
        : { customerId: recipient.customerId, channel, status: 'duplicate' });
    }
    if (queued) await wakeDelivery(ctx, channel, { tx, at: request.notBefore });
  }
  return summary;
}

const CHANNEL_FIELDS: Record<CustomerChannel, TemplateField[]> = { email: ['email_subject', 'email_html', 'email_text'], sms: ['sms_text'] };

/**
 * Refuses the request when the templates of its key use a variable a recipient does not
 * supply: better one error to the calling process step than thousands of dead letters.
 */
async function checkVariables(tx: Db, request: BulkMessageRequest, channels: readonly CustomerChannel[]): Promise<void> {
  const needed = await templateVariables(tx, request.templateKey, channels);
  for (const name of Object.keys(STANDARD_VARIABLES)) needed.delete(name);
  for (const recipient of request.recipients) {
    const missing = missingVariable(needed, recipient.variables ?? {});
    if (missing) {
      throw new AppError('unprocessable', `customer ${recipient.customerId}: template ${request.templateKey} needs the variable ${missing}`, 'comms.missing_variable', { variable: missing, customerId: recipient.customerId });
    }
  }
}

/** Every variable the templates of a key use in these channels, in any language; refuses a key with no text at all. */
export async function templateVariables(tx: Db, templateKey: string, channels: readonly CustomerChannel[]): Promise<Set<string>> {
  const templates = await tx.query<Record<TemplateField, string | null>>(`SELECT ${TEMPLATE_FIELDS.join(', ')} FROM comms_templates WHERE key = $1`, [templateKey]);
  if (!templates.length) throw new AppError('unprocessable', `template ${templateKey} has no text in any language`, 'comms.no_template', { template: templateKey });
  const used = new Set<string>();
  for (const template of templates) {
    for (const field of channels.flatMap((c) => CHANNEL_FIELDS[c])) for (const name of template[field] ? variablesOf(template[field]) : []) used.add(name);
  }
  return used;
}

/** The first of `needed` that `values` has no value for. */
export function missingVariable(needed: Iterable<string>, values: Record<string, unknown>): string | undefined {
  for (const name of needed) if (!hasValue(values, name)) return name;
  return undefined;
}

function hasValue(values: Record<string, unknown>, path: string): boolean {
  if (values[path] !== undefined && values[path] !== null) return true;
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[part];
  }
  return current !== undefined && current !== null;
}
