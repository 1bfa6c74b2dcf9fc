import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../../test/app.ts';
import { saveBudget } from '../../compensation/index.ts';
import { startInstance } from '../../engine/index.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { loadOrders } from '../test/purchases.ts';
import { evaluateSegments } from '../segments/evaluate-segments.ts';
import { readDefinition } from '../segments/segment-definition.ts';
import { createSegment } from '../segments/segments.sql.ts';
import { startSegmentProcesses } from '../segments/start-processes.ts';
import { correlateComebacks } from './came-back.ts';

interface Task { id: number; activityId: string; name: string; businessKey: string }

/**
 * processes/win-back.bpmn as scenarios: each reason down its own branch, customers waiting on
 * causes not yet eliminated, released together when one is, the offer from the compensation
 * budget through the outbox, and the order that brings them back.
 */
describe('win-back process: reasons, waiting on the cause, release, offer, came back', () => {
  let t: TestApp;
  let manager: string;
  let agent: string;
  const customers = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.login(['manager'], 'winback.manager@example.com');
    agent = await t.login(['agent']);
    const names = ['product', 'service', 'price', 'price2', 'competitor', 'other', 'moved', 'unreached', 'refuser', 'surveyed', 'late-price', 'broke-budget'];
    await loadOrders(t.db, names.flatMap((name, i) => [
      { invoice: `${name}-1`, customer: `WB-${name}`, at: '2025-03-01T12:00:00Z', valueMinor: 4_000 + i * 100 },
      { invoice: `${name}-2`, customer: `WB-${name}`, at: '2025-06-01T12:00:00Z', valueMinor: 6_000 },
    ]));
    for (const row of await t.db.query<{ id: number; external_id: string }>("SELECT id, external_id FROM customers WHERE external_id LIKE 'WB-%'")) {
      customers.set(row.external_id.slice(3), row.id);
    }
    await t.db.query(`UPDATE customers SET email = lower(external_id) || '@example.com', language = CASE WHEN external_id = 'WB-price2' THEN 'sv' ELSE 'en' END WHERE external_id LIKE 'WB-%'`);
    await t.db.query(`INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source) SELECT id, 'email', true, '2025-01-01', 'test' FROM customers WHERE external_id LIKE 'WB-%'`);
    await saveBudget(t.db, t.clock, systemActor, { key: 'winback', name: 'Win-back', currency: 'GBP', limitMinor: 100_000 });
  });
  afterAll(async () => t.close());

  const start = async (name: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/winback/instances', headers: { cookie: manager }, payload: { customerId: customers.get(name) } });
    expect(response.statusCode, response.body).toBe(201);
    await settleActions(t);
    return response.json() as { journeyId: number; instanceId: number; businessKey: string };
  };
  const openTask = async (businessKey: string) => {
    const items = (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${encodeURIComponent(businessKey)}&status=open`, headers: { cookie: manager } })).json().items as Task[];
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  const complete = async (task: Task, data: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/tasks/${task.id}/complete`, headers: { cookie: manager }, payload: { data } });
  const journey = async (id: number) => (await t.app.inject({ method: 'GET', url: `/api/winback/journeys/${id}`, headers: { cookie: manager } })).json();
  const reasons = async () => (await t.app.inject({ method: 'GET', url: '/api/winback/reasons', headers: { cookie: manager } })).json().items as { key: string; state: string; waiting: number }[];
  const waitingOn = async (key: string) => (await reasons()).find((r) => r.key === key)!.waiting;
  const found = async (name: string, reason: string) => {
    const started = await start(name);
    const task = await openTask(started.businessKey);
    expect(task.activityId).toBe('determineReason');
    const done = await complete(task, { contactResult: 'reached', reason, reasonNote: `said: ${reason}` });
    expect(done.statusCode, done.body).toBe(204);
    await settleActions(t);
    return started;
  };

  it('starts by API for one customer, with the permission, once at a time', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/winback/instances', headers: { cookie: agent }, payload: { customerId: customers.get('product') } });
    expect(refused.statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/winback/instances', headers: { cookie: manager }, payload: { customerId: 999_999 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.customerId');
    const started = await start('product');
    const twice = await t.app.inject({ method: 'POST', url: '/api/winback/instances', headers: { cookie: manager }, payload: { customerId: customers.get('product') } });
    expect(twice.statusCode).toBe(409);
    // The reason task offers the configured list, for the win-back managers.
    const task = (await t.app.inject({ method: 'GET', url: `/api/tasks/${(await openTask(started.businessKey)).id}`, headers: { cookie: manager } })).json();
    expect(task.candidateGroups).toEqual(['winback', 'marketing']);
    expect(task.variables.reasonOptions.map((o: { value: string }) => o.value)).toEqual(['bad_product', 'bad_service', 'price', 'competitor', 'moved', 'other', 'survey_needed']);
    // Reached without a reason is refused, naming the field.
    const noReason = await complete(await openTask(started.businessKey), { contactResult: 'reached' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    await complete(await openTask(started.businessKey), { contactResult: 'reached', reason: 'bad_product' });
    await settleActions(t);
    expect(await journey(started.journeyId)).toMatchObject({ reason: 'bad_product', status: 'waiting' });
  });

  it('opens the journey of an instance a segment started by the process key, with its segment and entry', async () => {
    const started = await startInstance(t.ctx, { processId: 'win-back', businessKey: `winback:${customers.get('other')}:entry:77`, variables: { customerId: customers.get('other'), segmentId: 5, segmentEntryId: 77 } });
    await settleActions(t);
    const [row] = await t.db.query<{ id: number; segment_id: number; segment_entry_id: number; status: string }>('SELECT id, segment_id, segment_entry_id, status FROM winback_journeys WHERE instance_id = $1', [started.instanceId]);
    expect(row).toMatchObject({ segment_id: 5, segment_entry_id: 77, status: 'open' });
    const task = await openTask(`winback:${customers.get('other')}:entry:77`);
    await complete(task, { contactResult: 'not_reached' });
    await settleActions(t);
    expect(await journey(row!.id)).toMatchObject({ status: 'closed', outcome: 'not_reached' });
  });

  it('takes each reason down its own branch: causes wait, "moved" closes, not reached and refused end with that result', async () => {
    const service = await found('service', 'bad_service');
    const price = await found('price', 'price');
    await found('price2', 'price');
    const competitor = await found('competitor', 'competitor');
    const other = await found('other', 'other');
    const moved = await found('moved', 'moved');
    for (const [j, reason] of [[service, 'bad_service'], [price, 'price'], [competitor, 'competitor'], [other, 'other']] as const) {
      const view = await journey(j.journeyId);
      expect(view).toMatchObject({ reason, status: 'waiting' });
      expect(view.steps.map((s: { result: string }) => s.result)).toEqual(['reached', 'reason_found', 'waiting_on_cause']);
    }
    const steps = (await t.db.query<{ activity_id: string }>(
      "SELECT DISTINCT activity_id FROM engine_events WHERE instance_id = ANY ($1) AND event = 'activity.left'", [[service.instanceId, price.instanceId, competitor.instanceId, other.instanceId]])).map((r) => r.activity_id);
    expect(steps).toEqual(expect.arrayContaining(['badServiceCause', 'priceCause', 'competitorCause', 'otherCause']));
    expect(await journey(moved.journeyId)).toMatchObject({ reason: 'moved', status: 'closed', outcome: 'no_longer_needed' });

    const unreached = await start('unreached');
    await complete(await openTask(unreached.businessKey), { contactResult: 'not_reached' });
    const refuser = await start('refuser');
    await complete(await openTask(refuser.businessKey), { contactResult: 'refused' });
    await settleActions(t);
    expect(await journey(unreached.journeyId)).toMatchObject({ status: 'closed', outcome: 'not_reached' });
    expect((await journey(refuser.journeyId)).steps).toEqual([expect.objectContaining({ step: 'determine_reason', result: 'refused' })]);
    expect(await waitingOn('price')).toBe(2);
    expect(await waitingOn('bad_product')).toBe(1);
    expect(await waitingOn('moved')).toBe(0);
  });

  it('runs the call script when a survey is needed: answers decide the reason and are kept on the customer', async () => {
    const unanswered = await found('unreached', 'survey_needed');
    expect((await complete(await openTask(unanswered.businessKey), { contactResult: 'not_reached' })).statusCode).toBe(204);
    await settleActions(t);
    expect(await journey(unanswered.journeyId)).toMatchObject({ status: 'closed', outcome: 'not_reached', steps: [expect.objectContaining({ step: 'call_survey', result: 'not_reached' })] });

    const surveyed = await found('surveyed', 'survey_needed');
    const task = await openTask(surveyed.businessKey);
    expect(task.activityId).toBe('callSurvey');
    const early = await complete(task, { contactResult: 'reached' });
    expect(early.statusCode).toBe(400);
    const answer = (answers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/api/winback/journeys/${surveyed.journeyId}/call-answers`, headers: { cookie: manager }, payload: { answers } });
    const bad = await answer({ still_buying: 'yes', why_switch: 'weather' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.answers.why_switch');
    const offPath = await answer({ still_buying: 'no', why_switch: 'price' });
    expect(offPath.statusCode).toBe(400);
    const good = await answer({ still_buying: 'yes', why_switch: 'competitor', which_competitor: 'The shop across the road, cheaper delivery' });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().reason).toBe('competitor');
    expect((await complete(task, { contactResult: "reached" })).statusCode).toBe(204);
    await settleActions(t);
    expect(await journey(surveyed.journeyId)).toMatchObject({ reason: 'competitor', status: 'waiting' });
    const history = (await t.app.inject({ method: 'GET', url: `/api/winback/customers/${customers.get('surveyed')}/history`, headers: { cookie: agent } })).json();
    expect(history.survey_answers.map((a: { question_key: string }) => a.question_key)).toEqual(['still_buying', 'why_switch', 'which_competitor']);
    expect(history.winbacks[0]).toMatchObject({ reason: 'competitor', status: 'waiting' });
  });

  it('refuses a call script that loops or leads nowhere, naming the field', async () => {
    const put = (questions: unknown[]) => t.app.inject({ method: 'PUT', url: '/api/winback/call-script', headers: { cookie: manager }, payload: { questions } });
    const loop = await put([
      { key: 'a', type: 'choice', text: 'A?', options: [{ value: 'x', label: 'x', next: 'b' }] },
      { key: 'b', type: 'choice', text: 'B?', options: [{ value: 'y', label: 'y', next: 'a' }, { value: 'z', label: 'z', reason: 'price' }] },
    ]);
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors[0].message).toContain('loops');
    const nowhere = await put([{ key: 'a', type: 'choice', text: 'A?', options: [{ value: 'x', label: 'x', reason: 'survey_needed' }] }]);
    expect(nowhere.json().errors[0].field).toBe('body.questions[0].options[0].reason');
    const ok = await put([{ key: 'why', type: 'text', text: 'Why did you stop?', reason: 'other' }]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(1);
  });

  it('releases every customer waiting on a reason when it is marked eliminated, into the offer from the budget, sent in their language', async () => {
    const noNote = await t.app.inject({ method: 'PUT', url: '/api/winback/reasons/price/state', headers: { cookie: manager }, payload: { state: 'eliminated' } });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('body.note');
    const fixing = await t.app.inject({ method: 'PUT', url: '/api/winback/reasons/price/state', headers: { cookie: manager }, payload: { state: 'being_fixed', note: 'price review under way' } });
    expect(fixing.json()).toMatchObject({ released: 0, reason: { state: 'being_fixed', waiting: 2 } });
    const eliminated = await t.app.inject({ method: 'PUT', url: '/api/winback/reasons/price/state', headers: { cookie: manager }, payload: { state: 'eliminated', eliminated_on: '2026-11-15', note: 'prices matched to the market' } });
    expect(eliminated.statusCode, eliminated.body).toBe(200);
    expect(eliminated.json()).toMatchObject({ released: 2, failed: [], reason: { state: 'eliminated', eliminated_on: '2026-11-15', waiting: 0 } });
    await settleActions(t);
    const offered = await t.db.query<{ customer_id: number; status: string; voucher_id: number | null; offer: { valueMinor: number; sentBy: string } }>(
      "SELECT customer_id, status, voucher_id, offer FROM winback_journeys WHERE reason = 'price' ORDER BY customer_id");
    expect(offered.map((j) => j.status)).toEqual(['offered', 'offered']);
    expect(offered.every((j) => j.voucher_id !== null && j.offer.sentBy === 'email')).toBe(true);
    // 15 % of their average order ((4,200 + 6,000) / 2 and (4,300 + 6,000) / 2), at least 5.00: the price rule of win-back-offer.dmn.
    expect(offered.map((j) => j.offer.valueMinor)).toEqual([765, 773]);
    const mail = await t.db.query<{ customer_id: number; kind: string; template_key: string; status: string }>(
      "SELECT customer_id, kind, template_key, status FROM comms_messages WHERE reason = 'winback.offer' ORDER BY customer_id");
    expect(mail).toEqual([
      expect.objectContaining({ customer_id: customers.get('price'), kind: 'marketing', template_key: 'winback.offer' }),
      expect.objectContaining({ customer_id: customers.get('price2'), kind: 'marketing', template_key: 'winback.offer' }),
    ]);
    const [swedish] = await t.db.query<{ variables: { offer: string } }>("SELECT variables FROM comms_messages WHERE reason = 'winback.offer' AND customer_id = $1", [customers.get('price2')]);
    expect(swedish!.variables.offer).toMatch(/^en värdekupong på 7,73\sGBP: [0-9A-Z-]{19} \(giltig till \d+ \p{L}+ \d{4}\)$/u);
    const [budget] = await t.db.query<{ spent_minor: number }>("SELECT spent_minor FROM compensation_budgets WHERE key = 'winback'");
    expect(Number(budget!.spent_minor)).toBe(765 + 773);
    // The other causes still hold their customers.
    expect(await waitingOn('bad_product')).toBe(1);
    expect(await waitingOn('competitor')).toBe(2);
  });

  it('sends a customer whose cause is already eliminated straight to the offer', async () => {
    const late = await found('late-price', 'price');
    expect(await journey(late.journeyId)).toMatchObject({ status: 'offered' });
    expect((await journey(late.journeyId)).steps.map((s: { result: string }) => s.result)).toEqual(['reached', 'reason_found', 'offer_made']);
  });

  it('correlates the next order after the offer as "came back", with its revenue', async () => {
    const [j] = await t.db.query<{ id: number; customer_id: number }>("SELECT id, customer_id FROM winback_journeys WHERE customer_id = $1", [customers.get('price')]);
    expect(await correlateComebacks(t.ctx)).toBe(0);
    await loadOrders(t.db, [{ invoice: 'price-comeback', customer: 'WB-price', at: new Date(t.clock.now().getTime() + 86_400_000).toISOString(), valueMinor: 12_345 }]);
    t.clock.advance(2 * 86_400_000);
    manager = await t.login(['manager']);
    expect(await correlateComebacks(t.ctx)).toBe(1);
    await settleActions(t);
    expect(await journey(j!.id)).toMatchObject({ status: 'came_back', outcome: 'came_back', came_back_order: 'price-comeback', came_back_revenue_minor: 12_345, came_back_currency: 'GBP' });
    expect(await correlateComebacks(t.ctx)).toBe(0);
  });

  it('stops at an incident the manager can read when the budget cannot carry the offer', async () => {
    await saveBudget(t.db, t.clock, systemActor, { key: 'winback', name: 'Win-back', currency: 'GBP', limitMinor: 765 + 773 + 825 + 100 });
    const broke = await found('broke-budget', 'price');
    const [incident] = await t.db.query<{ last_error: string; status: string }>(
      "SELECT last_error, status FROM engine_action_calls WHERE instance_id = $1 AND action = 'winback.makeOffer'", [broke.instanceId]);
    expect(incident).toMatchObject({ status: 'incident' });
    expect(incident!.last_error).toContain('compensation budget "winback"');
    expect(await journey(broke.journeyId)).toMatchObject({ status: 'offer', voucher_id: null });
  });
  it('opens the journeys of a batch of segment entries with their starts: each instance waits at the reason task at once, no "open" call (decision 053)', async () => {
    await loadOrders(t.db, ['seg-a', 'seg-b', 'seg-c'].map((name) => ({ invoice: `${name}-1`, customer: `WB-${name}`, at: '2025-03-01T12:00:00Z', valueMinor: 5_000 })));
    await t.db.query("UPDATE customers SET region = 'Bulk win-back' WHERE external_id IN ('WB-seg-a', 'WB-seg-b', 'WB-seg-c')");
    const segmentId = await createSegment(t.db, t.clock, systemActor, readDefinition({ name: 'Bulk win-back', filter_text: "region = 'Bulk win-back'", process_id: 'win-back' }));
    await evaluateSegments(t.db, t.clock, { trigger: 'manual', segmentIds: [segmentId] });
    expect(await startSegmentProcesses({ db: t.db, clock: t.clock })).toMatchObject({ started: 3, failed: 0 });
    const rows = await t.db.query<{ entry_id: number; instance_id: number; journey_instance: number; business_key: string; instance_key: string; reason_options: unknown[] }>(
      `SELECT e.id AS entry_id, e.instance_id, j.instance_id AS journey_instance, j.business_key, i.business_key AS instance_key, i.variables->'reasonOptions' AS reason_options
       FROM winback_segment_entries e JOIN winback_journeys j ON j.segment_entry_id = e.id JOIN engine_instances i ON i.id = e.instance_id
       WHERE e.segment_id = $1 ORDER BY e.id`, [segmentId]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.journey_instance).toBe(row.instance_id);
      expect(row.business_key).toBe(row.instance_key);
      expect(row.reason_options).toHaveLength(7);
      expect((await openTask(row.business_key)).activityId).toBe('determineReason');
    }
    expect(await t.db.query("SELECT 1 FROM engine_action_calls WHERE activity_id = 'open' AND instance_id = ANY($1::bigint[])", [rows.map((r) => r.instance_id)])).toEqual([]);
    // The journey is the one the later steps record on.
    await complete(await openTask(rows[0]!.business_key), { contactResult: 'not_reached' });
    await settleActions(t);
    const [closed] = await t.db.query<{ status: string; outcome: string }>('SELECT status, outcome FROM winback_journeys WHERE segment_entry_id = $1', [rows[0]!.entry_id]);
    expect(closed).toEqual({ status: 'closed', outcome: 'not_reached' });
  });
});
