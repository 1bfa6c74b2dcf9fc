import { FeelFunction, toFeel } from './feelin-patched/index.js';
import { DmnEvaluationError } from './errors.ts';
import { conform, type DmnType } from './item-types.ts';
import type { DecisionNode, DecisionServiceNode, DmnModel, KnowledgeModelNode } from './model.ts';
import { addError, newTrace, type EvalTrace, type FeelVars, type RuleRef } from './trace.ts';

/**
 * Evaluates decisions of a compiled model. Required decisions are evaluated first (once
 * per call, memoised by id) and put into FEEL scope under their names; required BKMs and
 * decision services become FEEL functions. Caller-supplied values are in scope too, so
 * models written Camunda-style (input expressions naming process variables, no inputData)
 * evaluate as well; declared inputData are checked against their types.
 */
export interface DecisionTraceEntry {
  decisionId: string;
  decisionName: string;
  value: unknown;
  /** Rules of this decision's table(s) whose input entries all matched. */
  matchedRules: RuleRef[];
  /** The matched rules that make up the value after the hit policy. */
  appliedRules: RuleRef[];
}

export interface DecisionResult extends DecisionTraceEntry {
  /** Why (part of) the result is null: hit policy violations, invalid inputs, type mismatches, FEEL failures. */
  errors: string[];
  /** FEEL warnings (an unknown variable, adding null…), for explanation. */
  warnings: string[];
  /** Every decision evaluated for this result, required ones first, this one last. */
  trace: DecisionTraceEntry[];
}

function toFeelDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toFeelDeep);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toFeelDeep(entry)]));
  }
  return toFeel(value);
}

export class Evaluation {
  readonly trace: EvalTrace = newTrace();
  readonly entries: DecisionTraceEntry[] = [];
  private readonly values = new Map<string, unknown>();
  private readonly inProgress = new Set<string>();
  private readonly functions = new Map<string, FeelFunction>();
  private readonly scope: FeelVars;

  constructor(private readonly model: DmnModel, context: Record<string, unknown>, presetDecisionValues: ReadonlyMap<string, unknown> = new Map()) {
    this.scope = toFeelDeep(context) as FeelVars;
    for (const input of model.inputData.values()) {
      this.scope[input.name] = this.checked(this.scope[input.name] ?? null, input.type, `input data '${input.name}'`);
    }
    for (const [id, value] of presetDecisionValues) this.values.set(id, value);
  }

  private checked(value: unknown, type: DmnType, what: string): unknown {
    const result = conform(value, type);
    if (result.ok) return result.value;
    addError(this.trace, `${what}: ${result.reason}`);
    return null;
  }

  decision(node: DecisionNode): unknown {
    if (this.values.has(node.id)) return this.values.get(node.id);
    if (this.inProgress.has(node.id)) throw new DmnEvaluationError('REQUIREMENT_CYCLE', `decision '${node.name}' (id ${node.id}) requires itself`);
    this.inProgress.add(node.id);
    const vars: FeelVars = { ...this.scope };
    for (const id of node.requiredDecisionIds) {
      const required = this.model.decisions.get(id);
      if (required) vars[required.name] = this.decision(required);
    }
    for (const id of node.requiredKnowledgeIds) this.bindInvocable(id, vars);
    const firstHit = this.trace.tableHits.length;
    const value = this.checked(node.logic(vars, this.trace), node.type, `decision '${node.name}' (id ${node.id})`);
    const hits = this.trace.tableHits.slice(firstHit).filter((hit) => hit.decisionId === node.id);
    this.entries.push({
      decisionId: node.id, decisionName: node.name, value,
      matchedRules: hits.flatMap((hit) => hit.matched), appliedRules: hits.flatMap((hit) => hit.applied),
    });
    this.inProgress.delete(node.id);
    this.values.set(node.id, value);
    return value;
  }

  private bindInvocable(id: string, vars: FeelVars): void {
    const bkm = this.model.knowledgeModels.get(id);
    if (bkm) vars[bkm.name] = this.knowledgeFunction(bkm);
    const service = this.model.decisionServices.get(id);
    if (service) vars[service.name] = this.serviceFunction(service);
  }

  knowledgeFunction(bkm: KnowledgeModelNode): FeelFunction {
    const known = this.functions.get(bkm.id);
    if (known) return known;
    const fn = new FeelFunction((...args: unknown[]) => {
      const vars: FeelVars = {};
      for (const id of bkm.requiredKnowledgeIds) this.bindInvocable(id, vars);
      bkm.parameters.forEach((parameter, i) => {
        vars[parameter.name] = this.checked(args[i] ?? null, parameter.type, `business knowledge model '${bkm.name}' parameter '${parameter.name}'`);
      });
      return bkm.body(vars, this.trace);
    }, bkm.parameters.map((parameter) => parameter.name));
    this.functions.set(bkm.id, fn);
    return fn;
  }

  /** A decision service as a function of its input data and input decisions (by name, in that order). */
  serviceFunction(service: DecisionServiceNode): FeelFunction {
    const known = this.functions.get(service.id);
    if (known) return known;
    const inputNames = service.inputDataIds.map((id) => this.model.inputData.get(id)?.name ?? id);
    const decisionNames = service.inputDecisionIds.map((id) => this.model.decisions.get(id)?.name ?? id);
    const fn = new FeelFunction((...args: unknown[]) => {
      const context = Object.fromEntries(inputNames.map((name, i) => [name, args[i] ?? null]));
      const preset = new Map(service.inputDecisionIds.map((id, i) => [id, args[inputNames.length + i] ?? null]));
      const inner = new Evaluation(this.model, context, preset);
      const outputs = service.outputDecisionIds.map((id) => {
        const decision = this.model.decisions.get(id);
        return [decision?.name ?? id, decision ? inner.decision(decision) : null] as const;
      });
      this.trace.errors.push(...inner.trace.errors);
      this.trace.warnings.push(...inner.trace.warnings);
      return outputs.length === 1 ? outputs[0]?.[1] : Object.fromEntries(outputs);
    }, [...inputNames, ...decisionNames]);
    this.functions.set(service.id, fn);
    return fn;
  }
}

export function findDecision(model: DmnModel, decisionIdOrName: string): DecisionNode {
  const node = model.decisions.get(decisionIdOrName) ?? [...model.decisions.values()].find((decision) => decision.name === decisionIdOrName);
  if (!node) {
    const known = [...model.decisions.values()].map((decision) => decision.name).join(', ');
    throw new DmnEvaluationError('UNKNOWN_DECISION', `model '${model.name}' has no decision '${decisionIdOrName}' (decisions: ${known})`);
  }
  return node;
}

export function evaluateDecision(model: DmnModel, decisionIdOrName: string, context: Record<string, unknown>): DecisionResult {
  const node = findDecision(model, decisionIdOrName);
  const evaluation = new Evaluation(model, context);
  evaluation.decision(node);
  const own = evaluation.entries[evaluation.entries.length - 1] as DecisionTraceEntry;
  return { ...own, errors: evaluation.trace.errors, warnings: evaluation.trace.warnings, trace: evaluation.entries };
}
