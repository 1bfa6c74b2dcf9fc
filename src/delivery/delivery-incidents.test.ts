import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { carriersTripped } from './incidents/incident-tripwire.ts';
import { addShipment } from './test/shipments.ts';

describe('delivery incidents (issue 15.3): grouped by cause, opened by a tripping rate or by hand', () => {
  let t: TestApp;
  let manager: string;
  let agent: string;
  const sweep = () => t.app.inject({ method: 'POST', url: '/api/delivery/sweep', headers: { cookie: manager } });
  const incidents = async () => (await t.app.inject({ method: 'GET', url: '/api/delivery/incidents', headers: { cookie: agent } })).json();

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager']);
    agent = await t.login(['agent']);
    // The clock: Wednesday 18 November 2026, 11:00 UTC.
    // SlowPost: usually 2 late in 40; yesterday 12 of its 20 promised orders are not delivered.
    for (let i = 0; i < 40; i++) {
      const id = await addShipment(t.db, { external: `SLOW-OLD-${i}`, carrier: 'SlowPost', shippedAt: '2026-11-02T09:00:00Z', promisedOn: '2026-11-05', country: 'SE', customer: `C-SLOW-OLD-${i % 10}` });
      await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = $2 WHERE id = $1`, [id, i < 2 ? '2026-11-09T12:00:00Z' : '2026-11-05T12:00:00Z']);
      if (i < 2) {
        await t.db.query(`INSERT INTO delivery_delays (shipment_id, rule, cause_tag, days_late, calendar, detected_at, updated_at, resolved_at)
                          VALUES ($1, 'past_promise', 'past_promise', 2, 'SE', '2026-11-06T00:00:00Z', '2026-11-06T00:00:00Z', '2026-11-09T12:00:00Z')`, [id]);
      }
    }
    for (let i = 0; i < 20; i++) {
      const id = await addShipment(t.db, { external: `SLOW-${i}`, carrier: 'SlowPost', shippedAt: '2026-11-13T09:00:00Z', promisedOn: '2026-11-17', country: 'SE', warehouse: i < 3 ? 'WH-NORTH' : 'WH-SOUTH' });
      if (i >= 12) await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = '2026-11-17T10:00:00Z' WHERE id = $1`, [id]);
      else await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-17T06:00:00Z', last_scan_at = '2026-11-17T06:00:00Z' WHERE id = $1`, [id]);
    }
    // FastPost: 1 of 20 late yesterday, below the 10 % floor.
    for (let i = 0; i < 20; i++) {
      const id = await addShipment(t.db, { external: `FAST-${i}`, carrier: 'FastPost', shippedAt: '2026-11-13T09:00:00Z', promisedOn: '2026-11-17', country: 'SE', warehouse: i === 0 ? 'WH-NORTH' : 'WH-SOUTH' });
      if (i > 0) await t.db.query(`UPDATE shipments SET status = 'delivered', delivery_status = 'delivered', delivered_at = '2026-11-16T10:00:00Z' WHERE id = $1`, [id]);
      else await t.db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-17T06:00:00Z', last_scan_at = '2026-11-17T06:00:00Z' WHERE id = $1`, [id]);
    }
  });
  afterAll(async () => t.close());

  it('opens an incident for the carrier whose late share trips against its usual share, not for the one within its usual', async () => {
    const response = await sweep();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ newly_late: 13, late: 13 });
    expect(response.json().incidents_opened).toHaveLength(1);
    const [incident] = await incidents();
    expect(incident).toMatchObject({
      cause_kind: 'carrier', cause_value: 'slowpost', status: 'open', opened_by: 'rate', delayed_orders: 12, open_delays: 12,
      trip: { carrier: 'slowpost', window_hours: 24, window_shipments: 20, window_late: 12, window_late_share: 0.6, baseline_shipments: 40, baseline_late_share: 0.05, ratio: 2 },
    });
    expect(incident.title).toBe('Late deliveries: slowpost 60 % late in 24 h (usually 5 %)');
    // FastPost's one late order waits for an incident of its cause; the same rate does not open a second SlowPost incident.
    expect((await carriersTripped(t.db, t.clock.now())).map((trip) => trip.carrier)).toEqual([]);
    expect((await sweep()).json()).toMatchObject({ newly_late: 0, incidents_opened: [] });
  });

  it('starts processes/delivery-incident.bpmn: a task for each role at once, then the post-incident review closes it', async () => {
    const [incident] = await incidents();
    const tasks = await t.db.query<{ activity_id: string; candidate_roles: string[] }>(
      `SELECT activity_id, candidate_roles FROM engine_tasks WHERE instance_id = $1 AND status = 'open' ORDER BY activity_id`, [incident.process_instance_id]);
    expect(tasks).toEqual([
      { activity_id: 'capacityAndRerouting', candidate_roles: ['manager'] },
      { activity_id: 'communicateAndCompensate', candidate_roles: ['agent', 'manager'] },
      { activity_id: 'fixOrRollBack', candidate_roles: ['admin'] },
      { activity_id: 'publicStatementAndBudget', candidate_roles: ['manager'] },
    ]);
  });

  it('closes the incident when every role has done its part and the post-incident review is done', async () => {
    const [incident] = await incidents();
    const admin = await t.login(['admin', 'manager', 'agent']);
    const work = async (activity: string, data: Record<string, unknown> = {}) => {
      const [task] = await t.db.query<{ id: number }>(`SELECT id FROM engine_tasks WHERE instance_id = $1 AND activity_id = $2 AND status = 'open'`, [incident.process_instance_id, activity]);
      expect(task, activity).toBeDefined();
      expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/claim`, headers: { cookie: admin } })).statusCode).toBe(204);
      const done = await t.app.inject({ method: 'POST', url: `/api/tasks/${task!.id}/complete`, headers: { cookie: admin }, payload: { data } });
      expect(done.statusCode, done.body).toBe(204);
    };
    for (const activity of ['fixOrRollBack', 'capacityAndRerouting', 'communicateAndCompensate']) await work(activity);
    expect(await t.db.query(`SELECT 1 FROM engine_tasks WHERE instance_id = $1 AND activity_id = 'postIncidentReview'`, [incident.process_instance_id])).toHaveLength(0);
    // Management's approval names the budget it approves against, and it is recorded on the incident.
    const [approval] = await t.db.query<{ id: number }>(`SELECT id FROM engine_tasks WHERE instance_id = $1 AND activity_id = 'publicStatementAndBudget' AND status = 'open'`, [incident.process_instance_id]);
    expect((await t.app.inject({ method: 'POST', url: `/api/tasks/${approval!.id}/claim`, headers: { cookie: admin } })).statusCode).toBe(204);
    const unknown = await t.app.inject({ method: 'POST', url: `/api/tasks/${approval!.id}/complete`, headers: { cookie: admin }, payload: { data: { budgetKeys: 'no-such-budget' } } });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'budgetKeys', message: 'no budget "no-such-budget"' }]);
    for (const [key, currency] of [['slow-eur', 'EUR'], ['slow-sek', 'SEK']]) {
      const saved = await t.app.inject({ method: 'PUT', url: `/api/compensation/budgets/${key}`, headers: { cookie: admin }, payload: { name: key, currency, limit_minor: 100_000 } });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const approved = await t.app.inject({ method: 'POST', url: `/api/tasks/${approval!.id}/complete`, headers: { cookie: admin }, payload: { data: { budgetKeys: 'slow-eur, slow-sek' } } });
    expect(approved.statusCode, approved.body).toBe(204);
    expect(await t.db.query(`SELECT currency, budget_key, limit_minor::int AS limit_minor, task_id::int AS task_id FROM delivery_budget_approvals WHERE incident_id = $1 ORDER BY currency`, [incident.id]))
      .toEqual([{ currency: 'EUR', budget_key: 'slow-eur', limit_minor: 100_000, task_id: Number(approval!.id) }, { currency: 'SEK', budget_key: 'slow-sek', limit_minor: 100_000, task_id: Number(approval!.id) }]);
    await work('postIncidentReview');
    await settleActions(t);
    const closed = (await t.app.inject({ method: 'GET', url: `/api/delivery/incidents/${incident.id}`, headers: { cookie: agent } })).json();
    expect(closed).toMatchObject({ status: 'resolved', resolved_at: t.clock.now().toISOString() });
    // The resolved incident keeps its orders for the record.
    expect(closed.delayed_orders).toBe(12);
  });

  it('lets a configurer change when a rate trips, not an agent', async () => {
    const settings = (await t.app.inject({ method: 'GET', url: '/api/delivery/incident-settings', headers: { cookie: agent } })).json();
    expect(settings).toMatchObject({ window_hours: 24, baseline_days: 28, min_shipments: 20, ratio: 2, min_late_share: 0.1 });
    const body = { window_hours: 48, baseline_days: 14, min_shipments: 50, ratio: 3, min_late_share: 0.2 };
    expect((await t.app.inject({ method: 'PUT', url: '/api/delivery/incident-settings', headers: { cookie: agent }, payload: body })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/delivery/incident-settings', headers: { cookie: manager }, payload: { ...body, ratio: 0.5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.ratio');
    const changed = await t.app.inject({ method: 'PUT', url: '/api/delivery/incident-settings', headers: { cookie: manager }, payload: body });
    expect(changed.json()).toMatchObject(body);
    await t.app.inject({ method: 'PUT', url: '/api/delivery/incident-settings', headers: { cookie: manager }, payload: { window_hours: 24, baseline_days: 28, min_shipments: 20, ratio: 2, min_late_share: 0.1 } });
  });

  it('opens an incident by hand for a warehouse: its open delays of any carrier join it, tagged with root causes', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/delivery/incidents', headers: { cookie: agent }, payload: { cause_kind: 'warehouse', cause_value: 'WH-NORTH' } });
    expect(refused.statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'POST', url: '/api/delivery/incidents', headers: { cookie: manager }, payload: { cause_kind: 'moon', cause_value: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.cause_kind');
    const opened = await t.app.inject({ method: 'POST', url: '/api/delivery/incidents', headers: { cookie: manager }, payload: { cause_kind: 'warehouse', cause_value: 'WH-NORTH', root_cause_tags: ['stock'] } });
    expect(opened.statusCode, opened.body).toBe(201);
    // FastPost's late order from WH-NORTH had no incident; SlowPost's stay in theirs.
    expect(opened.json()).toMatchObject({ cause_kind: 'warehouse', cause_value: 'WH-NORTH', opened_by: expect.stringContaining('@example.com'), root_cause_tags: ['stock'], delayed_orders: 1 });
    const again = await t.app.inject({ method: 'POST', url: '/api/delivery/incidents', headers: { cookie: manager }, payload: { cause_kind: 'warehouse', cause_value: 'WH-NORTH' } });
    expect(again.statusCode).toBe(409);
    const tagged = await t.app.inject({ method: 'PUT', url: `/api/delivery/incidents/${opened.json().id}/root-cause-tags`, headers: { cookie: manager }, payload: { tags: ['carrier_integration', 'routing'] } });
    expect(tagged.json().root_cause_tags).toEqual(['carrier_integration', 'routing']);

    // A new late WH-NORTH order of SlowPost: the warehouse, more specific than the carrier, takes it.
    await addShipment(t.db, { external: 'SLOW-NEW', carrier: 'SlowPost', shippedAt: '2026-11-13T09:00:00Z', promisedOn: '2026-11-16', country: 'SE', warehouse: 'WH-NORTH' });
    await sweep();
    const delays = (await t.app.inject({ method: 'GET', url: `/api/delivery/delays?incident=${opened.json().id}`, headers: { cookie: agent } })).json();
    expect(delays.map((d: { shipment: string }) => d.shipment).sort()).toEqual(['FAST-0', 'SLOW-NEW']);
  });
});
