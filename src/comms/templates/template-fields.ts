/** The texts of one template in one language; each is optional (an SMS-only key has no e-mail). */
export const TEMPLATE_FIELDS = ['email_subject', 'email_html', 'email_text', 'sms_text'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateTexts = { [F in TemplateField]: string | null };

/** How each field is escaped: only the HTML body escapes values. */
export const FIELD_MODE: Record<TemplateField, 'html' | 'text'> = {
  email_subject: 'text',
  email_html: 'html',
  email_text: 'text',
  sms_text: 'text',
};
