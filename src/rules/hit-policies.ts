import { evaluate } from './feelin-patched/index.js';
import type { RuleRef } from './trace.ts';

/**
 * The DMN hit policies, applied to the rules of a decision table whose input entries all
 * matched. Pure: the table evaluates output entries, this decides which of them make the
 * result. Priorities (P, O) come from each output's outputValues list: a value earlier in
 * the list wins; the first output column is the most significant.
 */
export type HitPolicy = 'UNIQUE' | 'ANY' | 'PRIORITY' | 'FIRST' | 'RULE ORDER' | 'OUTPUT ORDER' | 'COLLECT';
export type Aggregation = 'SUM' | 'COUNT' | 'MIN' | 'MAX';

export const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'ANY', 'PRIORITY', 'FIRST', 'RULE ORDER', 'OUTPUT ORDER', 'COLLECT'];
export const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'COUNT', 'MIN', 'MAX'];

/** A matched rule with its evaluated output entries, one value per output column. */
export interface Hit {
  rule: RuleRef;
  outputs: readonly unknown[];
}

export type HitPolicyOutcome =
  | { kind: 'single'; hit: Hit | undefined }
  | { kind: 'list'; hits: Hit[] }
  | { kind: 'aggregate'; value: unknown; hits: Hit[] }
  | { kind: 'violation'; message: string };

/** Only FIRST may stop at the first matching rule; every other policy needs them all. */
export function stopsAtFirstMatch(policy: HitPolicy): boolean {
  return policy === 'FIRST';
}

const ruleLabel = (hit: Hit) => `rule ${hit.rule.index + 1}${hit.rule.ruleId ? ` (id ${hit.rule.ruleId})` : ''}`;

/** Equality for output values: primitives, lists and contexts by value, other objects by their text. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const aProto = Object.getPrototypeOf(a);
  if (aProto !== Object.getPrototypeOf(b)) return false;
  if (aProto !== Object.prototype) return String(a) === String(b);
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => Object.hasOwn(bRecord, key) && sameValue((a as Record<string, unknown>)[key], bRecord[key]));
}

function priorityKey(hit: Hit, priorities: readonly (readonly unknown[] | undefined)[]): number[] {
  return priorities.map((list, column) => {
    if (!list) return 0;
    const position = list.findIndex((allowed) => sameValue(allowed, hit.outputs[column]));
    return position < 0 ? list.length : position;
  });
}

function byPriority(priorities: readonly (readonly unknown[] | undefined)[]) {
  return (a: Hit, b: Hit): number => {
    const keyA = priorityKey(a, priorities);
    const keyB = priorityKey(b, priorities);
    for (let i = 0; i < keyA.length; i++) {
      const difference = (keyA[i] ?? 0) - (keyB[i] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  };
}

function aggregate(aggregation: Aggregation, hits: Hit[]): HitPolicyOutcome {
  const values = hits.map((hit) => hit.outputs[0]);
  if (aggregation === 'COUNT') return { kind: 'aggregate', value: values.length, hits };
  if (values.length === 0) return { kind: 'aggregate', value: null, hits };
  if (values.every((value) => typeof value === 'number')) {
    const numbers = values as number[];
    const value = aggregation === 'SUM' ? numbers.reduce((sum, n) => sum + n, 0) : aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers);
    return { kind: 'aggregate', value, hits };
  }
  if (aggregation === 'SUM') {
    const culprit = hits.find((hit) => typeof hit.outputs[0] !== 'number');
    return { kind: 'violation', message: `C+ sums numbers, but ${culprit ? ruleLabel(culprit) : 'a rule'} gave ${String(culprit?.outputs[0])}` };
  }
  // strings, dates, durations: FEEL's own min/max order them
  const value = evaluate(aggregation === 'MIN' ? 'min(values)' : 'max(values)', { values }).value;
  if (value === null) return { kind: 'violation', message: `C${aggregation === 'MIN' ? '<' : '>'} cannot compare the outputs ${JSON.stringify(values)}` };
  return { kind: 'aggregate', value, hits };
}

/**
 * Applies a hit policy to the matched rules (in rule order). `priorities` holds, per
 * output column, the outputValues list (or undefined) and matters only for P and O.
 */
export function applyHitPolicy(
  policy: HitPolicy,
  aggregation: Aggregation | undefined,
  hits: Hit[],
  priorities: readonly (readonly unknown[] | undefined)[],
): HitPolicyOutcome {
  switch (policy) {
    case 'UNIQUE':
      if (hits.length > 1) return { kind: 'violation', message: `hit policy UNIQUE violated: ${hits.map(ruleLabel).join(', ')} all match` };
      return { kind: 'single', hit: hits[0] };
    case 'ANY': {
      const [first, ...others] = hits;
      const different = first && others.find((hit) => !hit.outputs.every((value, i) => sameValue(value, first.outputs[i])));
      if (first && different) return { kind: 'violation', message: `hit policy ANY violated: ${ruleLabel(first)} and ${ruleLabel(different)} match with different outputs` };
      return { kind: 'single', hit: first };
    }
    case 'FIRST':
      return { kind: 'single', hit: hits[0] };
    case 'PRIORITY':
      return { kind: 'single', hit: [...hits].sort(byPriority(priorities))[0] };
    case 'RULE ORDER':
      return { kind: 'list', hits };
    case 'OUTPUT ORDER':
      return { kind: 'list', hits: [...hits].sort(byPriority(priorities)) };
    case 'COLLECT':
      return aggregation ? aggregate(aggregation, hits) : { kind: 'list', hits };
  }
}
