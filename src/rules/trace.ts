/**
 * What one evaluation learns on its way, handed back in `DecisionResult`: why a value is
 * null (errors), what FEEL complained about (warnings) and which rules of which table
 * matched. One trace lives for one `evaluateDecision` call; nothing is kept between calls.
 */
export type FeelVars = Record<string, unknown>;

export interface RuleRef {
  /** 0-based position of the rule in its table. */
  index: number;
  ruleId?: string;
}

export interface TableHits {
  decisionId: string;
  tableId?: string;
  /** Every rule whose input entries all matched, in rule order. */
  matched: RuleRef[];
  /** The rules whose outputs make up the result after the hit policy (e.g. the winner of P). */
  applied: RuleRef[];
}

export interface EvalTrace {
  errors: string[];
  warnings: string[];
  tableHits: TableHits[];
}

const MAX_MESSAGES = 100;

export function newTrace(): EvalTrace {
  return { errors: [], warnings: [], tableHits: [] };
}

export function addError(trace: EvalTrace, message: string): void {
  if (trace.errors.length < MAX_MESSAGES) trace.errors.push(message);
}

export function addWarning(trace: EvalTrace, message: string): void {
  if (trace.warnings.length < MAX_MESSAGES) trace.warnings.push(message);
}
