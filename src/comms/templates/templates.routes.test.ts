import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

describe('templates API', () => {
  let t: TestApp;
  let designer: string;
  let viewer: string;
  let customerId: number;
  beforeAll(async () => {
    t = await startTestApp();
    designer = await t.login(['designer']);
    viewer = await t.login(['viewer']);
    // A key of the test's own: the built-in recall.notice ships with texts in every language.
    await t.app.inject({
      method: 'PUT', url: '/api/comms/template-keys/test.recall', headers: { cookie: designer },
      payload: { description: 'Test recall', variables: {
        product_name: { description: 'Product', sample: 'Oat drink 1 l' }, lot_code: { description: 'Lot', sample: 'L2401' },
        cause: { description: 'Cause', sample: 'possible presence of foreign bodies' }, recall_url: { description: 'Page', sample: 'https://example.com/recalls/42' },
      } },
    });
    [{ id: customerId }] = (await t.db.query<{ id: number }>(
      `INSERT INTO customers (external_id, name, email, language) VALUES ('tpl-1', 'Åsa <Lind>', 'asa@example.se', 'sv') RETURNING id`,
    )) as [{ id: number }];
  });
  afterAll(async () => t.close());

  const put = (key: string, language: string, payload: object, cookie = designer) =>
    t.app.inject({ method: 'PUT', url: `/api/comms/templates/${key}/${language}`, headers: { cookie }, payload });

  it('saves a template per key and language', async () => {
    const en = await put('test.recall', 'en', {
      email_subject: 'Recall of {{product_name}}',
      email_html: '<p>Dear {{customer.name}}, lot {{lot_code}}: {{cause}}. <a href="{{recall_url}}">Details</a></p>',
      email_text: 'Dear {{customer.name}}, lot {{lot_code}}: {{cause}}. {{recall_url}}',
      sms_text: 'Recall: {{product_name}} lot {{lot_code}}. {{recall_url}}',
    });
    expect(en.statusCode).toBe(200);
    expect(en.json()).toMatchObject({ key: 'test.recall', language: 'en', version: 1 });
    const sv = await put('test.recall', 'sv', { email_subject: 'Återkallelse av {{product_name}}', email_html: '<p>Hej {{customer.name}}, {{cause}}</p>' });
    expect(sv.statusCode).toBe(200);
    const again = await put('test.recall', 'sv', { email_subject: 'Återkallelse: {{product_name}}', email_html: '<p>Hej {{customer.name}}, {{cause}}</p>' });
    expect(again.json().version).toBe(2);
  });

  it('refuses a template that uses an unknown variable, naming it', async () => {
    const response = await put('test.recall', 'ru', { email_subject: 'Отзыв {{product_nmae}}', email_text: 'x' });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ variable: 'product_nmae', type: '/problems/comms.unknown_variable' });
    expect(response.json().detail).toContain('{{product_nmae}}');
  });

  it('refuses malformed placeholders and unknown languages as problems, not 500s', async () => {
    expect((await put('test.recall', 'ru', { email_subject: 'Отзыв {{ product name }}', email_text: 'x' })).statusCode).toBe(422);
    expect((await put('test.recall', 'de', { email_subject: 'x', email_text: 'x' })).statusCode).toBe(400);
    expect((await put('no.such-key', 'en', { sms_text: 'x' })).statusCode).toBe(404);
  });

  it('lets a viewer read but not write templates', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/comms/templates?key=test.recall', headers: { cookie: viewer } })).json()).toHaveLength(2);
    expect((await put('test.recall', 'uk', { sms_text: '{{lot_code}}' }, viewer)).statusCode).toBe(403);
  });

  it('declares a template key with variables, then accepts templates that use them', async () => {
    const declared = await t.app.inject({
      method: 'PUT',
      url: '/api/comms/template-keys/test.miss-you-offer',
      headers: { cookie: designer },
      payload: { description: 'Win-back offer', variables: { discount: { description: 'Discount in percent', sample: 15 } } },
    });
    expect(declared.statusCode).toBe(200);
    expect((await put('test.miss-you-offer', 'en', { sms_text: 'We miss you, {{customer.name}}: {{discount}} % off' })).statusCode).toBe(200);
    const shrink = await t.app.inject({ method: 'PUT', url: '/api/comms/template-keys/test.miss-you-offer', headers: { cookie: designer }, payload: { description: 'Win-back offer', variables: {} } });
    expect(shrink.statusCode).toBe(409);
    expect(shrink.json().variable).toBe('discount');
  });

  it('previews for a customer in their language, escaping HTML but not text', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/comms/templates/test.recall/preview', headers: { cookie: viewer }, payload: { customer_id: customerId } });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview.language).toBe('sv');
    expect(preview.email.language).toBe('sv');
    expect(preview.email.subject).toBe('Återkallelse: Oat drink 1 l');
    expect(preview.email.html).toContain('Hej Åsa &lt;Lind&gt;');
    // Swedish has no SMS text: the English one is used.
    expect(preview.sms).toMatchObject({ language: 'en', text: 'Recall: Oat drink 1 l lot L2401. https://example.com/recalls/42' });
  });

  it('previews with sample data and overrides, falling back to English', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/comms/templates/test.recall/preview',
      headers: { cookie: viewer },
      payload: { language: 'uk', variables: { lot_code: 'X<1>' } },
    });
    const preview = response.json();
    expect(preview.email).toMatchObject({ language: 'en', subject: 'Recall of Oat drink 1 l' });
    expect(preview.email.html).toContain('lot X&lt;1&gt;');
    expect(preview.email.text).toContain('lot X<1>');
  });

  it('previews unsaved texts of the language being edited (the live preview), storing nothing', async () => {
    const draft = async (texts: Record<string, string>) =>
      (await t.app.inject({ method: 'POST', url: '/api/comms/templates/test.recall/preview', headers: { cookie: viewer }, payload: { language: 'sv', draft: texts } })).json();
    const preview = await draft({ email_subject: 'Utkast: {{product_name}}', email_html: '<p>Parti {{lot_code}}</p>', sms_text: 'SMS {{lot_code}}' });
    // Framed as delivery frames it (issue 11): the draft's body inside the e-mail layout.
    expect(preview.email).toMatchObject({ language: 'sv', subject: 'Utkast: Oat drink 1 l', html: expect.stringContaining('<p>Parti L2401</p>') });
    expect(preview.sms).toMatchObject({ language: 'sv', text: 'SMS L2401' });
    expect((await draft({ sms_text: 'SMS {{nope}}' })).problems).toEqual([expect.stringContaining('nope')]);
    const stored = await t.app.inject({ method: 'GET', url: '/api/comms/templates/test.recall/sv', headers: { cookie: viewer } });
    expect(stored.json().email_subject).not.toContain('Utkast');
  });
});
