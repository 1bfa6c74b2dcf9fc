/**
 * The JUEL (Java Unified Expression Language) subset that Camunda 7 models write in their
 * conditions, translated to FEEL once, at deploy. Supported: literals (strings, numbers,
 * true, false, null), variables and property paths (`a.b`, `a["b"]`, `a[0]`),
 * `execution.getVariable("x")`, parentheses, comparisons in both spellings (`==` `eq`,
 * `!=` `ne`, `<` `lt`, `>` `gt`, `<=` `le`, `>=` `ge`), `&&` `and`, `||` `or`, `!` `not`,
 * `empty`, unary minus and arithmetic (`+ - * /`, `div`, `%`, `mod`). Anything else
 * (method calls, functions, beans, the ternary, `instanceof`) is refused with the position
 * it starts at, so a model never deploys with an expression the engine would misread.
 * Decision 023 lists where JUEL and FEEL differ and which semantics apply.
 */

export class JuelUnsupportedError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'JuelUnsupportedError';
  }
}

type Token =
  | { kind: 'number'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; at: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '.', '[', ']', ',', '?', ':', '='];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], at });
      i += match[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new JuelUnsupportedError('unterminated string', at);
        const d = text[i]!;
        if (d === '\\') {
          const next = text[i + 1];
          if (next === undefined || !['\\', '"', "'"].includes(next)) throw new JuelUnsupportedError(`unknown escape \\${next ?? ''} in a string`, i);
          value += next;
          i += 2;
          continue;
        }
        i++;
        if (d === c) break;
        value += d;
      }
      tokens.push({ kind: 'string', value, at });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', text: match[0], at });
      i += match[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new JuelUnsupportedError(`unexpected character "${c}"`, at);
    tokens.push({ kind: 'op', text: op, at });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

/** JUEL's reserved words; `empty`, `not`, `and`… are operators, the rest are refused as names. */
const JUEL_RESERVED = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'instanceof', 'empty', 'div', 'mod']);
/** Words FEEL reads as keywords or built-in names: a variable so named could not be referenced plainly. */
const FEEL_KEYWORDS = new Set(['for', 'return', 'if', 'then', 'else', 'some', 'every', 'satisfies', 'instance', 'of', 'in', 'function', 'external', 'between', 'item']);

const COMPARISONS: Record<string, string> = { '==': '=', eq: '=', '!=': '!=', ne: '!=', '<': '<', lt: '<', '>': '>', gt: '>', '<=': '<=', le: '<=', '>=': '>=', ge: '>=' };

export interface JuelTranslation {
  /** The FEEL expression with the same meaning. */
  feel: string;
  /** The variables it reads (roots of property paths and execution.getVariable names). */
  variables: string[];
}

