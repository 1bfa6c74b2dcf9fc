import { systemActor, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { definitionById, latestDefinition, type DefinitionRow } from '../definitions/definitions.sql.ts';
import { lockInstance } from './instance-row.ts';
import type { Variables } from './run-step.ts';
import { stepLockedInstance, type EngineDeps } from './step-instance.ts';

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
 * Starts an instance of the latest version of a process and runs it to its first waits,
 * all in one transaction: the instance exists only with its first state persisted.
 */
export async function startInstance(deps: EngineDeps, input: StartInstanceInput): Promise<StartedInstance> {
  const actor = input.actor ?? systemActor;
  return deps.db.transaction(async (tx) => {
    let definition: DefinitionRow;
    if (input.definitionId) definition = await definitionById(tx, input.definitionId);
    else if (input.processId) definition = await latestDefinition(tx, input.processId);
    else throw new AppError('invalid', 'name a process to start');
    if (!definition.model.executable) {
      throw new AppError('conflict', `process ${definition.process_id} is not executable (isExecutable="false" in the model)`, 'engine.not_executable');
    }
    const now = deps.clock.now();
    const variables = input.variables ?? {};
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO engine_instances (definition_id, process_id, business_key, status, variables, started_by, started_at, updated_at)
       VALUES ($1, $2, $3, 'running', $4, $5, $6, $6) RETURNING id`,
      [definition.id, definition.process_id, input.businessKey ?? null, JSON.stringify(variables), actor.label, now]);
    const instance = await lockInstance(tx, row!.id);
    const result = await stepLockedInstance(tx, deps.clock, instance, { kind: 'start', messageRef: input.messageRef, timerStartActivityId: input.timerStartActivityId }, actor, [
      { event: 'instance.started', data: { version: definition.version, variables, ...(input.messageRef && { message: input.messageRef }), ...(input.timerStartActivityId && { timer: input.timerStartActivityId }) } },
    ]);
    return { instanceId: instance.id, processId: definition.process_id, version: definition.version, status: result.error ? 'failed' : result.completed ? 'completed' : 'running' };
  });
}
