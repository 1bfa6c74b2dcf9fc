import type { OutgoingMessage } from '../channels/channel.ts';
import { renderMessage, RenderError } from '../templates/render-message.ts';
import { escapeHtml } from '../templates/template-syntax.ts';
import { standardValues } from '../templates/standard-variables.ts';
import type { Template } from '../templates/templates.sql.ts';
import { addTracking, unsubscribeUrl, type LinkContext } from '../tracking/tracking-links.ts';
import type { ClaimedMessage } from './claim.sql.ts';
import { isEmailAddress, mailbox } from './contact-address.ts';

const UNSUBSCRIBE_TEXT: Record<string, string> = {
  en: 'Unsubscribe from these e-mails',
  ru: 'Отписаться от этих писем',
  uk: 'Відписатися від цих листів',
  sv: 'Avregistrera dig från dessa e-postmeddelanden',
};

export interface ComposedMessage {
  message: OutgoingMessage;
  /** One line for the customer's timeline. */
  summary: string;
}

/**
 * Turns a claimed outbox row into what the channel sends: the template rendered in the
 * customer's language, tracked links, the open pixel and the unsubscribe link (in the
 * body and as List-Unsubscribe with one-click POST, RFC 8058). Throws RenderError when
 * the message cannot be rendered.
 */
export function composeMessage(row: ClaimedMessage, templates: Map<string, Template>, links: LinkContext): ComposedMessage {
  const base = { id: row.id, attemptId: row.attempt_id, idempotencyKey: row.idempotency_key, to: row.address!, messageId: row.message_id };
  if (row.channel === 'webhook') {
    const text = JSON.stringify({ id: row.idempotency_key, event: row.event, data: row.variables });
    return { message: { ...base, text, event: row.event ?? 'message', secret: row.endpoint_secret ?? '' }, summary: `webhook ${row.event}` };
  }
  if (row.is_contact) return composeContactMessage(row, templates, links, base);
  const customer = { name: row.customer_name ?? '', email: row.customer_email, phone: row.customer_phone };
  const optOut = unsubscribeUrl(links, row.customer_id!, row.channel, row.id);
  const values = { ...row.variables, ...standardValues(customer, optOut) };
  const rendered = renderMessage(templates, row.template_key!, row.customer_language ?? 'en', row.channel, values);
  if (row.channel === 'sms') {
    return { message: { ...base, text: rendered.text, language: rendered.language }, summary: `SMS: ${rendered.text.slice(0, 80)}` };
  }
  const footerText = UNSUBSCRIBE_TEXT[rendered.language] ?? UNSUBSCRIBE_TEXT.en!;
  const html = rendered.html
    ? addTracking(rendered.html.includes(optOut.replace(/&/g, '&amp;')) ? rendered.html : `${rendered.html}\n<p style="font-size:12px;color:#666"><a href="${escapeHtml(optOut)}">${escapeHtml(footerText)}</a></p>`, links, row.id, [optOut])
    : undefined;
  const text = rendered.text.includes(optOut) ? rendered.text : `${rendered.text}\n\n${footerText}: ${optOut}`;
  return {
    message: {
      ...base,
      subject: rendered.subject,
      html,
      text,
      language: rendered.language,
      headers: {
        'List-Unsubscribe': `<${optOut}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
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
function composeContactMessage(row: ClaimedMessage, templates: Map<string, Template>, links: LinkContext, base: Pick<OutgoingMessage, 'id' | 'attemptId' | 'idempotencyKey' | 'to' | 'messageId'>): ComposedMessage {
  if (!isEmailAddress(base.to)) throw new RenderError(`${JSON.stringify(base.to)} is not an e-mail address`);
  const values = { ...row.variables, customer: { name: row.contact_name ?? '', email: base.to, phone: '' } };
  const rendered = renderMessage(templates, row.template_key!, row.contact_language ?? 'en', 'email', values);
  return {
    message: {
      ...base,
      to: mailbox(row.contact_name, base.to),
      subject: rendered.subject,
      html: rendered.html ? addTracking(rendered.html, links, row.id, []) : undefined,
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
