import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { createUser } from '../../platform/auth/users.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="groups" targetNamespace="urn:test">
  <process id="financeCheck" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="check"/>
    <userTask id="check" name="Check the refund" rebound:candidateGroups="finance"/>
    <sequenceFlow id="f2" sourceRef="check" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

// A task offered to a group (a department) only: closed to everyone outside it, whatever their role.
describe('user tasks offered to a candidate group', () => {
  let t: TestApp;
  let outsider: string;
  let member: string;
  let taskId: number;
  const api = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, headers: { cookie }, payload: payload as never });
  const signIn = async (email: string, department: string | null) => {
    await createUser(t.db, systemActor, { email, name: email, password: TEST_PASSWORD, roles: ['agent'], department });
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
    return `rebound_session=${response.cookies.find((c) => c.name === 'rebound_session')!.value}`;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const designer = await t.login(['designer']);
    expect((await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: MODEL })).statusCode).toBe(201);
    outsider = await signIn('agent.sales@example.com', 'sales');
    member = await signIn('agent.finance@example.com', 'finance');
    const manager = await t.login(['manager']);
    const started = await api(manager, 'POST', '/api/processes/financeCheck/instances', { businessKey: 'refund-7' });
    expect(started.statusCode, started.body).toBe(201);
    const admin = await t.login(['admin']);
    taskId = (await api(admin, 'GET', `/api/tasks?instanceId=${started.json().instanceId}`)).json().items[0].id;
  });
  afterAll(async () => t.close());

  it('is neither listed nor claimable for an agent of another department', async () => {
    expect((await api(outsider, 'GET', '/api/tasks?offered=true')).json().items).toEqual([]);
    expect((await api(outsider, 'GET', '/api/tasks')).json().items).toEqual([]);
    const claim = await api(outsider, 'POST', `/api/tasks/${taskId}/claim`);
    expect(claim.statusCode).toBe(403);
    expect(claim.json().detail).toContain('group finance');
    expect((await api(outsider, 'POST', `/api/tasks/${taskId}/complete`, { data: {} })).statusCode).toBe(403);
  });

  it('is offered to, claimed and completed by a member of the group', async () => {
    const offered = (await api(member, 'GET', '/api/tasks?offered=true')).json().items as { id: number; candidateGroups: string[] }[];
    expect(offered.map((task) => task.id)).toEqual([taskId]);
    expect(offered[0]!.candidateGroups).toEqual(['finance']);
    expect((await api(member, 'POST', `/api/tasks/${taskId}/claim`)).statusCode).toBe(204);
    expect((await api(member, 'POST', `/api/tasks/${taskId}/complete`, { data: {} })).statusCode).toBe(204);
  });
});
