import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { LANGUAGES } from './languages.ts';
import { previewTemplate } from './preview.ts';
import { TEMPLATE_FIELDS } from './template-fields.ts';

// A greeting per language: a shipped text that greets twice reads like a machine wrote it.
const GREETINGS = [/\b(Dear|Hello|Hi)\b/g, /Здравствуйте/g, /Вітаємо/g, /\bHej\b/g];
// Values a person typed end their own sentences; rendering must not add a second full stop.
const TYPED = { reason: 'Listeria monocytogenes found in a retained sample.', cause: 'Glass fragments found.', instructions: 'Do not eat it. Return it to any store.' };

/**
 * Issue 11: every template Rebound ships, in every language, on every channel it has,
 * renders with demo-like data — no language without its own text, no "Cannot render", no
 * "undefined"/"null", no greeting twice, no "..".
 */
describe('every shipped template renders in en, ru, uk and sv', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMTP_FROM: 'Rebound <no-reply@rebound.local>' });
  });
  afterAll(async () => t.close());

  it('has its own text in each language for each channel it declares, and renders it cleanly', async () => {
    const shipped = await t.db.query<{ key: string; language: string } & Record<(typeof TEMPLATE_FIELDS)[number], string | null>>(
      `SELECT key, language, ${TEMPLATE_FIELDS.join(', ')} FROM comms_templates WHERE updated_by LIKE 'rebound%' ORDER BY key, language`);
    const keys = [...new Set(shipped.map((s) => s.key))];
    // The modules' own templates, installed when their workers start.
    expect(keys).toEqual(expect.arrayContaining(['recall.consumer_notice', 'recall.comeback_offer', 'recall.staff_alert', 'recall.partner_notice', 'complaint.reply', 'case.notification', 'survey.invitation', 'recall.notice']));
    const failures: string[] = [];
    let rendered = 0;
    for (const key of keys) {
      const texts = shipped.filter((s) => s.key === key);
      const channels = (['email', 'sms'] as const).filter((c) => texts.some((s) => (c === 'sms' ? s.sms_text : s.email_subject)));
      for (const language of LANGUAGES) {
        const own = texts.find((s) => s.language === language);
        for (const channel of channels) {
          if (!own || !(channel === 'sms' ? own.sms_text : own.email_subject && (own.email_html || own.email_text))) failures.push(`${key} has no ${channel} text in ${language}`);
        }
        const preview = await previewTemplate(t.db, { key, language, variables: TYPED }, t.ctx.config.SMTP_FROM);
        for (const problem of preview.problems) failures.push(`${key}/${language}: ${problem}`);
        for (const channel of channels) {
          const message = preview[channel];
          if (!message) continue;
          rendered++;
          if (message.language !== language) failures.push(`${key}/${language}/${channel} fell back to ${message.language}`);
          const visible = [message.subject ?? '', message.text, (message.html ?? '').replace(/<[^>]+>/g, ' ')].join('\n');
          for (const [what, pattern] of [['Cannot render', /Cannot render/i], ['undefined', /\bundefined\b/], ['null', /\bnull\b/], ['a placeholder', /\{\{|\}\}/], ['".."', /[^.]\.\.(?!\.)/]] as const) {
            if (pattern.test(visible)) failures.push(`${key}/${language}/${channel} shows ${what}: ${visible.match(pattern)?.[0]} in ${JSON.stringify(visible.slice(0, 400))}`);
          }
          for (const greeting of GREETINGS) {
            if ((message.text.match(greeting) ?? []).length > 1) failures.push(`${key}/${language}/${channel} greets twice: ${JSON.stringify(message.text.slice(0, 200))}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(rendered).toBeGreaterThanOrEqual(keys.length * LANGUAGES.length);
  });

  it('previews an e-mail framed for a phone and from the sender the company set, or SMTP_FROM until then', async () => {
    const before = await previewTemplate(t.db, { key: 'recall.consumer_notice', language: 'sv' }, t.ctx.config.SMTP_FROM);
    expect(before.email!.from).toBe('Rebound <no-reply@rebound.local>');
    const cookie = await t.login(['manager']);
    const saved = await t.app.inject({ method: 'PUT', url: '/api/company-settings', headers: { cookie }, payload: { legal_name: 'Northfield Dairies Ltd', brand_name: 'Northfield', sender_name: 'Northfield Care', sender_email: 'care@northfield.example' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const response = await t.app.inject({ method: 'POST', url: '/api/comms/templates/recall.consumer_notice/preview', headers: { cookie }, payload: { language: 'sv' } });
    const after = response.json();
    expect(after.email.from).toBe('"Northfield Care" <care@northfield.example>');
    expect(after.email.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(after.email.html).toContain('max-width:600px');
    expect(after.email.html).toContain('Northfield Dairies Ltd');
    // An e-mail-only key has no SMS to be missing.
    const caseMail = await t.app.inject({ method: 'POST', url: '/api/comms/templates/case.notification/preview', headers: { cookie }, payload: { language: 'en' } });
    expect(caseMail.json()).toMatchObject({ problems: [], email: { subject: expect.any(String) } });
    expect(caseMail.json().sms).toBeUndefined();
  });
});
