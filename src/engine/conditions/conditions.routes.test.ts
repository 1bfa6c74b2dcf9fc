import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

const model = (condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-late" targetNamespace="urn:test">
  <process id="late-delivery" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/>
    <exclusiveGateway id="gw" default="onTime"/>
    <sequenceFlow id="late" sourceRef="gw" targetRef="apologise"><conditionExpression>${condition}</conditionExpression></sequenceFlow>
    <sequenceFlow id="onTime" sourceRef="gw" targetRef="thank"/>
    <userTask id="apologise"/><userTask id="thank"/>
    <sequenceFlow id="f1" sourceRef="apologise" targetRef="e"/><sequenceFlow id="f2" sourceRef="thank" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

// Issue 13.1 through the API: JUEL deploys and routes right, what cannot be translated is a
// 422 naming the flow, and a missing variable is an incident the operator retries with it.
describe('JUEL conditions and condition incidents over HTTP', () => {
  let t: TestApp;
  let designer: string;
  let manager: string;
  beforeAll(async () => {
    t = await startTestApp({ ENGINE_POLL_MS: '60000' });
    designer = await t.login(['designer'], 'juel-designer@example.com');
    manager = await t.login(['manager'], 'juel-manager@example.com');
  });
  afterAll(async () => t.close());

  const deploy = (xml: string) => t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: designer, 'content-type': 'application/xml' }, payload: xml });
  const start = async (variables: Record<string, unknown>) => {
    const started = await t.app.inject({ method: 'POST', url: '/api/processes/late-delivery/instances', headers: { cookie: manager }, payload: { variables } });
    expect(started.statusCode, started.body).toBe(201);
    return started.json().instanceId as number;
  };
  const waitingAt = async (instanceId: number) =>
    ((await t.app.inject({ method: 'GET', url: `/api/tasks?instanceId=${instanceId}`, headers: { cookie: manager } })).json().items as { activityId: string }[]).map((task) => task.activityId);

  it('refuses untranslatable JUEL with a problem naming the flow and the expression', async () => {
    const refused = await deploy(model('${deliveryService.isLate(order)}'));
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().problems).toEqual([expect.stringMatching(/^unsupported JUEL condition at sequence flow late: "\$\{deliveryService\.isLate\(order\)\}": method call isLate.*\(line 6\)$/)]);
  });

  it('routes ${delayDays gt 3}, and a missing delayDays waits with an incident retried with the variable', async () => {
    expect((await deploy(model('${delayDays gt 3}'))).statusCode).toBe(201);
    expect(await waitingAt(await start({ delayDays: 5 }))).toEqual(['apologise']);
    expect(await waitingAt(await start({ delayDays: 1 }))).toEqual(['thank']);

    const stuck = await start({});
    expect(await waitingAt(stuck)).toEqual([]);
    const incidents = (await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { cookie: manager } })).json().items as { id: number; instanceId: number; kind: string; activityId: string; error: string }[];
    const incident = incidents.find((i) => i.instanceId === stuck)!;
    expect(incident).toMatchObject({ kind: 'condition_failed', activityId: 'gw' });
    expect(incident.error).toMatch(/reads variable delayDays, which the instance does not have/);

    // A retry without a body decides again with the same variables: still stuck, a new incident.
    const bare = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/retry`, headers: { cookie: manager } });
    expect(bare.statusCode, bare.body).toBe(204);
    const again = ((await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { cookie: manager } })).json().items as typeof incidents).find((i) => i.instanceId === stuck)!;
    expect(again.id).not.toBe(incident.id);
    incident.id = again.id;
    const wrong = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/retry`, headers: { cookie: manager }, payload: { variables: 'delayDays=5' } });
    expect(wrong.statusCode).toBe(400);
    const retried = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/retry`, headers: { cookie: manager }, payload: { variables: { delayDays: 7 } } });
    expect(retried.statusCode, retried.body).toBe(204);
    expect(await waitingAt(stuck)).toEqual(['apologise']);
    const instance = (await t.app.inject({ method: 'GET', url: `/api/instances/${stuck}`, headers: { cookie: manager } })).json();
    expect(instance.variables).toEqual({ delayDays: 7 });
  });
});
