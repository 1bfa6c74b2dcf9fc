import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_CLOCK_START, type TestApp } from '../../../test/app.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { declareTemplateKey } from '../templates/template-keys.sql.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../testing/smtp-peer.ts';
import { enqueueContactMessages, type ContactMessagesRequest, type ContactRecipient } from './enqueue-contacts.ts';
import { enqueueMessage } from './enqueue.ts';

const variables = { product_name: 'Oat drink 1 l', lot_code: 'L2401', stores: 'Central Store, Harbour Store' };
const chainNotice = (campaign: string, recipients: ContactRecipient[]): ContactMessagesRequest => ({
  templateKey: 'test.chain_notice', campaign, reason: 'recall.chain_notice', resource: { type: 'recall', id: 42 }, recipients,
});

// Quiet hours around the test clock's UTC hour (not the wall clock's): a customer message waits, a contact message must not.
const hour = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
const quietNow = `${hour(new Date(TEST_CLOCK_START).getUTCHours() - 1)}-${hour(new Date(TEST_CLOCK_START).getUTCHours() + 2)}`;

describe('contact messages: e-mail to staff and business contacts through the outbox', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let operator: string;

  beforeAll(async () => {
    smtp = await startSmtpPeer({ rejectRecipients: /^bounce@/ });
    t = await startTestApp({
      SMTP_URL: smtp.url, SMTP_FROM: 'Acme Recalls <recalls@acme.example>', COMMS_QUIET_HOURS: quietNow, COMMS_DAILY_CAP: '1',
      COMMS_RETRY_BASE_SECONDS: '1', COMMS_SEND_LEASE_SECONDS: '4', PUBLIC_URL: 'https://rebound.example',
    });
    operator = await t.login(['manager']);
    await declareTemplateKey(t.db, {
      key: 'test.chain_notice',
      description: 'A recall notice to a retail chain about its own stores',
      variables: { product_name: { description: 'Product' }, lot_code: { description: 'Lot' }, stores: { description: 'The chain\'s stores that sold it' } },
    });
    await saveTemplate(t.db, 'test.chain_notice', 'en', {
      email_subject: 'Recall of {{product_name}}, lot {{lot_code}}',
      email_html: '<p>Dear {{customer.name}},</p><p>Please remove lot {{lot_code}} from the shelves of: {{stores}}.</p><p><a href="https://acme.example/recalls/42">Details</a></p>',
      email_text: 'Dear {{customer.name}}, please remove lot {{lot_code}} from the shelves of: {{stores}}.',
    }, 'test');
    await saveTemplate(t.db, 'test.chain_notice', 'sv', {
      email_subject: 'Återkallelse av {{product_name}}, parti {{lot_code}}',
      email_text: 'Hej {{customer.name}}, ta bort parti {{lot_code}} från hyllorna i: {{stores}}.',
    }, 'test');
    await declareTemplateKey(t.db, { key: 'test.contact_with_optout', description: 'A template written for customers', variables: {} });
    await saveTemplate(t.db, 'test.contact_with_optout', 'en', { email_subject: 'News', email_text: 'Hello. Leave: {{unsubscribe_url}}' }, 'test');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  // nodemailer lower-cases the domain of an address (it converts it to ASCII, punycode).
  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase()));
  const rowsOf = (campaign: string) => t.db.query<{ id: number; status: string; status_reason: string | null; recipient: string; language: string | null; customer_id: number | null }>(
    'SELECT id, status, status_reason, recipient, language, customer_id FROM comms_messages WHERE campaign = $1 ORDER BY id', [campaign]);
  const waitUntilSettled = (campaign: string, count: number) => eventually(async () => {
    const rows = await rowsOf(campaign);
    return rows.length === count && rows.every((r) => !['queued', 'sending'].includes(r.status)) ? rows : undefined;
  }, 20_000, `campaign ${campaign} settled`);

  it('e-mails two contacts once each, in their own language and name, with the variables rendered and no unsubscribe link, in quiet hours', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Quiet Customer', email: 'quiet@example.com', consents: { email: true } }]);
    const summary = await t.db.transaction(async (tx) => {
      // The control: the same rules that hold the customer back must let the contacts through.
      await enqueueMessage(tx, t.ctx, { templateKey: 'test.chain_notice', channels: 'email', campaign: 'chain-42', reason: 'test', customerId: customerId!, variables });
      return enqueueContactMessages(tx, t.ctx, chainNotice('chain-42', [
        { address: 'Ops@Chain-One.example', name: 'Chain One "Ops", North', language: 'en', variables },
        { address: 'inkop@kedja.example', name: 'Åsa Lind', language: 'sv', variables: { ...variables, stores: 'Butik Centrum' } },
      ]));
    });
    expect(summary).toMatchObject({ queued: 2, failed: 0, duplicate: 0 });
    expect(summary.messages!.map((m) => [m.address, m.status])).toEqual([['Ops@Chain-One.example', 'queued'], ['inkop@kedja.example', 'queued']]);
    await eventually(async () => (await rowsOf('chain-42')).filter((r) => r.status === 'sent').length === 2, 20_000, 'both contacts sent');

    const [english] = mailsTo('Ops@Chain-One.example');
    const [swedish] = mailsTo('inkop@kedja.example');
    expect(mailsTo('Ops@Chain-One.example')).toHaveLength(1);
    expect(mailsTo('inkop@kedja.example')).toHaveLength(1);
    const en = await simpleParser(english!.raw);
    const sv = await simpleParser(swedish!.raw);
    expect((en.to as AddressObject).value[0]).toEqual({ address: 'Ops@chain-one.example', name: 'Chain One "Ops", North' });
    expect((sv.to as AddressObject).value[0]).toEqual({ address: 'inkop@kedja.example', name: 'Åsa Lind' });
    expect(en.subject).toBe('Recall of Oat drink 1 l, lot L2401');
    expect(en.text).toContain('Dear Chain One "Ops", North, please remove lot L2401 from the shelves of: Central Store, Harbour Store.');
    expect(en.html).toContain('https://rebound.example/comms/click?t=');
    expect(sv.subject).toBe('Återkallelse av Oat drink 1 l, parti L2401');
    expect(sv.text).toContain('Hej Åsa Lind, ta bort parti L2401 från hyllorna i: Butik Centrum.');
    expect(swedish!.headers.get('content-language')).toBe('sv');
    for (const mail of [english!, swedish!]) {
      expect(mail.headers.has('list-unsubscribe')).toBe(false);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mail.raw).not.toMatch(/unsubscribe/i);
    }
    expect(english!.headers.get('x-rebound-idempotency-key')).toBe('email:contact:ops@chain-one.example:chain-42');

    const rows = await rowsOf('chain-42');
    expect(rows.find((r) => r.customer_id === customerId)).toMatchObject({ status: 'queued', status_reason: 'waits for the end of quiet hours' });
    expect(rows.filter((r) => r.customer_id === null).map((r) => [r.recipient, r.language, r.status])).toEqual([
      ['Ops@Chain-One.example', 'en', 'sent'], ['inkop@kedja.example', 'sv', 'sent'],
    ]);
    // Contacts have no customer timeline to write to.
    expect(await t.db.query(`SELECT 1 FROM interactions WHERE ref_type = 'comms_message' AND ref_id = ANY($1)`, [rows.filter((r) => !r.customer_id).map((r) => String(r.id))])).toEqual([]);
  });

  it('queues nothing when the same campaign is enqueued again, whatever the case of the address; the daily cap does not apply', async () => {
    const recipients: ContactRecipient[] = [{ address: 'store-7@chain-two.example', name: 'Store 7', language: 'en', variables }];
    const first = await t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, chainNotice('chain-again', recipients)));
    await waitUntilSettled('chain-again', 1);
    const again = await t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, chainNotice('chain-again', [
      ...recipients, { ...recipients[0]!, address: ' STORE-7@Chain-Two.example ' },
    ])));
    expect(first).toMatchObject({ queued: 1, duplicate: 0 });
    expect(again).toMatchObject({ queued: 0, failed: 0, duplicate: 2 });
    expect(again.messages!.every((m) => m.status === 'duplicate' && m.messageId === undefined)).toBe(true);
    expect(await rowsOf('chain-again')).toHaveLength(1);

    // A second campaign to the same contact on the same day goes out although COMMS_DAILY_CAP is 1.
    await t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, chainNotice('chain-again-update', recipients)));
    expect((await waitUntilSettled('chain-again-update', 1))[0]!.status).toBe('sent');
    expect(mailsTo('store-7@chain-two.example')).toHaveLength(2);
  });

  it('writes an address that is not one as a dead letter with the reason, bounces a refused one, and sends the rest', async () => {
    const summary = await t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, chainNotice('chain-bad', [
      { address: 'ops at chain-three', name: 'Typo', language: 'en', variables },
      { address: 'bounce@chain-three.example', name: 'Gone', language: 'en', variables },
      { address: 'ok@chain-three.example', name: 'Fine', language: 'en', variables },
    ])));
    expect(summary).toMatchObject({ queued: 2, failed: 1, duplicate: 0 });
    expect(summary.messages![0]).toMatchObject({ status: 'failed', reason: '"ops at chain-three" is not an e-mail address' });
    const rows = await waitUntilSettled('chain-bad', 3);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'bounced', 'sent']);

    const dead = (await t.app.inject({ method: 'GET', url: '/api/comms/dead-letters?campaign=chain-bad', headers: { cookie: operator } })).json();
    expect(dead.items.map((m: { recipient: string }) => m.recipient).sort()).toEqual(['bounce@chain-three.example', 'ops at chain-three']);
    expect(dead.items.find((m: { recipient: string }) => m.recipient === 'ops at chain-three').status_reason).toBe('"ops at chain-three" is not an e-mail address');
    expect(dead.items.find((m: { recipient: string }) => m.recipient === 'bounce@chain-three.example').status_reason).toMatch(/550.*User unknown/);

    // Retried from the console without fixing it, the bad address is refused again before it reaches the server.
    const retried = await t.app.inject({ method: 'POST', url: `/api/comms/messages/${rows[0]!.id}/retry`, headers: { cookie: operator } });
    expect(retried.json()).toEqual({ retried: 1 });
    await eventually(async () => (await rowsOf('chain-bad'))[0]!.status === 'failed', 20_000, 'the retried bad address failed again');
    expect((await rowsOf('chain-bad'))[0]!.status_reason).toBe('"ops at chain-three" is not an e-mail address');
    expect(smtp.received.some((m) => m.envelopeTo.some((to) => to.startsWith('ops at')))).toBe(false);
  });

  it('refuses a template that needs an unsubscribe link, a missing variable, an unknown language', async () => {
    const refusal = (request: ContactMessagesRequest) => t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, request)).then(() => undefined, (error: unknown) => error);
    const contact: ContactRecipient = { address: 'x@chain-four.example', name: 'X', language: 'en', variables };
    expect(await refusal({ ...chainNotice('refused', [contact]), templateKey: 'test.contact_with_optout' })).toMatchObject({ code: 'comms.unsubscribe_for_contact' });
    const missing = await refusal(chainNotice('refused', [{ ...contact, variables: { product_name: 'Oat drink 1 l', lot_code: 'L2401' } }]));
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'comms.missing_variable', extensions: { variable: 'stores', address: 'x@chain-four.example' } });
    expect(await refusal(chainNotice('refused', [{ ...contact, language: 'de' as 'en' }]))).toMatchObject({ code: 'comms.bad_language' });
    expect(await rowsOf('refused')).toEqual([]);
  });

  it('shows contact messages in GET /api/comms/messages with their recipient and status', async () => {
    await t.db.transaction((tx) => enqueueContactMessages(tx, t.ctx, chainNotice('chain-listed', [
      { address: 'a@chain-five.example', name: 'A', language: 'en', variables },
      { address: 'b@chain-five.example', name: 'B', language: 'sv', variables },
    ])));
    await waitUntilSettled('chain-listed', 2);
    const response = await t.app.inject({ method: 'GET', url: '/api/comms/messages?campaign=chain-listed', headers: { cookie: operator } });
    expect(response.statusCode).toBe(200);
    const list = response.json();
    expect(list.total).toBe(2);
    expect(list.items.map((m: Record<string, unknown>) => [m.recipient, m.language, m.status, m.customer_id, m.channel, m.reason, m.resource_type, m.resource_id])).toEqual([
      ['b@chain-five.example', 'sv', 'sent', null, 'email', 'recall.chain_notice', 'recall', '42'],
      ['a@chain-five.example', 'en', 'sent', null, 'email', 'recall.chain_notice', 'recall', '42'],
    ]);
  });

  it('keeps the one-recipient rule in the table: a queued message names exactly one customer, contact or endpoint', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Both', email: 'both@example.com' }]);
    const insert = (key: string, customer: number | null, contact: string | null) => t.db.query(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, contact_address, contact_language, campaign, reason, status, next_attempt_at, created_at)
       VALUES ($1, 'email', $2, $3, 'en', 'rule', 'x', 'queued', now(), now())`, [key, customer, contact]);
    await expect(insert('rule-none', null, null)).rejects.toThrow(/comms_messages_one_recipient/);
    await expect(insert('rule-both', customerId!, 'both@example.com')).rejects.toThrow(/comms_messages_one_recipient/);
    await expect(t.db.query(
      `INSERT INTO comms_messages (idempotency_key, channel, contact_address, contact_language, campaign, reason, status, next_attempt_at, created_at)
       VALUES ('rule-sms', 'sms', '+4670', 'en', 'rule', 'x', 'queued', now(), now())`)).rejects.toThrow(/comms_messages_contact_by_email/);
  });
});
