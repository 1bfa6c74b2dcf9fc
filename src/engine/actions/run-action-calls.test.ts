import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { deployProcess } from '../definitions/deploy-process.ts';
import { startInstance } from '../runtime/start-instance.ts';
import { registerAction } from './action-catalogue.ts';
import { runDueActionCalls } from './run-action-calls.ts';

describe('service-task calls run in lanes', () => {
  let db: Db;
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  let inFlight = 0;
  let most = 0;
  const ran: number[] = [];
  beforeAll(async () => {
    db = await openTestDb();
    registerAction({
      name: 'test.slowLookup',
      input: Type.Object({ n: Type.Integer() }),
      output: Type.Object({ looked: Type.Integer() }),
      async handler({ n }) {
        inFlight++;
        most = Math.max(most, inFlight);
        // Waits as a handler does on a remote service; the lanes let the others go meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 150));
        inFlight--;
        ran.push(n);
        return { looked: n };
      },
    });
    await deployProcess(db, clock, `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-lanes" targetNamespace="urn:test">
  <process id="lanes" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
    <serviceTask id="call" rebound:action="test.slowLookup" rebound:input="{ n: n }"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`, systemActor);
  });
  afterAll(async () => db.close());

  it('runs up to `concurrency` handlers at once, each call once, and every instance moves on', async () => {
    const instances = [];
    for (let n = 1; n <= 6; n++) instances.push((await startInstance({ db, clock }, { processId: 'lanes', variables: { n } })).instanceId);
    expect(await runDueActionCalls({ db, clock }, { concurrency: 3 })).toBe(6);
    expect(most).toBe(3);
    expect(ran.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = await db.query<{ status: string; variables: { looked: number } }>('SELECT status, variables FROM engine_instances WHERE id = ANY($1::bigint[]) ORDER BY id', [instances]);
    expect(rows.map((r) => [r.status, r.variables.looked])).toEqual([1, 2, 3, 4, 5, 6].map((n) => ['completed', n]));
    expect(await db.query(`SELECT 1 FROM engine_action_calls WHERE status <> 'done'`)).toEqual([]);
  });
});
