import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { ManualClock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { registerAction } from './actions/action-catalogue.ts';
import { runDueActionCalls } from './actions/run-action-calls.ts';
import { deployDecision } from './decisions/decisions.sql.ts';
import { deployProcess } from './definitions/deploy-process.ts';
import { correlateMessage } from './runtime/correlate-message.ts';
import { retryIncident, listIncidents } from './runtime/incidents.ts';
import { startInstance } from './runtime/start-instance.ts';
import { instanceTimeline, processEventsForBusinessKey } from './runtime/timeline.ts';
import { fireDueTimers } from './timers/fire-due-timers.ts';

const bpmn = (processId: string, body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-${processId}" targetNamespace="urn:test">
  ${extra}
  <process id="${processId}" isExecutable="true">${body}</process>
</definitions>`;

describe('engine features on a real database', () => {
  let db: Db;
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const deps = () => ({ db, clock });
  const status = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM engine_instances WHERE id = $1', [id]))[0]!.status;
  const variables = async (id: number) => (await db.query<{ variables: Record<string, unknown> }>('SELECT variables FROM engine_instances WHERE id = $1', [id]))[0]!.variables;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('correlates a message by name and business key (voucherRedeemed for case 42), not to other cases', async () => {
    await deployProcess(db, clock, bpmn('voucher', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
      <intermediateCatchEvent id="wait" name="Voucher redeemed"><messageEventDefinition messageRef="m"/></intermediateCatchEvent>
      <sequenceFlow id="f2" sourceRef="wait" targetRef="e"/><endEvent id="e"/>`, '<message id="m" name="voucherRedeemed"/>'), systemActor);
    const case42 = await startInstance(deps(), { processId: 'voucher', businessKey: '42' });
    const case43 = await startInstance(deps(), { processId: 'voucher', businessKey: '43' });
    expect(case42.status).toBe('running');
    const result = await correlateMessage(deps(), { name: 'voucherRedeemed', businessKey: '42', variables: { voucherCode: 'V-1' } });
    expect(result).toEqual({ correlated: [case42.instanceId], started: [] });
    expect(await status(case42.instanceId)).toBe('completed');
    expect(await variables(case42.instanceId)).toEqual({ voucherCode: 'V-1' });
    expect(await status(case43.instanceId)).toBe('running');
    await expect(correlateMessage(deps(), { name: 'voucherRedeemed', businessKey: '42' })).rejects.toThrow(/was not found/);
    const events = await processEventsForBusinessKey(db, '42');
    expect(events.map((e) => e.event)).toContain('message.received');
  });

  it('starts an instance by a message start event', async () => {
    await deployProcess(db, clock, bpmn('complaint', `
      <startEvent id="received"><messageEventDefinition messageRef="c"/></startEvent>
      <sequenceFlow id="f1" sourceRef="received" targetRef="handle"/><userTask id="handle"/>
      <sequenceFlow id="f2" sourceRef="handle" targetRef="e"/><endEvent id="e"/>`, '<message id="c" name="complaintReceived"/>'), systemActor);
    const result = await correlateMessage(deps(), { name: 'complaintReceived', businessKey: 'C-7', variables: { channel: 'email' } });
    expect(result.started).toHaveLength(1);
    const [task] = await db.query<{ activity_id: string; business_key: string }>('SELECT activity_id, business_key FROM engine_tasks WHERE instance_id = $1', [result.started[0]]);
    expect(task).toEqual({ activity_id: 'handle', business_key: 'C-7' });
  });

  it('fires an intermediate timer at its due time on the injected clock, and a timer start event on its cycle', async () => {
    await deployProcess(db, clock, bpmn('cooling', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
      <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P2D</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <sequenceFlow id="f2" sourceRef="wait" targetRef="e"/><endEvent id="e"/>`), systemActor);
    const started = await startInstance(deps(), { processId: 'cooling' });
    const [timer] = await db.query<{ due_at: Date }>('SELECT due_at FROM engine_timers WHERE instance_id = $1', [started.instanceId]);
    expect(timer!.due_at.toISOString()).toBe('2026-03-04T08:00:00.000Z');
    clock.advance(2 * 86_400_000 - 1);
    await fireDueTimers(deps());
    expect(await status(started.instanceId)).toBe('running');
    clock.advance(1);
    await fireDueTimers(deps());
    expect(await status(started.instanceId)).toBe('completed');

    await deployProcess(db, clock, bpmn('nightly', `
      <startEvent id="tick"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></startEvent>
      <sequenceFlow id="f1" sourceRef="tick" targetRef="check"/><userTask id="check"/>
      <sequenceFlow id="f2" sourceRef="check" targetRef="e"/><endEvent id="e"/>`), systemActor);
    const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'nightly'`))[0]!.n;
    clock.advance(3600_000);
    expect(await fireDueTimers(deps())).toBe(1);
    expect(await count()).toBe(1);
    clock.advance(3600_000);
    await fireDueTimers(deps());
    clock.advance(3600_000);
    await fireDueTimers(deps());
    expect(await count()).toBe(2);
    const [task] = await db.query(`SELECT t.activity_id FROM engine_tasks t JOIN engine_instances i ON i.id = t.instance_id WHERE i.process_id = 'nightly' LIMIT 1`);
    expect(task).toEqual({ activity_id: 'check' });
  });

  it('evaluates a deployed DMN decision in a business-rule task and routes on it with FEEL', async () => {
    await deployDecision(db, `<?xml version="1.0"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="compensation" name="Compensation" namespace="urn:test">
  <decision id="refund" name="Refund">
    <decisionTable hitPolicy="UNIQUE">
      <input id="i1"><inputExpression typeRef="number"><text>delayDays</text></inputExpression></input>
      <output id="o1" name="percent" typeRef="number"/>
      <rule id="r1"><inputEntry><text>&lt;= 3</text></inputEntry><outputEntry><text>0</text></outputEntry></rule>
      <rule id="r2"><inputEntry><text>&gt; 3</text></inputEntry><outputEntry><text>20</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`, systemActor);
    await deployProcess(db, clock, bpmn('delay', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="decide"/>
      <businessRuleTask id="decide" rebound:decisionKey="compensation" rebound:resultVariable="refundPercent"/>
      <sequenceFlow id="f2" sourceRef="decide" targetRef="gw"/>
      <exclusiveGateway id="gw" default="none"/>
      <sequenceFlow id="refund" sourceRef="gw" targetRef="apologise"><conditionExpression>\${refundPercent &gt; 0}</conditionExpression></sequenceFlow>
      <sequenceFlow id="none" sourceRef="gw" targetRef="e"/>
      <userTask id="apologise"/><sequenceFlow id="f3" sourceRef="apologise" targetRef="e"/><endEvent id="e"/>`), systemActor);
    const late = await startInstance(deps(), { processId: 'delay', variables: { delayDays: 5 } });
    expect(await variables(late.instanceId)).toEqual({ delayDays: 5, refundPercent: 20 });
    expect(await status(late.instanceId)).toBe('running');
    const onTime = await startInstance(deps(), { processId: 'delay', variables: { delayDays: 1 } });
    expect(await status(onTime.instanceId)).toBe('completed');
  });

  it('retries a failing action with backoff, then raises an incident that is retried by hand', async () => {
    let failuresLeft = 3;
    const keys: string[] = [];
    registerAction({
      name: 'test.flaky',
      input: Type.Object({ orderId: Type.Integer() }),
      output: Type.Object({ ok: Type.Boolean() }),
      async handler(_input, call) {
        keys.push(`${call.idempotencyKey}#${call.attempt}`);
        if (failuresLeft-- > 0) throw new Error('gateway timeout');
        return { ok: true };
      },
    });
    await deployProcess(db, clock, bpmn('flaky', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
      <serviceTask id="call" rebound:action="test.flaky" rebound:input="{ orderId: orderId }" rebound:retries="1" rebound:resultVariable="result"/>
      <sequenceFlow id="f2" sourceRef="call" targetRef="e"/><endEvent id="e"/>`), systemActor);
    const started = await startInstance(deps(), { processId: 'flaky', variables: { orderId: 7 } });
    expect(await runDueActionCalls(deps())).toBe(1);
    expect(await runDueActionCalls(deps())).toBe(0); // backing off
    clock.advance(1000);
    expect(await runDueActionCalls(deps())).toBe(1);
    const { items } = await listIncidents(deps(), { limit: 10, offset: 0 });
    const incident = items.find((i) => i.instanceId === started.instanceId)!;
    expect(incident).toMatchObject({ kind: 'action_failed', action: 'test.flaky', activityId: 'call', attempts: 2 });
    expect(incident.error).toMatch(/gateway timeout/);
    await retryIncident(deps(), incident.id, systemActor);
    await runDueActionCalls(deps()); // third failure (attempt 1 of the new round)
    clock.advance(1000);
    await runDueActionCalls(deps());
    expect(await status(started.instanceId)).toBe('completed');
    expect(await variables(started.instanceId)).toEqual({ orderId: 7, result: { ok: true } });
    const key = `${started.instanceId}:call:1`;
    expect(keys).toEqual([`${key}#1`, `${key}#2`, `${key}#1`, `${key}#2`]);
    const timeline = await instanceTimeline(db, started.instanceId);
    expect(timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['incident.raised', 'action.completed', 'instance.completed']));
  });
});
