import { evaluate } from './feelin-patched/index.js';
import { DmnModelError } from './errors.ts';
import { compileExpression, compileUnaryTests, type CompiledExpression, type CompiledUnaryTests } from './feel-cache.ts';
import { AGGREGATIONS, applyHitPolicy, HIT_POLICIES, stopsAtFirstMatch, type Aggregation, type Hit, type HitPolicy } from './hit-policies.ts';
import type { CompileScope, Evaluator } from './model.ts';
import type { MDecisionTable, MOutputClause } from './moddle-types.ts';
import { addError, type EvalTrace, type FeelVars, type RuleRef } from './trace.ts';

/**
 * A decision table compiled into a closure: input expressions, the unary tests of every
 * cell and every output entry are FEEL compiled once. Evaluation computes the inputs,
 * checks them against inputValues, matches the rules, evaluates the outputs of matched
 * rules only, and hands them to the hit policy.
 */
interface InputColumn {
  label: string;
  expression: CompiledExpression;
  allowed?: CompiledUnaryTests;
}

interface OutputColumn {
  name: string;
  allowed?: CompiledUnaryTests;
  priorities?: readonly unknown[];
  defaultEntry?: CompiledExpression;
}

interface Rule {
  ref: RuleRef;
  inputEntries: CompiledUnaryTests[];
  outputEntries: CompiledExpression[];
}

