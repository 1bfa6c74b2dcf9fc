import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import { loadBranding } from '../outbox/branding.ts';
import { frameEmail } from './email-layout.ts';
import { FALLBACK_LANGUAGE, isLanguage } from './languages.ts';
import { RenderError, renderMessage, type RenderedMessage } from './render-message.ts';
import { STANDARD_VARIABLES, standardValues, type CustomerFacts } from './standard-variables.ts';
import { getTemplateKey } from './template-keys.sql.ts';
import type { TemplateTexts } from './template-fields.ts';
import { loadTemplates } from './templates.sql.ts';

export interface PreviewInput {
  key: string;
  language?: string;
  /** Render with this customer's name, addresses and language. */
  customerId?: number;
  /** Values that override the declared samples. */
  variables?: Record<string, unknown>;
  /** Unsaved texts of the language being edited, rendered in place of the stored ones (a live preview while typing). */
  draft?: Partial<TemplateTexts>;
}

export interface Preview {
  key: string;
  language: string;
  /** With the From it would be sent from (the company's sender, or SMTP_FROM). */
  email?: RenderedMessage & { from: string };
  sms?: RenderedMessage;
  /** Why a channel the template has could not be rendered (e.g. a variable without a value). */
  problems: string[];
}

/**
 * Renders a template the way a customer (or sample data) would get it, without sending:
 * framed and sent from the company's sender as delivery does. Only the channels the key has
 * a text for in some language: an e-mail-only key has no SMS to be missing.
 */
export async function previewTemplate(db: Db, input: PreviewInput, smtpFrom: string): Promise<Preview> {
  const key = await getTemplateKey(db, input.key);
  if (!key) throw notFound(`template key ${input.key}`);
  let customer: (CustomerFacts & { language: string }) | undefined;
  if (input.customerId !== undefined) {
    [customer] = await db.query<CustomerFacts & { language: string }>('SELECT name, email, phone, language FROM customers WHERE id = $1', [input.customerId]);
    if (!customer) throw notFound(`customer ${input.customerId}`);
  }
  const language = input.language ?? customer?.language ?? FALLBACK_LANGUAGE;
  if (!isLanguage(language)) throw new AppError('invalid', `language ${language} is not one of en, ru, uk, sv`);
  const samples = Object.fromEntries(Object.entries(key.variables).map(([name, declaration]) => [name, declaration.sample ?? `{${name}}`]));
  const standard = customer
    ? standardValues(customer, '#unsubscribe')
    : standardValues({ name: STANDARD_VARIABLES['customer.name']!.sample, email: STANDARD_VARIABLES['customer.email']!.sample, phone: STANDARD_VARIABLES['customer.phone']!.sample }, '#unsubscribe');
  const values = { ...standard, ...samples, ...(input.variables ?? {}) };
  const templates = await loadTemplates(db, [input.key]);
  if (input.draft) {
    const stored = templates.get(`${input.key}/${language}`);
    const empty = { email_subject: null, email_html: null, email_text: null, sms_text: null };
    templates.set(`${input.key}/${language}`, { version: 0, updated_at: new Date(0), updated_by: null, ...empty, ...stored, ...input.draft, key: input.key, language });
  }
  const preview: Preview = { key: input.key, language, problems: [] };
  const texts = [...templates.values()];
  const channels = (['email', 'sms'] as const).filter((channel) => texts.some((t) => (channel === 'sms' ? t.sms_text : t.email_subject || t.email_html || t.email_text)));
  const brand = (await loadBranding(db, smtpFrom))();
  for (const channel of channels) {
    try {
      const rendered = renderMessage(templates, input.key, language, channel, values);
      if (channel === 'sms') preview.sms = rendered;
      else preview.email = { ...rendered, from: brand.from, html: rendered.html ? frameEmail(rendered.html, { language: rendered.language, brand: brand.brand, footer: brand.footer }) : undefined };
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      preview.problems.push(error.message);
    }
  }
  return preview;
}
