import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { addShipment } from './test/shipments.ts';

describe('every customer with a late order told personally (issue 15.4)', () => {
  let t: TestApp;
  let manager: string;
  const sweep = async () => {
    // A fresh session each time: the test moves the clock past a session's life.
    manager = await t.login(['manager']);
    const response = await t.app.inject({ method: 'POST', url: '/api/delivery/sweep', headers: { cookie: manager } });
    if (response.statusCode !== 200) throw new Error(response.body);
    return response.json();
  };
  const notices = async () => t.db.query<{ customer: string; channel: string; kind: string; variables: Record<string, string> }>(
    `SELECT c.external_id AS customer, m.channel, m.kind, m.variables FROM comms_messages m JOIN customers c ON c.id = m.customer_id
     WHERE m.template_key = 'delivery.delay_notice' ORDER BY m.id`);

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    const customer = (id: string, language: string, email: string | null, phone: string | null) => t.db.query(
      `INSERT INTO customers (external_id, name, email, phone, language, country) VALUES ($1, $1, $2, $3, $4, 'SE')`, [id, email, phone, language]);
    await customer('ANNA', 'sv', 'anna@example.com', null);
    await customer('IVAN', 'ru', 'ivan@example.com', '+46701234567');
    await t.db.query(`INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source) SELECT id, 'email', false, '2026-10-01T00:00:00Z', 'test' FROM customers WHERE external_id = 'IVAN'`);
    await customer('NOBODY', 'en', null, null);
    await customer('DONE', 'en', 'done@example.com', null);
    const late = { carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', country: 'SE' };
    await addShipment(t.db, { external: 'ANNA-1', customer: 'ANNA', ...late, estimatedOn: '2026-11-20' });
    await addShipment(t.db, { external: 'ANNA-2', customer: 'ANNA', ...late });
    await addShipment(t.db, { external: 'IVAN-1', customer: 'IVAN', ...late, estimatedOn: '2026-11-21' });
    await addShipment(t.db, { external: 'NOBODY-1', customer: 'NOBODY', ...late });
    const done = await addShipment(t.db, { external: 'DONE-1', customer: 'DONE', ...late });
    await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = '2026-11-17T12:00:00Z' WHERE id = $1`, [done]);
    await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-17T09:00:00Z', last_scan_at = '2026-11-17T09:00:00Z'`);
  });
  afterAll(async () => t.close());

  it('tells each their own order, status and estimate in their language on a channel they allow; never the delivered; says who cannot be reached', async () => {
    const result = await sweep();
    expect(result.notices).toEqual({ considered: 4, queued: 3, suppressed: 0, unreachable: 1, apologies: 0 });
    // Nobody whose order was delivered before anyone told them of a delay gets an apology either.
    expect(await t.db.query(`SELECT 1 FROM comms_messages WHERE template_key = 'delivery.delivered_apology'`)).toHaveLength(0);
    const sent = await notices();
    expect(sent.map((m) => [m.customer, m.channel, m.kind, m.variables.order?.startsWith(`O-${m.customer}`)])).toEqual([
      ['ANNA', 'email', 'service', true], ['ANNA', 'email', 'service', true], ['IVAN', 'sms', 'service', true],
    ]);
    expect(sent.map((m) => m.variables.tracking_code).slice(0, 2).sort()).toEqual(['T-ANNA-1', 'T-ANNA-2']);
    expect(sent.find((m) => m.variables.tracking_code === 'T-ANNA-1')!.variables).toMatchObject({ status: 'på väg', estimate: '20 november 2026', promised: '16 november 2026', carrier: 'PostNord' });
    expect(sent.find((m) => m.variables.tracking_code === 'T-ANNA-2')!.variables.estimate).toBe('inte angiven av transportören ännu');
    expect(sent[2]!.variables).toMatchObject({ status: 'в пути', estimate: '21 ноября 2026 г.' });
    // Each notice carries its own order's signed tracker link.
    expect(sent.every((m) => /\/track\?t=[\w-]+\.[\w-]+$/.test(m.variables.tracker_url ?? ''))).toBe(true);
    expect(new Set(sent.map((m) => m.variables.tracker_url)).size).toBe(3);
    const delays = (await t.app.inject({ method: 'GET', url: '/api/delivery/delays', headers: { cookie: manager } })).json();
    expect(delays.find((d: { shipment: string }) => d.shipment === 'NOBODY-1')).toMatchObject({ notices: 0, notice_channel: 'none' });
    expect(delays.find((d: { shipment: string }) => d.shipment === 'DONE-1')).toBeUndefined();
  });

  it('updates when the status or estimate changes, at most once per 12 hours; nothing after delivery', async () => {
    expect((await sweep()).notices.queued).toBe(0);
    await t.db.query(`UPDATE shipments SET delivery_status = 'exception', estimated_delivery_on = '2026-11-24' WHERE external_id = 'ANNA-1'`);
    t.clock.advance(2 * 3600_000);
    expect((await sweep()).notices.queued).toBe(0);
    t.clock.advance(11 * 3600_000);
    expect((await sweep()).notices).toMatchObject({ considered: 1, queued: 1 });
    const update = (await notices()).at(-1)!;
    expect(update.variables).toMatchObject({ order: expect.stringMatching(/^O-ANNA-1/), status: 'försenad hos transportören', estimate: '24 november 2026' });

    await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = $1, estimated_delivery_on = '2026-11-25' WHERE external_id = 'ANNA-2'`, [t.clock.now()]);
    t.clock.advance(13 * 3600_000);
    const before = (await notices()).length;
    const delivered = await sweep();
    expect(delivered.notices).toMatchObject({ queued: 0, apologies: 1 });
    expect(await notices()).toHaveLength(before);
  });

  it('on delivery, tells those who were told of the delay: an apology with the CSAT survey, once', async () => {
    const apologies = await t.db.query<{ customer: string; channel: string; kind: string; variables: Record<string, string> }>(
      `SELECT c.external_id AS customer, m.channel, m.kind, m.variables FROM comms_messages m JOIN customers c ON c.id = m.customer_id
       WHERE m.template_key = 'delivery.delivered_apology' ORDER BY m.id`);
    expect(apologies.map((m) => [m.customer, m.channel, m.kind])).toEqual([['ANNA', 'email', 'service']]);
    expect(apologies[0]!.variables.order).toMatch(/^O-ANNA-2/);
    expect(apologies[0]!.variables.survey_url).toMatch(/\/surveys\/respond\?t=/);
    const [invitation] = await t.db.query<{ survey_key: string; case_type: string; case_reference: string }>(
      `SELECT survey_key, case_type, case_reference FROM survey_invitations WHERE case_id LIKE 'delivery:shipment:%'`);
    expect(invitation).toMatchObject({ survey_key: 'delivery-csat', case_type: 'delivery' });
    // The survey link opens the delivery survey in Anna's language.
    const page = await t.app.inject({ method: 'GET', url: new URL(apologies[0]!.variables.survey_url!).pathname + new URL(apologies[0]!.variables.survey_url!).search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hur gick leveransen?');
    // Delivered late after a delay nobody was told of (DONE-1, NOBODY-1 unreachable): no apology now either.
    await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = $1 WHERE external_id IN ('NOBODY-1', 'ANNA-1')`, [t.clock.now()]);
    t.clock.advance(3600_000);
    expect((await sweep()).notices.apologies).toBe(1);
    t.clock.advance(3600_000);
    expect((await sweep()).notices.apologies).toBe(0);
    const all = await t.db.query<{ customer: string }>(`SELECT c.external_id AS customer FROM comms_messages m JOIN customers c ON c.id = m.customer_id WHERE m.template_key = 'delivery.delivered_apology' ORDER BY m.id`);
    expect(all.map((m) => m.customer)).toEqual(['ANNA', 'ANNA']);
  });
});
