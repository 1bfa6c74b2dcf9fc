import { evaluate, type parseExpression } from './feelin-patched/index.js';
import type { FeelVars } from './trace.ts';

/**
 * The shapes that fill most decision tables, turned into closures from feelin's parse
 * tree: '-', string/number/boolean literals, comparisons and intervals over number
 * literals, lists of these, not(…), constant expressions and plain variable names. A
 * closure answers only for the input types it was built for and otherwise says
 * "undecided", leaving the call to feelin — so results are always feelin's (the tests
 * check every shape against feelin).
 */
export type FeelTree = ReturnType<typeof parseExpression>;
type FeelNode = FeelTree['topNode'];

/** A fast test's answer, or undefined when it cannot decide and feelin must. */
export type FastTest = (input: unknown) => boolean | undefined;
export const UNDECIDED = Symbol('undecided');
/** A fast expression's value, or UNDECIDED. */
export type FastExpression = (vars: FeelVars) => unknown;

const isPrimitive = (value: unknown) => value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function children(node: FeelNode): FeelNode[] {
  const list: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

function literalValue(node: FeelNode, text: string): unknown {
  if (!['StringLiteral', 'NumericLiteral', 'BooleanLiteral'].includes(node.name)) return UNDECIDED;
  const value = evaluate(text.slice(node.from, node.to)).value;
  return isPrimitive(value) && value !== null ? value : UNDECIDED;
}

function compareNumbers(op: string, bound: number): FastTest | undefined {
  switch (op) {
    case '<': return (input) => (typeof input === 'number' ? input < bound : undefined);
    case '<=': return (input) => (typeof input === 'number' ? input <= bound : undefined);
    case '>': return (input) => (typeof input === 'number' ? input > bound : undefined);
    case '>=': return (input) => (typeof input === 'number' ? input >= bound : undefined);
    case '=': return (input) => (typeof input === 'number' ? input === bound : undefined);
    case '!=': return (input) => (typeof input === 'number' ? input !== bound : undefined);
    default: return undefined;
  }
}

function compileInterval(node: FeelNode, text: string): FastTest | undefined {
  const parts = children(node);
  if (parts.length !== 5) return undefined;
  const [open, startNode, , endNode, close] = parts as [FeelNode, FeelNode, FeelNode, FeelNode, FeelNode];
  const start = literalValue(startNode, text);
  const end = literalValue(endNode, text);
  if (typeof start !== 'number' || typeof end !== 'number') return undefined;
  const startClosed = text.slice(open.from, open.to) === '[';
  const endClosed = text.slice(close.from, close.to) === ']';
  return (input) => {
    if (typeof input !== 'number') return undefined;
    return (startClosed ? input >= start : input > start) && (endClosed ? input <= end : input < end);
  };
}

function compilePositiveTest(node: FeelNode, text: string): FastTest | undefined {
  const [only, ...rest] = children(node);
  if (!only || rest.length > 0) return undefined;
  if (only.name === 'null') return (input) => (input === null ? true : undefined);
  const literal = literalValue(only, text);
  if (literal !== UNDECIDED) return (input) => (typeof input === typeof literal ? input === literal : undefined);
  if (only.name !== 'SimplePositiveUnaryTest') return undefined;
  const parts = children(only);
  if (parts.length === 1 && parts[0]?.name === 'Interval') return compileInterval(parts[0], text);
  if (parts.length !== 2 || parts[0]?.name !== 'CompareOp' || !parts[1]) return undefined;
  const bound = literalValue(parts[1], text);
  return typeof bound === 'number' ? compareNumbers(text.slice(parts[0].from, parts[0].to), bound) : undefined;
}

function compileDisjunction(node: FeelNode, text: string): FastTest | undefined {
  const tests = children(node).filter((child) => child.name === 'PositiveUnaryTest').map((child) => compilePositiveTest(child, text));
  if (tests.length === 0 || tests.some((test) => test === undefined)) return undefined;
  const compiled = tests as FastTest[];
  if (compiled.length === 1) return compiled[0];
  return (input) => {
    let undecided = false;
    for (const test of compiled) {
      const result = test(input);
      if (result === true) return true;
      if (result === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  };
}

export function compileFastUnary(tree: FeelTree, text: string): FastTest | undefined {
  const parts = children(tree.topNode);
  if (parts.length === 1 && parts[0]?.name === 'Wildcard') return () => true;
  if (parts.length === 1 && parts[0]?.name === 'PositiveUnaryTests') return compileDisjunction(parts[0], text);
  const inner = parts.find((part) => part.name === 'PositiveUnaryTests');
  if (parts[0]?.name === 'not' && inner) {
    const test = compileDisjunction(inner, text);
    if (!test) return undefined;
    return (input) => {
      const result = test(input);
      return result === undefined ? undefined : !result;
    };
  }
  return undefined;
}

/** Nodes of an expression that depends on nothing but itself (no names, no functions). */
const CONSTANT_NODES = new Set(['Expression', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'null', 'ArithOp', 'ArithmeticExpression', 'ParenthesizedExpression', '(', ')']);

function foldConstant(text: string): unknown {
  try {
    const { value, warnings } = evaluate(text);
    return isPrimitive(value) && warnings.length === 0 ? value : UNDECIDED;
  } catch {
    return UNDECIDED;
  }
}

export function compileFastExpression(tree: FeelTree, text: string): FastExpression | undefined {
  let constant = true;
  tree.iterate({
    enter(node) {
      if (!CONSTANT_NODES.has(node.name)) constant = false;
      return constant;
    },
  });
  if (constant) {
    const folded = foldConstant(text);
    if (folded !== UNDECIDED) return () => folded;
  }
  const [only, ...rest] = children(tree.topNode);
  if (!only || rest.length > 0) return undefined;
  if (only.name === 'VariableName') {
    const name = text.slice(only.from, only.to);
    return (vars) => {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      return isPrimitive(value) ? value : UNDECIDED;
    };
  }
  const parts = children(only);
  if (only.name === 'PathExpression' && parts.length === 3 && parts[0]?.name === 'VariableName' && parts[2]?.name === 'PathName') {
    const name = text.slice(parts[0].from, parts[0].to);
    const key = text.slice(parts[2].from, parts[2].to);
    if (/\s/.test(key)) return undefined;
    return (vars) => {
      const owner = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (owner === null || typeof owner !== 'object' || Array.isArray(owner) || Object.getPrototypeOf(owner) !== Object.prototype) return UNDECIDED;
      const value = Object.hasOwn(owner, key) ? (owner as FeelVars)[key] : undefined;
      return isPrimitive(value) ? value : UNDECIDED;
    };
  }
  return undefined;
}
