import { FILTER_FIELDS, OPERATORS, OPERATORS_BY_TYPE, SQL_TYPE, type FilterField, type Operator } from './filter-fields.ts';

/**
 * A segment filter, stored as JSON and written by people in a small language
 * (`quiet AND period_revenue_minor >= 50000 AND abc_class = 'A'`). Either form is checked
 * against the field whitelist and compiled to one parameterised SQL condition: user text
 * never reaches the SQL, only values through parameters.
 */
export type Value = string | number | boolean;
export type Condition = { field: string; op: Operator; value?: Value | Value[] };
export type Filter = { all: Filter[] } | { any: Filter[] } | { not: Filter } | Condition;

/** Why a filter was refused: where (a JSON path or a column of the text) and what. */
export interface FilterProblem {
  field: string;
  message: string;
}

export class FilterError extends Error {
  constructor(readonly problems: FilterProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 50;

// ——— The language ———————————————————————————————————————————————————————————————

type Token = { kind: 'word' | 'number' | 'string' | 'op' | '(' | ')' | ','; text: string; at: number };

function tokenize(text: string, where: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(?<string>'(?:[^']|'')*')|(?<number>-?\d+(?:\.\d+)?)|(?<op><=|>=|!=|<>|=|<|>)|(?<paren>[(),])|(?<word>[A-Za-z_][A-Za-z0-9_]*)/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new FilterError([{ field: where, message: `at column ${at + 1}: unexpected "${text.slice(at, at + 10)}"` }]);
    const g = match.groups!;
    if (g.string !== undefined) tokens.push({ kind: 'string', text: g.string.slice(1, -1).replaceAll("''", "'"), at });
    else if (g.number !== undefined) tokens.push({ kind: 'number', text: g.number, at });
    else if (g.op !== undefined) tokens.push({ kind: 'op', text: g.op === '<>' ? '!=' : g.op, at });
    else if (g.paren !== undefined) tokens.push({ kind: g.paren as '(' | ')' | ',', text: g.paren, at });
    else if (g.word !== undefined) tokens.push({ kind: 'word', text: g.word, at });
    at = pattern.lastIndex;
  }
  return tokens;
}

/**
 * Parses the filter language: conditions `field op value`, `field IN (v, …)`,
 * `field NOT IN (…)`, `field IS [NOT] NULL`, a bare boolean field (`quiet`), combined with
 * AND, OR, NOT and parentheses (AND binds tighter than OR). Values: numbers, 'text' (a
 * quote doubled inside), true, false; days as 'YYYY-MM-DD'. Keywords in any case.
 */
