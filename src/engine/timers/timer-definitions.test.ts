import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { registerNotifyAction } from '../actions/notify.action.ts';
import { runDueActionCalls } from '../actions/run-action-calls.ts';
import { deployProcess } from '../definitions/deploy-process.ts';
import { startInstance } from '../runtime/start-instance.ts';
import { completeTask } from '../tasks/tasks.sql.ts';
import { fireDueTimers } from './fire-due-timers.ts';

const bpmn = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-${processId}" targetNamespace="urn:test">
  <process id="${processId}" isExecutable="true">${body}</process>
</definitions>`;

const waitUntil = (processId: string, timer: string) => bpmn(processId, `
  <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>
  <intermediateCatchEvent id="wait"><timerEventDefinition>${timer}</timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f2" sourceRef="wait" targetRef="e"/><endEvent id="e"/>`);

/** A user task reminded by a non-interrupting boundary timer; each reminder is a counted 'notify'. */
const remindedTask = (processId: string, cycle: string) => bpmn(processId, `
  <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="handle"/>
  <userTask id="handle"/><sequenceFlow id="f2" sourceRef="handle" targetRef="e"/><endEvent id="e"/>
  <boundaryEvent id="every" attachedToRef="handle" cancelActivity="false"><timerEventDefinition><timeCycle>${cycle}</timeCycle></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f3" sourceRef="every" targetRef="remind"/>
  <serviceTask id="remind" rebound:action="notify" rebound:input="{ subject: &quot;reminder&quot; }"/>
  <sequenceFlow id="f4" sourceRef="remind" targetRef="e2"/><endEvent id="e2"/>`);

const HOUR_MS = 3_600_000;

