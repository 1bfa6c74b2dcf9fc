import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { createCustomers, eventually } from '../comms/testing/fixtures.ts';

interface Task {
  id: number;
  activityId: string;
}

/**
 * Issue 11, acceptance 3: a reply to a complaint reaches the person who complained. It is a
 * service message (docs/decisions/017): no marketing consent needed; when no channel is left
 * the agent is told before the task completes, and the report counts replies sent.
 */
describe('replies to a complaint', () => {
  let t: TestApp;
  let agent: string;
  let admin: string;
  const tasks = async (reference: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${reference}&status=open`, headers: { cookie: agent } })).json().items as Task[];
  const complete = (id: number, data: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/tasks/${id}/complete`, headers: { cookie: agent }, payload: { data } });
  const register = async (customerId: number, essence: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: agent }, payload: { channel: 'email', category: 'delivery', essence, customer_id: customerId } });
    expect(response.statusCode, response.body).toBe(201);
    await settleActions(t);
    return response.json() as { id: number; reference: string; case_id: number };
  };
  const comments = async (caseId: number) =>
    ((await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/comments`, headers: { cookie: agent } })).json() as { body: string }[]).map((c) => c.body);
  const report = async () => (await t.app.inject({ method: 'GET', url: '/api/complaints/report?period=week', headers: { cookie: agent } })).json().sla;

  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off' }); // replies leave at once, whatever the hour
    agent = await t.login(['agent']);
    admin = await t.login(['admin']); // the demo mailbox is the administrators' (decision 018)
  });
  afterAll(async () => t.close());

  it('sends the reply to a customer who never gave marketing consent as a service e-mail, and it arrives in the mailbox over SMTP', async () => {
    const [neverAsked, declined] = await createCustomers(t.db, [
      { name: 'Nora Never-Asked', email: 'nora@example.org' },
      { name: 'Dan Declined', email: 'dan@example.org', consents: { email: false } },
    ]);
    for (const [customerId, address] of [[neverAsked!, 'nora@example.org'], [declined!, 'dan@example.org']] as const) {
      const complaint = await register(customerId, 'The parcel came three days late and the box was wet.');
      const detail = (await t.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: { cookie: agent } })).json();
      expect(detail.reply_route).toMatchObject({ channel: 'email', address, blocked: [] });
      const [task] = await tasks(complaint.reference);
      const reply = `We are sorry, ${address}: the courier has been told, and a refund of the delivery fee is on its way.`;
      expect((await complete(task!.id, { reply, departments: [] })).statusCode).toBe(204);
      await settleActions(t);

      const [message] = await t.db.query<{ kind: string; channel: string; status: string }>(
        'SELECT kind, channel, status FROM comms_messages WHERE campaign = $1', [`complaint:${complaint.reference}:first_response`]);
      expect(message).toMatchObject({ kind: 'service', channel: 'email' });
      const mail = await eventually(async () => {
        const list = (await t.app.inject({ method: 'GET', url: `/api/mailbox?to=${address}`, headers: { cookie: admin } })).json();
        return list.total > 0 ? list.items[0] : undefined;
      }, 20_000, `the reply in the mailbox of ${address}`);
      expect(mail.subject).toBe(`Your complaint ${complaint.reference}`);
      const body = (await t.app.inject({ method: 'GET', url: `/api/mailbox/${mail.id}`, headers: { cookie: admin } })).json();
      expect(body.text).toContain(reply);
      expect((await comments(complaint.case_id)).join('\n')).toContain(`First reply sent to the customer by e-mail (${address})`);
    }
    expect(await report()).toMatchObject({ first_reply_sent: 2, first_reply_not_sent: 0 });
  });

  it('tells the agent before completing that a reply cannot reach a customer with no address, and takes a phone call instead', async () => {
    const [unreachable] = await createCustomers(t.db, [{ name: 'Otto Offline', phone: '+46701234567', consents: { sms: true } }]);
    // The phone number is on file but SMS to it bounced before: no channel is left for a message.
    await t.db.query(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, campaign, reason, status, recipient, next_attempt_at, created_at, failed_at)
       VALUES ($1, 'sms', $2, 'complaint.reply', 'earlier', 'test', 'bounced', '+46701234567', now(), now(), now())`, [`sms:${unreachable}:earlier`, unreachable]);
    const complaint = await register(unreachable!, 'The store refused to take back a broken kettle.');
    const detail = (await t.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: { cookie: agent } })).json();
    expect(detail.reply_route).toMatchObject({
      channel: null, phone: '+46701234567',
      blocked: [{ channel: 'email', reason: 'no_address' }, { channel: 'sms', reason: 'address_bounced' }],
    });

    const [task] = await tasks(complaint.reference);
    const refused = await complete(task!.id, { reply: 'We will take the kettle back at any store.', departments: [] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      type: '/problems/complaints.reply_cannot_be_sent',
      errors: [{ field: 'data.replyBy' }],
      phone: '+46701234567',
    });
    expect(refused.json().detail).toContain('call the customer at +46701234567 or send a letter');
    expect((await tasks(complaint.reference)).map((open) => open.id)).toContain(task!.id); // still open: nothing completed

    expect((await complete(task!.id, { reply: 'We will take the kettle back at any store.', replyBy: 'call', departments: [] })).statusCode).toBe(204);
    await settleActions(t);
    expect(await t.db.query('SELECT 1 FROM comms_messages WHERE campaign LIKE $1', [`complaint:${complaint.reference}:%`])).toEqual([]);
    expect((await comments(complaint.case_id)).join('\n')).toContain('First reply given to the customer by phone call:');
    // A call reached the customer: it counts for the SLA, but not as a reply sent.
    expect(await report()).toMatchObject({ first_reply_sent: 2, first_reply_by_call_or_letter: 1, first_reply_not_sent: 0 });
  });

  it('counts a reply that bounced as not sent, and refuses the next message to that address before the resolution completes', async () => {
    const [bouncing] = await createCustomers(t.db, [{ name: 'Bo Bounce', email: 'bo@example.org' }]);
    const complaint = await register(bouncing!, 'The voucher code from the last complaint does not work.');
    const [first] = await tasks(complaint.reference);
    expect((await complete(first!.id, { reply: 'Sorry about that: here is how to use the voucher.', departments: [] })).statusCode).toBe(204);
    await settleActions(t);
    const [sent] = await eventually(async () => {
      const rows = await t.db.query<{ id: number }>(`SELECT id FROM comms_messages WHERE campaign = $1 AND status = 'sent'`, [`complaint:${complaint.reference}:first_response`]);
      return rows.length ? rows : undefined;
    });
    // The mail server reports the address unknown a while after accepting the message.
    await t.db.query(`UPDATE comms_messages SET status = 'bounced', status_reason = '550 no such user', failed_at = sent_at WHERE id = $1`, [sent!.id]);
    expect(await report()).toMatchObject({ first_reply_sent: 2, first_reply_not_sent: 1 });

    const [resolve] = await tasks(complaint.reference);
    expect(resolve!.activityId).toBe('resolve');
    const refused = await complete(resolve!.id, { founded: 'yes', resolution: 'A new voucher is on its way by post.' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'data.resolutionBy' }], blocked: [{ channel: 'email', reason: 'address_bounced' }, { channel: 'sms', reason: 'no_address' }] });
    expect((await complete(resolve!.id, { founded: 'yes', resolution: 'A new voucher is on its way by post.', resolutionBy: 'letter' })).statusCode).toBe(204);
    await settleActions(t);
    expect((await comments(complaint.case_id)).join('\n')).toContain('Resolution given to the customer by letter:');
  });

  it('refuses a reply way the form does not offer', async () => {
    const [customer] = await createCustomers(t.db, [{ name: 'Pat Pigeon', email: 'pat@example.org' }]);
    const complaint = await register(customer!, 'The shop assistant was rude to me on Saturday.');
    const [task] = await tasks(complaint.reference);
    const refused = await complete(task!.id, { reply: 'We are sorry and have spoken to the store.', replyBy: 'pigeon', departments: [] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toContain('replyBy');
  });
});
