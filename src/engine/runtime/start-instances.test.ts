import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { deployProcess } from '../definitions/deploy-process.ts';
import { startInstance } from './start-instance.ts';
import { startInstances } from './start-instances.ts';
import { stepInstance } from './step-instance.ts';

const bpmn = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-${processId}" targetNamespace="urn:test">
  <process id="${processId}" isExecutable="true">${body}</process>
</definitions>`;

describe('bulk start (issue 17.1: set-based)', () => {
  let db: Db;
  const clock = new ManualClock('2026-04-01T08:00:00Z');
  const deps = () => ({ db, clock });

  beforeAll(async () => {
    db = await openTestDb();
    await deployProcess(db, clock, bpmn('bulkCall', `
      <startEvent id="s" name="Entered"/><sequenceFlow id="f1" sourceRef="s" targetRef="call"/>
      <userTask id="call" name="Call the customer" rebound:priority="70"/>
      <sequenceFlow id="f2" sourceRef="call" targetRef="e"/><endEvent id="e"/>`), systemActor);
    await deployProcess(db, clock, bpmn('bulkBranch', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="gw"/>
      <exclusiveGateway id="gw" default="wait"/>
      <sequenceFlow id="gold" sourceRef="gw" targetRef="vipCall"><conditionExpression>\${tier == "gold"}</conditionExpression></sequenceFlow>
      <sequenceFlow id="wait" sourceRef="gw" targetRef="cool"/>
      <userTask id="vipCall" name="Call a VIP"/><sequenceFlow id="f2" sourceRef="vipCall" targetRef="e"/>
      <intermediateCatchEvent id="cool"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <sequenceFlow id="f3" sourceRef="cool" targetRef="e"/><endEvent id="e"/>`), systemActor);
  });
  afterAll(async () => db.close());

  /** Every row an instance has, with ids and bpmn-engine execution ids (random per run) left out. */
  async function rowsOf(ids: number[]) {
    const instances = await db.query(
      `SELECT business_key, status, variables, started_by, started_at, updated_at, ended_at, error, state IS NOT NULL AS has_state
       FROM engine_instances WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
    const events = await db.query(
      `SELECT business_key, event, activity_id, activity_type, activity_name, actor_kind, actor_label, data, at
       FROM engine_events WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id, id`, [ids]);
    const tasks = await db.query(
      `SELECT activity_id, name, process_id, business_key, status, assignee, candidate_roles, candidate_groups, priority, due_at, form_id, created_at
       FROM engine_tasks WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id, id`, [ids]);
    const timers = await db.query(
      `SELECT activity_id, timer_type, timer_value, due_at FROM engine_timers WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id, id`, [ids]);
    return { instances, events, tasks, timers };
  }

  it('writes for 300 instances the rows 300 single starts write, in item order', async () => {
    const items = (tag: string) => Array.from({ length: 300 }, (_, n) => ({
      businessKey: `${tag}-${n}`, variables: { customerId: n, name: `Customer ${n}` }, actor: { kind: 'system' as const, label: `test ${n}` },
    }));
    const single: number[] = [];
    for (const item of items('k')) single.push((await startInstance(deps(), { processId: 'bulkCall', ...item })).instanceId);
    await db.query(`UPDATE engine_instances SET business_key = 'bulk' || substr(business_key, 2) WHERE id = ANY($1::bigint[])`, [single]);
    await db.query(`UPDATE engine_events SET business_key = 'bulk' || substr(business_key, 2) WHERE instance_id = ANY($1::bigint[])`, [single]);
    await db.query(`UPDATE engine_tasks SET business_key = 'bulk' || substr(business_key, 2) WHERE instance_id = ANY($1::bigint[])`, [single]);

    const bulk = await startInstances(deps(), { processId: 'bulkCall', items: items('bulk'), batchSize: 128 });
    expect(bulk).toHaveLength(300);
    expect(bulk.every((s) => s.status === 'running' && s.processId === 'bulkCall')).toBe(true);
    const ids = bulk.map((s) => s.instanceId);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids); // ids in item order
    const [mine, theirs] = [await rowsOf(ids), await rowsOf(single)];
    expect(mine.tasks).toHaveLength(300);
    expect(mine.tasks[7]).toMatchObject({ business_key: 'bulk-7', name: 'Call the customer', priority: 70, status: 'open' });
    expect(mine.events.filter((e) => e.event === 'instance.started')).toHaveLength(300);
    expect(mine).toEqual(theirs);

    // Items after the first got a copy of its step (nothing before the wait reads a variable):
    // the copied state holds their own variables and resumes — completing the task ends it.
    const [copied] = await db.query<{ state: { name: string; definitions: { environment: { variables: unknown } }[] } }>('SELECT state FROM engine_instances WHERE id = $1', [ids[5]]);
    expect(copied!.state.name).toBe(`instance-${ids[5]}`);
    expect(copied!.state.definitions[0]!.environment.variables).toEqual({ customerId: 5, name: 'Customer 5' });
    const executions = await db.query<{ execution_id: string }>('SELECT DISTINCT execution_id FROM engine_tasks WHERE instance_id = ANY($1::bigint[])', [ids]);
    expect(executions).toHaveLength(3); // one per batch of 128 (3 batches): the copies share their template's execution ids
    for (const id of [ids[0]!, ids[5]!]) {
      const result = await stepInstance(deps(), id, { kind: 'signal', activityId: 'call', output: { reached: true } });
      expect(result.completed).toBe(true);
      expect(result.variables).toEqual({ customerId: id === ids[0] ? 0 : 5, name: `Customer ${id === ids[0] ? 0 : 5}`, reached: true });
    }
  });

  it('takes each item down its own branch when the first wait depends on its variables; an item that decides the gateway alike gets a copy', async () => {
    const tiers = ['gold', 'silver', 'gold', 'bronze', 'silver'];
    const started = await startInstances(deps(), {
      processId: 'bulkBranch', items: tiers.map((tier, n) => ({ businessKey: `b-${n}`, variables: { tier } })),
    });
    const ids = started.map((s) => s.instanceId);
    const tasks = await db.query<{ instance_id: string; activity_id: string }>('SELECT instance_id, activity_id FROM engine_tasks WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id', [ids]);
    const timers = await db.query<{ instance_id: string; due_at: Date }>('SELECT instance_id, due_at FROM engine_timers WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id', [ids]);
    expect(tasks.map((t) => Number(t.instance_id))).toEqual([ids[0], ids[2]]);
    expect(tasks.every((t) => t.activity_id === 'vipCall')).toBe(true);
    // The third item decides the gateway as the first did (the timer elsewhere in the model is
    // never entered on that branch): it got a copy of the first's step, sharing its execution ids.
    const executions = await db.query<{ instance_id: string; execution_id: string }>('SELECT instance_id, execution_id FROM engine_tasks WHERE instance_id = ANY($1::bigint[]) ORDER BY instance_id', [ids]);
    expect(executions[0]!.execution_id).toBe(executions[1]!.execution_id);
    expect(timers.map((t) => Number(t.instance_id))).toEqual([ids[1], ids[3], ids[4]]);
    expect(new Date(timers[0]!.due_at).toISOString()).toBe('2026-04-04T08:00:00.000Z');
    const single = await startInstance(deps(), { processId: 'bulkBranch', businessKey: 'b-0', variables: { tier: 'gold' } });
    const [a, b] = [await rowsOf([ids[0]!]), await rowsOf([single.instanceId])];
    expect(a).toEqual(b);
  });

  it('fails a whole batch on a process that cannot start, writing nothing', async () => {
    await expect(startInstances(deps(), { processId: 'noSuchProcess', items: [{ businessKey: 'x' }] })).rejects.toThrow();
    expect(await db.query(`SELECT 1 FROM engine_instances WHERE business_key = 'x'`)).toHaveLength(0);
  });
});
