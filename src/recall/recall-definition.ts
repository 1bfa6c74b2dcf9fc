import { Type, type Static } from '@sinclair/typebox';
import { DateInput } from '../platform/http/schemas.ts';

const Gtin = Type.String({ pattern: '^[0-9]{8}$|^[0-9]{12,14}$', description: 'GTIN-8/12/13/14' });
const DateText = DateInput();
const Languages = ['en', 'ru', 'uk', 'sv'] as const;
export type RecallLanguage = (typeof Languages)[number];
const Language = Type.Union(Languages.map((l) => Type.Literal(l)));
/** A free text in each of the languages it was translated into. */
const TextsPerLanguage = (maxLength: number, description: string) =>
  Type.Partial(Type.Object(Object.fromEntries(Languages.map((l) => [l, Type.String({ minLength: 1, maxLength })]))), { additionalProperties: false, description });

/** One product of a recall and which of its units are affected (R1). */
export const RecallScopeSchema = Type.Union([
  Type.Object({ gtin: Gtin, all_lots: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ gtin: Gtin, lots: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
  Type.Object({ gtin: Gtin, lot_range: Type.Object({ from: Type.String({ minLength: 1, maxLength: 20 }), to: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ gtin: Gtin, produced_between: Type.Object({ from: DateText, to: DateText }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ gtin: Gtin, expires_between: Type.Object({ from: DateText, to: DateText }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ gtin: Gtin, serials: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 100_000 }) }, { additionalProperties: false }),
]);
export type RecallScope = Static<typeof RecallScopeSchema>;

export const RecallDefinitionSchema = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 200 }),
    classification: Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III')], { description: 'FDA hazard class: I = serious harm likely' }),
    reason: Type.String({ minLength: 3, maxLength: 2000 }),
    language: Type.Optional(Type.Union(Languages.map((l) => Type.Literal(l)), { description: 'The language title and reason are written in (default en)' })),
    title_translations: Type.Optional(TextsPerLanguage(200, 'The title in other languages; a language without one shows the title as written')),
    reason_translations: Type.Optional(TextsPerLanguage(2000, "The reason in other languages, for notices and the recall page in the consumer's language")),
    regions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, description: 'empty: everywhere' })),
    instructions: Type.Optional(Type.Partial(Type.Object(Object.fromEntries(Languages.map((l) => [l, Type.String({ maxLength: 5000 })]))), { additionalProperties: false })),
    faq: Type.Optional(Type.Array(Type.Object({ lang: Language, question: Type.String({ minLength: 1, maxLength: 500 }), answer: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }), { maxItems: 200 })),
    recalling_firm: Type.Optional(Type.String({ maxLength: 200 })),
    policy_decision: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'DMN decision giving each offer (default recall-compensation)' })),
    scope: Type.Array(RecallScopeSchema, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type RecallDefinition = Static<typeof RecallDefinitionSchema>;

/** The criterion row a scope entry becomes. */
export function criterionOf(scope: RecallScope): { kind: string; lot_codes?: string[]; lot_from?: string; lot_to?: string; date_from?: string; date_to?: string; serials?: string[] } {
  if ('all_lots' in scope) return { kind: 'all_lots' };
  if ('lots' in scope) return { kind: 'lots', lot_codes: scope.lots };
  if ('lot_range' in scope) return { kind: 'lot_range', lot_from: scope.lot_range.from, lot_to: scope.lot_range.to };
  if ('produced_between' in scope) return { kind: 'produced_between', date_from: scope.produced_between.from, date_to: scope.produced_between.to };
  if ('expires_between' in scope) return { kind: 'expires_between', date_from: scope.expires_between.from, date_to: scope.expires_between.to };
  return { kind: 'serials', serials: scope.serials };
}

/**
 * A recall's free text in a reader's language: its translation, else the text as written.
 * The fallback is not silent: the impact preview counts who would read it untranslated.
 */
export function textIn(language: string, written: string, translations: Partial<Record<string, string>> | null | undefined): string {
  return translations?.[language] ?? written;
}
