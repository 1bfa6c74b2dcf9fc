import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { enqueueMessage } from '../../comms/index.ts';
import { createCustomers, eventually } from '../../comms/testing/fixtures.ts';
import { saveTemplate } from '../../comms/templates/templates.sql.ts';
import { deployProcess } from '../../engine/index.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { evaluateSegments } from './evaluate-segments.ts';
import { readDefinition, type SegmentInput } from './segment-definition.ts';
import { segmentReport } from './segment-report.ts';
import { createSegment, inWinbackControlGroup } from './segments.sql.ts';
import { startSegmentProcesses } from './start-processes.ts';

/** A stand-in for processes/win-back.bpmn: any process key binds; this one waits in a user task. */
const FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-test-winback" targetNamespace="urn:test">
  <process id="test-winback" name="Test win-back" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <userTask id="call" name="Call the customer"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

const DAY_MS = 86_400_000;

describe('segment entry starts a process (issue 14, point 4)', () => {
  let t: TestApp;
  let region = 0;
  const deps = () => ({ db: t.db, clock: t.clock });

  /** Customers in a region of their own, and a segment over that region bound to the fixture. */
  async function segmentOf(count: number, binding: Partial<SegmentInput>, seed = 'test-seed') {
    const name = `R${++region}`;
    const ids = await createCustomers(t.db, Array.from({ length: count }, (_, n) => ({ name: `${name} customer ${n}`, email: `${name.toLowerCase()}-${n}@example.com`, consents: { email: true } })));
    await t.db.query('UPDATE customers SET region = $2 WHERE id = ANY($1::bigint[])', [ids, name]);
    const def = readDefinition({ name: `Segment ${name}`, filter_text: `region = '${name}'`, process_id: 'test-winback', ...binding });
    const segmentId = await createSegment(t.db, t.clock, systemActor, def, seed);
    return { ids, segmentId, name };
  }
  const move = (ids: number[], region: string | null) => t.db.query('UPDATE customers SET region = $2 WHERE id = ANY($1::bigint[])', [ids, region]);
  const entries = (segmentId: number) => t.db.query<{ id: number; customer_id: number; start_status: string; instance_id: number | null; control: boolean; control_draw: number; start_note: string | null }>(
    'SELECT id, customer_id, start_status, instance_id, control, control_draw, start_note FROM winback_segment_entries WHERE segment_id = $1 ORDER BY id', [segmentId]);
  const instancesOf = (segmentId: number) => t.db.query<{ id: number; business_key: string; variables: Record<string, number> }>(
    "SELECT id, business_key, variables FROM engine_instances WHERE process_id = 'test-winback' AND (variables->>'segmentId')::bigint = $1 ORDER BY id", [segmentId]);

  beforeAll(async () => {
    t = await startTestApp();
    await deployProcess(t.db, t.clock, FIXTURE, systemActor);
    await saveTemplate(t.db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_text: '{{body}}' }, 'test');
  });
  afterAll(async () => t.close());

  it('starts one instance per entry with customerId, segmentId and segmentEntryId, and never a second one', async () => {
    const { ids, segmentId } = await segmentOf(25, {});
    const [evaluation] = await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    expect(evaluation).toMatchObject({ entered: 25, left: 0 });
    // Two workers at once, in small batches, then again: each entry is taken by one of them.
    const [a, b] = await Promise.all([startSegmentProcesses(deps(), { batchSize: 4 }), startSegmentProcesses(deps(), { batchSize: 4 })]);
    expect(a.started + b.started).toBe(25);
    expect((await startSegmentProcesses(deps())).started).toBe(0);

    const rows = await entries(segmentId);
    expect(rows.every((e) => e.start_status === 'started' && e.instance_id)).toBe(true);
    const instances = await instancesOf(segmentId);
    expect(instances.length).toBe(25);
    for (const entry of rows) {
      const instance = instances.find((i) => i.id === entry.instance_id)!;
      expect(instance.variables).toEqual({ customerId: entry.customer_id, segmentId, segmentEntryId: entry.id });
      expect(instance.business_key).toBe(`winback-entry-${entry.id}`);
    }
    expect(new Set(rows.map((e) => e.customer_id))).toEqual(new Set(ids));
    // Each instance waits in its first task.
    const [tasks] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM engine_tasks WHERE instance_id = ANY($1::bigint[]) AND status = 'open' AND activity_id = 'call'", [instances.map((i) => i.id)]);
    expect(tasks!.n).toBe(25);
  });

  it('applies the re-entry rule: once ever, every entry, or not again within the cool-down', async () => {
    const once = await segmentOf(1, { reentry: 'once' });
    const every = await segmentOf(1, { reentry: 'every' });
    const cooling = await segmentOf(1, { reentry: 'cooldown', cooldown_days: 30 });
    const all = [once, every, cooling];
    const cycle = async (days: number) => {
      // They leave (another region), come back, and the worker runs.
      for (const s of all) await move(s.ids, 'elsewhere');
      t.clock.advance(DAY_MS);
      await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: all.map((s) => s.segmentId) });
      for (const s of all) await move(s.ids, s.name);
      t.clock.advance(days * DAY_MS);
      await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: all.map((s) => s.segmentId) });
      await startSegmentProcesses(deps());
    };
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: all.map((s) => s.segmentId) });
    await startSegmentProcesses(deps());
    await cycle(5); // back after 6 days
    await cycle(40); // back after 41 days
    const statuses = async (s: { segmentId: number }) => (await entries(s.segmentId)).map((e) => e.start_status);
    expect(await statuses(once)).toEqual(['started', 'reentry_blocked', 'reentry_blocked']);
    expect(await statuses(every)).toEqual(['started', 'started', 'started']);
    expect(await statuses(cooling)).toEqual(['started', 'reentry_blocked', 'started']);
    expect((await entries(cooling.segmentId))[1]!.start_note).toBe('started within the cool-down of 30 days');
    expect((await instancesOf(every.segmentId)).length).toBe(3);
    expect((await instancesOf(once.segmentId)).length).toBe(1);
  });

  it('draws a recorded control group at random (seeded), never starts it and never contacts it', async () => {
    const { segmentId } = await segmentOf(60, { control_share: 0.25, reentry: 'every' }, 'seed-for-the-control-test');
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    await startSegmentProcesses(deps());
    const rows = await entries(segmentId);
    // The draw is md5(seed ':' entry id), first 52 bits as a fraction: checked here independently.
    for (const entry of rows) {
      const draw = parseInt(createHash('md5').update(`seed-for-the-control-test:${entry.id}`).digest('hex').slice(0, 13), 16) / 2 ** 52;
      expect(entry.control_draw).toBeCloseTo(draw, 12);
      expect(entry.control).toBe(draw < 0.25);
    }
    const control = rows.filter((e) => e.control);
    expect(control.length).toBeGreaterThan(5);
    expect(control.length).toBeLessThan(30);
    expect(control.every((e) => e.start_status === 'control' && e.instance_id === null)).toBe(true);
    expect(rows.filter((e) => !e.control).every((e) => e.start_status === 'started')).toBe(true);
    const started = await instancesOf(segmentId);
    expect(started.length).toBe(60 - control.length);
    const controlCustomers = control.map((e) => e.customer_id);
    expect(started.some((i) => controlCustomers.includes(i.variables.customerId!))).toBe(false);
    expect(await t.db.query('SELECT 1 FROM comms_messages WHERE customer_id = ANY($1::bigint[])', [controlCustomers])).toEqual([]);
    expect(await inWinbackControlGroup(t.db, controlCustomers[0]!)).toBe(true);
    expect(await inWinbackControlGroup(t.db, rows.find((e) => !e.control)!.customer_id)).toBe(false);

    const report = await segmentReport(t.db, t.clock, segmentId, 90);
    expect(report.funnel).toMatchObject({ entered: 60, control_group: control.length, treatment_group: 60 - control.length, control: control.length, started: 60 - control.length });
    expect(report.uplift).toMatchObject({ difference: 0 }); // nobody ordered in either group
  });

  it('reports who ordered again after entering, treated against control, with the uplift and its interval', async () => {
    const { segmentId } = await segmentOf(80, { control_share: 0.5, reentry: 'every' }, 'seed-for-the-uplift-test');
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    await startSegmentProcesses(deps());
    const rows = await entries(segmentId);
    const treated = rows.filter((e) => !e.control);
    const control = rows.filter((e) => e.control);
    expect(control.length).toBeGreaterThan(20);
    expect(treated.length).toBeGreaterThan(20);
    // Half the treated and a fifth of the control order again within the window; one more orders after it.
    const buyers = [...treated.slice(0, Math.floor(treated.length / 2)), ...control.slice(0, Math.floor(control.length / 5))];
    const entered = t.clock.now().getTime();
    await t.db.query("INSERT INTO products (gtin, name) VALUES ('04006381333931', 'Assorted goods') ON CONFLICT (gtin) DO NOTHING");
    await t.db.query(
      `WITH o AS (
         INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
         SELECT 'UPLIFT-' || c, c, 'online', $2::timestamptz, 'EUR' FROM unnest($1::bigint[]) AS c RETURNING id
       ) INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency)
         SELECT o.id, 1, (SELECT id FROM products ORDER BY id LIMIT 1), 1, 2500, 'EUR' FROM o`,
      [buyers.map((e) => e.customer_id), new Date(entered + 10 * DAY_MS)]);
    await t.db.query(
      `WITH o AS (INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency) VALUES ('UPLIFT-LATE', $1, 'online', $2, 'EUR') RETURNING id)
       INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency) SELECT o.id, 1, (SELECT id FROM products ORDER BY id LIMIT 1), 1, 2500, 'EUR' FROM o`,
      [control.at(-1)!.customer_id, new Date(entered + 100 * DAY_MS)]);
    t.clock.advance(120 * DAY_MS);

    const report = await segmentReport(t.db, t.clock, segmentId, 90);
    const pt = Math.floor(treated.length / 2) / treated.length;
    const pc = Math.floor(control.length / 5) / control.length;
    expect(report.treatment).toMatchObject({ entries: treated.length, ordered_again: Math.floor(treated.length / 2) });
    expect(report.control).toMatchObject({ entries: control.length, ordered_again: Math.floor(control.length / 5) });
    const se = Math.sqrt((pt * (1 - pt)) / treated.length + (pc * (1 - pc)) / control.length);
    expect(report.uplift!.difference).toBeCloseTo(pt - pc, 12);
    expect(report.uplift!.low).toBeCloseTo(pt - pc - 1.96 * se, 12);
    expect(report.uplift!.high).toBeCloseTo(pt - pc + 1.96 * se, 12);
    expect(report.uplift!.low).toBeGreaterThan(0);
    expect(report.uplift_note).toBeNull();
  });

  it('holds a start back while the frequency cap shared with communications is reached, and tries again a day later', async () => {
    const { ids, segmentId } = await segmentOf(3, { cap_contacts: 2, cap_days: 7 });
    const [busy, quiet] = ids as [number, number, number];
    // Two marketing messages to the first customer this week (any campaign); one to the second.
    await t.db.transaction(async (tx) => {
      for (const [customerId, campaign] of [[busy, 'spring-sale'], [busy, 'newsletter-12'], [quiet, 'newsletter-12']] as const) {
        await enqueueMessage(tx, t.ctx, { customerId, templateKey: 'generic.notice', channels: 'email', campaign, reason: 'marketing.test', variables: { headline: 'Hello', body: 'News' } });
      }
    });
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    expect(await startSegmentProcesses(deps())).toMatchObject({ started: 2, capped: 1 });
    const capped = (await entries(segmentId)).find((e) => e.customer_id === busy)!;
    expect(capped).toMatchObject({ start_status: 'capped', instance_id: null, start_note: 'frequency cap: 2 contacts in the last 7 days; tried again a day later' });
    // A day later the messages are still within the week: still held. Eight days on, it starts.
    t.clock.advance(DAY_MS + 1000);
    expect(await startSegmentProcesses(deps())).toMatchObject({ started: 0, capped: 1 });
    t.clock.advance(7 * DAY_MS);
    expect(await startSegmentProcesses(deps())).toMatchObject({ started: 1, capped: 0 });
  });

  it('does not start for someone who left before the worker came, and says so', async () => {
    const { ids, segmentId } = await segmentOf(2, {});
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    await move([ids[0]!], null);
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    expect(await startSegmentProcesses(deps())).toMatchObject({ started: 1, leftBeforeStart: 1 });
  });

  it('records a start that fails (the process was never deployed) instead of skipping it silently', async () => {
    const ids = await createCustomers(t.db, [{ name: 'Orphan' }]);
    await t.db.query("UPDATE customers SET region = 'orphan' WHERE id = $1", [ids[0]]);
    const segmentId = await createSegment(t.db, t.clock, systemActor, readDefinition({ name: 'Orphans', filter_text: "region = 'orphan'", process_id: 'not-deployed' }));
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    expect(await startSegmentProcesses(deps())).toMatchObject({ failed: 1 });
    expect((await entries(segmentId))[0]).toMatchObject({ start_status: 'failed', start_note: 'could not start not-deployed: process not-deployed was not found' });
    expect((await segmentReport(t.db, t.clock, segmentId, 90)).funnel.failed).toBe(1);
  });

  it('starts the bound process from the worker within seconds of saving the segment through the API', async () => {
    const cookie = await t.login(['designer']);
    const ids = await createCustomers(t.db, [{ name: 'Api one' }, { name: 'Api two' }]);
    await t.db.query("UPDATE customers SET region = 'api' WHERE id = ANY($1::bigint[])", [ids]);
    const saved = await t.app.inject({ method: 'POST', url: '/api/winback/segments', headers: { cookie }, payload: { name: 'API bound', filter_text: "region = 'api'", process_id: 'test-winback' } });
    expect(saved.statusCode, saved.body).toBe(201);
    const segmentId = saved.json().segment.id;
    await eventually(async () => (await instancesOf(segmentId)).length === 2, 15_000, 'both instances started by the worker');
    const report = await t.app.inject({ method: 'GET', url: `/api/winback/segments/${segmentId}/report`, headers: { cookie } });
    expect(report.json()).toMatchObject({ funnel: { entered: 2, started: 2, control_group: 0 }, uplift: null, uplift_note: 'no_control_group' });
    const csv = await t.app.inject({ method: 'GET', url: `/api/winback/segments/${segmentId}/entries.csv`, headers: { cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('entry_id,customer,version,trigger,entered_at,left_at,control,control_draw,start_status,start_note,instance_id,ordered_again,revenue_minor,currency');
    expect(csv.body.trim().split('\n').length).toBe(3);
  });
});