function outputPriorities(text: string | undefined): readonly unknown[] | undefined {
  if (!text?.trim()) return undefined;
  try {
    const value = evaluate(`[${text}]`).value;
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function compileOutput(output: MOutputClause, index: number, count: number, scope: CompileScope): OutputColumn {
  const name = output.name ?? (count === 1 ? '' : `output${index + 1}`);
  if (count > 1 && !output.name) throw new DmnModelError('INVALID_MODEL', `${scope.where}: output ${index + 1} of a multi-output table needs a name`);
  const where = `${scope.where} output '${name || index + 1}'`;
  return {
    name,
    allowed: output.outputValues?.text ? compileUnaryTests(output.outputValues.text, scope.names, `${where} outputValues`) : undefined,
    priorities: outputPriorities(output.outputValues?.text),
    defaultEntry: output.defaultOutputEntry ? compileExpression(output.defaultOutputEntry.text ?? '', scope.names, `${where} default output`) : undefined,
  };
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function compileDecisionTable(table: MDecisionTable, scope: CompileScope): Evaluator {
  const policy = (table.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(policy)) throw new DmnModelError('UNSUPPORTED_ELEMENT', `${scope.where}: unknown hit policy ${table.hitPolicy}`);
  const aggregation = table.aggregation as Aggregation | undefined;
  if (aggregation !== undefined && (!AGGREGATIONS.includes(aggregation) || policy !== 'COLLECT')) {
    throw new DmnModelError('INVALID_MODEL', `${scope.where}: aggregation ${aggregation} needs hit policy COLLECT and one of ${AGGREGATIONS.join(', ')}`);
  }
  const inputs: InputColumn[] = (table.input ?? []).map((input, i) => {
    const text = input.inputExpression?.text ?? '';
    const label = input.label ?? (text || `input ${i + 1}`);
    return {
      label,
      expression: compileExpression(text, scope.names, `${scope.where} input '${label}'`),
      allowed: input.inputValues?.text ? compileUnaryTests(input.inputValues.text, scope.names, `${scope.where} input '${label}' inputValues`) : undefined,
    };
  });
  const outputClauses = table.output ?? [];
  if (outputClauses.length === 0) throw new DmnModelError('INVALID_MODEL', `${scope.where}: decision table has no output`);
  if (aggregation && outputClauses.length > 1) throw new DmnModelError('INVALID_MODEL', `${scope.where}: aggregation ${aggregation} needs a single output`);
  const outputs = outputClauses.map((output, i) => compileOutput(output, i, outputClauses.length, scope));
  const rules: Rule[] = (table.rule ?? []).map((rule, index) => {
    const where = `${scope.where} rule ${index + 1}${rule.id ? ` (id ${rule.id})` : ''}`;
    const inputEntries = rule.inputEntry ?? [];
    const outputEntries = rule.outputEntry ?? [];
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      throw new DmnModelError('INVALID_MODEL', `${where}: has ${inputEntries.length} input and ${outputEntries.length} output entries, the table ${inputs.length} inputs and ${outputs.length} outputs`);
    }
    return {
      ref: { index, ruleId: rule.id },
      inputEntries: inputEntries.map((entry, i) => compileUnaryTests(entry.text ?? '', scope.names, `${where} input entry ${i + 1} ('${inputs[i]?.label}')`)),
      outputEntries: outputEntries.map((entry, i) => compileExpression(entry.text ?? '', scope.names, `${where} output entry ${i + 1}${outputs[i]?.name ? ` ('${outputs[i].name}')` : ''}`)),
    };
  });
  const priorities = outputs.map((output) => output.priorities);
  const compose = (values: readonly unknown[]): unknown =>
    outputs.length === 1 ? values[0] : Object.fromEntries(outputs.map((output, i) => [output.name, values[i] ?? null]));
  const firstOnly = stopsAtFirstMatch(policy);

  return (vars: FeelVars, trace: EvalTrace): unknown => {
    const inputValues = inputs.map((input) => input.expression.evaluate(vars, trace));
    const columnVars: (FeelVars | undefined)[] = [];
    const varsFor = (column: number): FeelVars => (columnVars[column] ??= { ...vars, '?': inputValues[column] });
    const record = (matched: RuleRef[], applied: RuleRef[]) => trace.tableHits.push({ decisionId: scope.ownerId, tableId: table.id, matched, applied });

    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i] as InputColumn;
      const value = inputValues[i];
      if (input.allowed && value !== null && input.allowed.test(value, varsFor(i), trace) !== true) {
        addError(trace, `${scope.where}: input '${input.label}' = ${describeValue(value)} is not one of its inputValues (${input.allowed.text})`);
        record([], []);
        return null;
      }
    }

    const matched: Rule[] = [];
    for (const rule of rules) {
      let matches = true;
      for (let i = 0; i < rule.inputEntries.length; i++) {
        const entry = rule.inputEntries[i] as CompiledUnaryTests;
        if (!entry.matchesAnything && entry.test(inputValues[i], varsFor(i), trace) !== true) {
          matches = false;
          break;
        }
      }
      if (matches) {
        matched.push(rule);
        if (firstOnly) break;
      }
    }
    const matchedRefs = matched.map((rule) => rule.ref);

    if (matched.length === 0) {
      record([], []);
      if (!outputs.some((output) => output.defaultEntry)) return null;
      return compose(outputs.map((output) => output.defaultEntry?.evaluate(vars, trace) ?? null));
    }

    const hits: Hit[] = [];
    for (const rule of matched) {
      const values = rule.outputEntries.map((entry) => entry.evaluate(vars, trace));
      for (let i = 0; i < outputs.length; i++) {
        const allowed = outputs[i]?.allowed;
        if (allowed && values[i] !== null && allowed.test(values[i], { ...vars, '?': values[i] }, trace) !== true) {
          addError(trace, `${scope.where} rule ${rule.ref.index + 1}: output ${describeValue(values[i])} is not one of the outputValues (${allowed.text})`);
          record(matchedRefs, []);
          return null;
        }
      }
      hits.push({ rule: rule.ref, outputs: values });
    }

    const outcome = applyHitPolicy(policy, aggregation, hits, priorities);
    switch (outcome.kind) {
      case 'violation':
        addError(trace, `${scope.where}: ${outcome.message}`);
        record(matchedRefs, []);
        return null;
      case 'single':
        record(matchedRefs, outcome.hit ? [outcome.hit.rule] : []);
        return outcome.hit ? compose(outcome.hit.outputs) : null;
      case 'list':
        record(matchedRefs, outcome.hits.map((hit) => hit.rule));
        return outcome.hits.map((hit) => compose(hit.outputs));
      case 'aggregate':
        record(matchedRefs, outcome.hits.map((hit) => hit.rule));
        return outcome.value;
    }
  };
}
