/**
 * The rules module: DMN decision models read with dmn-moddle, FEEL evaluated with feelin
 * (compiled once per model), hit policies implemented here. Pure: no database.
 */
export { parseDmn } from './parse.ts';
export { evaluateDecision, type DecisionResult, type DecisionTraceEntry } from './evaluate.ts';
export { invokeByName, type InvocationResult } from './invoke.ts';
export { DmnEvaluationError, DmnModelError, type DmnEvaluationErrorCode, type DmnModelErrorCode } from './errors.ts';
export type { DmnModel } from './model.ts';
export type { RuleRef } from './trace.ts';
export type { HitPolicy, Aggregation } from './hit-policies.ts';