export function parseFilterText(text: string, where = 'body.filter_text'): Filter {
  const tokens = tokenize(text, where);
  let i = 0;
  const fail = (message: string): never => {
    const token = tokens[i];
    throw new FilterError([{ field: where, message: token ? `at column ${token.at + 1} ("${token.text}"): ${message}` : `at the end: ${message}` }]);
  };
  const keyword = (word: string) => tokens[i]?.kind === 'word' && tokens[i]!.text.toLowerCase() === word;
  const expect = (kind: Token['kind'], what: string) => (tokens[i]?.kind === kind ? tokens[i++]! : fail(`expected ${what}`));

  const value = (): Value => {
    const token = tokens[i];
    if (token?.kind === 'number') return i++, Number(token.text);
    if (token?.kind === 'string') return i++, token.text;
    if (keyword('true')) return i++, true;
    if (keyword('false')) return i++, false;
    return fail('expected a value: a number, \'text\', true or false');
  };
  const condition = (): Filter => {
    if (tokens[i]?.kind === '(') {
      i++;
      const inner = or();
      expect(')', '")"');
      return inner;
    }
    if (keyword('not')) {
      i++;
      return { not: condition() };
    }
    if (tokens[i]?.kind === 'word' && RESERVED.has(tokens[i]!.text.toLowerCase())) fail('expected a field name');
    const field = expect('word', 'a field name').text;
    if (keyword('is')) {
      i++;
      const negated = keyword('not') ? (i++, true) : false;
      if (!keyword('null')) fail('expected NULL');
      i++;
      return { field, op: negated ? 'is not null' : 'is null' };
    }
    if (keyword('in') || (keyword('not') && tokens[i + 1]?.kind === 'word' && tokens[i + 1]!.text.toLowerCase() === 'in')) {
      const op = keyword('not') ? (i += 2, 'not in' as const) : (i++, 'in' as const);
      expect('(', '"(" and a list of values');
      const values = [value()];
      while (tokens[i]?.kind === ',') {
        i++;
        values.push(value());
      }
      expect(')', '")" closing the list');
      return { field, op, value: values };
    }
    if (tokens[i]?.kind === 'op') {
      const op = tokens[i++]!.text as Operator;
      return { field, op, value: value() };
    }
    // A bare field: a boolean that must be true (`quiet`).
    return { field, op: '=', value: true };
  };
  const and = (): Filter => {
    const parts = [condition()];
    while (keyword('and')) {
      i++;
      parts.push(condition());
    }
    return parts.length === 1 ? parts[0]! : { all: parts };
  };
  const or = (): Filter => {
    const parts = [and()];
    while (keyword('or')) {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { any: parts };
  };

  if (tokens.length === 0) throw new FilterError([{ field: where, message: 'is empty: a segment needs at least one condition' }]);
  const filter = or();
  if (i < tokens.length) fail('expected AND, OR or the end of the filter');
  // The parser builds the shape; the checker below decides whether fields, operators and values fit.
  checkFilter(filter, where);
  return filter;
}

// ——— The check ——————————————————————————————————————————————————————————————————

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkValue(field: FilterField, name: string, value: unknown, path: string, problems: FilterProblem[]): void {
  const bad = (message: string) => problems.push({ field: path, message: `${name}: ${message}` });
  switch (field.type) {
    case 'boolean': if (typeof value !== 'boolean') bad(`expects true or false, not ${JSON.stringify(value)}`); break;
    case 'integer': if (!Number.isSafeInteger(value)) bad(`expects a whole number, not ${JSON.stringify(value)}`); break;
    case 'number': if (typeof value !== 'number' || !Number.isFinite(value)) bad(`expects a number, not ${JSON.stringify(value)}`); break;
    case 'date':
      if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || value < '1900-01-01' || value > '2200-12-31') {
        bad(`expects a day 'YYYY-MM-DD' between 1900 and 2200, not ${JSON.stringify(value)}`);
      }
      break;
    case 'text': if (typeof value !== 'string' || value.length > 200 || value.includes('\u0000')) bad(`expects text of at most 200 characters, not ${JSON.stringify(value)}`); break;
    case 'enum': if (typeof value !== 'string' || !field.values!.includes(value)) bad(`is one of ${field.values!.join(', ')}, not ${JSON.stringify(value)}`); break;
  }
}

/**
 * Checks a filter's shape, fields, operators and values, collecting every problem with its
 * path (`body.filter.all[1].field`). Throws a FilterError naming them all.
 */
