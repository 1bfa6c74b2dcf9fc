import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import { systemActor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { deployProcess } from '../definitions/deploy-process.ts';
import { correlateMessage } from '../runtime/correlate-message.ts';
import { listIncidents, retryIncident } from '../runtime/incidents.ts';
import { startInstance } from '../runtime/start-instance.ts';
import { completeTask } from '../tasks/tasks.sql.ts';

const bpmn = (processId: string, body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebound="https://rebound.dev/schema/bpmn/1.0" id="d-${processId}" targetNamespace="urn:test">
  ${extra}
  <process id="${processId}" isExecutable="true">${body}</process>
</definitions>`;

const lineOf = (xml: string, id: string) => xml.split('\n').findIndex((l) => l.includes(`id="${id}"`)) + 1;
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** start → gateway: `yes` (the condition) to a user task "yes", default `no` to a user task "no". */
const gatewayModel = (processId: string, condition: string, flowAttributes = '') => bpmn(processId, `
  <startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="gw"/>
  <exclusiveGateway id="gw" default="no"/>
  <sequenceFlow id="yes" sourceRef="gw" targetRef="taskYes" ${flowAttributes}><conditionExpression>${xmlText(condition)}</conditionExpression></sequenceFlow>
  <sequenceFlow id="no" sourceRef="gw" targetRef="taskNo"/>
  <userTask id="taskYes"/><userTask id="taskNo"/>
  <sequenceFlow id="f1" sourceRef="taskYes" targetRef="e1"/><sequenceFlow id="f2" sourceRef="taskNo" targetRef="e2"/>
  <endEvent id="e1"/><endEvent id="e2"/>`);

/**
 * start → parallel split: a conditional catch event (the condition) then a user task "passed";
 * and a boundary conditional event (the same condition) on a user task "work" leading to a
 * user task "escalated". A message "poke" on a third branch lets the test change variables.
 */
const eventModel = (processId: string, condition: string, eventAttributes = '') => bpmn(processId, `
  <startEvent id="s"/><sequenceFlow id="f0" sourceRef="s" targetRef="split"/>
  <parallelGateway id="split"/>
  <sequenceFlow id="a0" sourceRef="split" targetRef="until"/>
  <intermediateCatchEvent id="until" ${eventAttributes}><conditionalEventDefinition><condition xsi:type="tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${xmlText(condition)}</condition></conditionalEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="a1" sourceRef="until" targetRef="passed"/><userTask id="passed"/>
  <sequenceFlow id="a2" sourceRef="passed" targetRef="ea"/><endEvent id="ea"/>
  <sequenceFlow id="b0" sourceRef="split" targetRef="work"/>
  <userTask id="work"/>
  <boundaryEvent id="watch" attachedToRef="work" ${eventAttributes}><conditionalEventDefinition><condition>${xmlText(condition)}</condition></conditionalEventDefinition></boundaryEvent>
  <sequenceFlow id="b1" sourceRef="watch" targetRef="escalated"/><userTask id="escalated"/>
  <sequenceFlow id="b2" sourceRef="escalated" targetRef="eb"/><sequenceFlow id="b3" sourceRef="work" targetRef="eb"/><endEvent id="eb"/>
  <sequenceFlow id="c0" sourceRef="split" targetRef="poke"/>
  <intermediateCatchEvent id="poke"><messageEventDefinition messageRef="m"/></intermediateCatchEvent>
  <sequenceFlow id="c1" sourceRef="poke" targetRef="ec"/><endEvent id="ec"/>`, '<message id="m" name="poke"/>');

/** Every form of issue 13, with variables that make it true and variables that make it false. */
const FORMS: { condition: string; truthy: Record<string, unknown>; falsy: Record<string, unknown> }[] = [
  { condition: '${delayDays == 5}', truthy: { delayDays: 5 }, falsy: { delayDays: 4 } },
  { condition: '${x gt 3}', truthy: { x: 4 }, falsy: { x: 3 } },
  { condition: '${x ge 3}', truthy: { x: 3 }, falsy: { x: 2 } },
  { condition: '${x lt 3}', truthy: { x: 2 }, falsy: { x: 3 } },
  { condition: '${x le 3}', truthy: { x: 3 }, falsy: { x: 4 } },
  { condition: '${status eq "late"}', truthy: { status: 'late' }, falsy: { status: 'on time' } },
  { condition: '${status ne "late"}', truthy: { status: 'on time' }, falsy: { status: 'late' } },
  { condition: '${not flag}', truthy: { flag: false }, falsy: { flag: true } },
  { condition: '${!flag}', truthy: { flag: false }, falsy: { flag: true } },
  { condition: '${execution.getVariable("x") > 3}', truthy: { x: 10 }, falsy: { x: 1 } },
  { condition: '${empty comment}', truthy: { comment: '' }, falsy: { comment: 'call me' } },
  { condition: '${a > 1 and b > 1}', truthy: { a: 2, b: 2 }, falsy: { a: 2, b: 0 } },
  { condition: '${a > 1 || b > 1}', truthy: { a: 0, b: 2 }, falsy: { a: 0, b: 0 } },
  { condition: '${order.total mod 2 == 0 && order.lines[0].sku != null}', truthy: { order: { total: 4, lines: [{ sku: 'A' }] } }, falsy: { order: { total: 3, lines: [{ sku: 'A' }] } } },
  { condition: '=x > 3', truthy: { x: 4 }, falsy: { x: 3 } },
];

describe('conditions as Camunda 7 writes them: JUEL translated at deploy, undecidable conditions raise incidents', () => {
  let db: Db;
  const clock = new ManualClock('2026-03-04T08:00:00Z');
  const deps = () => ({ db, clock });
  const openTasks = async (instanceId: number) =>
    (await db.query<{ activity_id: string }>(`SELECT activity_id FROM engine_tasks WHERE instance_id = $1 AND status = 'open' ORDER BY activity_id`, [instanceId])).map((t) => t.activity_id);
  const openIncidents = async (instanceId: number) => (await listIncidents(deps(), { status: 'open', limit: 100, offset: 0 })).items.filter((i) => i.instanceId === instanceId);
  const status = async (id: number) => (await db.query<{ status: string }>('SELECT status FROM engine_instances WHERE id = $1', [id]))[0]!.status;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it.each(FORMS.map((f, i) => [i, f.condition, f] as const))('takes the right branch of an exclusive gateway for %s: %s', async (i, _condition, form) => {
    const deployed = await deployProcess(db, clock, gatewayModel(`gw${i}`, form.condition), systemActor);
    expect(deployed.created).toBe(true);
    const yes = await startInstance(deps(), { processId: `gw${i}`, variables: form.truthy });
    expect(await openTasks(yes.instanceId)).toEqual(['taskYes']);
    const no = await startInstance(deps(), { processId: `gw${i}`, variables: form.falsy });
    expect(await openTasks(no.instanceId)).toEqual(['taskNo']);
    expect(await openIncidents(yes.instanceId)).toEqual([]);
    expect(await openIncidents(no.instanceId)).toEqual([]);
  });

  it.each(FORMS.map((f, i) => [i, f.condition, f] as const))('passes a conditional catch event and fires a boundary conditional event for %s: %s', async (i, _condition, form) => {
    await deployProcess(db, clock, eventModel(`ev${i}`, form.condition), systemActor);
    const already = await startInstance(deps(), { processId: `ev${i}`, businessKey: `ev${i}-a`, variables: form.truthy });
    expect(await openTasks(already.instanceId)).toEqual(['escalated', 'passed']);

    const later = await startInstance(deps(), { processId: `ev${i}`, businessKey: `ev${i}-b`, variables: form.falsy });
    expect(await openTasks(later.instanceId)).toEqual(['work']);
    // The variables change (a message on the third branch): both events decide again and go on.
    await correlateMessage(deps(), { name: 'poke', businessKey: `ev${i}-b`, variables: form.truthy });
    expect(await openTasks(later.instanceId)).toEqual(['escalated', 'passed']);
    expect(await openIncidents(later.instanceId)).toEqual([]);
  });

  it('refuses at deploy what it cannot translate, naming the flow, its line and the expression', async () => {
    const xml = gatewayModel('refused', '${orderService.isLate(order)}');
    const error = await deployProcess(db, clock, xml, systemActor).then(() => undefined, (e: unknown) => e as { message: string; extensions?: { problems: string[] } });
    expect(error?.message).toMatch(/model refused/);
    const line = lineOf(xml, 'yes');
    expect(error?.extensions?.problems).toEqual([expect.stringMatching(/^unsupported JUEL condition at sequence flow yes: "\$\{orderService\.isLate\(order\)\}": method call isLate\(…\) is not supported at position 14 .*\(line (\d+)\)$/)]);
    expect(error!.extensions!.problems[0]).toMatch(new RegExp(`\\(line ${line}\\)$`));

    for (const [condition, why] of [
      ['${x > 3 ? true : false}', /conditional operator/],
      ['${execution.getVariables()}', /execution.getVariables is not supported/],
      ['${fn:contains(a, "b")}', /function fn:… is not supported/],
      ['${x = 5}', /"=" is assignment/],
      ['${x >}', /unexpected end of expression/],
    ] as const) {
      await expect(deployProcess(db, clock, gatewayModel('refused', condition), systemActor)).rejects.toMatchObject({ extensions: { problems: [expect.stringMatching(why)] } });
      await expect(deployProcess(db, clock, eventModel('refused', condition), systemActor)).rejects.toMatchObject({
        extensions: { problems: [expect.stringMatching(new RegExp(`at conditional event until: .*\\(line ${lineOf(eventModel('x', ''), 'until')}\\)$`)), expect.stringMatching(new RegExp(`at conditional event watch: .*\\(line ${lineOf(eventModel('x', ''), 'watch')}\\)$`))] },
      });
    }
    await expect(deployProcess(db, clock, bpmn('refused', `
      <startEvent id="s"><conditionalEventDefinition><condition>\${go}</condition></conditionalEventDefinition></startEvent>
      <sequenceFlow id="f" sourceRef="s" targetRef="e"/><endEvent id="e"/>`), systemActor)).rejects.toMatchObject({ extensions: { problems: [expect.stringMatching(/^conditional event at s is not supported there .*\(line 5\)$/)] } });
  });

  it('raises an incident when a gateway condition reads a variable the instance lacks; the operator sets it and retries, and the right branch is taken', async () => {
    await deployProcess(db, clock, gatewayModel('missing', '${delayDays == 5}'), systemActor);
    const started = await startInstance(deps(), { processId: 'missing', variables: {} });
    expect(await status(started.instanceId)).toBe('running');
    expect(await openTasks(started.instanceId)).toEqual([]); // neither branch: the default is not taken silently
    const [incident] = await openIncidents(started.instanceId);
    expect(incident).toMatchObject({ kind: 'condition_failed', activityId: 'gw' });
    expect(incident!.error).toMatch(/sequence flow yes "\$\{delayDays == 5\}" reads variable delayDays, which the instance does not have/);

    await retryIncident(deps(), incident!.id, systemActor, { delayDays: 5 });
    expect(await openTasks(started.instanceId)).toEqual(['taskYes']);
    expect(await openIncidents(started.instanceId)).toEqual([]);
  });

  it('a retry without the variable leaves the instance waiting with a new incident', async () => {
    const started = await startInstance(deps(), { processId: 'missing', variables: { other: 1 } });
    const [first] = await openIncidents(started.instanceId);
    await retryIncident(deps(), first!.id, systemActor);
    const [second] = await openIncidents(started.instanceId);
    expect(second).toMatchObject({ kind: 'condition_failed', activityId: 'gw' });
    expect(second!.id).not.toBe(first!.id);
    expect(await openTasks(started.instanceId)).toEqual([]);
    await retryIncident(deps(), second!.id, systemActor, { delayDays: 4 });
    expect(await openTasks(started.instanceId)).toEqual(['taskNo']);
  });

  it('the same rule holds for FEEL: a missing variable or a result that is neither true nor false is an incident', async () => {
    await deployProcess(db, clock, gatewayModel('feelMissing', 'amount > 100'), systemActor);
    const missing = await startInstance(deps(), { processId: 'feelMissing', variables: {} });
    expect((await openIncidents(missing.instanceId))[0]?.error).toMatch(/reads variable amount, which the instance does not have/);
    await deployProcess(db, clock, gatewayModel('feelNumber', '=amount + 1'), systemActor);
    const notBoolean = await startInstance(deps(), { processId: 'feelNumber', variables: { amount: 150 } });
    expect(await openTasks(notBoolean.instanceId)).toEqual([]);
    expect((await openIncidents(notBoolean.instanceId))[0]?.error).toMatch(/sequence flow yes "=amount \+ 1" evaluated to 151, neither true nor false/);
  });

  it('a condition marked rebound:optional="true" reads a missing variable as null and takes the default flow', async () => {
    await deployProcess(db, clock, gatewayModel('optional', '${delayDays == 5}', 'rebound:optional="true"'), systemActor);
    const started = await startInstance(deps(), { processId: 'optional', variables: {} });
    expect(await openTasks(started.instanceId)).toEqual(['taskNo']);
    expect(await openIncidents(started.instanceId)).toEqual([]);
  });

  it('a conditional event that reads a missing variable waits with an incident; the retry with the variable lets it go on', async () => {
    await deployProcess(db, clock, eventModel('evMissing', '${x gt 3}'), systemActor);
    const started = await startInstance(deps(), { processId: 'evMissing', businessKey: 'evm', variables: {} });
    expect(await openTasks(started.instanceId)).toEqual(['work']);
    const incidents = await openIncidents(started.instanceId);
    expect(incidents.map((i) => i.activityId).sort()).toEqual(['until', 'watch']);
    const until = incidents.find((i) => i.activityId === 'until')!;
    expect(until.error).toMatch(/event until "\$\{x gt 3\}" reads variable x/);
    await retryIncident(deps(), until.id, systemActor, { x: 5 });
    expect(await openTasks(started.instanceId)).toEqual(['escalated', 'passed']);
    expect(await openIncidents(started.instanceId)).toEqual([]); // the boundary event decided too, its incident closed

    await deployProcess(db, clock, eventModel('evOptional', '${x gt 3}', 'rebound:optional="true"'), systemActor);
    const optional = await startInstance(deps(), { processId: 'evOptional', businessKey: 'evo', variables: {} });
    expect(await openTasks(optional.instanceId)).toEqual(['work']);
    expect(await openIncidents(optional.instanceId)).toEqual([]);
    await correlateMessage(deps(), { name: 'poke', businessKey: 'evo', variables: { x: 4 } });
    expect(await openTasks(optional.instanceId)).toEqual(['escalated', 'passed']);
  });

  it('a task completed while its boundary condition is false leaves by its normal flow', async () => {
    await deployProcess(db, clock, eventModel('evNormal', '${x gt 3}'), systemActor);
    const started = await startInstance(deps(), { processId: 'evNormal', businessKey: 'evn', variables: { x: 1 } });
    const [work] = await db.query<{ id: number }>(`SELECT id FROM engine_tasks WHERE instance_id = $1 AND activity_id = 'work'`, [started.instanceId]);
    await completeTask(deps(), { actor: systemActor, email: null, roles: [], groups: [], canAssign: true }, work!.id, { x: 2 });
    expect(await openTasks(started.instanceId)).toEqual([]);
    expect(await openIncidents(started.instanceId)).toEqual([]);
  });
});