/** Translates the inside of `${…}` to FEEL, or throws JuelUnsupportedError. */
export function juelToFeel(text: string): JuelTranslation {
  const tokens = tokenize(text);
  let index = 0;
  const variables = new Set<string>();
  const peek = () => tokens[index]!;
  const isOp = (...ops: string[]) => {
    const t = peek();
    return (t.kind === 'op' && ops.includes(t.text)) || (t.kind === 'name' && ops.includes(t.text));
  };
  const take = () => tokens[index++]!;
  const expect = (op: string) => {
    const t = peek();
    if (t.kind !== 'op' || t.text !== op) throw new JuelUnsupportedError(`expected "${op}"`, t.at);
    index++;
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'end of expression' : t.kind === 'string' ? `string "${t.value}"` : `"${'text' in t ? t.text : ''}"`);

  const binary = (next: () => string, ops: Record<string, string>): string => {
    let left = next();
    while (isOp(...Object.keys(ops))) {
      const op = ops[(take() as { text: string }).text]!;
      const right = next();
      left = op === 'modulo' ? `modulo(${left}, ${right})` : `(${left} ${op} ${right})`;
    }
    return left;
  };

  const expression = (): string => {
    const value = or();
    if (isOp('?')) throw new JuelUnsupportedError('the conditional operator "a ? b : c" is not supported; split the flow at a gateway', peek().at);
    if (isOp('=')) throw new JuelUnsupportedError('"=" is assignment in JUEL; compare with "==" or "eq"', peek().at);
    return value;
  };
  const or = () => binary(and, { '||': 'or', or: 'or' });
  const and = () => binary(equality, { '&&': 'and', and: 'and' });
  const equality = () => binary(relational, { '==': '=', eq: '=', '!=': '!=', ne: '!=' });
  const relational = (): string => {
    const left = additive();
    if (!isOp('<', 'lt', '>', 'gt', '<=', 'le', '>=', 'ge')) return left;
    const op = COMPARISONS[(take() as { text: string }).text]!;
    const right = additive();
    if (isOp('<', 'lt', '>', 'gt', '<=', 'le', '>=', 'ge')) throw new JuelUnsupportedError('chained comparisons are not supported; join them with "and"', peek().at);
    return `(${left} ${op} ${right})`;
  };
  const additive = () => binary(multiplicative, { '+': '+', '-': '-' });
  const multiplicative = () => binary(unary, { '*': '*', '/': '/', div: '/', '%': 'modulo', mod: 'modulo' });
  const unary = (): string => {
    if (isOp('!', 'not')) {
      take();
      return `not(${unary()})`;
    }
    if (isOp('-')) {
      take();
      return `-(${unary()})`;
    }
    if (isOp('empty')) {
      take();
      const v = unary();
      // JUEL's empty: null, "", an empty list or an empty map. One FEEL if-chain, so that any
      // other value answers false (never null).
      return `(if ${v} = null then true else if ${v} instance of string then string length(${v}) = 0 else if ${v} instance of list then count(${v}) = 0 else if ${v} instance of context then count(get entries(${v})) = 0 else false)`;
    }
    return postfix();
  };
  const postfix = (): string => {
    let value = primary();
    for (;;) {
      if (isOp('.')) {
        take();
        const name = take();
        if (name.kind !== 'name') throw new JuelUnsupportedError(`expected a property name after "."`, name.at);
        if (isOp('(')) throw new JuelUnsupportedError(`method call ${name.text}(…) is not supported`, name.at);
        value = `${value}.${feelName(name.text, name.at)}`;
      } else if (isOp('[')) {
        const open = take();
        const key = take();
        expect(']');
        if (key.kind === 'string') value = `${value}.${feelName(key.value, key.at)}`;
        else if (key.kind === 'number' && /^[0-9]+$/.test(key.text)) value = `${value}[${Number(key.text) + 1}]`; // JUEL counts from 0, FEEL from 1
        else throw new JuelUnsupportedError('only a string or a whole-number literal is supported inside [ ]', open.at);
      } else if (isOp('(')) {
        throw new JuelUnsupportedError('function calls are not supported', peek().at);
      } else {
        return value;
      }
    }
  };
  const primary = (): string => {
    const t = take();
    if (t.kind === 'number') {
      if (/e/i.test(t.text)) throw new JuelUnsupportedError(`number ${t.text}: write it without an exponent`, t.at);
      return t.text.startsWith('.') ? `0${t.text}` : t.text.replace(/\.$/, '');
    }
    if (t.kind === 'string') return JSON.stringify(t.value);
    if (t.kind === 'op' && t.text === '(') {
      const inner = expression();
      expect(')');
      return `(${inner})`;
    }
    if (t.kind === 'name') {
      if (t.text === 'true' || t.text === 'false' || t.text === 'null') return t.text;
      if (t.text === 'execution') return executionCall(t.at);
      if (peek().kind === 'op' && (peek() as { text: string }).text === ':') throw new JuelUnsupportedError(`function ${t.text}:… is not supported`, t.at);
      if (isOp('(')) throw new JuelUnsupportedError(`function ${t.text}(…) is not supported`, t.at);
      if (JUEL_RESERVED.has(t.text)) throw new JuelUnsupportedError(`unexpected "${t.text}"`, t.at);
      const name = feelName(t.text, t.at);
      variables.add(name);
      return name;
    }
    throw new JuelUnsupportedError(`unexpected ${describe(t)}`, t.at);
  };
  const executionCall = (at: number): string => {
    if (!isOp('.')) throw new JuelUnsupportedError('"execution" is supported only as execution.getVariable("name")', at);
    take();
    const method = take();
    if (method.kind !== 'name' || method.text !== 'getVariable') {
      throw new JuelUnsupportedError(`execution.${'text' in method ? method.text : '…'} is not supported (only execution.getVariable("name"))`, method.at);
    }
    expect('(');
    const name = take();
    if (name.kind !== 'string') throw new JuelUnsupportedError('execution.getVariable takes a quoted variable name', name.at);
    expect(')');
    const feel = feelName(name.value, name.at);
    variables.add(feel);
    return feel;
  };

  const feel = expression();
  const rest = peek();
  if (rest.kind !== 'end') throw new JuelUnsupportedError(`unexpected ${describe(rest)}`, rest.at);
  return { feel, variables: [...variables] };
}

function feelName(name: string, at: number): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new JuelUnsupportedError(`"${name}" is not a plain variable or property name`, at);
  if (FEEL_KEYWORDS.has(name) || JUEL_RESERVED.has(name)) throw new JuelUnsupportedError(`a variable or property named "${name}" cannot be read in a condition (it is a FEEL keyword)`, at);
  return name;
}
