import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';

describe('the embedded mailbox (no SMTP_URL)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off', COMMS_SEND_LEASE_SECONDS: '4' });
    admin = await t.login(['admin']);
    await saveTemplate(t.db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_html: '<h1>{{headline}}</h1><p>{{body}}</p>' }, 'test');
    await saveTemplate(t.db, 'generic.notice', 'uk', { email_subject: 'Новина: {{headline}}', email_html: '<h1>{{headline}}</h1><p>{{body}}</p>' }, 'test');
  });
  afterAll(async () => t.close());

  const notice = (customerId: number, campaign: string) => ({
    customerId, templateKey: 'generic.notice', channels: 'email' as const, campaign, reason: 'notice', variables: { headline: 'Привіт', body: 'Текст & більше' },
  });

  it('keeps what the loopback SMTP server received and shows it through the API: headers, HTML, text', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Олена', email: 'olena@example.ua', language: 'uk', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, notice(customerId!, 'mailbox-1')));
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued!.messageId, 'sent'])).length > 0);

    const list = (await t.app.inject({ method: 'GET', url: '/api/mailbox?to=olena@example.ua', headers: { cookie: admin } })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ to: ['olena@example.ua'], subject: 'Новина: Привіт', deliveries: 1 });
    const message = (await t.app.inject({ method: 'GET', url: `/api/mailbox/${list.items[0].id}`, headers: { cookie: admin } })).json();
    expect(message).toMatchObject({ subject: 'Новина: Привіт', language: 'uk', to: 'olena@example.ua' });
    expect(message.html).toContain('<p>Текст &amp; більше</p>');
    expect(message.html).toContain('Відписатися від цих листів');
    expect(message.text).toContain('Текст & більше');
    expect(message.headers.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(['list-unsubscribe', 'message-id', 'content-language']));
    expect((await t.app.inject({ method: 'GET', url: '/api/mailbox/999999', headers: { cookie: admin } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/mailbox' })).statusCode).toBe(401);
  });

  it('shows mail without its tracking, so an operator reading it and following its link counts as neither opened nor clicked; the recipient still does', async () => {
    await saveTemplate(t.db, 'generic.notice', 'sv', { email_subject: '{{headline}}', email_html: '<p>{{body}}</p><p><a href="https://shop.example/recall?lot=A&amp;x=1">Läs mer</a></p>' }, 'test');
    const [customerId] = await createCustomers(t.db, [{ name: 'Åsa', email: 'asa.track@example.se', language: 'sv', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, notice(customerId!, 'mailbox-tracking')));
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued!.messageId, 'sent'])).length > 0);
    const engagement = async () => (await t.db.query<{ status: string; opened_at: Date | null; clicked_at: Date | null }>('SELECT status, opened_at, clicked_at FROM comms_messages WHERE id = $1', [queued!.messageId]))[0]!;

    // What the recipient got carries the pixel and the tracked link…
    const [stored] = await t.db.query<{ id: number; raw: string }>(`SELECT id, raw FROM comms_mailbox WHERE 'asa.track@example.se' = ANY(envelope_to)`);
    const raw = (await simpleParser(stored!.raw)).html as string;
    const pixelPath = /src="https?:\/\/[^/"]+(\/comms\/open\?t=[^"]+)"/.exec(raw)![1]!;
    const clickPath = /href="https?:\/\/[^/"]+(\/comms\/click\?t=[^"]+)"/.exec(raw)![1]!.replace(/&amp;/g, '&');

    // …the operator's view has neither: the link goes straight to the shop.
    const shown = (await t.app.inject({ method: 'GET', url: `/api/mailbox/${stored!.id}`, headers: { cookie: admin } })).json();
    expect(shown.html).not.toContain('/comms/open');
    expect(shown.html).not.toContain('/comms/click');
    expect(shown.html).toContain('<a href="https://shop.example/recall?lot=A&amp;x=1">Läs mer</a>');
    expect(shown.html).toContain('/comms/unsubscribe?t=');
    expect(await engagement()).toMatchObject({ status: 'sent', opened_at: null, clicked_at: null });

    // A tracked URL fetched with a console session (the same browser) is not counted either.
    expect((await t.app.inject({ method: 'GET', url: pixelPath, headers: { cookie: admin } })).headers['content-type']).toBe('image/gif');
    const operatorClick = await t.app.inject({ method: 'GET', url: clickPath, headers: { cookie: admin } });
    expect(operatorClick.statusCode).toBe(302);
    expect(operatorClick.headers.location).toBe('https://shop.example/recall?lot=A&x=1');
    expect(await engagement()).toMatchObject({ status: 'sent', opened_at: null, clicked_at: null });

    // The recipient opening the mail and following the link is.
    await t.app.inject({ method: 'GET', url: pixelPath });
    expect(await engagement()).toMatchObject({ status: 'opened', opened_at: expect.any(Date), clicked_at: null });
    const click = await t.app.inject({ method: 'GET', url: clickPath });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example/recall?lot=A&x=1');
    expect(await engagement()).toMatchObject({ status: 'clicked', clicked_at: expect.any(Date) });
  });

  it('settles an attempt interrupted after the server accepted it by asking the mailbox, without sending again', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Accepted', email: 'accepted@example.com', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, notice(customerId!, 'mailbox-2')));
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued!.messageId, 'sent'])).length > 0);
    // The crash window: the server has the message, the row still says 'sending'.
    await t.db.query(`UPDATE comms_messages SET status = 'sending', sent_at = NULL, attempt_id = gen_random_uuid(), lease_until = $2 WHERE id = $1`,
      [queued!.messageId, new Date(t.clock.now().getTime() - 1000)]);
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued!.messageId, 'sent'])).length > 0);
    const [row] = await t.db.query<{ interrupted_attempts: number }>('SELECT interrupted_attempts FROM comms_messages WHERE id = $1', [queued!.messageId]);
    expect(row!.interrupted_attempts).toBe(0);
    expect((await t.db.query<{ deliveries: number }>(`SELECT deliveries FROM comms_mailbox WHERE 'accepted@example.com' = ANY(envelope_to)`))).toEqual([{ deliveries: 1 }]);
  });

  it('sends an attempt interrupted before the server took it again, with the same Message-ID', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Interrupted', email: 'interrupted@example.com', consents: { email: true } }]);
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, { ...notice(customerId!, 'mailbox-3'), notBefore: new Date(t.clock.now().getTime() + 3600_000) }));
    const messageId = `<${queued!.messageId}.interrupted@acme.example>`;
    await t.db.query(`UPDATE comms_messages SET status = 'sending', attempts = 1, message_id = $2, attempt_id = gen_random_uuid(), lease_until = $3 WHERE id = $1`,
      [queued!.messageId, messageId, new Date(t.clock.now().getTime() - 1000)]);
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [queued!.messageId, 'sent'])).length > 0);
    const [row] = await t.db.query<{ interrupted_attempts: number; attempts: number }>('SELECT interrupted_attempts, attempts FROM comms_messages WHERE id = $1', [queued!.messageId]);
    expect(row).toEqual({ interrupted_attempts: 1, attempts: 2 });
    expect(await t.db.query('SELECT message_id, deliveries FROM comms_mailbox WHERE message_id = $1', [messageId])).toEqual([{ message_id: messageId, deliveries: 1 }]);
  });
});
