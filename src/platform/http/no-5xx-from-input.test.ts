import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { PERMISSIONS } from '../auth/permissions.ts';

/**
 * Issue 12, acceptance 3: no input earns a 5xx. Walks /openapi.json and sends every operation
 * generated requests — first a plausible one, then the same with hostile values put in: NUL
 * characters, integers beyond 2^63, dates in years 1 and 9999, bodies nested 10,000 deep,
 * non-Latin and oversized text, values of the wrong type. Deterministic per seed
 * (FUZZ_SEED=… to replay one; FUZZ_TIMING=1 prints the slowest operations); a failure lists
 * the seed and each offending request.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RANDOM_CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 6);

type Schema = Record<string, unknown>;
type Json = unknown;

/** mulberry32: a small seeded generator, so a run can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Stand-ins for what JSON.stringify cannot write; replaced in the body text just before sending.
const INFINITE_NUMBER = '\u0001infinite-number\u0001';
const DEEP_NESTING = '\u0001deep-nesting\u0001';
const DEPTH = 10_000;

const HOSTILE_TEXT = [
  '\u0000', 'a\u0000b', '%00', '99999999999999999999', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '2147483648', '1e400', '-1', '0', 'NaN',
  '0001-01-01', '9999-12-31', '0024-09-04T00:31:03Z', '0099-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z',
  'заказ.создан', '注文が作成されました', 'ä\u200b\u202e', '😀'.repeat(40), '', ' ', "'; DROP TABLE cases; --", '../../etc/passwd', 'x'.repeat(10_000), 'true', 'null', '{}', '[]',
];
const HOSTILE_NUMBERS = [1e20, -1e20, 2 ** 63, 2 ** 64, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -1, 0, 0.5, INFINITE_NUMBER];
const HOSTILE_OTHER: Json[] = [null, true, false, [], {}, ['\u0000'], { '\u0000': 1 }, [[[[[]]]]], DEEP_NESTING];

/** Plausible values to try for a string with a pattern, first match wins. */
const PATTERN_CANDIDATES = [
  'RC-2026-0001', 'complaint', 'recall-compensation', 'customer_since', 'abc', 'a1', 'sv', 'en', '7350053850019', '73500538', '+46 70 123 45 67', 'me', '1', 'https://example.com/hook', 'rbd_x', 'x',
];

interface Operation { method: string; path: string; operation: Schema }
interface Request { method: string; url: string; headers: Record<string, string>; payload?: string }

class Generator {
  constructor(readonly random: () => number, private readonly components: Record<string, Schema>) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  resolve(schema: Schema): Schema {
    const ref = schema.$ref;
    if (typeof ref === 'string') return this.resolve(this.components[ref.split('/').pop()!] ?? {});
    return schema;
  }

  /** A value the schema most likely accepts (not guaranteed: then the hostile cases still run, against the validator). */
  plausible(input: Schema, depth = 0): Json {
    const schema = this.resolve(input);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) return this.pick(schema.enum);
    for (const key of ['anyOf', 'oneOf'] as const) if (Array.isArray(schema[key])) return this.plausible(this.pick(schema[key] as Schema[]), depth);
    if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as Schema[]).map((part) => this.plausible(part, depth)));
    if (schema.default !== undefined) return schema.default;
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    switch (type) {
      case 'integer':
      case 'number':
        return Math.max(Number(schema.minimum ?? 1), Math.min(1, Number(schema.maximum ?? 1)));
      case 'boolean':
        return true;
      case 'array': {
        const count = Math.max(Number(schema.minItems ?? 0), 1);
        return Array.from({ length: Math.min(count, 3) }, () => this.plausible((schema.items as Schema) ?? {}, depth + 1));
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const required = new Set((schema.required ?? []) as string[]);
        const value: Record<string, Json> = {};
        for (const [name, property] of Object.entries(properties)) if (required.has(name) || (depth < 3 && this.random() < 0.5)) value[name] = this.plausible(property, depth + 1);
        return value;
      }
      case 'string':
        return this.plausibleText(schema);
      default:
        return 'x';
    }
  }

  plausibleText(schema: Schema): string {
    if (schema.format === 'date-time') return '2026-11-01T10:00:00Z';
    if (schema.format === 'date') return '2026-11-01';
    if (schema.format === 'email') return 'fuzz@example.com';
    if (schema.format === 'uri') return 'https://example.com/x';
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern, 'u');
      const match = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate));
      if (match) return match;
    }
    return 'fuzz'.padEnd(Number(schema.minLength ?? 0), 'z');
  }

  hostile(inJson: boolean): Json {
    if (!inJson) return this.pick([...HOSTILE_TEXT, ...HOSTILE_NUMBERS.filter((n) => typeof n === 'number').map(String)]);
    const roll = this.random();
    if (roll < 0.55) return this.pick(HOSTILE_TEXT);
    if (roll < 0.8) return this.pick(HOSTILE_NUMBERS);
    return this.pick(HOSTILE_OTHER);
  }
}

