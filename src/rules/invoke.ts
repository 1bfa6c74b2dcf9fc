import { DmnEvaluationError } from './errors.ts';
import { Evaluation } from './evaluate.ts';
import type { DmnModel } from './model.ts';

/**
 * Calls a business knowledge model or a decision service directly, with arguments by
 * parameter name — what a BPMN task or the TCK does when it invokes one rather than a
 * decision. Errors and warnings come back beside the value, as for decisions.
 */
export interface InvocationResult {
  value: unknown;
  errors: string[];
  warnings: string[];
}

export function invokeByName(model: DmnModel, invocableIdOrName: string, args: Record<string, unknown>): InvocationResult {
  const evaluation = new Evaluation(model, {});
  const matches = (node: { id: string; name: string }) => node.id === invocableIdOrName || node.name === invocableIdOrName;
  const bkm = [...model.knowledgeModels.values()].find(matches);
  const service = bkm ? undefined : [...model.decisionServices.values()].find(matches);
  const fn = bkm ? evaluation.knowledgeFunction(bkm) : service ? evaluation.serviceFunction(service) : undefined;
  if (!fn) throw new DmnEvaluationError('UNKNOWN_INVOCABLE', `model '${model.name}' has no business knowledge model or decision service '${invocableIdOrName}'`);
  const unknown = Object.keys(args).filter((name) => !fn.parameterNames.includes(name));
  if (unknown.length > 0) evaluation.trace.warnings.push(`ignored arguments ${unknown.join(', ')}: '${invocableIdOrName}' takes ${fn.parameterNames.join(', ')}`);
  const value = fn.fn(...fn.parameterNames.map((name) => args[name] ?? null));
  return { value, errors: evaluation.trace.errors, warnings: evaluation.trace.warnings };
}
