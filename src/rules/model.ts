import type { DmnType, TypeRegistry } from './item-types.ts';
import type { EvalTrace, FeelVars } from './trace.ts';

/**
 * A DMN model compiled once by `parseDmn`: every FEEL text is parsed, every boxed
 * expression is a closure, so evaluating a decision never touches XML. The model is
 * immutable and can be shared between evaluations (cache it per model version).
 */
export type Evaluator = (vars: FeelVars, trace: EvalTrace) => unknown;

export interface DecisionNode {
  readonly id: string;
  readonly name: string;
  readonly type: DmnType;
  readonly requiredDecisionIds: readonly string[];
  readonly requiredInputIds: readonly string[];
  readonly requiredKnowledgeIds: readonly string[];
  readonly logic: Evaluator;
}

export interface InputDataNode {
  readonly id: string;
  readonly name: string;
  readonly type: DmnType;
}

export interface Parameter {
  readonly name: string;
  readonly type: DmnType;
}

export interface KnowledgeModelNode {
  readonly id: string;
  readonly name: string;
  readonly parameters: readonly Parameter[];
  readonly requiredKnowledgeIds: readonly string[];
  readonly body: Evaluator;
}

export interface DecisionServiceNode {
  readonly id: string;
  readonly name: string;
  readonly outputDecisionIds: readonly string[];
  readonly inputDecisionIds: readonly string[];
  readonly inputDataIds: readonly string[];
}

export interface DmnModel {
  readonly id?: string;
  readonly name: string;
  readonly namespace?: string;
  /** By id, in document order. */
  readonly decisions: ReadonlyMap<string, DecisionNode>;
  readonly inputData: ReadonlyMap<string, InputDataNode>;
  readonly knowledgeModels: ReadonlyMap<string, KnowledgeModelNode>;
  readonly decisionServices: ReadonlyMap<string, DecisionServiceNode>;
  readonly types: TypeRegistry;
}

/** What an expression compiler needs to know about where it is. */
export interface CompileScope {
  /** Human-readable location, e.g. `decision 'Approval' (id d1)`, prefixed to every message. */
  readonly where: string;
  /** Names visible to FEEL at this place (values are only shapes, for parsing). */
  readonly names: FeelVars;
  readonly types: TypeRegistry;
  /** The decision or BKM the expression belongs to, recorded with decision-table hits. */
  readonly ownerId: string;
}

export function describeElement(kind: string, element: { id?: string; name?: string; label?: string }): string {
  const name = element.name ?? element.label;
  return `${kind}${name ? ` '${name}'` : ''}${element.id ? ` (id ${element.id})` : ''}`;
}
