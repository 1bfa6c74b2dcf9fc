import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { fireDueTimers } from '../../engine/index.ts';
import { seedDemoData } from '../../data/demo-seed.ts';
import { systemActor } from '../../platform/audit/audit.ts';

describe('activating a recall runs processes/recall.bpmn end to end', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string };
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    [target] = (await t.db.query<{ gtin: string; lot_code: string }>(
      `SELECT p.gtin, l.lot_code FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE o.customer_id IS NOT NULL GROUP BY p.gtin, l.lot_code ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [{ gtin: string; lot_code: string }];
    recall = (await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: {
        title: 'Kefir lot recall', classification: 'I', reason: 'Listeria monocytogenes in a retained sample',
        instructions: { en: 'Do not drink it. Return it to any store for your compensation.', ru: 'Не пейте его. Верните в любой магазин.', uk: 'Не пийте його. Поверніть у будь-який магазин.', sv: 'Drick den inte. Lämna tillbaka den i valfri butik.' },
        scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
      },
    })).json();
  });
  afterAll(async () => t.close());

  it('blocks the lots and starts the process in one step', async () => {
    const response = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ reference: recall.reference, blocked: { lots: 1, serials: 0 } });
    const [row] = await t.db.query<{ status: string; all_lots_blocked_at: Date | null }>('SELECT status, all_lots_blocked_at FROM recalls WHERE id = $1', [recall.id]);
    expect(row).toMatchObject({ status: 'active', all_lots_blocked_at: expect.any(Date) });
    const again = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } });
    expect(again.statusCode).toBe(409);
  });

  it("publishes the recall for consumers, checks their product and resolves a pack's Digital Link, without signing in", async () => {
    const page = await t.app.inject({ method: 'GET', url: `/api/public/recalls/${recall.reference}?lang=ru` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      reference: recall.reference, classification: 'I', language: 'ru', instructions: 'Не пейте его. Верните в любой магазин.',
      products: [{ gtin: target.gtin, lots: [{ lot_code: target.lot_code }] }],
    });
    const check = (query: string) => t.app.inject({ method: 'GET', url: `/api/public/check?${query}` });
    expect((await check(`code=${encodeURIComponent(`(01)${target.gtin}(10)${target.lot_code}`)}`)).json()).toMatchObject({ status: 'recalled', recall: { reference: recall.reference } });
    expect((await check(`gtin=${target.gtin}&lot=ANOTHER-LOT`)).json()).toMatchObject({ status: 'not_found' });
    expect((await check(`code=${encodeURIComponent('(01)12345')}`)).statusCode).toBe(400);
    const link = await t.app.inject({ method: 'GET', url: `/01/${target.gtin}/10/${encodeURIComponent(target.lot_code)}?lang=uk` });
    expect(link.statusCode).toBe(302);
    expect(link.headers.location).toBe(`/p/check?gtin=${target.gtin}&lot=${encodeURIComponent(target.lot_code)}&lang=uk`);
    const draft = (await t.app.inject({ method: 'POST', url: '/api/recalls', headers: { cookie }, payload: { title: 'Not yet public', classification: 'III', reason: 'draft only', scope: [{ gtin: target.gtin, all_lots: true }] } })).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/public/recalls/${draft.reference}` })).statusCode).toBe(404);
  });

  it('answers visitors from the recall in their language, and hands what it cannot answer to a person as a complaint case', async () => {
    const ask = (question: string, lang: string) => t.app.inject({ method: 'POST', url: `/api/public/recalls/${recall.reference}/ask`, payload: { question, lang } });
    expect((await ask('куда вернуть товар?', 'ru')).json()).toMatchObject({ answered: true, answer: 'Не пейте его. Верните в любой магазин.' });
    expect((await ask('чи повернуть мені гроші?', 'uk')).json()).toMatchObject({ answered: true, answer: expect.stringContaining('компенсацію') });
    expect((await ask('why is it recalled?', 'en')).json()).toMatchObject({ answered: true, answer: 'Listeria monocytogenes in a retained sample' });
    expect((await ask('what are your opening hours?', 'en')).json()).toEqual({ answered: false, offer_person: true });
    const handover = await t.app.inject({
      method: 'POST', url: `/api/public/recalls/${recall.reference}/handover`,
      payload: { name: 'Olga', email: 'olga@example.org', lang: 'ru', conversation: [{ from: 'visitor', text: 'Мой ребёнок выпил кефир, что делать?' }, { from: 'assistant', text: 'Соединяю с сотрудником.' }] },
    });
    expect(handover.statusCode, handover.body).toBe(201);
    const [opened] = await t.db.query<{ type: string; priority: string; description: string }>('SELECT type, priority, description FROM cases WHERE id = $1', [handover.json().case_id]);
    expect(opened).toMatchObject({ type: 'complaint', priority: 'high', description: expect.stringContaining('Visitor: Мой ребёнок выпил кефир, что делать?') });
    const noContact = await t.app.inject({ method: 'POST', url: `/api/public/recalls/${recall.reference}/handover`, payload: { name: 'Anon', conversation: [{ from: 'visitor', text: 'hello' }] } });
    expect(noContact.statusCode).toBe(400);
  });

  it('decides every offer and puts one personal notice per reachable consumer in the outbox', async () => {
    await settleActions(t);
    const [offers] = await t.db.query<{ n: number }>('SELECT count(DISTINCT customer_id) AS n FROM recall_offers WHERE recall_id = $1', [recall.id]);
    expect(offers!.n).toBeGreaterThan(0);
    const messages = await t.db.query<{ customer_id: number; channel: string; variables: Record<string, string>; status: string }>(
      `SELECT customer_id, channel, variables, status FROM comms_messages WHERE campaign = $1`, [`recall:${recall.reference}`]);
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.customer_id)).size).toBe(messages.length); // one channel per consumer
    const [reachable] = await t.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM recall_offers o JOIN customers c ON c.id = o.customer_id
       LEFT JOIN customer_consents e ON e.customer_id = c.id AND e.channel = 'email' LEFT JOIN customer_consents s ON s.customer_id = c.id AND s.channel = 'sms'
       WHERE o.recall_id = $1 AND ((c.email IS NOT NULL AND e.granted IS NOT FALSE) OR (c.phone IS NOT NULL AND s.granted IS NOT FALSE))`, [recall.id]);
    expect(messages.length).toBe(reachable!.n);
    const sample = messages[0]!;
    expect(sample.variables).toMatchObject({ reference: recall.reference, landing_url: expect.stringContaining(`/p/recall/${recall.reference}?lang=`) });
    expect(sample.variables.offer).toMatch(/\d/);
    // Running the step again (a retry after a crash) queues nothing twice.
    await settleActions(t);
    const [count] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM comms_messages WHERE campaign = $1', [`recall:${recall.reference}`]);
    expect(count!.n).toBe(messages.length);
  });

  it('alerts the managers and agents by e-mail in their language, once each', async () => {
    const staff = await t.db.query<{ email: string }>("SELECT email FROM users WHERE disabled_at IS NULL AND roles && ARRAY['manager', 'agent']");
    const alerts = await t.db.query<{ contact_address: string; template_key: string }>(
      'SELECT contact_address, template_key FROM comms_messages WHERE campaign = $1', [`recall:${recall.reference}:staff`]);
    expect(alerts.map((a) => a.contact_address).sort()).toEqual(staff.map((s) => s.email.toLowerCase()).sort());
    expect(new Set(alerts.map((a) => a.template_key))).toEqual(new Set(['recall.staff_alert']));
  });

  it('waits for the regulator report and the shelf confirmation, then a manager closes it and the stop-sale lifts', async () => {
    const tasks = (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${recall.reference}&status=open`, headers: { cookie } })).json().items as { id: number; activityId: string }[];
    expect(tasks.map((task) => task.activityId).sort()).toEqual(['confirmRemoval', 'fileReport']);
    const complete = (id: number, data: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/tasks/${id}/complete`, headers: { cookie }, payload: { data } });
    const report = tasks.find((task) => task.activityId === 'fileReport')!;
    const refused = await complete(report.id, { filedOn: '2026-11-20' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('regulatorReference');
    expect((await complete(report.id, { regulatorReference: 'F-0123-2026', filedOn: '2026-11-20' })).statusCode).toBe(204);
    expect((await complete(tasks.find((task) => task.activityId === 'confirmRemoval')!.id, { unitsPulled: 120 })).statusCode).toBe(204);
    await settleActions(t);
    const [close] = (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${recall.reference}&status=open`, headers: { cookie } })).json().items as { id: number; activityId: string }[];
    expect(close!.activityId).toBe('closeRecall');
    expect((await complete(close!.id, { summary: 'All lots pulled, consumers compensated.' })).statusCode).toBe(204);
    await settleActions(t);
    const [row] = await t.db.query<{ status: string; active_blocks: number }>(
      `SELECT status, (SELECT count(*) FROM stop_sale_blocks WHERE recall_id = $1 AND released_at IS NULL) AS active_blocks FROM recalls WHERE id = $1`, [recall.id]);
    expect(row).toEqual({ status: 'closed', active_blocks: 0 });
  });

  it('counts returns a store reports once, and shows speed, reach, units, compensation and retention on the dashboard', async () => {
    const store = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'store', scopes: ['recalls:returns'] } })).json().token;
    const [location] = await t.db.query<{ external_id: string }>(
      `SELECT loc.external_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN locations loc ON loc.id = o.location_id
       WHERE l.lot_code = $1 LIMIT 1`, [target.lot_code]);
    const report = (key: string, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/returns`, headers: { authorization: `Bearer ${store}`, 'idempotency-key': key }, payload: body });
    const body = { location: location!.external_id, gtin: target.gtin, lot: target.lot_code, quantity: 3 };
    expect((await report('store-report-0001', body)).json()).toMatchObject({ quantity: 3, replayed: false });
    expect((await report('store-report-0001', body)).json()).toMatchObject({ quantity: 3, replayed: true });
    expect((await report('store-report-0002', { ...body, lot: 'NOT-RECALLED' })).statusCode).toBe(400);

    const dashboard = (await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/dashboard`, headers: { cookie } })).json();
    expect(dashboard.speed.all_lots_blocked_after_ms).toBeGreaterThanOrEqual(0);
    expect(dashboard.units.returned).toBe(3);
    const [offers] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM recall_offers WHERE recall_id = $1', [recall.id]);
    expect(dashboard.compensation.offers).toBe(offers!.n);
    expect(dashboard.compensation.by_currency.every((c: { estimated_minor: number | null }) => c.estimated_minor !== null)).toBe(true);
    const [queued] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM comms_messages WHERE campaign = $1', [`recall:${recall.reference}`]);
    const channelTotal = dashboard.reach.by_channel.reduce((n: number, c: { queued: number; sent: number; failed: number; suppressed: number }) => n + c.queued + c.sent + c.failed + c.suppressed, 0);
    expect(channelTotal).toBe(queued!.n);
    const chainConsumers = dashboard.reach.by_chain.reduce((n: number, c: { consumers: number }) => n + c.consumers, 0);
    expect(chainConsumers).toBeGreaterThanOrEqual(offers!.n > 0 ? 1 : 0);
    expect(dashboard.reach.by_chain.some((c: { stores_reported: number }) => c.stores_reported === 1)).toBe(true);
    expect(dashboard.retention.affected).toHaveProperty('regulars');
    expect(dashboard.retention.windows_open).toEqual({ d30: true, d60: true, d90: true });
  });

  it('three days after closing, offers every affected consumer a personal voucher to come back, once', async () => {
    const comeback = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recall_comeback_offers WHERE recall_id = $1`, [recall.id]))[0]!.n;
    expect(await comeback()).toBe(0);
    t.clock.advance(3 * 86_400_000 + 1_000);
    expect(await fireDueTimers(t.ctx)).toBeGreaterThanOrEqual(1);
    await settleActions(t);
    const [consumers] = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT o.customer_id)::int AS n FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id
       JOIN products p ON p.id = l.product_id WHERE p.gtin = $1 AND l.lot_code = $2 AND o.customer_id IS NOT NULL`, [target.gtin, target.lot_code]);
    expect(await comeback()).toBe(consumers!.n);
    const messages = await t.db.query<{ variables: { offer: string }; status: string }>(
      'SELECT variables, status FROM comms_messages WHERE campaign = $1', [`recall:${recall.reference}:comeback`]);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.test(m.variables.offer))).toBe(true);
    const [instance] = await t.db.query<{ status: string }>(`SELECT status FROM engine_instances WHERE business_key = $1 AND process_id = 'recall'`, [recall.reference]);
    expect(instance!.status).toBe('completed');
  });
});
