import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { createCustomers } from '../../comms/testing/fixtures.ts';
import { nextRetentionRun } from './retention.ts';

const DAY = 86_400_000;

/** Issue 18.4: nothing is kept longer than its purpose; the limits, the next run and what each run removed are visible. */
describe('retention per kind of data', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login(['admin']);
    agent = await t.login(['agent']);
  });
  afterAll(() => t.close());

  it('shows the default policy and the next nightly run on the clock', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/privacy/retention', headers: { cookie: agent } })).statusCode).toBe(403);
    const view = (await t.app.inject({ method: 'GET', url: '/api/privacy/retention', headers: { cookie: admin } })).json<{ policy: { kind: string; keep_days: number | null }[]; next_run: string; last_run: null }>();
    expect(Object.fromEntries(view.policy.map((p) => [p.kind, p.keep_days]))).toEqual({
      message_bodies: 90, delivery_events: 365, closed_cases: 1095, survey_free_text: 365, audit_entries: 1825, attachments: 1095,
    });
    expect(view.next_run).toBe(nextRetentionRun(t.clock.now()).toISOString());
    expect(new Date(view.next_run).getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(DAY);
    expect(view.last_run).toBeNull();
  });

  it('blanks old message bodies but never a legally retained one, deletes old carrier events, and counts it all in the audit log', async () => {
    const now = t.clock.now().getTime();
    const [customer] = await createCustomers(t.db, [{ name: 'Retention Person', email: 'retention.person@example.se' }]);
    const message = (at: number, safety: boolean, key: string) => t.db.query<{ id: number }>(
      `INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, variables, campaign, reason, safety, kind, status, recipient, created_at, next_attempt_at)
       VALUES ($1, 'email', $2, 'x', '{"name":"Retention Person"}', $1, 'test', $3, $4, 'sent', 'retention.person@example.se', $5, $5) RETURNING id`,
      [key, customer, safety, safety ? 'safety' : 'marketing', new Date(at)]);
    const [old] = await message(now - 200 * DAY, false, 'old');
    const [recent] = await message(now - 10 * DAY, false, 'recent');
    const [held] = await message(now - 200 * DAY, true, 'held');
    await t.db.query(`INSERT INTO privacy_legal_holds (table_name, row_id, pseudonym, legal_reason, created_at) VALUES ('comms_messages', $1, 'erased-test', 'proof of a safety notice', $2)`, [String(held!.id), t.clock.now()]);
    const [order] = await t.db.query<{ id: number }>(`INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency) VALUES ('RET-1', $1, 'online', $2, 'SEK') RETURNING id`, [customer, new Date(now - 500 * DAY)]);
    const [shipment] = await t.db.query<{ id: number }>(`INSERT INTO shipments (external_id, order_id, carrier, status) VALUES ('RET-S1', $1, 'postnord', 'delivered') RETURNING id`, [order!.id]);
    await t.db.query(`INSERT INTO shipment_events (shipment_id, occurred_at, status, location, description) VALUES ($1, $2, 'delivered', 'Storgatan 1', 'left at the door'), ($1, $3, 'in_transit', 'Hub', 'sorted')`,
      [shipment!.id, new Date(now - 400 * DAY), new Date(now - 30 * DAY)]);

    const ran = await t.app.inject({ method: 'POST', url: '/api/privacy/retention/run', headers: { cookie: admin } });
    expect(ran.statusCode, ran.body).toBe(200);
    const { last_run } = ran.json<{ last_run: { counts: Record<string, Record<string, number>> } }>();
    expect(last_run.counts.message_bodies!.messages_blanked).toBe(1);
    expect(last_run.counts.delivery_events!.shipment_events_deleted).toBe(1);

    const rows = await t.db.query<{ id: number; recipient: string | null; variables: Record<string, unknown> }>('SELECT id, recipient, variables FROM comms_messages WHERE id = ANY($1::bigint[]) ORDER BY id', [[old!.id, recent!.id, held!.id]]);
    expect(rows.map((r) => r.recipient)).toEqual([null, 'retention.person@example.se', 'retention.person@example.se']);
    expect(rows[0]!.variables).toEqual({});
    const [events] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shipment_events WHERE shipment_id = $1', [shipment!.id]);
    expect(events!.n).toBe(1);
    const [audit] = await t.db.query<{ details: { counts: Record<string, Record<string, number>> } }>(`SELECT details FROM audit_log WHERE action = 'apply_retention' ORDER BY id DESC LIMIT 1`);
    expect(audit!.details.counts.message_bodies!.messages_blanked).toBe(1);
  });

  it('takes a changed limit, naming a bad field', async () => {
    const bad = await t.app.inject({ method: 'PUT', url: '/api/privacy/retention', headers: { cookie: admin }, payload: { message_bodies: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('message_bodies');
    expect((await t.app.inject({ method: 'PUT', url: '/api/privacy/retention', headers: { cookie: admin }, payload: { message_bodies: null } })).statusCode).toBe(400);
    const changed = await t.app.inject({ method: 'PUT', url: '/api/privacy/retention', headers: { cookie: admin }, payload: { message_bodies: 30, audit_entries: 2555 } });
    expect(changed.statusCode, changed.body).toBe(200);
    const policy = Object.fromEntries(changed.json<{ policy: { kind: string; keep_days: number | null }[] }>().policy.map((p) => [p.kind, p.keep_days]));
    expect(policy).toMatchObject({ message_bodies: 30, audit_entries: 2555 });
  });
});
