import { evaluate, parseExpression } from 'feelin';

/**
 * FEEL in process models (task inputs, due times). Conditions are read by
 * ../conditions/condition.ts, where `${…}` is JUEL (decision 023). Written plain
 * (`amount > 100`), Zeebe-style (`=amount > 100`) or wrapped (`${amount > 100}`); all three
 * mean the same FEEL. feelin's parser is used at deploy so that a typo is refused then,
 * instead of silently taking the default flow at run time (bpmn-engine's own expressions
 * only resolve property paths and answer false for anything else).
 */
export function feelText(raw: string): string {
  const text = raw.trim();
  const wrapped = /^\$\{([\s\S]*)\}$/.exec(text);
  if (wrapped) return wrapped[1]!.trim();
  return text.startsWith('=') ? text.slice(1).trim() : text;
}

/** The syntax error in a FEEL expression, or undefined when it parses. */
export function feelSyntaxError(raw: string): string | undefined {
  const text = feelText(raw);
  if (!text) return 'empty expression';
  let errorAt: number | undefined;
  try {
    parseExpression(text, {}, undefined).iterate({
      enter(node) {
        if (errorAt !== undefined) return false;
        if (node.type.isError) errorAt = node.from;
        return undefined;
      },
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (errorAt === undefined) return undefined;
  return `syntax error at position ${errorAt} near "${text.slice(Math.max(0, errorAt - 10), errorAt + 10)}"`;
}

export class FeelEvaluationError extends Error {}

/** Evaluates FEEL over process variables; a failure is an error, never a silent false. */
export function evaluateFeel(raw: string, variables: Record<string, unknown>): unknown {
  const text = feelText(raw);
  try {
    return evaluate(text, variables).value;
  } catch (error) {
    throw new FeelEvaluationError(`FEEL "${text}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
