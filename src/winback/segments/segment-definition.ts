import { AppError } from '../../platform/errors/app-error.ts';
import type { Db } from '../../platform/db/database.ts';
import { checkFilter, compileFilter, FilterError, formatFilter, parseFilterText, type Filter } from './filter.ts';

export type ReentryRule = 'once' | 'every' | 'cooldown';

/** What a person saves: the filter (as text or JSON) and, optionally, the process it starts. */
export interface SegmentInput {
  name: string;
  description?: string | null;
  filter_text?: string;
  filter?: unknown;
  process_id?: string | null;
  reentry?: ReentryRule;
  cooldown_days?: number | null;
  control_share?: number;
  cap_contacts?: number | null;
  cap_days?: number | null;
}

/** A checked definition, ready to compile and store. */
export interface SegmentDefinition {
  name: string;
  description: string | null;
  filter: Filter;
  filter_text: string;
  process_id: string | null;
  reentry: ReentryRule;
  cooldown_days: number | null;
  control_share: number;
  cap_contacts: number | null;
  cap_days: number | null;
}

const invalid = (code: string, message: string, errors: { field: string; message: string }[]) =>
  new AppError('invalid', message, `winback.${code}`, { errors });

/** Reads the filter from the text or the JSON (exactly one), naming the problem where it is. */
export function readFilter(input: { filter_text?: string; filter?: unknown }): { filter: Filter; filter_text: string } {
  const hasText = typeof input.filter_text === 'string';
  const hasJson = input.filter !== undefined;
  if (hasText === hasJson) {
    throw invalid('segment_filter_missing', 'Send the filter as filter_text or as filter (JSON), one of them',
      [{ field: 'body.filter_text', message: hasText ? 'send filter_text or filter, not both' : 'is required (or filter)' }]);
  }
  try {
    if (hasText) {
      const filter = parseFilterText(input.filter_text!);
      return { filter, filter_text: input.filter_text!.trim() };
    }
    checkFilter(input.filter);
    return { filter: input.filter, filter_text: formatFilter(input.filter) };
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    const first = error.problems[0]!;
    throw invalid(first.message.includes('unknown field') ? 'segment_filter_unknown_field' : 'segment_filter_invalid',
      `The segment filter cannot be used: ${first.message}`, error.problems);
  }
}

/** Checks a whole definition: the filter, and that the binding's numbers fit together. */
export function readDefinition(input: SegmentInput): SegmentDefinition {
  const { filter, filter_text } = readFilter(input);
  const reentry = input.reentry ?? 'once';
  const errors: { field: string; message: string }[] = [];
  if (reentry === 'cooldown' && !input.cooldown_days) errors.push({ field: 'body.cooldown_days', message: 'is required with reentry "cooldown"' });
  if (reentry !== 'cooldown' && input.cooldown_days) errors.push({ field: 'body.cooldown_days', message: `only goes with reentry "cooldown", not "${reentry}"` });
  if ((input.cap_contacts == null) !== (input.cap_days == null)) {
    errors.push({ field: input.cap_contacts == null ? 'body.cap_contacts' : 'body.cap_days', message: 'a frequency cap needs both cap_contacts and cap_days' });
  }
  if (errors.length) throw invalid('segment_invalid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return {
    name: input.name.trim(),
    description: input.description?.trim() || null,
    filter,
    filter_text,
    process_id: input.process_id || null,
    reentry,
    cooldown_days: reentry === 'cooldown' ? input.cooldown_days! : null,
    control_share: input.control_share ?? 0,
    cap_contacts: input.cap_contacts ?? null,
    cap_days: input.cap_days ?? null,
  };
}

/** The customers a filter selects, as SQL: `SELECT c.id AS customer_id …` with its parameters after `firstParam - 1` others. */
export function matchingCustomersSql(filter: Filter, firstParam = 1, customersParam?: string): { sql: string; params: unknown[] } {
  const where = compileFilter(filter, firstParam);
  // customersParam: a bigint[] parameter narrowing the customers looked at (null: all of them).
  const among = customersParam ? `(${customersParam}::bigint[] IS NULL OR c.id = ANY(${customersParam}::bigint[])) AND ` : '';
  return {
    sql: `SELECT c.id AS customer_id FROM customers c LEFT JOIN customer_metrics m ON m.customer_id = c.id WHERE ${among}(${where.sql})`,
    params: where.params,
  };
}

export interface SegmentPreview {
  matching: number;
  customers_total: number;
  /** With an existing segment: how many would enter and leave if this were saved now. */
  entering: number | null;
  leaving: number | null;
  sample: { customer_id: number; external_id: string; name: string; abc_class: string | null; period_revenue_minor: number | null; currency: string | null; recency_days: number | null; churn_risk: string | null }[];
}

/**
 * Counts what a filter selects and shows some of them, without saving anything. A filter
 * that selects every customer is refused (it is no segment, and bound to a process it would
 * message the whole base).
 */
export async function previewFilter(db: Db, filter: Filter, options: { segmentId?: number; sampleSize?: number } = {}): Promise<SegmentPreview> {
  const matching = matchingCustomersSql(filter, 2);
  const [counts] = await db.query<{ matching: number; total: number; entering: number | null; leaving: number | null }>(
    `WITH x AS (${matching.sql})
     SELECT (SELECT count(*) FROM x)::int AS matching, (SELECT count(*) FROM customers)::int AS total,
            CASE WHEN $1::bigint IS NULL THEN NULL ELSE (SELECT count(*) FROM x WHERE NOT EXISTS (
              SELECT 1 FROM winback_segment_entries e WHERE e.segment_id = $1 AND e.customer_id = x.customer_id AND e.left_at IS NULL))::int END AS entering,
            CASE WHEN $1::bigint IS NULL THEN NULL ELSE (SELECT count(*) FROM winback_segment_entries e WHERE e.segment_id = $1 AND e.left_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM x WHERE x.customer_id = e.customer_id))::int END AS leaving`,
    [options.segmentId ?? null, ...matching.params]);
  const sample = await db.query<SegmentPreview['sample'][number]>(
    `WITH x AS (${matching.sql})
     SELECT c.id AS customer_id, c.external_id, c.name, m.abc_class, m.period_revenue_minor, m.currency, m.recency_days, m.churn_risk
     FROM x JOIN customers c ON c.id = x.customer_id LEFT JOIN customer_metrics m ON m.customer_id = c.id
     ORDER BY m.period_revenue_minor DESC NULLS LAST, c.id LIMIT $1`,
    [options.sampleSize ?? 10, ...matching.params]);
  return {
    matching: counts!.matching,
    customers_total: counts!.total,
    entering: counts!.entering,
    leaving: counts!.leaving,
    sample: sample.map((s) => ({ ...s, period_revenue_minor: s.period_revenue_minor === null ? null : Number(s.period_revenue_minor) })),
  };
}

/** Refuses a filter that selects everyone, naming the counts. */
export function refuseEveryone(preview: SegmentPreview, field: string): void {
  if (preview.customers_total > 0 && preview.matching === preview.customers_total) {
    throw new AppError('invalid', `The filter selects every customer (${preview.matching} of ${preview.customers_total}): add a condition that tells the segment apart`,
      'winback.segment_selects_everyone', { errors: [{ field, message: `selects all ${preview.customers_total} customers` }], matching: preview.matching, customers_total: preview.customers_total });
  }
}
