import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

// The console's modeler, instance viewer and decision editor open what was deployed: the
// XML of one process version and of a decision's latest version.
describe('deployed model XML for the console', () => {
  let t: TestApp;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestApp({ ENGINE_POLL_MS: '60000' });
    viewer = await t.login(['viewer']);
  });
  afterAll(async () => t.close());

  const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  it('gives one process version with its BPMN XML', async () => {
    const version = await get(viewer, '/api/processes/review/versions/1');
    expect(version.statusCode, version.body).toBe(200);
    expect(version.json()).toMatchObject({ processId: 'review', version: 1, executable: true, runningInstances: 0 });
    expect(version.json().xml).toContain('<bpmn:process id="review"');
    expect((await get(viewer, '/api/processes/review/versions/99')).statusCode).toBe(404);
    expect((await get(viewer, '/api/processes/review/versions/zero')).statusCode).toBe(400);
  });

  it('gives the latest DMN XML of a decision to those who may read rules', async () => {
    const decision = await get(viewer, '/api/decisions/recall-compensation-definitions');
    expect(decision.statusCode, decision.body).toBe(200);
    expect(decision.json()).toMatchObject({ decisionKey: 'recall-compensation-definitions', version: 1, name: 'Recall compensation' });
    expect(decision.json().xml).toContain('<decision id="recall-compensation"');
    expect((await get(viewer, '/api/decisions/nothing-here')).statusCode).toBe(404);
  });
});
