import { Type, type StringOptions, type TSchema } from '@sinclair/typebox';
import { PLAUSIBLE_YEARS } from '../clock/plausible-dates.ts';

/** Shared schema pieces for route definitions (and the OpenAPI document built from them). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: true }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const withYears = (options: StringOptions) => ({ ...options, description: [options.description, `years ${PLAUSIBLE_YEARS}`].filter(Boolean).join('; ') });
/**
 * A moment or a day a client sends. The `date-time` and `date` formats only take the plausible
 * years (input-guard.ts applies them to every schema); these say so in the OpenAPI document.
 */
export const DateTimeInput = (options: StringOptions = {}) => Type.String({ ...withYears(options), format: 'date-time' });
export const DateInput = (options: StringOptions = {}) => Type.String({ ...withYears(options), format: 'date' });
