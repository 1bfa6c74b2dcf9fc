import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPlausibleYear, PLAUSIBLE_YEARS } from '../clock/plausible-dates.ts';

/**
 * What no route schema says but every route needs (issue 12): input that the schemas let
 * through and a layer below cannot take is refused here, as a 400 naming the field, instead of
 * failing later as a 500.
 *
 * - NUL (U+0000) in any string or key: PostgreSQL's text and jsonb cannot store it.
 * - JSON bodies nested deeper than MAX_BODY_DEPTH: no form, process variable or payload
 *   needs more, and walking 10,000 levels (here, in PostgreSQL's jsonb) is work for nothing.
 * - Numbers beyond ±2^53, or infinite (JSON.parse reads 1e400 as Infinity, Ajv coerces
 *   `?limit=1e400` to it): JavaScript has already rounded them, and a bigint column refuses
 *   them. Integers in paths and queries are also bounded in the schemas (`boundIntegers`), so
 *   the documented range is the one applied.
 * - Dates (`date`, `date-time` formats) only in the plausible years (`boundDateFormats`).
 */
export const MAX_BODY_DEPTH = 64;

interface Refusal { path: string[]; message: string }

/** The validation error the problem handler already turns into a 400 naming the field. */
function validationError(context: string, refusal: Refusal): Error {
  const instancePath = refusal.path.map((key) => `/${key}`).join('');
  return Object.assign(new Error(`${context}${refusal.path.map((key) => `.${key}`).join('')} ${refusal.message}`), {
    statusCode: 400,
    validationContext: context,
    validation: [{ keyword: 'input', instancePath, schemaPath: '', params: {}, message: refusal.message }],
  });
}

/** The first thing in a parsed value (body, query, params) that no route can take, or none. Iterative: a deep body does not exhaust the stack. */
export function unsafeInput(value: unknown): Refusal | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { path, message: 'must not contain the NUL character (U+0000)' };
    } else if (typeof current === 'number') {
      if (!(Math.abs(current) <= Number.MAX_SAFE_INTEGER)) return { path, message: `must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}` };
    } else if (current !== null && typeof current === 'object' && (Array.isArray(current) || Object.getPrototypeOf(current) === Object.prototype || Object.getPrototypeOf(current) === null)) {
      // Plain objects and arrays only: a file upload's stream or buffer is the route's own business.
      if (path.length >= MAX_BODY_DEPTH) return { path: path.slice(0, 1), message: `is nested deeper than ${MAX_BODY_DEPTH} levels` };
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return { path: [...path, key.replaceAll('\u0000', '\\u0000')], message: 'has a name with the NUL character (U+0000)' };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * Walks what validation let through: after it, since Ajv turns `?limit=1e400` into Infinity
 * and lets it pass `integer` and `maximum` (its coercion skips both checks), so the numbers of
 * paths and queries are checked here too.
 */
function guard(request: FastifyRequest): Error | undefined {
  // Fastify's params and query objects are not plain objects (no Object prototype): copied into one to be walked.
  for (const [context, value] of [['params', { ...(request.params as object) }], ['querystring', { ...(request.query as object) }], ['body', request.body]] as const) {
    const refusal = unsafeInput(value);
    if (refusal) return validationError(context, refusal);
  }
  return undefined;
}

type SchemaNode = Record<string, unknown>;

/** A copy of a request schema in which every integer without bounds gets ±2^53 as its bounds. */
export function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(boundIntegers) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as SchemaNode;
  const copy: SchemaNode = {};
  for (const key of Reflect.ownKeys(node)) (copy as Record<string | symbol, unknown>)[key] = boundIntegers((node as Record<string | symbol, unknown>)[key]);
  if (node.type === 'integer' || (Array.isArray(node.type) && node.type.includes('integer'))) {
    if (node.maximum === undefined && node.exclusiveMaximum === undefined) copy.maximum = Number.MAX_SAFE_INTEGER;
    if (node.minimum === undefined && node.exclusiveMinimum === undefined) copy.minimum = -Number.MAX_SAFE_INTEGER;
  }
  return copy as T;
}

/** Installs the guard: call before any route is registered. */
export function guardInput(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const schema = { ...route.schema };
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) if (schema[part]) schema[part] = boundIntegers(schema[part]);
    route.schema = schema;
  });
  app.addHook('preHandler', async (request) => {
    const refusal = guard(request);
    if (refusal) throw refusal;
  });
}

interface FormatDefinition { validate: RegExp | ((text: string) => boolean); compare?: (a: string, b: string) => number | undefined }
interface AjvWithFormats { formats: Record<string, unknown>; addFormat(name: string, format: FormatDefinition): unknown }

/** Ajv's `date` and `date-time` formats, plus the plausible years. For Fastify's `ajv.onCreate`. */
export function boundDateFormats(ajv: AjvWithFormats): void {
  for (const name of ['date', 'date-time']) {
    const original = ajv.formats[name] as FormatDefinition | undefined;
    if (!original?.validate) throw new Error(`ajv has no ${name} format to bound`);
    const { validate } = original;
    const wellFormed = typeof validate === 'function' ? validate : (text: string) => validate.test(text);
    ajv.addFormat(name, { ...original, validate: (text: string) => wellFormed(text) && hasPlausibleYear(text) });
  }
}

/** What a refused date is told, instead of Ajv's bare `must match format "date"`. */
export function dateFormatMessage(format: string): string | undefined {
  if (format === 'date') return `must be a date (YYYY-MM-DD) in the years ${PLAUSIBLE_YEARS}`;
  if (format === 'date-time') return `must be a date and time (ISO 8601 with a time zone, such as 2024-09-04T10:30:00Z) in the years ${PLAUSIBLE_YEARS}`;
  return undefined;
}
