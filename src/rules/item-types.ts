import { FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange } from './feelin-patched/index.js';
import { compileUnaryTests, type CompiledUnaryTests } from './feel-cache.ts';
import type { MItemDefinition } from './moddle-types.ts';
import { newTrace } from './trace.ts';

/**
 * Types of DMN variables: FEEL built-ins and the model's item definitions (structures,
 * collections, allowed values). The spec makes a value that does not conform to its
 * declared type null (with an error), so inputs, decision results and BKM parameters
 * pass through `conform`.
 */
export type DmnType =
  | { kind: 'any' }
  | { kind: 'builtin'; name: BuiltinTypeName }
  | { kind: 'item'; name: string; base?: DmnType; isCollection: boolean; components?: ReadonlyMap<string, DmnType>; allowed?: CompiledUnaryTests };

type BuiltinTypeName = 'number' | 'string' | 'boolean' | 'date' | 'time' | 'date and time' | 'days and time duration'
  | 'years and months duration' | 'duration' | 'context' | 'list' | 'function' | 'range';

const BUILTIN_NAMES: Record<string, BuiltinTypeName | 'any'> = {
  any: 'any', number: 'number', string: 'string', boolean: 'boolean', date: 'date', time: 'time', datetime: 'date and time',
  'date and time': 'date and time', daytimeduration: 'days and time duration', 'days and time duration': 'days and time duration',
  yearmonthduration: 'years and months duration', 'years and months duration': 'years and months duration', duration: 'duration',
  context: 'context', list: 'list', function: 'function', range: 'range',
};

const ANY: DmnType = { kind: 'any' };

export interface TypeRegistry {
  /** The type a typeRef names; unknown names resolve to Any (the value is then not checked). */
  resolve(typeRef: string | undefined): DmnType;
}

function builtin(typeRef: string): DmnType | undefined {
  const name = BUILTIN_NAMES[typeRef.replace(/^feel:/, '').toLowerCase()];
  if (name === undefined) return undefined;
  return name === 'any' ? ANY : { kind: 'builtin', name };
}

export function buildTypeRegistry(definitions: readonly MItemDefinition[]): TypeRegistry {
  const byName = new Map(definitions.filter((item) => item.name).map((item) => [item.name as string, item]));
  const resolved = new Map<string, DmnType>();

  function fromItem(item: MItemDefinition, name: string): DmnType {
    const where = `item definition '${name}'${item.id ? ` (id ${item.id})` : ''} allowedValues`;
    const components = item.itemComponent?.length
      ? new Map(item.itemComponent.map((component) => [component.name ?? '', fromItem(component, component.name ?? '')]))
      : undefined;
    return {
      kind: 'item',
      name,
      base: item.typeRef ? resolve(item.typeRef) : undefined,
      isCollection: item.isCollection === true,
      components,
      allowed: item.allowedValues?.text ? compileUnaryTests(item.allowedValues.text, {}, where) : undefined,
    };
  }

  function resolve(typeRef: string | undefined): DmnType {
    if (!typeRef) return ANY;
    const known = resolved.get(typeRef);
    if (known) return known;
    const local = byName.get(typeRef) ?? byName.get(typeRef.replace(/^[^:]*:/, ''));
    if (!local) return builtin(typeRef) ?? ANY;
    resolved.set(typeRef, ANY); // guards against an item definition that refers to itself
    const type = fromItem(local, local.name ?? typeRef);
    resolved.set(typeRef, type);
    return type;
  }

  return { resolve };
}

const isContext = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function builtinMismatch(value: unknown, name: BuiltinTypeName): boolean {
  switch (name) {
    case 'number': return typeof value !== 'number';
    case 'string': return typeof value !== 'string';
    case 'boolean': return typeof value !== 'boolean';
    case 'date': return !(value instanceof FeelDate);
    case 'time': return !(value instanceof FeelTime);
    case 'date and time': return !(value instanceof FeelDateTime);
    case 'days and time duration': return !(value instanceof FeelDuration) || value.yearsMonths;
    case 'years and months duration': return !(value instanceof FeelDuration) || !value.yearsMonths;
    case 'duration': return !(value instanceof FeelDuration);
    case 'context': return !isContext(value);
    case 'list': return !Array.isArray(value);
    case 'function': return !isFunction(value);
    case 'range': return !isRange(value);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (isContext(value) || Array.isArray(value)) return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  return String(value);
}

function mismatch(value: unknown, type: DmnType): string | undefined {
  if (value === null || value === undefined || type.kind === 'any') return undefined;
  if (type.kind === 'builtin') return builtinMismatch(value, type.name) ? `${describe(value)} is not a ${type.name}` : undefined;
  if (type.isCollection) {
    if (!Array.isArray(value)) return `${describe(value)} is not a list of ${type.name}`;
    const element: DmnType = { ...type, isCollection: false };
    for (const item of value) {
      const problem = mismatch(item, element);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.components) {
    if (!isContext(value)) return `${describe(value)} is not a ${type.name} structure`;
    for (const [key, componentType] of type.components) {
      const problem = mismatch(value[key] ?? null, componentType);
      if (problem) return `${type.name}.${key}: ${problem}`;
    }
  }
  const baseProblem = type.base ? mismatch(value, type.base) : undefined;
  if (baseProblem) return baseProblem;
  if (type.allowed && type.allowed.test(value, { '?': value }, newTrace()) !== true) {
    return `${describe(value)} is not one of the allowed values of ${type.name} (${type.allowed.text})`;
  }
  return undefined;
}

function acceptsList(type: DmnType): boolean {
  return type.kind === 'any' || (type.kind === 'builtin' && type.name === 'list') || (type.kind === 'item' && (type.isCollection || (type.base ? acceptsList(type.base) : false)));
}

export type Conformance = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Checks a value against a type after the spec's singleton-list conversions
 * (a one-element list where a single value is expected, and the reverse).
 */
export function conform(value: unknown, type: DmnType): Conformance {
  if (value === undefined) return { ok: true, value: null };
  let converted = value;
  if (Array.isArray(value) && value.length === 1 && !acceptsList(type)) converted = value[0];
  else if (!Array.isArray(value) && value !== null && type.kind === 'item' && type.isCollection) converted = [value];
  const reason = mismatch(converted, type);
  return reason ? { ok: false, reason } : { ok: true, value: converted };
}
