import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { evaluateFeel } from '../feel/feel-expression.ts';
import { latestDefinition, type DefinitionRow } from './definitions.sql.ts';

/**
 * The inputs the latest version of a process would pass to an action, given the variables
 * it would start with: what a preview needs to say what a step will do before any instance
 * runs it (a recall's preview names the staff roles its alert step will e-mail). Computed
 * with the same FEEL the runtime evaluates (persist-step.ts); an input that fails is left out.
 * A process not deployed plans nothing (starting it would be refused anyway).
 */
export async function plannedActionInputs(db: Db, processId: string, action: string, variables: Record<string, unknown>): Promise<unknown[]> {
  let definition: DefinitionRow;
  try {
    definition = await latestDefinition(db, processId);
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') return [];
    throw error;
  }
  const inputs: unknown[] = [];
  for (const task of Object.values(definition.model.actionTasks)) {
    if (task.action !== action) continue;
    try {
      inputs.push(task.input ? evaluateFeel(task.input, variables) : variables);
    } catch {
      // The runtime would raise an incident on this task; the preview has nothing to plan from it.
    }
  }
  return inputs;
}
