import { evaluate, parseExpression, parseUnaryTests, unaryTest, type Warning } from './feelin-patched/index.js';
import { DmnModelError } from './errors.ts';
import { compileFastExpression, compileFastUnary, UNDECIDED, type FastExpression, type FastTest, type FeelTree } from './feel-fast-path.ts';
import { addError, addWarning, type EvalTrace, type FeelVars } from './trace.ts';

/**
 * FEEL text compiled once per model. feelin has no compile-once API: `evaluate` and
 * `unaryTest` re-parse the text on every call (22–33 k unary tests/s measured), and its
 * interpreter cannot be handed a parse tree. Its parser is exported, though, so each text
 * is parsed once here: syntax errors surface when the model is read (naming the cell),
 * and the common shapes become closures (feel-fast-path.ts), cached per text. Anything
 * else goes to feelin on every call, so the semantics stay feelin's.
 */
export interface CompiledUnaryTests {
  readonly text: string;
  /** '-' or an empty cell: matches any input without evaluating anything. */
  readonly matchesAnything: boolean;
  /** `vars` must hold the input value under '?' (feelin reads it there). */
  test(input: unknown, vars: FeelVars, trace: EvalTrace): boolean | null;
}

export interface CompiledExpression {
  readonly text: string;
  evaluate(vars: FeelVars, trace: EvalTrace): unknown;
}

const CACHE_LIMIT = 20_000;
const fastUnaryCache = new Map<string, FastTest | null>();
const fastExpressionCache = new Map<string, FastExpression | null>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function syntaxErrorAt(tree: FeelTree): number | undefined {
  let at: number | undefined;
  tree.iterate({
    enter(node) {
      if (at !== undefined) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at;
}

function invalidFeel(text: string, at: number, where: string): DmnModelError {
  const near = text.slice(Math.max(0, at - 10), at + 10);
  return new DmnModelError('INVALID_FEEL', `${where}: invalid FEEL "${text}" (error at position ${at}, near "${near}")`);
}

/**
 * feelin reports everything that turned a value into null as a warning. Those where the
 * expression itself is wrong for its inputs (a function given bad arguments, operands of
 * types that do not combine or compare) are errors: FEEL's answer is null, and the DMN
 * result then says why instead of passing the null off as an ordinary value. A missing
 * variable or context key stays a warning: FEEL defines it as null, and models read
 * optional fields that way.
 */
const ERROR_WARNINGS: ReadonlySet<string> = new Set(['INVALID_TYPE', 'INVALID_ARGUMENTS', 'FUNCTION_INVOCATION_FAILURE', 'NO_FUNCTION_FOUND', 'NOT_COMPARABLE', 'UNSUPPORTED']);

function report(warnings: readonly Warning[], trace: EvalTrace, where: string, text: string): void {
  for (const warning of warnings) {
    if (ERROR_WARNINGS.has(warning.type)) addError(trace, `${where}: "${text}": ${warning.message}`);
    else addWarning(trace, `${where}: ${warning.message}`);
  }
}

function describeFailure(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Compiles the unary tests of an input entry, inputValues, outputValues or allowedValues.
 * `names` are the variables in scope when the model is read (their values are not used):
 * feelin needs them to parse names such as `Approved/Declined`. Throws a DmnModelError
 * naming `where` when the text is not valid FEEL.
 */
export function compileUnaryTests(rawText: string, names: FeelVars, where: string): CompiledUnaryTests {
  const text = rawText.trim();
  if (text === '' || text === '-') return { text, matchesAnything: true, test: () => true };
  const tree = parseUnaryTests(text, names, undefined);
  const errorAt = syntaxErrorAt(tree);
  if (errorAt !== undefined) throw invalidFeel(text, errorAt, where);
  let fast = fastUnaryCache.get(text);
  if (fast === undefined) fast = remember(fastUnaryCache, text, compileFastUnary(tree, text) ?? null);
  const fastTest = fast;
  return {
    text,
    matchesAnything: false,
    test(input, vars, trace) {
      const quick = fastTest?.(input);
      if (quick !== undefined) return quick;
      try {
        const { value, warnings } = unaryTest(text, vars);
        report(warnings, trace, where, text);
        return value;
      } catch (err) {
        addError(trace, `${where}: evaluating "${text}" failed: ${describeFailure(err)}`);
        return null;
      }
    },
  };
}

/** Compiles a literal expression (input expression, output entry, decision logic…); see compileUnaryTests. */
export function compileExpression(rawText: string, names: FeelVars, where: string): CompiledExpression {
  const text = rawText.trim();
  if (text === '') return { text, evaluate: () => null };
  const tree = parseExpression(text, names, undefined);
  const errorAt = syntaxErrorAt(tree);
  if (errorAt !== undefined) throw invalidFeel(text, errorAt, where);
  let fast = fastExpressionCache.get(text);
  if (fast === undefined) fast = remember(fastExpressionCache, text, compileFastExpression(tree, text) ?? null);
  const fastEvaluate = fast;
  return {
    text,
    evaluate(vars, trace) {
      if (fastEvaluate) {
        const quick = fastEvaluate(vars);
        if (quick !== UNDECIDED) return quick;
      }
      try {
        const { value, warnings } = evaluate(text, vars);
        report(warnings, trace, where, text);
        return value;
      } catch (err) {
        addError(trace, `${where}: evaluating "${text}" failed: ${describeFailure(err)}`);
        return null;
      }
    },
  };
}
