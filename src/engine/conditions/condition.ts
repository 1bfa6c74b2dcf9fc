import { evaluate } from 'feelin';
import { feelSyntaxError, feelText } from '../feel/feel-expression.ts';
import { juelToFeel, JuelUnsupportedError } from './juel.ts';

/**
 * A condition of a sequence flow or a conditional event, read at deploy (decision 023):
 * `${…}` / `#{…}` is JUEL as Camunda 7 writes it and is translated to FEEL; `=…` or plain
 * text is FEEL. Stored with the definition version so a step never re-translates.
 */
export interface StoredCondition {
  /** 'flow': a sequence flow's condition; 'event': a conditional catch or boundary event's. */
  kind: 'flow' | 'event';
  /** As written in the model. */
  expression: string;
  dialect: 'juel' | 'feel';
  /** What is evaluated. */
  feel: string;
  /** Marked rebound:optional="true": a variable the instance lacks reads as null and anything but true is false. */
  optional: boolean;
}

const FEEL_LANGUAGE = /^(feel|http:\/\/www\.omg\.org\/spec\/FEEL\/.*|https:\/\/www\.omg\.org\/spec\/DMN\/.*\/FEEL\/?)$/i;
const JUEL_LANGUAGE = /^(juel|http:\/\/java\.sun\.com\/products\/jsp\/)$/i;

export type CompileError = { error: string; reason: 'empty' | 'language' | 'juel' | 'feel' };

/** Translates a condition as written to FEEL, or says why it cannot run. */
export function compileCondition(body: string, language: string | undefined): { dialect: 'juel' | 'feel'; feel: string } | CompileError {
  const text = body.trim();
  if (!text) return { reason: 'empty', error: 'the condition is empty' };
  if (language && !FEEL_LANGUAGE.test(language) && !JUEL_LANGUAGE.test(language)) {
    return { reason: 'language', error: `the condition language ${language} is not supported (conditions are FEEL, or JUEL written as \${…})` };
  }
  const wrapped = /^[$#]\{([\s\S]*)\}$/.exec(text);
  const juel = wrapped && !(language && FEEL_LANGUAGE.test(language)) ? wrapped[1]! : language && JUEL_LANGUAGE.test(language) ? text : undefined;
  if (juel !== undefined) {
    try {
      return { dialect: 'juel', feel: juelToFeel(juel).feel };
    } catch (error) {
      if (!(error instanceof JuelUnsupportedError)) throw error;
      return {
        reason: 'juel',
        error: `${error.message} at position ${error.position + 1} (JUEL conditions may use comparisons == eq != ne < lt > gt <= le >= ge, and/&&, or/||, not/!, empty, arithmetic, property paths and execution.getVariable("name"); or write the condition in FEEL as =…)`,
      };
    }
  }
  const feel = feelText(text);
  const syntax = feelSyntaxError(feel);
  if (syntax) return { reason: 'feel', error: syntax };
  return { dialect: 'feel', feel };
}

export type ConditionOutcome = { decided: true; value: boolean } | { decided: false; problem: string };

/**
 * Evaluates a stored condition over the instance's variables. Never silently false: a
 * variable the instance does not have, an evaluation error or a result that is neither
 * true nor false is a problem the caller turns into an incident — unless the condition is
 * optional, where only true is true.
 */
export function decideCondition(condition: StoredCondition, variables: Record<string, unknown>): ConditionOutcome {
  let result;
  try {
    result = evaluate(condition.feel, variables);
  } catch (error) {
    return { decided: false, problem: `cannot be evaluated: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (condition.optional) return { decided: true, value: result.value === true };
  const missing = [...new Set(result.warnings.filter((w) => w.type === 'NO_VARIABLE_FOUND').map((w) => condition.feel.slice(w.position.from, w.position.to)))];
  if (missing.length) {
    return { decided: false, problem: `reads ${missing.length === 1 ? 'variable' : 'variables'} ${missing.join(', ')}, which the instance does not have` };
  }
  if (typeof result.value !== 'boolean') return { decided: false, problem: `evaluated to ${JSON.stringify(result.value ?? null)}, neither true nor false` };
  return { decided: true, value: result.value };
}

/**
 * The stored condition of an element; definitions deployed before conditions were stored
 * have none, so their condition text is compiled here the same way.
 */
export function storedConditionOf(
  conditions: Record<string, StoredCondition> | undefined, id: string, kind: StoredCondition['kind'], body: string | undefined, language: string | undefined,
): StoredCondition | { error: string } | undefined {
  const stored = conditions?.[id];
  if (stored) return stored;
  if (body === undefined) return undefined;
  const compiled = compileCondition(body, language);
  if ('error' in compiled) return compiled;
  return { kind, expression: body.trim(), optional: false, ...compiled };
}

/** The sentence an incident shows: which element, what it says, what went wrong, what to do. */
export function conditionProblem(elementId: string, condition: Pick<StoredCondition, 'kind' | 'expression'>, problem: string): string {
  const what = condition.kind === 'flow' ? `the condition of sequence flow ${elementId}` : `the condition of event ${elementId}`;
  return `${what} "${condition.expression}" ${problem}; set the variable and retry the incident, or mark the condition rebound:optional="true" in the model`;
}
