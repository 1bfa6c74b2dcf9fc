import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';

describe('the embedded mailbox (no SMTP_URL)', () => {
  let t: TestApp;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off', COMMS_SEND_LEASE_SECONDS: '4' });
    viewer = await t.login(['viewer']);
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

    const list = (await t.app.inject({ method: 'GET', url: '/api/mailbox?to=olena@example.ua', headers: { cookie: viewer } })).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ to: ['olena@example.ua'], subject: 'Новина: Привіт', deliveries: 1 });
    const message = (await t.app.inject({ method: 'GET', url: `/api/mailbox/${list.items[0].id}`, headers: { cookie: viewer } })).json();
    expect(message).toMatchObject({ subject: 'Новина: Привіт', language: 'uk', to: 'olena@example.ua' });
    expect(message.html).toContain('<p>Текст &amp; більше</p>');
    expect(message.html).toContain('Відписатися від цих листів');
    expect(message.text).toContain('Текст & більше');
    expect(message.headers.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(['list-unsubscribe', 'message-id', 'content-language']));
    expect((await t.app.inject({ method: 'GET', url: '/api/mailbox/999999', headers: { cookie: viewer } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/mailbox' })).statusCode).toBe(401);
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
