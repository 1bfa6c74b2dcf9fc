import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { fireDueTimers } from '../engine/index.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { eventually } from '../comms/testing/fixtures.ts';

interface Task {
  id: number;
  activityId: string;
  candidateRoles: string[];
  escalatedAt: string | null;
}

describe('a complaint through processes/complaint.bpmn', () => {
  let t: TestApp;
  let agent: string;
  let manager: string;
  let buyer: { customer_id: number; order: string; email: string; tier: string; currency: string };
  let complaint: { id: number; reference: string; case_id: number };
  const tasks = async (reference: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/tasks?businessKey=${reference}&status=open`, headers: { cookie: manager } })).json().items as Task[];
  const complete = (id: number, data: Record<string, unknown>, cookie = agent) => t.app.inject({ method: 'POST', url: `/api/tasks/${id}/complete`, headers: { cookie }, payload: { data } });
  /** The survey page's path, from the invitation in the outbox (the link is signed and expires). */
  const surveyPathOf = async (caseId: number) => {
    const [message] = await t.db.query<{ variables: { survey_url: string } }>(
      `SELECT variables FROM comms_messages WHERE campaign = $1 AND reason = 'survey.invitation'`, [`survey:case-resolution:case:${caseId}`]);
    expect(message, `a survey invitation about case ${caseId}`).toBeDefined();
    return new URL(message!.variables.survey_url).pathname + new URL(message!.variables.survey_url).search;
  };
  const caseOf = async (id: number) => {
    const detail = (await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: agent } })).json();
    return { ...detail.case, links: detail.links };
  };

  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off' }); // replies leave at once, whatever the hour
    // A Tuesday morning after the demo's orders (issue 11): from the wall clock, a complaint made on a Friday
    // evening fell due on Monday on its business calendar, so the reply a day later was still on time.
    t.clock.set('2026-11-10T09:00:00Z');
    await seedDemoData(t.db, systemActor, { customers: 200, orders: 1500 });
    agent = await t.login(['agent']);
    manager = await t.login(['manager']);
    // A gold customer with an e-mail they accept mail at: triage and goodwill depend on the tier.
    [buyer] = (await t.db.query<{ customer_id: number; order: string; email: string; tier: string; currency: string }>(
      `SELECT cu.id AS customer_id, o.external_id AS order, cu.email, cu.tier, o.currency FROM orders o JOIN customers cu ON cu.id = o.customer_id
       JOIN customer_consents k ON k.customer_id = cu.id AND k.channel = 'email' AND k.granted
       WHERE cu.email IS NOT NULL AND cu.tier = 'gold' AND o.currency IN ('EUR', 'GBP', 'USD') ORDER BY o.id LIMIT 1`,
    )) as [typeof buyer];
    expect(buyer, 'the demo has a gold customer paying in EUR, GBP or USD').toBeDefined();
  });
  afterAll(async () => t.close());

  it('refuses a public complaint whose order does not match the e-mail, without saying which is wrong', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { order_number: buyer.order, email: 'someone.else@example.org', category: 'product_quality', essence: 'The yoghurt was sour a week before its date.' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ type: '/problems/complaints.order_not_verified', errors: [{ field: 'body.order_number' }] });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { order_number: 'NO-SUCH-ORDER', email: buyer.email, category: 'product_quality', essence: 'The yoghurt was sour a week before its date.' } });
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('registers a verified public complaint as a case with its links, and triages it by the rules', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/public/complaints', payload: { order_number: buyer.order, email: buyer.email.toUpperCase(), category: 'product_quality', essence: 'The yoghurt was sour a week before its date.' } });
    expect(response.statusCode, response.body).toBe(201);
    const { reference } = response.json();
    expect(reference).toMatch(/^CMP-\d{6}$/);
    const [row] = await t.db.query<{ id: number; case_id: number; channel: string; customer_id: number }>('SELECT co.id, co.case_id, co.channel, co.customer_id FROM complaints co JOIN cases ca ON ca.id = co.case_id WHERE ca.business_key = $1', [reference]);
    expect(row).toMatchObject({ channel: 'web', customer_id: buyer.customer_id });
    complaint = { id: row!.id, reference, case_id: row!.case_id };
    await settleActions(t);
    const detail = await caseOf(complaint.case_id);
    // processes/complaint-triage.dmn: product quality from a gold customer → Quality, urgent.
    expect(detail).toMatchObject({ type: 'complaint', department: 'quality', priority: 'urgent', stage: 'registered' });
    expect(detail.links.map((l: { kind: string }) => l.kind).sort()).toEqual(['customer', 'order']);
    const [task] = await tasks(reference);
    expect(task).toMatchObject({ activityId: 'firstResponse', escalatedAt: null });
  });

  it('escalates to the managers when nobody replies within 24 hours', async () => {
    t.clock.advance(24 * 3600_000 + 1000);
    expect(await fireDueTimers(t.ctx)).toBeGreaterThanOrEqual(1);
    // A day later the sessions of the morning have ended: sign in again.
    agent = await t.login(['agent']);
    manager = await t.login(['manager']);
    await settleActions(t);
    const [task] = await tasks(complaint.reference);
    expect(task!.escalatedAt).not.toBeNull();
    expect(task!.candidateRoles).toContain('manager');
  });

  it('replies first, hands the investigation to two departments in parallel, then resolves and replies again', async () => {
    const [first] = await tasks(complaint.reference);
    expect(first!.candidateRoles).toEqual(['manager']); // escalated: the agent no longer holds it
    const refused = await complete(first!.id, { departments: ['quality'] }, manager);
    expect(refused.statusCode).toBe(422); // the form requires the reply
    expect((await complete(first!.id, { reply: 'We are sorry. Quality and logistics are looking into it today.', departments: ['quality', 'logistics'] }, manager)).statusCode).toBe(204);
    await settleActions(t);
    const detail = await caseOf(complaint.case_id);
    expect(detail.stage).toBe('investigating');
    expect(detail.first_responded_at).not.toBeNull();
    const [reply] = await t.db.query<{ channel: string; customer_id: number; variables: { reply: string } }>(
      'SELECT channel, customer_id, variables FROM comms_messages WHERE campaign = $1', [`complaint:${complaint.reference}:first_response`]);
    expect(reply).toMatchObject({ channel: 'email', customer_id: buyer.customer_id, variables: { reply: 'We are sorry. Quality and logistics are looking into it today.' } });

    const investigations = await tasks(complaint.reference);
    expect(investigations.map((task) => task.activityId).sort()).toEqual(['investigateLogistics', 'investigateQuality']);
    // Offered to the department's group and to managers, not to any agent.
    expect((await complete(investigations[0]!.id, { findings: 'Cold chain broken on the truck of 12 November.' })).statusCode).toBe(403);
    expect((await complete(investigations[0]!.id, { findings: 'Cold chain broken on the truck of 12 November.' }, manager)).statusCode).toBe(204);
    await settleActions(t);
    expect((await tasks(complaint.reference)).map((task) => task.activityId)).toEqual([investigations[1]!.activityId]); // the join waits for the other
    expect((await complete(investigations[1]!.id, { findings: 'The batch itself tested fine.' }, manager)).statusCode).toBe(204);
    await settleActions(t);

    const [resolve] = await tasks(complaint.reference);
    expect(resolve!.activityId).toBe('resolve');
    expect((await complete(resolve!.id, { founded: 'yes', resolution: 'The truck lost cooling; we changed the carrier. Your money is refunded.' })).statusCode).toBe(204);
    await settleActions(t);
    const resolved = await caseOf(complaint.case_id);
    expect(resolved).toMatchObject({ stage: 'done', status: 'resolved' });
    const [row] = await t.db.query<{ founded: boolean }>('SELECT founded FROM complaints WHERE id = $1', [complaint.id]);
    expect(row!.founded).toBe(true);
    expect(await tasks(complaint.reference)).toEqual([]);
    // The customer is asked for a CSAT score; the process waits for the answer.
    const [invitation] = await t.db.query<{ id: number }>('SELECT id FROM survey_invitations WHERE case_id = $1 AND customer_id = $2', [String(complaint.case_id), buyer.customer_id]);
    expect(invitation, 'a survey invitation about the complaint').toBeDefined();
    const [instance] = await t.db.query<{ status: string }>('SELECT status FROM engine_instances WHERE business_key = $1', [complaint.reference]);
    expect(instance!.status).toBe('running');
    expect(await t.db.query('SELECT message_name FROM engine_message_subscriptions WHERE business_key = $1', [complaint.reference])).toEqual([{ message_name: 'surveyAnswered' }]);
  });

  it('reopens the complaint when the customer answers the survey dissatisfied, and closes it once resolved again', async () => {
    const path = await surveyPathOf(complaint.case_id);
    const post = (form: Record<string, string>) => t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect((await post({ step: 'scores', q_csat: '2', q_ces: '3', q_nps: '4' })).statusCode).toBe(200); // asks the follow-ups
    expect(await caseOf(complaint.case_id)).toMatchObject({ status: 'resolved' }); // not yet: the survey is not finished
    expect((await post({ step: 'follow-ups', q_what_went_wrong: 'outcome', q_comment: 'A refund does not bring back my weekend.' })).statusCode).toBe(200);
    await settleActions(t);
    const reopened = await caseOf(complaint.case_id);
    expect(reopened).toMatchObject({ status: 'open', stage: 'resolving' });
    const comments = (await t.app.inject({ method: 'GET', url: `/api/cases/${complaint.case_id}/comments`, headers: { cookie: agent } })).json() as { body: string }[];
    expect(comments.at(-1)!.body).toContain('CSAT 2 of 5');
    expect(comments.at(-1)!.body).toContain('A refund does not bring back my weekend.');

    const [again] = await tasks(complaint.reference);
    expect(again!.activityId).toBe('resolve');
    expect((await complete(again!.id, { founded: 'yes', resolution: 'We are sending a hamper and a voucher for your next order.' })).statusCode).toBe(204);
    await settleActions(t);
    // Resolved a second time, it is closed: the customer was asked about this case already.
    expect(await caseOf(complaint.case_id)).toMatchObject({ status: 'closed', stage: 'done' });
    const [instance] = await t.db.query<{ status: string }>('SELECT status FROM engine_instances WHERE business_key = $1', [complaint.reference]);
    expect(instance!.status).toBe('completed');
    const invitations = await t.db.query('SELECT id FROM survey_invitations WHERE case_id = $1', [String(complaint.case_id)]);
    expect(invitations).toHaveLength(1);
  });

  it('grants a goodwill voucher at once within the limit for the tier, and asks a manager above it', async () => {
    const grant = (value: number) => t.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/goodwill`, headers: { cookie: agent }, payload: { value_minor: value, currency: buyer.currency, reason: 'A coffee on the house' } });
    // processes/complaint-goodwill.dmn: a gold customer paying in EUR/GBP/USD, up to 25.00 at once.
    const small = await grant(2_500);
    expect(small.statusCode, small.body).toBe(201);
    expect(small.json()).toMatchObject({ status: 'granted', limit_minor: 2_500, voucher: { code: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) } });
    const large = await grant(2_501);
    expect(large.json()).toMatchObject({ status: 'pending', voucher: null });
    const [approval] = (await t.app.inject({ method: 'GET', url: `/api/tasks?instanceId=${large.json().instance_id}&status=open`, headers: { cookie: manager } })).json().items as Task[];
    expect(approval).toMatchObject({ activityId: 'approve', candidateRoles: ['manager'] });
    expect((await complete(approval!.id, { decision: 'approve', note: 'Third complaint this month, keep them' }, agent)).statusCode).toBe(403);
    expect((await complete(approval!.id, { decision: 'approve', note: 'Third complaint this month, keep them' }, manager)).statusCode).toBe(204);
    await settleActions(t);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: { cookie: agent } })).json();
    expect(detail.goodwill.map((g: { status: string; voucher_code: string | null }) => [g.status, g.voucher_code !== null])).toEqual([['granted', true], ['granted', true]]);
    // The agent (no comms:read-secrets) reads the codes masked; the manager reads them whole.
    for (const g of detail.goodwill as { voucher_code: string }[]) expect(g.voucher_code).toMatch(/^[0-9A-Z]{4}-••••-••••-••••$/);
    const whole = (await t.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: { cookie: manager } })).json();
    for (const g of whole.goodwill as { voucher_code: string }[]) expect(g.voucher_code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(detail.restless).toMatchObject({ customer_id: buyer.customer_id, complaints: 1, gestures: 2 });
  });

  it('scores restless customers from their history and lists the most restless first', async () => {
    for (const essence of ['The lid was broken again.', 'Again a broken lid, third time.']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: agent }, payload: { channel: 'phone', category: 'product_quality', essence, customer_id: buyer.customer_id } });
      expect(response.statusCode, response.body).toBe(201);
    }
    const list = (await t.app.inject({ method: 'GET', url: '/api/complaints/restless?limit=5', headers: { cookie: agent } })).json();
    expect(list[0]).toMatchObject({ customer_id: buyer.customer_id, complaints: 3, recent: 3, gestures: 2 });
    // 3 complaints in their orders, none unfounded, 2 of 3 gestures, 3 of 3 recent.
    expect(list[0].score).toBeGreaterThanOrEqual(20 + 13);
    const bad = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: agent }, payload: { channel: 'phone', category: 'nonsense', essence: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.category');
  });

  it('reports where every complaint stands, SLA compliance per department, and exports them as CSV', async () => {
    await settleActions(t); // the two newest complaints get their department from triage
    // The report counts replies sent, not tasks completed: wait for the first reply to leave.
    await eventually(async () => (await t.db.query(`SELECT 1 FROM comms_messages WHERE campaign = $1 AND status = 'sent'`, [`complaint:${complaint.reference}:first_response`])).length > 0);
    const report = (await t.app.inject({ method: 'GET', url: '/api/complaints/report?period=week', headers: { cookie: agent } })).json();
    const total = report.funnel.reduce((n: number, f: { complaints: number }) => n + f.complaints, 0);
    expect(total).toBe(3);
    expect(report.funnel).toContainEqual({ stage: 'done', status: 'closed', complaints: 1 });
    // Only the first complaint's reply was sent (the two new ones are unanswered and within their
    // promise), a day after its one-business-hour promise on a Tuesday: missed.
    expect(report.sla).toMatchObject({ complaints: 3, first_reply_sent: 1, first_reply_not_sent: 0, first_response_missed: 1, first_response_met: 0 });
    expect(report.by_department.find((d: { department: string }) => d.department === 'quality')).toMatchObject({ complaints: 3 });
    expect(report.per_period.every((p: { category: string }) => p.category === 'product_quality')).toBe(true);
    // A list leaving as a file needs exports:csv (issue 18.6): the agent reads the report, the manager takes it away.
    expect((await t.app.inject({ method: 'GET', url: '/api/complaints/report?format=csv', headers: { cookie: agent } })).statusCode).toBe(403);
    const csv = await t.app.inject({ method: 'GET', url: '/api/complaints/report?format=csv', headers: { cookie: manager } });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('reference,received_at,channel,category,stage,status,department,owner,first_response_due_at,first_responded_at,resolution_due_at,resolved_at,founded');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toContain(complaint.reference);
    expect(lines).toHaveLength(4);
  });
  it('closes a complaint whose customer answers satisfied, and one whose survey goes unanswered for 30 days', async () => {
    const drive = async (essence: string) => {
      const registered = await t.app.inject({ method: 'POST', url: '/api/complaints', headers: { cookie: agent }, payload: { channel: 'phone', category: 'delivery', essence, customer_id: buyer.customer_id } });
      expect(registered.statusCode, registered.body).toBe(201);
      const { reference, case_id: caseId } = registered.json() as { reference: string; case_id: number };
      await settleActions(t);
      const [first] = await tasks(reference);
      expect((await complete(first!.id, { reply: 'We are on it.', departments: [] }, manager)).statusCode).toBe(204);
      await settleActions(t);
      const [resolve] = await tasks(reference);
      expect(resolve!.activityId).toBe('resolve');
      expect((await complete(resolve!.id, { founded: 'no', resolution: 'The courier delivered on the promised day.' }, manager)).statusCode).toBe(204);
      await settleActions(t);
      expect(await caseOf(caseId)).toMatchObject({ status: 'resolved' });
      return { reference, caseId };
    };
    const happy = await drive('The parcel came late.');
    const path = await surveyPathOf(happy.caseId);
    const answered = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ step: 'scores', q_csat: '5', q_ces: '6', q_nps: '9' }).toString() });
    expect(answered.statusCode).toBe(200);
    await settleActions(t);
    expect(await caseOf(happy.caseId)).toMatchObject({ status: 'closed' });

    const silent = await drive('The parcel came late again.');
    t.clock.advance(30 * 24 * 3600_000 + 1000);
    expect(await fireDueTimers(t.ctx)).toBeGreaterThanOrEqual(1);
    await settleActions(t);
    agent = await t.login(['agent']);
    manager = await t.login(['manager']);
    expect(await caseOf(silent.caseId)).toMatchObject({ status: 'closed' });
  });
  it('records a flag by an agent and a decision by a manager, with reasons and the approver, never overwriting the history', async () => {
    const flag = await t.app.inject({ method: 'POST', url: `/api/complaints/restless/${buyer.customer_id}/flag`, headers: { cookie: agent }, payload: { reason: 'Fourth complaint this month, two goodwill gestures already', complaint_id: complaint.id } });
    expect(flag.statusCode, flag.body).toBe(201);
    expect(flag.json()).toMatchObject({ decision: 'flagged', customer_id: buyer.customer_id, complaint_id: complaint.id, score: expect.any(Number) });
    // Only a manager decides.
    const byAgent = await t.app.inject({ method: 'POST', url: `/api/complaints/restless/${buyer.customer_id}/decision`, headers: { cookie: agent }, payload: { decision: 'stop_serving', reason: 'Abuses the goodwill policy' } });
    expect(byAgent.statusCode).toBe(403);
    const noReason = await t.app.inject({ method: 'POST', url: `/api/complaints/restless/${buyer.customer_id}/decision`, headers: { cookie: manager }, payload: { decision: 'stop_serving' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const decided = await t.app.inject({ method: 'POST', url: `/api/complaints/restless/${buyer.customer_id}/decision`, headers: { cookie: manager }, payload: { decision: 'keep_serving', reason: 'Every complaint was founded; a loyal gold customer' } });
    expect(decided.statusCode, decided.body).toBe(201);
    const list = (await t.app.inject({ method: 'GET', url: '/api/complaints/restless?limit=5', headers: { cookie: agent } })).json();
    expect(list[0].decision).toMatchObject({ decision: 'keep_serving', reason: 'Every complaint was founded; a loyal gold customer', decided_by: expect.stringContaining('manager') });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/complaints/${complaint.id}`, headers: { cookie: agent } })).json();
    expect(detail.restless.history.map((h: { decision: string }) => h.decision)).toEqual(['keep_serving', 'flagged']);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/complaints/restless/999999/flag', headers: { cookie: agent }, payload: { reason: 'Who?' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('counts the survey answers and reopenings of complaints in the report', async () => {
    // Since the first complaint: the clock moved 30 days on for the unanswered survey.
    const report = (await t.app.inject({ method: 'GET', url: '/api/complaints/report?from=2000-01-01', headers: { cookie: agent } })).json();
    // Answered: the dissatisfied one (CSAT 2) and the satisfied one (CSAT 5); one reopened.
    expect(report.satisfaction).toMatchObject({ survey: 'case-resolution', responses: 2, csat_percent: 50, reopened: 1 });
    expect(report.satisfaction.invitations).toBeGreaterThanOrEqual(3);
  });
});
