import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from '../outbox/enqueue.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';
import { startSmsGatewayPeer, type SmsGatewayPeer } from '../testing/sms-gateway-peer.ts';

const GATEWAY_TOKEN = 'gateway-credential-for-tests';
const CALLBACK_TOKEN = 'callback-credential-for-tests';

describe('SMS through an HTTP gateway speaking the documented format', () => {
  let t: TestApp;
  let gateway: SmsGatewayPeer;

  beforeAll(async () => {
    gateway = await startSmsGatewayPeer({ token: GATEWAY_TOKEN });
    t = await startTestApp({
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: GATEWAY_TOKEN,
      SMS_CALLBACK_TOKEN: CALLBACK_TOKEN,
      SMS_SENDERS: 'ACME,+46700000001',
      COMMS_SMS_RATE_PER_SECOND: '50',
      COMMS_QUIET_HOURS: 'off',
      COMMS_RETRY_BASE_SECONDS: '1',
      PUBLIC_URL: 'https://rebound.example',
    });
    await saveTemplate(t.db, 'delay.update', 'en', { sms_text: 'Hi {{customer.name}}, order {{order_number}} now arrives {{new_eta}}.' }, 'test');
    await saveTemplate(t.db, 'delay.update', 'ru', { sms_text: 'Здравствуйте, {{customer.name}}! Заказ {{order_number}} прибудет {{new_eta}}.' }, 'test');
  });
  afterAll(async () => {
    await t.close();
    await gateway.close();
  });

  const send = async (customerId: number, campaign: string) =>
    (await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, {
      customerId, templateKey: 'delay.update', channels: 'sms', campaign, reason: 'delay.update',
      variables: { order_number: 'A-1', new_eta: '2026-01-20', tracking_url: 'https://x.example/t' },
    })))[0]!;
  const row = (id: number) => t.db.query<{ status: string; status_reason: string | null; provider_id: string | null; delivered_at: Date | null }>(
    'SELECT status, status_reason, provider_id, delivered_at FROM comms_messages WHERE id = $1', [id]).then((r) => r[0]!);

  it('posts each message with reference, sender from the pool, text in the customer\'s language and the callback URL', async () => {
    const [ivan, anna] = await createCustomers(t.db, [
      { name: 'Иван', phone: '+79161234567', language: 'ru', consents: { sms: true } },
      { name: 'Anna', phone: '+46701234567', language: 'sv', consents: { sms: true } },
    ]);
    const first = await send(ivan!, 'delay-1');
    const second = await send(anna!, 'delay-1');
    await eventually(async () => (await row(second.messageId!)).status === 'sent' && (await row(first.messageId!)).status === 'sent');
    const ru = gateway.sent.find((m) => m.to === '+79161234567')!;
    expect(ru).toMatchObject({ reference: `sms:${ivan}:delay-1`, text: 'Здравствуйте, Иван! Заказ A-1 прибудет 2026-01-20.', callbackUrl: 'https://rebound.example/api/comms/sms/delivery-reports' });
    // Swedish has no SMS text: English.
    expect(gateway.sent.find((m) => m.to === '+46701234567')!.text).toBe('Hi Anna, order A-1 now arrives 2026-01-20.');
    expect(new Set(gateway.sent.map((m) => m.from))).toEqual(new Set(['ACME', '+46700000001']));
    expect((await row(first.messageId!)).provider_id).toBe(ru.id);
  });

  it('marks a message delivered from an authenticated delivery report; refuses reports without the credential', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Report', phone: '+46709999999', consents: { sms: true } }]);
    const message = await send(customerId!, 'delay-2');
    await eventually(async () => (await row(message.messageId!)).status === 'sent');
    const reference = `sms:${customerId}:delay-2`;
    const post = (url: string, init: RequestInit) =>
      t.app.inject({ method: 'POST', url: new URL(url).pathname, headers: init.headers as Record<string, string>, payload: init.body as string })
        .then((r) => new Response(r.body, { status: r.statusCode }));
    const refused = await gateway.report(reference, 'delivered', 'wrong-token', post);
    expect(refused.status).toBe(401);
    expect((await row(message.messageId!)).status).toBe('sent');
    const accepted = await gateway.report(reference, 'delivered', CALLBACK_TOKEN, post);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ updated: 1 });
    const delivered = await row(message.messageId!);
    expect(delivered.status).toBe('delivered');
    expect(delivered.delivered_at).toBeInstanceOf(Date);
    const bad = await t.app.inject({ method: 'POST', url: '/api/comms/sms/delivery-reports', headers: { authorization: `Bearer ${CALLBACK_TOKEN}` }, payload: { reference: 'x', status: 'lost-in-space' } });
    expect(bad.statusCode).toBe(400);
  });

  it('retries a gateway outage with backoff and bounces an invalid number as a dead letter', async () => {
    const [ok, invalid] = await createCustomers(t.db, [
      { name: 'Outage', phone: '+46708888888', consents: { sms: true } },
      { name: 'Invalid', phone: '12345', consents: { sms: true } },
    ]);
    gateway.failNext(1);
    const retried = await send(ok!, 'delay-3');
    await eventually(async () => (await row(retried.messageId!)).status_reason?.includes('503') && (await row(retried.messageId!)).status === 'queued');
    t.clock.advance(5_000);
    await eventually(async () => (await row(retried.messageId!)).status === 'sent');
    expect(gateway.sent.filter((m) => m.to === '+46708888888')).toHaveLength(1);

    const bounced = await send(invalid!, 'delay-3');
    await eventually(async () => (await row(bounced.messageId!)).status === 'bounced');
    expect((await row(bounced.messageId!)).status_reason).toBe('gateway refused: HTTP 422: invalid number 12345');
  });
});