/** Every leaf of a plausible body: where a hostile value can go. */
function leavesOf(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value);
    const inner = entries.flatMap(([key, item]) => leavesOf(item, [...path, key]));
    return [path, ...inner];
  }
  return [path];
}

function setAt(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path.at(-1)!] = replacement;
  return copy;
}

function mapLeaves(value: Json, change: (leaf: Json) => Json): Json {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, change));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapLeaves(item, change)]));
  return change(value);
}

function bodyText(body: Json): string {
  const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  return JSON.stringify(body).replaceAll(JSON.stringify(INFINITE_NUMBER), '1e400').replaceAll(JSON.stringify(DEEP_NESTING), deep);
}

interface Parts { path: Record<string, Json>; query: Record<string, Json>; headers: Record<string, Json>; body: Json }

describe('no input earns a 5xx (issue 12)', () => {
  let t: TestApp;
  let token = '';
  const failures: string[] = [];

  async function newAdminToken(): Promise<string> {
    const cookie = await t.login(['admin']);
    const response = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: `fuzz ${Date.now()}`, scopes: [...PERMISSIONS] } });
    if (response.statusCode !== 201) throw new Error(`could not create the fuzzing token: ${response.body}`);
    return response.json().token as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    token = await newAdminToken();
    // Something for the id-taking routes to find: a case, hence a complaint-free case with a link target.
    await t.app.inject({ method: 'POST', url: '/api/cases', headers: { authorization: `Bearer ${token}` }, payload: { type: 'complaint', title: 'A case to fuzz' } });
  });
  afterAll(async () => t?.close());

  function requestOf(op: Operation, parts: Parts): Request {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(parts.path[name] ?? '1')));
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(parts.query)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    // Header values cannot carry NUL or non-Latin-1 at all (Node refuses to send them): only plain text there.
    for (const [name, value] of Object.entries(parts.headers)) if (typeof value === 'string' && /^[\x20-\x7e]*$/.test(value)) headers[name] = value;
    const content = (op.operation.requestBody as Schema | undefined)?.content as Record<string, Schema> | undefined;
    let payload: string | undefined;
    if (content?.['application/json']) {
      headers['content-type'] = 'application/json';
      payload = bodyText(parts.body);
    } else if (content?.['application/xml']) {
      headers['content-type'] = 'application/xml';
      payload = typeof parts.body === 'string' ? parts.body : '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">\u0000</definitions>';
    }
    return { method: op.method.toUpperCase(), url: query.size ? `${url}?${query}` : url, headers, payload };
  }

  async function send(op: Operation, parts: Parts, label: string): Promise<void> {
    let request = requestOf(op, parts);
    let response = await t.app.inject(request as never);
    if (response.statusCode === 401 && !op.path.startsWith('/api/auth')) {
      // An earlier request revoked the token or disabled its owner: carry on with a fresh one.
      token = await newAdminToken();
      request = requestOf(op, parts);
      response = await t.app.inject(request as never);
    }
    if (response.statusCode >= 500) {
      failures.push(`${label}: ${request.method} ${request.url.slice(0, 300)} ${request.payload?.slice(0, 300) ?? ''}\n    → ${response.statusCode} ${response.body.slice(0, 300)}`);
    } else if (response.statusCode === 400) {
      // A refusal is a problem document that says which field.
      if (!String(response.headers['content-type']).includes('application/problem+json')) failures.push(`${label}: ${request.method} ${request.url.slice(0, 200)} → 400 without problem+json`);
    }
  }

  it('answers every operation in /openapi.json, given hostile input, with less than 500', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
      for (const [method, operation] of Object.entries(methods)) operations.push({ method, path, operation });
    }
    expect(operations.length).toBeGreaterThan(100);
    // Logging out or restarting the clock mid-run would only make later requests less interesting.
    const exercised = operations.filter((op) => op.path !== '/api/auth/logout');

    const timings: [string, number][] = [];
    for (const [index, op] of exercised.entries()) {
      const started = Date.now();
      const gen = new Generator(randomFrom(SEED + index), doc.components?.schemas ?? {});
      const parameters = (op.operation.parameters ?? []) as { in: string; name: string; schema: Schema }[];
      const bodySchema = ((op.operation.requestBody as Schema | undefined)?.content as Record<string, { schema: Schema }> | undefined)?.['application/json']?.schema;
      const plausible = (): Parts => {
        const parts: Parts = { path: {}, query: {}, headers: {}, body: bodySchema ? gen.plausible(bodySchema) : undefined };
        for (const p of parameters) {
          const where = p.in === 'path' ? parts.path : p.in === 'query' ? parts.query : p.in === 'header' ? parts.headers : undefined;
          if (where && (p.in === 'path' || gen.random() < 0.5)) where[p.name] = gen.plausible(p.schema);
        }
        return parts;
      };
      const label = `${op.method.toUpperCase()} ${op.path} (seed ${SEED}, operation ${index})`;
      const stringParams = (parts: Parts, value: (p: { schema: Schema }) => Json | undefined) => {
        for (const p of parameters) {
          const where = p.in === 'path' ? parts.path : p.in === 'query' ? parts.query : undefined;
          const replacement = value(p);
          if (where && replacement !== undefined) where[p.name] = replacement;
        }
        return parts;
      };
      const isDate = (schema: Schema) => JSON.stringify(schema).includes('"format":"date');
      const isInteger = (schema: Schema) => JSON.stringify(schema).includes('"type":"integer"');

      await send(op, plausible(), `${label} plausible`);
      // NUL in every string, in the path, the query and the body.
      {
        const parts = stringParams(plausible(), () => 'nul\u0000here');
        parts.body = mapLeaves(parts.body, (leaf) => (typeof leaf === 'string' ? `${leaf}\u0000` : leaf));
        await send(op, parts, `${label} NUL everywhere`);
      }
      // Integers beyond 2^63 in every integer place.
      {
        const parts = stringParams(plausible(), (p) => (isInteger(p.schema) ? '99999999999999999999' : undefined));
        parts.body = mapLeaves(parts.body, (leaf) => (typeof leaf === 'number' ? 2 ** 64 : leaf));
        await send(op, parts, `${label} integers beyond 2^63`);
      }
      // Dates from year 1 to year 9999.
      {
        let first = true;
        const parts = stringParams(plausible(), (p) => {
          if (!isDate(p.schema)) return undefined;
          const date = first ? '0001-01-01' : '9999-12-31';
          first = false;
          return JSON.stringify(p.schema).includes('date-time') ? `${date}T00:00:00Z` : date;
        });
        parts.body = mapLeaves(parts.body, (leaf) => (typeof leaf === 'string' && /^\d{4}-\d{2}-\d{2}/.test(leaf) ? `0024${leaf.slice(4)}` : leaf));
        await send(op, parts, `${label} dates 0001–9999`);
      }
      // A body nested 10,000 deep.
      if (bodySchema) await send(op, { ...plausible(), body: DEEP_NESTING }, `${label} nested ${DEPTH} deep`);
      // Random: one to three places get a hostile value.
      for (let round = 0; round < RANDOM_CASES_PER_OPERATION; round++) {
        const parts = plausible();
        const places = Math.ceil(gen.random() * 3);
        for (let i = 0; i < places; i++) {
          const targets = [
            ...Object.keys(parts.path).map((name) => ['path', name] as const),
            ...parameters.filter((p) => p.in === 'query').map((p) => ['query', p.name] as const),
            ...(bodySchema ? leavesOf(parts.body).map((path) => ['body', path] as const) : []),
          ];
          if (!targets.length) break;
          const [where, at] = gen.pick(targets);
          if (where === 'body') parts.body = setAt(parts.body, at as (string | number)[], gen.hostile(true));
          else parts[where][at as string] = gen.hostile(false);
        }
        await send(op, parts, `${label} random ${round}`);
      }
      timings.push([label, Date.now() - started]);
    }
    if (process.env.FUZZ_TIMING) console.log(timings.sort((a, b) => b[1] - a[1]).slice(0, 15));
    expect(failures, `seed ${SEED}; replay with FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
  }, 240_000);
});
