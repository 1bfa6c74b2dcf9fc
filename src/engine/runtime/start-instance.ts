import { systemActor, type Actor } from '../../platform/audit/audit.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { definitionById } from '../definitions/definitions.sql.ts';
import { taskSlasOf, type InstanceRow, type TaskSla } from './instance-row.ts';
import { persistStep, statusOf } from './persist-step.ts';
import type { Variables } from './run-step.ts';
import { runInstanceStep, type EngineDeps } from './step-instance.ts';

export interface StartInstanceInput {
  processId?: string;
  /** A specific version (timer starts use the version that scheduled them). */
  definitionId?: number;
  businessKey?: string | null;
  variables?: Variables;
  actor?: Actor;
  /** Started by a message start event (its message id) or a timer start event (its id). */
  messageRef?: string;
  timerStartActivityId?: string;
}

export interface StartedInstance {
  instanceId: number;
  processId: string;
  version: number;
  status: string;
}

/**
 * Starts an instance of the latest version of a process (or of the version named) and runs it
 * to its first waits, in two round trips: one reads the version, draws the instance's id and
 * its tasks' SLAs; the step runs in memory; one statement then inserts the instance with its
 * first state and every row of its waits (persistStep). The instance exists only with its first
 * state persisted — the statement is atomic on its own, so no transaction is opened for it (a
 * caller's transaction, if any, still holds it). A start that fails leaves only a gap in the ids.
 */
export async function startInstance(deps: EngineDeps, input: StartInstanceInput): Promise<StartedInstance> {
  const actor = input.actor ?? systemActor;
  if (!input.definitionId && !input.processId) throw new AppError('invalid', 'name a process to start');
  const [head] = await deps.db.query<{ definition_id: number; instance_id: number; task_slas: TaskSla[] }>(
    `SELECT d.id AS definition_id, nextval(pg_get_serial_sequence('engine_instances', 'id')) AS instance_id, ${taskSlasOf('d.process_id')}
       FROM (SELECT id, process_id FROM engine_definitions WHERE ${input.definitionId ? 'id = $1' : 'process_id = $1'} ORDER BY version DESC LIMIT 1) d`,
    [input.definitionId ?? input.processId]);
  if (!head) throw notFound(input.definitionId ? `process definition ${input.definitionId}` : `process ${input.processId}`);
  const definition = await definitionById(deps.db, head.definition_id);
  if (!definition.model.executable) {
    throw new AppError('conflict', `process ${definition.process_id} is not executable (isExecutable="false" in the model)`, 'engine.not_executable');
  }
  const variables = input.variables ?? {};
  const instance: InstanceRow = {
    id: Number(head.instance_id),
    definition_id: definition.id,
    process_id: definition.process_id,
    business_key: input.businessKey ?? null,
    status: 'running',
    // What a step reads back from the row: the variables as stored (a JSON round trip).
    variables: JSON.parse(JSON.stringify(variables)) as Variables,
    state: null,
    task_slas: head.task_slas,
  };
  const result = await runInstanceStep(deps.db, deps.clock, instance, definition, { kind: 'start', messageRef: input.messageRef, timerStartActivityId: input.timerStartActivityId });
  await persistStep(deps.db, deps.clock, instance, definition, result, actor, {
    startedBy: actor.label,
    extra: [{ event: 'instance.started', data: { version: definition.version, variables, ...(input.messageRef && { message: input.messageRef }), ...(input.timerStartActivityId && { timer: input.timerStartActivityId }) } }],
  });
  return { instanceId: instance.id, processId: definition.process_id, version: definition.version, status: statusOf(result) };
}
