import type { OutgoingMessage } from '../channels/channel.ts';
import { frameEmail } from '../templates/email-layout.ts';
import { renderMessage, RenderError } from '../templates/render-message.ts';
import { standardValues } from '../templates/standard-variables.ts';
import type { Template } from '../templates/templates.sql.ts';
import { addTracking, unsubscribeUrl, type LinkContext } from '../tracking/tracking-links.ts';
import type { ClaimedMessage } from './claim.sql.ts';
import { SENDER_BRAND_VARIABLE, type BrandingOf } from './branding.ts';
import { isEmailAddress, mailbox } from './contact-address.ts';

const UNSUBSCRIBE_TEXT: Record<string, string> = {
  en: 'Unsubscribe from these e-mails',
  ru: 'Отписаться от этих писем',
  uk: 'Відписатися від цих листів',
  sv: 'Avregistrera dig från dessa e-postmeddelanden',
};

/** A safety notice is no mailing: the law wants it to reach people, so it offers their preferences, not a way off a list. */
export const PREFERENCES_TEXT: Record<string, string> = {
  en: 'Manage your contact preferences',
  ru: 'Настроить способы связи',
  uk: 'Налаштувати способи зв’язку',
  sv: 'Hantera dina kontaktinställningar',
};

export interface ComposedMessage {
  message: OutgoingMessage;
  /** One line for the customer's timeline. */
  summary: string;
}

/**
 * Turns a claimed outbox row into what the channel sends: the template rendered in the
 * customer's language, framed in the brand's layout and sent from the brand's sender, with
 * tracked links and the open pixel. A marketing e-mail carries the unsubscribe link (in the
 * body and as List-Unsubscribe with one-click POST, RFC 8058); a safety notice carries a link
 * to the customer's contact preferences instead and no List-Unsubscribe, since it is not a
 * list one leaves. Throws RenderError when the message cannot be rendered.
 */
export function composeMessage(row: ClaimedMessage, templates: Map<string, Template>, links: LinkContext, branding: BrandingOf): ComposedMessage {
  const base = { id: row.id, attemptId: row.attempt_id, idempotencyKey: row.idempotency_key, to: row.address!, messageId: row.message_id };
  if (row.channel === 'webhook') {
    const text = JSON.stringify({ id: row.idempotency_key, event: row.event, data: row.variables });
    return { message: { ...base, text, event: row.event ?? 'message', secret: row.endpoint_secret ?? '' }, summary: `webhook ${row.event}` };
  }
  const brand = branding(typeof row.variables[SENDER_BRAND_VARIABLE] === 'string' ? (row.variables[SENDER_BRAND_VARIABLE] as string) : null);
  if (row.is_contact) return composeContactMessage(row, templates, links, base, brand);
  const customer = { name: row.customer_name ?? '', email: row.customer_email, phone: row.customer_phone };
  // The signed opt-out page is where a customer states, per channel, what they accept.
  const optOut = unsubscribeUrl(links, row.customer_id!, row.channel, row.id);
  const values = { ...row.variables, ...standardValues(customer, optOut) };
  const rendered = renderMessage(templates, row.template_key!, row.customer_language ?? 'en', row.channel, values);
  if (row.channel === 'sms') {
    return { message: { ...base, text: rendered.text, language: rendered.language }, summary: `SMS: ${rendered.text.slice(0, 80)}` };
  }
  const label = (row.safety ? PREFERENCES_TEXT : UNSUBSCRIBE_TEXT)[rendered.language] ?? (row.safety ? PREFERENCES_TEXT : UNSUBSCRIBE_TEXT).en!;
  const linked = (text: string, url: string) => text.includes(url) || text.includes(url.replace(/&/g, '&amp;'));
  const html = rendered.html
    ? addTracking(frameEmail(rendered.html, { language: rendered.language, brand: brand.brand, footer: brand.footer, link: linked(rendered.html, optOut) ? undefined : { url: optOut, label } }), links, row.id, [optOut])
    : undefined;
  const text = [rendered.text.trimEnd(), ...(linked(rendered.text, optOut) ? [] : [`${label}: ${optOut}`]), ...(brand.footer.length ? [brand.footer.join('\n')] : [])].join('\n\n');
  return {
    message: {
      ...base,
      from: brand.from,
      subject: rendered.subject,
      html,
      text,
      language: rendered.language,
      headers: {
        ...(row.safety ? {} : { 'List-Unsubscribe': `<${optOut}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }),
        'Content-Language': rendered.language,
        'X-Rebound-Idempotency-Key': row.idempotency_key,
        'X-Rebound-Attempt': row.attempt_id,
      },
    },
    summary: `E-mail "${rendered.subject}"`,
  };
}

/**
 * A contact message (staff, a retail chain): the same template and tracking as a customer's
 * e-mail, but addressed by the row's own name and language, and with no unsubscribe link,
 * since a contact is on no list (enqueueContactMessages refuses templates that ask for one;
 * one edited to ask for it later fails here as a dead letter, not with a dead link).
 * The standard {{customer.*}} variables name the contact, so a greeting reads the same.
 */
function composeContactMessage(
  row: ClaimedMessage, templates: Map<string, Template>, links: LinkContext, base: Pick<OutgoingMessage, 'id' | 'attemptId' | 'idempotencyKey' | 'to' | 'messageId'>, brand: ReturnType<BrandingOf>,
): ComposedMessage {
  if (!isEmailAddress(base.to)) throw new RenderError(`${JSON.stringify(base.to)} is not an e-mail address`);
  const values = { ...row.variables, customer: { name: row.contact_name ?? '', email: base.to, phone: '' } };
  const rendered = renderMessage(templates, row.template_key!, row.contact_language ?? 'en', 'email', values);
  return {
    message: {
      ...base,
      to: mailbox(row.contact_name, base.to),
      from: brand.from,
      subject: rendered.subject,
      html: rendered.html ? addTracking(frameEmail(rendered.html, { language: rendered.language, brand: brand.brand, footer: brand.footer }), links, row.id, []) : undefined,
      text: rendered.text,
      language: rendered.language,
      headers: {
        'Content-Language': rendered.language,
        // RFC 3834: a notice from a process, so out-of-office replies are not sent back to it.
        'Auto-Submitted': 'auto-generated',
        'X-Rebound-Idempotency-Key': row.idempotency_key,
        'X-Rebound-Attempt': row.attempt_id,
      },
    },
    summary: `E-mail "${rendered.subject}"`,
  };
}
