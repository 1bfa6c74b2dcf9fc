import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { registerAction } from '../actions/action-catalogue.ts';
import { deployProcess } from '../definitions/deploy-process.ts';
import { startEngineWorker } from './engine-worker.ts';
import { startInstance } from './start-instance.ts';

const bpmn = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-${processId}" targetNamespace="urn:test">
  <process id="${processId}" isExecutable="true">${body}</process>
</definitions>`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the engine worker loop', () => {
  let db: Db;
  const clock = new ManualClock('2026-04-01T08:00:00Z');
  const deps = () => ({ db, clock });
  const status = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM engine_instances WHERE id = $1', [id]))[0]!.status;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  // Regression: timers and action calls shared one loop, so a timer waited until every due
  // action call had run — behind a slow webhook, for as long as the webhook took.
  it('fires a due timer while an action handler of the same worker is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let handlerEntered = false;
    registerAction({
      name: 'test.slowWebhook',
      input: Type.Object({}),
      async handler() {
        handlerEntered = true;
        await gate;
      },
    });
    await deployProcess(db, clock, bpmn('slowCall', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
      <serviceTask id="call" rebound:action="test.slowWebhook" rebound:input="{}"/>
      <sequenceFlow id="f2" sourceRef="call" targetRef="e"/><endEvent id="e"/>`), systemActor);
    await deployProcess(db, clock, bpmn('cooling', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
      <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <sequenceFlow id="f2" sourceRef="wait" targetRef="e"/><endEvent id="e"/>`), systemActor);

    const slow = await startInstance(deps(), { processId: 'slowCall' });
    const cooling = await startInstance(deps(), { processId: 'cooling' });
    const stop = startEngineWorker(deps(), { pollMs: 20, leaseSeconds: 60 });
    try {
      for (let i = 0; i < 500 && !handlerEntered; i++) await sleep(10);
      expect(handlerEntered).toBe(true);

      clock.advance(3_600_000);
      for (let i = 0; i < 500 && (await status(cooling.instanceId)) !== 'completed'; i++) await sleep(10);
      expect(await status(cooling.instanceId)).toBe('completed');
      expect(await status(slow.instanceId)).toBe('running');
    } finally {
      release();
      await stop();
    }
    expect(await status(slow.instanceId)).toBe('completed');
  });
});