describe('timer definitions on the manual clock: dates and cycles', () => {
  let db: Db;
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const deps = () => ({ db, clock });
  const status = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM engine_instances WHERE id = $1', [id]))[0]!.status;
  const dueAt = async (id: number) => (await db.query<{ due_at: Date }>('SELECT due_at FROM engine_timers WHERE instance_id = $1', [id])).map((t) => t.due_at.toISOString());
  const reminders = async (id: number) => (await db.query<{ n: number; deliveries: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(deliveries), 0)::int AS deliveries FROM engine_notifications WHERE instance_id = $1', [id]))[0]!;
  /** One worker poll: due timers, then the action calls they caused. */
  const poll = async () => {
    await fireDueTimers(deps());
    while ((await runDueActionCalls(deps())) > 0) { /* drain the calls the timers caused */ }
  };

  beforeAll(async () => {
    registerNotifyAction();
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('Given an intermediate timeDate timer, it fires at that absolute date, not a millisecond before', async () => {
    await deployProcess(db, clock, waitUntil('untilDate', '<timeDate>2026-03-05T10:00:00+02:00</timeDate>'), systemActor);
    const started = await startInstance(deps(), { processId: 'untilDate' });
    expect(await dueAt(started.instanceId)).toEqual(['2026-03-05T08:00:00.000Z']);

    clock.set('2026-03-05T07:59:59.999Z');
    await poll();
    expect(await status(started.instanceId)).toBe('running');
    clock.advance(1);
    await poll();
    expect(await status(started.instanceId)).toBe('completed');
    expect(await dueAt(started.instanceId)).toEqual([]);
  });

  it('Given a timeDate already past when the instance reaches it, the instance does not wait', async () => {
    await deployProcess(db, clock, waitUntil('pastDate', '<timeDate>2020-01-01T00:00:00Z</timeDate>'), systemActor);
    const started = await startInstance(deps(), { processId: 'pastDate' });
    expect(await status(started.instanceId)).toBe('completed');
  });

  it('Given a non-interrupting R3/PT1H boundary timer, it fires three times on the hour and then stops', async () => {
    clock.set('2026-03-10T08:00:00Z');
    await deployProcess(db, clock, remindedTask('remindThrice', 'R3/PT1H'), systemActor);
    const started = await startInstance(deps(), { processId: 'remindThrice' });
    for (const [hour, expected] of [[9, 1], [10, 2], [11, 3]] as const) {
      expect(await dueAt(started.instanceId)).toEqual([`2026-03-10T${String(hour).padStart(2, '0')}:00:00.000Z`]);
      clock.set(new Date(Date.UTC(2026, 2, 10, hour) - 1));
      await poll();
      expect((await reminders(started.instanceId)).n).toBe(expected - 1);
      clock.advance(1);
      await poll();
      expect(await reminders(started.instanceId)).toEqual({ n: expected, deliveries: expected });
    }
    expect(await dueAt(started.instanceId)).toEqual([]);
    clock.advance(5 * HOUR_MS);
    await poll();
    expect((await reminders(started.instanceId)).n).toBe(3);
    expect(await status(started.instanceId)).toBe('running');
  });

  it('Given an unbounded R/PT1H reminder, completing the task ends the cycle', async () => {
    clock.set('2026-03-11T08:00:00Z');
    await deployProcess(db, clock, remindedTask('remindForever', 'R/PT1H'), systemActor);
    const started = await startInstance(deps(), { processId: 'remindForever' });
    for (let i = 0; i < 2; i++) {
      clock.advance(HOUR_MS);
      await poll();
    }
    expect((await reminders(started.instanceId)).n).toBe(2);
    expect(await dueAt(started.instanceId)).toEqual(['2026-03-11T11:00:00.000Z']);

    const [task] = await db.query<{ id: number }>(`SELECT id FROM engine_tasks WHERE instance_id = $1 AND status = 'open'`, [started.instanceId]);
    await completeTask(deps(), { actor: systemActor, email: 'clerk@example.com', roles: [], groups: [], canAssign: true }, task!.id, {});
    expect(await status(started.instanceId)).toBe('completed');
    expect(await dueAt(started.instanceId)).toEqual([]);
    clock.advance(3 * HOUR_MS);
    await poll();
    expect((await reminders(started.instanceId)).n).toBe(2);
  });

  it('refuses at deploy a cycle where it could not repeat (intermediate event, interrupting boundary)', async () => {
    await expect(deployProcess(db, clock, waitUntil('cycleCatch', '<timeCycle>R3/PT1H</timeCycle>'), systemActor))
      .rejects.toThrow('timeCycle at wait cannot repeat there (cycles repeat on timer start events and non-interrupting boundary events; use timeDuration or timeDate)');
    await expect(deployProcess(db, clock, bpmn('cycleInterrupting', `
      <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="handle"/>
      <userTask id="handle"/><sequenceFlow id="f2" sourceRef="handle" targetRef="e"/><endEvent id="e"/>
      <boundaryEvent id="late" attachedToRef="handle"><timerEventDefinition><timeCycle>R2/PT1H</timeCycle></timerEventDefinition></boundaryEvent>
      <sequenceFlow id="f3" sourceRef="late" targetRef="e"/>`), systemActor)).rejects.toThrow(/timeCycle at late cannot repeat there/);
  });

  it('Given a timeDate timer start event, it starts one instance at that date and none after', async () => {
    clock.set('2026-05-01T08:00:00Z');
    await deployProcess(db, clock, bpmn('launchDay', `
      <startEvent id="launch"><timerEventDefinition><timeDate>2026-05-04T06:00:00Z</timeDate></timerEventDefinition></startEvent>
      <sequenceFlow id="f1" sourceRef="launch" targetRef="check"/><userTask id="check"/>
      <sequenceFlow id="f2" sourceRef="check" targetRef="e"/><endEvent id="e"/>`), systemActor);
    const started = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances WHERE process_id = 'launchDay'`))[0]!.n;
    clock.set('2026-05-04T05:59:59.999Z');
    await poll();
    expect(await started()).toBe(0);
    clock.advance(1);
    await poll();
    expect(await started()).toBe(1);
    clock.advance(30 * 86_400_000);
    await poll();
    expect(await started()).toBe(1);
    expect(await db.query(`SELECT 1 FROM engine_timers WHERE activity_id = 'launch'`)).toEqual([]);
  });
});
