import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { fireDueTimers } from './timers/fire-due-timers.ts';

// Scenario tests over the shipped processes/review.bpmn: Given/When/Then, the clock moved
// instead of waited for. The worker loop polls rarely here so each test drives the steps
// (a step that queues a service-task call still wakes it: decision 055).
describe('the review process (processes/review.bpmn)', () => {
  let t: TestApp;
  let agent: string;
  let manager: string;
  let designer: string;
  beforeAll(async () => {
    t = await startTestApp({ ENGINE_POLL_MS: '60000' });
    agent = await t.login(['agent'], 'agent@example.com');
    manager = await t.login(['manager'], 'manager@example.com');
    designer = await t.login(['designer']);
  });
  afterAll(async () => t.close());

  const api = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, payload: payload as never });

  async function startReview(businessKey: string) {
    const started = await api(manager, 'POST', '/api/processes/review/instances', { businessKey, variables: { requestedBy: 'ann' } });
    expect(started.statusCode, started.body).toBe(201);
    return started.json().instanceId as number;
  }

  async function openTaskOf(instanceId: number, cookie = agent) {
    const tasks = await api(cookie, 'GET', `/api/tasks?instanceId=${instanceId}`);
    expect(tasks.statusCode).toBe(200);
    return tasks.json().items[0];
  }

  it('is deployed at start', async () => {
    const processes = await api(agent, 'GET', '/api/processes');
    expect(processes.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ processId: 'review', version: 1, executable: true })]));
  });

  it('runs start → review task → complete with form data → notify action → end, persisted between steps', async () => {
    const instanceId = await startReview('case-42');
    const task = await openTaskOf(instanceId);
    expect(task).toMatchObject({ name: 'Review', candidateRoles: ['agent', 'manager'], priority: 60, assignee: null, businessKey: 'case-42' });
    expect(new Date(task.dueAt).getTime() - t.clock.now().getTime()).toBe(8 * 3600_000);
    const detail = await api(agent, 'GET', `/api/tasks/${task.id}`);
    expect(detail.json().form.id).toBe('review');

    const invalid = await api(agent, 'POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'maybe', amountMinor: -5 } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.json().errors).toEqual([
      { field: 'decision', message: '"maybe" is not one of "approve", "reject"' },
      { field: 'amountMinor', message: 'must be at least 0' },
    ]);
    expect((await api(agent, 'POST', `/api/tasks/${task.id}/complete`, { data: {} })).json().errors[0].field).toBe('decision');

    expect((await api(agent, 'POST', `/api/tasks/${task.id}/claim`)).statusCode).toBe(204);
    expect((await api(manager, 'POST', `/api/tasks/${task.id}/claim`)).statusCode).toBe(409);
    const done = await api(agent, 'POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'approve', comment: 'fine' } });
    expect(done.statusCode).toBe(204);

    // The completion's commit wakes the app's own engine worker, which may run the notify call
    // before this test does (decision 055): wait for it either way, then check it ran once.
    expect((await api(agent, 'GET', `/api/instances/${instanceId}`)).json()).toMatchObject({ variables: { decision: 'approve', comment: 'fine', requestedBy: 'ann' } });
    await settleActions(t);
    expect((await api(agent, 'GET', `/api/instances/${instanceId}`)).json().status).toBe('completed');
    expect(await t.db.query('SELECT activity_id, status, attempts FROM engine_action_calls WHERE instance_id = $1', [instanceId]))
      .toEqual([{ activity_id: 'notifyRequester', status: 'done', attempts: 1 }]);
    const [notification] = await t.db.query<{ subject: string; body: string; idempotency_key: string }>('SELECT subject, body, idempotency_key FROM engine_notifications WHERE instance_id = $1', [instanceId]);
    expect(notification).toEqual({ subject: 'Review approved', body: 'fine', idempotency_key: `${instanceId}:notifyRequester:1` });

    const timeline = (await api(agent, 'GET', `/api/instances/${instanceId}/timeline`)).json().items as { event: string; activityId: string | null; actor: { label: string } }[];
    const summary = timeline.map((e) => `${e.event}${e.activityId ? ` ${e.activityId}` : ''} by ${e.actor.label}`);
    expect(summary).toEqual(expect.arrayContaining([
      'instance.started by manager@example.com',
      'activity.entered reviewTask by manager@example.com',
      'task.claimed reviewTask by agent@example.com',
      'task.completed reviewTask by agent@example.com',
      'variables.changed by agent@example.com',
      'activity.left reviewTask by agent@example.com',
      'action.completed notifyRequester by rebound',
      'instance.completed by rebound',
    ]));
    expect(summary.indexOf('activity.entered reviewTask by manager@example.com')).toBeLessThan(summary.indexOf('activity.left reviewTask by agent@example.com'));
  });

  it('escalates an overdue review to the managers and notifies them (SLA breach), once', async () => {
    const instanceId = await startReview('case-43');
    const task = await openTaskOf(instanceId);
    t.clock.advance(8 * 3600_000 - 1000);
    expect(await fireDueTimers(t.ctx)).toBe(0);
    t.clock.advance(1000);
    expect(await fireDueTimers(t.ctx)).toBe(1);
    expect(await fireDueTimers(t.ctx)).toBe(0);
    const escalated = (await api(manager, 'GET', `/api/tasks/${task.id}`)).json();
    expect(escalated).toMatchObject({ candidateRoles: ['manager'], status: 'open' });
    expect(escalated.escalatedAt).not.toBeNull();
    expect((await api(agent, 'GET', `/api/tasks?instanceId=${instanceId}`)).json().items).toEqual([]);
    await settleActions(t);
    const notes = await t.db.query('SELECT recipient_role, subject FROM engine_notifications WHERE instance_id = $1', [instanceId]);
    expect(notes).toEqual([{ recipient_role: 'manager', subject: 'SLA breached: Review (Review case-43)' }]);
    expect((await api(manager, 'POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'reject' } })).statusCode).toBe(204);
    expect((await api(agent, 'GET', `/api/instances/${instanceId}`)).json().status).toBe('completed');
  });

  it('reassigns only with tasks:assign', async () => {
    const instanceId = await startReview('case-44');
    const task = await openTaskOf(instanceId);
    expect((await api(agent, 'POST', `/api/tasks/${task.id}/assign`, { assignee: 'agent@example.com' })).statusCode).toBe(403);
    expect((await api(manager, 'POST', `/api/tasks/${task.id}/assign`, { assignee: 'someone@example.com' })).statusCode).toBe(204);
    const other = await api(agent, 'POST', `/api/tasks/${task.id}/complete`, { data: { decision: 'reject' } });
    expect(other.statusCode).toBe(403);
  });

  it('deploys a new version while running instances stay on theirs', async () => {
    const before = await startReview('case-45');
    const xml = (await import('node:fs')).readFileSync(new URL('../../processes/review.bpmn', import.meta.url), 'utf8').replace('rebound:priority="60"', 'rebound:priority="70"');
    const deployed = await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: xml });
    expect(deployed.statusCode).toBe(201);
    expect(deployed.json()).toMatchObject({ processId: 'review', version: 2 });
    const again = await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: xml });
    expect(again.json()).toMatchObject({ version: 2, created: false });
    const after = await startReview('case-46');
    expect((await api(agent, 'GET', `/api/instances/${before}`)).json().version).toBe(1);
    expect((await api(agent, 'GET', `/api/instances/${after}`)).json().version).toBe(2);
    expect((await openTaskOf(after)).priority).toBe(70);
    const oldTask = await openTaskOf(before);
    expect((await api(agent, 'POST', `/api/tasks/${oldTask.id}/complete`, { data: { decision: 'reject' } })).statusCode).toBe(204);
    expect((await api(agent, 'GET', `/api/instances/${before}`)).json().status).toBe('completed');
  });

  it('refuses a model it cannot run, naming the element and where', async () => {
    const xml = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
      <process id="scripted" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f" sourceRef="s" targetRef="js"/>
      <scriptTask id="js" name="Compute" scriptFormat="javascript"><script>next()</script></scriptTask>
      <sequenceFlow id="g" sourceRef="js" targetRef="x"/><exclusiveGateway id="x" default="h"/>
      <sequenceFlow id="h" sourceRef="x" targetRef="e"/><sequenceFlow id="bad" sourceRef="x" targetRef="e"><conditionExpression>amount +* 3</conditionExpression></sequenceFlow>
      <endEvent id="e"/></process></definitions>`;
    const refused = await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: xml });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([
      expect.stringMatching(/^unsupported element bpmn:ScriptTask at js \("Compute"\)/),
      expect.stringMatching(/^invalid FEEL condition at bad: "amount \+\* 3"/),
    ]);
    const garbage = await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: '<nope' });
    expect(garbage.statusCode).toBe(422);
  });
});
