import { systemActor, type Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { evaluateDeployedDecision } from '../decisions/decisions.sql.ts';
import { definitionById, type DefinitionRow } from '../definitions/definitions.sql.ts';
import { lockInstance, requireRunning, type InstanceRow } from './instance-row.ts';
import { persistStep, type ExtraEvent, type PersistOptions } from './persist-step.ts';
import { runStep, type StepCommand, type StepInput, type StepResult } from './run-step.ts';
import { sourceContextFor } from './source-context.ts';

/** The database and clock a step runs with; inside a transaction `db` is its handle. */
export interface EngineDeps {
  db: Db;
  clock: Clock;
}

/**
 * Runs one step of an instance whose row the caller has locked in `tx`, and persists it in
 * the same transaction. `persist` joins the caller's own writes (a task's completion, an
 * audit row) into the step's one statement.
 */
export async function stepLockedInstance(tx: Db, clock: Clock, instance: InstanceRow, command: StepCommand, actor: Actor = systemActor, extra: ExtraEvent[] = [], persist: Omit<PersistOptions, 'extra' | 'startedBy'> = {}): Promise<StepResult> {
  requireRunning(instance);
  const definition = await definitionById(tx, instance.definition_id);
  const result = await runInstanceStep(tx, clock, instance, definition, command);
  await persistStep(tx, clock, instance, definition, result, actor, { ...persist, extra });
  return result;
}

/** The step itself, in memory: bpmn-engine recovered from the instance's state (or started), one command applied. */
export async function runInstanceStep(db: Db, clock: Clock, instance: InstanceRow, definition: DefinitionRow, command: StepCommand): Promise<StepResult> {
  const source = await sourceContextFor(definition.id, definition.xml);
  return runStep({
    instanceId: instance.id,
    model: definition.model,
    source,
    state: instance.state,
    variables: instance.variables,
    clock,
    command,
    decide: deciderFor(db, definition),
  });
}

/** Decides an instance's business-rule tasks with the decisions deployed in `tx`. */
export function deciderFor(tx: Db, definition: DefinitionRow): StepInput['decide'] {
  return async (activityId, variables) => {
    const settings = definition.model.decisionTasks[activityId];
    if (!settings) return { ok: false, error: `no decision settings for ${activityId}` };
    try {
      const result = await evaluateDeployedDecision(tx, settings.decisionKey, settings.decision, variables);
      if (result.errors.length && result.value === null) return { ok: false, error: result.errors.join('; ') };
      return { ok: true, output: { [settings.resultVariable]: result.value } };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** Locks, steps and persists an instance in a transaction of its own. */
export async function stepInstance(deps: EngineDeps, instanceId: number, command: StepCommand, actor: Actor = systemActor, extra: ExtraEvent[] = []): Promise<StepResult> {
  return deps.db.transaction(async (tx) => stepLockedInstance(tx, deps.clock, await lockInstance(tx, instanceId), command, actor, extra));
}