export function checkFilter(filter: unknown, path = 'body.filter'): asserts filter is Filter {
  const problems: FilterProblem[] = [];
  let conditions = 0;
  const visit = (node: unknown, at: string, depth: number): void => {
    if (depth > MAX_DEPTH) return void problems.push({ field: at, message: `nests deeper than ${MAX_DEPTH} levels` });
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      return void problems.push({ field: at, message: 'expected an object: {"all": […]}, {"any": […]}, {"not": …} or {"field", "op", "value"}' });
    }
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    if ('all' in record || 'any' in record) {
      const key = 'all' in record ? 'all' : 'any';
      if (keys.length !== 1) return void problems.push({ field: at, message: `"${key}" stands alone; move ${keys.filter((k) => k !== key).join(', ')} into its list` });
      const list = record[key];
      if (!Array.isArray(list) || list.length === 0) return void problems.push({ field: `${at}.${key}`, message: 'expected a non-empty list of conditions' });
      list.forEach((child, n) => visit(child, `${at}.${key}[${n}]`, depth + 1));
      return;
    }
    if ('not' in record) {
      if (keys.length !== 1) return void problems.push({ field: at, message: '"not" stands alone' });
      return visit(record.not, `${at}.not`, depth + 1);
    }
    conditions++;
    const unknownKeys = keys.filter((k) => !['field', 'op', 'value'].includes(k));
    if (unknownKeys.length) problems.push({ field: at, message: `unknown member ${unknownKeys.join(', ')} (a condition has field, op and value)` });
    const name = record.field;
    if (typeof name !== 'string') return void problems.push({ field: `${at}.field`, message: 'is required: the name of a field' });
    const field = Object.hasOwn(FILTER_FIELDS, name) ? FILTER_FIELDS[name] : undefined;
    if (!field) return void problems.push({ field: `${at}.field`, message: `unknown field "${name}"; known fields: ${Object.keys(FILTER_FIELDS).join(', ')}` });
    const op = record.op as Operator;
    if (!(OPERATORS as readonly string[]).includes(op)) return void problems.push({ field: `${at}.op`, message: `unknown operator ${JSON.stringify(op)}; one of ${OPERATORS.join(', ')}` });
    if (!OPERATORS_BY_TYPE[field.type].includes(op)) {
      return void problems.push({ field: `${at}.op`, message: `${name} is ${field.type}: use ${OPERATORS_BY_TYPE[field.type].join(', ')}, not ${op}` });
    }
    if (op === 'is null' || op === 'is not null') {
      if (record.value !== undefined) problems.push({ field: `${at}.value`, message: `${op} takes no value` });
      return;
    }
    if (op === 'in' || op === 'not in') {
      if (!Array.isArray(record.value) || record.value.length === 0 || record.value.length > 100) {
        return void problems.push({ field: `${at}.value`, message: `${op} takes a list of 1 to 100 values` });
      }
      record.value.forEach((v, n) => checkValue(field, name, v, `${at}.value[${n}]`, problems));
      return;
    }
    if (record.value === undefined) return void problems.push({ field: `${at}.value`, message: `${name} ${op} needs a value` });
    checkValue(field, name, record.value, `${at}.value`, problems);
  };
  visit(filter, path, 0);
  if (conditions > MAX_CONDITIONS) problems.push({ field: path, message: `has ${conditions} conditions; at most ${MAX_CONDITIONS}` });
  if (problems.length) throw new FilterError(problems);
}

// ——— SQL and text out ———————————————————————————————————————————————————————————————

/**
 * Compiles a checked filter to one SQL condition over `customers c LEFT JOIN customer_metrics m`.
 * Values become parameters numbered from `firstParam`; the returned `params` go with them.
 */
export function compileFilter(filter: Filter, firstParam = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${type}`;
  };
  const emit = (node: Filter): string => {
    if ('all' in node) return `(${node.all.map(emit).join(' AND ')})`;
    if ('any' in node) return `(${node.any.map(emit).join(' OR ')})`;
    if ('not' in node) return `(NOT coalesce(${emit(node.not)}, false))`;
    const field = FILTER_FIELDS[node.field]!;
    const type = SQL_TYPE[field.type];
    switch (node.op) {
      case 'is null': return `(${field.sql} IS NULL)`;
      case 'is not null': return `(${field.sql} IS NOT NULL)`;
      case 'in': return `(${field.sql} = ANY(${param(node.value, `${type}[]`)}))`;
      case 'not in': return `(${field.sql} <> ALL(${param(node.value, `${type}[]`)}))`;
      case '!=': return `(${field.sql} <> ${param(node.value, type)})`;
      default: return `(${field.sql} ${node.op} ${param(node.value, type)})`;
    }
  };
  return { sql: `coalesce(${emit(filter)}, false)`, params };
}

const literal = (value: Value) => (typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value));

/** Writes a filter in the language (a JSON filter saved through the API gets its text too). */
export function formatFilter(filter: Filter, nested = false): string {
  if ('all' in filter) return filter.all.map((f) => formatFilter(f, true)).join(' AND ');
  if ('any' in filter) {
    const text = filter.any.map((f) => formatFilter(f, true)).join(' OR ');
    return nested ? `(${text})` : text;
  }
  if ('not' in filter) return `NOT (${formatFilter(filter.not)})`;
  if (filter.op === 'is null' || filter.op === 'is not null') return `${filter.field} ${filter.op.toUpperCase()}`;
  if (filter.op === 'in' || filter.op === 'not in') return `${filter.field} ${filter.op.toUpperCase()} (${(filter.value as Value[]).map(literal).join(', ')})`;
  if (filter.op === '=' && filter.value === true && FILTER_FIELDS[filter.field]?.type === 'boolean') return filter.field;
  return `${filter.field} ${filter.op} ${literal(filter.value as Value)}`;
}
