import { FALLBACK_LANGUAGE } from './languages.ts';
import { FIELD_MODE } from './template-fields.ts';
import { renderText } from './template-syntax.ts';
import type { Template } from './templates.sql.ts';

export type TextChannel = 'email' | 'sms';

export interface RenderedMessage {
  /** The language the text is in (the customer's, or the fallback). */
  language: string;
  subject?: string;
  html?: string;
  text: string;
}

/** A message that cannot be rendered: retrying will not help, so it becomes a dead letter. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

const hasChannel = (template: Template | undefined, channel: TextChannel): template is Template =>
  !!template && (channel === 'sms' ? !!template.sms_text : !!template.email_subject && !!(template.email_html || template.email_text));

/**
 * Renders a template for one channel in the customer's language, falling back to English
 * when that language has no text for the channel.
 */
export function renderMessage(templates: Map<string, Template>, key: string, language: string, channel: TextChannel, values: Record<string, unknown>): RenderedMessage {
  const own = templates.get(`${key}/${language}`);
  const template = hasChannel(own, channel) ? own : templates.get(`${key}/${FALLBACK_LANGUAGE}`);
  if (!hasChannel(template, channel)) throw new RenderError(`template ${key} has no ${channel} text in ${language === FALLBACK_LANGUAGE ? language : `${language} or ${FALLBACK_LANGUAGE}`}`);
  try {
    if (channel === 'sms') return { language: template.language, text: renderText(template.sms_text!, values, FIELD_MODE.sms_text) };
    const html = template.email_html ? renderText(template.email_html, values, FIELD_MODE.email_html) : undefined;
    const text = template.email_text ? renderText(template.email_text, values, FIELD_MODE.email_text) : htmlToText(html!);
    return { language: template.language, subject: renderText(template.email_subject!, values, FIELD_MODE.email_subject), html, text };
  } catch (error) {
    throw new RenderError(`template ${key} (${template.language}): ${(error as Error).message}`);
  }
}

/** A readable plain-text part for mail clients that show no HTML, when the template has none. */
function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/h[1-6]|\/li|\/tr)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
