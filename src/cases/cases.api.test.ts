import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../comms/testing/fixtures.ts';
import { SLA_SWEEP_QUEUE } from './sla/sweep.job.ts';
import { startCasesFixture, type CasesFixture } from './test/cases-fixture.ts';

describe('the cases API', () => {
  let f: CasesFixture;
  let customerId: number;
  beforeAll(async () => {
    f = await startCasesFixture();
    const [customer] = await f.t.db.query<{ id: number }>(`INSERT INTO customers (external_id, name, email) VALUES ('C-1', 'Maria Petrova', 'maria@example.com') RETURNING id`);
    customerId = customer!.id;
  });
  afterAll(async () => f?.t.close());

  const open = (payload: Record<string, unknown> = {}) => f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Pack arrived wet', ...payload });

  it('opens a case with SLA due dates in business time and shows it with its owner, links and SLA state', async () => {
    const created = await open({ owner_id: f.agentId, department: 'Customer care', links: [{ kind: 'customer', id: customerId }, { kind: 'recall', reference: 'RC-2025-007' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'complaint', stage: 'registered', status: 'open', priority: 'normal', sla_calendar_id: 'ru-moscow' });
    expect(created.body.first_response_due_at).toBe('2025-10-20T10:00:00.000Z'); // 09:00 + 4 business hours, Moscow
    const detail = await f.call('GET', `/api/cases/${created.body.id}`, f.viewer);
    expect(detail.status).toBe(200);
    expect(detail.body.owner).toMatchObject({ id: f.agentId });
    expect(detail.body.sla.first_response).toMatchObject({ target_minutes: 240, business_minutes_left: 240 });
    expect(detail.body.links.map((l: { kind: string; label: string }) => [l.kind, l.label])).toEqual([['customer', 'Maria Petrova'], ['recall', 'RC-2025-007']]);
  });

  it('moves the case through stage, owner, priority and status, and its timeline tells the story', async () => {
    const { body: c } = await open();
    const patched = await f.call('PATCH', `/api/cases/${c.id}`, f.manager, { stage: 'investigating', owner_id: f.agentId, priority: 'high' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ stage: 'investigating', owner_id: f.agentId, priority: 'high' });
    f.t.clock.advance(30 * 60_000);
    await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { status: 'waiting_customer' });
    const timeline = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
    expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'created', 'stage_changed', 'owner_changed', 'priority_changed', 'status_changed', 'sla_paused', 'first_response',
    ]);
    const notes = await f.call('GET', '/api/case-notifications', f.agent);
    expect(notes.body.items.some((n: { kind: string; case_id: number }) => n.kind === 'assigned' && n.case_id === c.id)).toBe(true);
  });

  it('unassigns with owner_id null and refuses 0', async () => {
    const { body: c } = await open({ owner_id: f.agentId });
    expect((await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { owner_id: null })).body.owner_id).toBeNull();
    const zero = await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { owner_id: 0 });
    expect(zero.status).toBe(400);
  });

  it.each([
    ['a missing title', { type: 'complaint' }, 'body.title'],
    ['an unknown priority', { type: 'complaint', title: 'x', priority: 'asap' }, 'body.priority'],
    ['an unknown type', { type: 'refund_request', title: 'x' }, 'body.type'],
    ['a stage of another type', { type: 'complaint', title: 'x', stage: 'activated' }, 'body.stage'],
    ['an owner who is no user', { type: 'complaint', title: 'x', owner_id: 999_999 }, 'body.owner_id'],
    ['a receipt date that is no date', { type: 'complaint', title: 'x', received_at: 'yesterday' }, 'body.received_at'],
    ['a receipt date in the future', { type: 'complaint', title: 'x', received_at: '2030-01-01T00:00:00Z' }, 'body.received_at'],
    ['a customer link without an id', { type: 'complaint', title: 'x', links: [{ kind: 'customer' }] }, 'body.links[0].id'],
    ['a link to an order that does not exist', { type: 'complaint', title: 'x', links: [{ kind: 'order', id: 424242 }] }, 'body.links[0].id'],
    ['an unknown field', { type: 'complaint', title: 'x', colour: 'red' }, 'body.colour'],
  ])('refuses %s with a 400 problem naming %s', async (_what, payload, field) => {
    const response = await f.call('POST', '/api/cases', f.agent, payload);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each([
    ['GET', '/api/cases?sort=title;drop', 'querystring.sort'],
    ['GET', '/api/cases?owner=someone', 'querystring.owner'],
    ['GET', '/api/cases?q=!!!', 'querystring.q'],
    ['GET', '/api/cases?status=pending', 'querystring.status.0'],
    ['GET', '/api/cases?limit=0', 'querystring.limit'],
    ['GET', '/api/cases/0', 'params.id'],
    ['PATCH', '/api/cases/1', 'body'],
  ] as const)('refuses %s %s with a problem naming %s', async (method, url, field) => {
    const response = await f.call(method, url, f.manager, method === 'PATCH' ? {} : undefined);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 404 for a case that does not exist, and 409 for a duplicate business key or a closed case', async () => {
    expect((await f.call('GET', '/api/cases/987654', f.viewer)).status).toBe(404);
    expect((await f.call('PATCH', '/api/cases/987654', f.agent, { stage: 'done' })).status).toBe(404);
    await open({ business_key: 'CMP-1' });
    const duplicate = await open({ business_key: 'CMP-1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0].field).toBe('body.business_key');
    expect((await open({ type: 'investigation', business_key: 'CMP-1' })).status).toBe(201); // unique per type only
    const { body: c } = await open();
    await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { status: 'closed' });
    const reopen = await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.headers['content-type']).toContain('application/problem+json');
  });

  it('lets a viewer read but not write, and strangers nothing', async () => {
    const { body: c } = await open();
    expect((await f.call('GET', '/api/cases', f.viewer)).status).toBe(200);
    expect((await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer)).status).toBe(200);
    for (const [method, url, payload] of [
      ['POST', '/api/cases', { type: 'complaint', title: 'x' }],
      ['PATCH', `/api/cases/${c.id}`, { stage: 'done' }],
      ['POST', `/api/cases/${c.id}/comments`, { body: 'hello' }],
      ['POST', `/api/cases/${c.id}/links`, { links: [{ kind: 'other', reference: 'X' }] }],
      ['POST', `/api/cases/${c.id}/first-response`, { how: 'phone' }],
    ] as const) {
      const denied = await f.call(method, url, f.viewer, payload);
      expect(denied.status, `${method} ${url}`).toBe(403);
      expect(denied.body.detail).toContain('cases:write');
    }
    const upload = await f.t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/attachments?file_name=a.txt`, headers: { cookie: f.viewer, 'content-type': 'text/plain' }, payload: 'x' });
    expect(upload.statusCode).toBe(403);
    expect((await f.t.app.inject({ method: 'GET', url: '/api/cases' })).statusCode).toBe(401);
  });

  it('notifies users mentioned by @e-mail in a comment, and refuses a mention of nobody', async () => {
    const { body: c } = await open();
    const managerEmail = (await f.t.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [f.managerId]))[0]!.email;
    const comment = await f.call('POST', `/api/cases/${c.id}/comments`, f.agent, { body: `@${managerEmail.toUpperCase()} could you approve a refund? Customer wrote from maria@example.com.` });
    expect(comment.status).toBe(201);
    expect(comment.body.mentions).toEqual([expect.objectContaining({ id: f.managerId })]);
    const inbox = await f.call('GET', '/api/case-notifications?unread=true', f.manager);
    const note = inbox.body.items.find((n: { kind: string; case_id: number }) => n.kind === 'mention' && n.case_id === c.id);
    expect(note).toMatchObject({ comment_id: comment.body.id });
    expect(note.message).toContain('mentioned you');
    const read = await f.call('POST', `/api/case-notifications/${note.id}/read`, f.manager);
    expect(read.body.read_at).not.toBeNull();
    expect((await f.call('POST', `/api/case-notifications/${note.id}/read`, f.agent)).status).toBe(404); // someone else's

    // The manager is told by e-mail too: delivered over SMTP to the embedded mailbox, once, with the comment and a link to the case.
    const admin = await f.t.login(['admin']); // the demo mailbox is the administrators' (decision 018)
    const mail = await eventually(async () => {
      const list = await f.call('GET', `/api/mailbox?to=${encodeURIComponent(managerEmail)}`, admin);
      return list.body.items.find((m: { subject: string }) => m.subject.includes(`case #${c.id}`));
    }, 20_000, 'the mention e-mail');
    expect(mail.subject).toContain('mentioned you');
    const opened = await f.call('GET', `/api/mailbox/${mail.id}`, admin);
    expect(opened.body.text).toContain('could you approve a refund?');
    expect(opened.body.text).toContain(`/console/cases/${c.id}`);
    expect(opened.body.html).not.toContain('unsubscribe');
    const outbox = await f.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comms_messages WHERE campaign = $1`, [`case-notification:${note.id}`]);
    expect(outbox[0]!.n).toBe(1);

    const nobody = await f.call('POST', `/api/cases/${c.id}/comments`, f.agent, { body: 'cc @ghost@example.com' });
    expect(nobody.status).toBe(400);
    expect(nobody.body.errors[0]).toMatchObject({ field: 'body.body' });
    expect(nobody.body.detail).toContain('@ghost@example.com');
    expect((await f.call('GET', `/api/cases/${c.id}/comments`, f.viewer)).body).toHaveLength(1);
  });

  it('links and unlinks records, each link once', async () => {
    const { body: c } = await open();
    const added = await f.call('POST', `/api/cases/${c.id}/links`, f.agent, { links: [{ kind: 'customer', id: customerId }, { kind: 'customer', id: customerId }] });
    expect(added.status).toBe(201);
    expect(added.body).toHaveLength(1);
    expect((await f.call('DELETE', `/api/cases/${c.id}/links/${added.body[0].id}`, f.agent)).status).toBe(204);
    expect((await f.call('GET', `/api/cases/${c.id}/links`, f.viewer)).body).toEqual([]);
    expect((await f.call('DELETE', `/api/cases/${c.id}/links/${added.body[0].id}`, f.agent)).status).toBe(404);
  });

  it('marks breaches through the sweep worker (pg-boss), exactly once', async () => {
    const { body: c } = await open({ priority: 'urgent', owner_id: f.agentId });
    f.t.clock.advance(2 * 3_600_000);
    await f.t.ctx.jobs.send(SLA_SWEEP_QUEUE, {});
    let breached = false;
    for (let i = 0; i < 60 && !breached; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      breached = (await f.call('GET', `/api/cases/${c.id}`, f.viewer)).body.case.sla_breached;
    }
    expect(breached).toBe(true);
    const events = await f.t.db.query("SELECT data->>'target' AS target FROM case_events WHERE case_id = $1 AND kind = 'sla_breached'", [c.id]);
    expect(events).toEqual([{ target: 'first_response' }]);
    expect((await f.call('GET', `/api/cases?breached=true&owner=me`, f.agent)).body.items.map((i: { id: number }) => i.id)).toContain(c.id);
  });

  it('lists case types, SLA policies and calendars with a day-by-day preview of holidays', async () => {
    expect((await f.call('GET', '/api/case-types', f.viewer)).body.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['complaint', 'recall', 'winback', 'delivery_incident', 'investigation']),
    );
    expect((await f.call('GET', '/api/sla-policies', f.viewer)).body.length).toBeGreaterThan(0);
    const calendars = await f.call('GET', '/api/business-calendars?from=2025-10-31&days=5', f.viewer);
    const moscow = calendars.body.find((c: { id: string }) => c.id === 'ru-moscow');
    expect(moscow.days.map((d: { kind: string }) => d.kind)).toEqual(['working', 'transferred_working', 'weekend', 'holiday', 'holiday']);
    expect(moscow.days[1].hours).toEqual(['09:00–17:00']);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await f.t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}', '/api/cases/{id}/timeline', '/api/cases/{id}/attachments', '/api/case-notifications']));
  });
});
