import type { Db } from '../../platform/db/database.ts';
import type { FieldSpec } from './fields.ts';
import type { StagedImport } from './staged.ts';

/** A problem with one row: the line it came from, the field, and what is wrong. */
export interface RowError {
  line: number;
  field: string;
  message: string;
}

/** A row whose fields all parsed; `values` holds the typed values by column name. */
export interface ValidRow<Values> {
  line: number;
  values: Values;
}

export interface BatchContext {
  now: Date;
  /**
   * False once an all-or-nothing import has found a bad row: the rest of the file is still
   * checked (so the report lists every problem) but nothing more is written.
   */
  write: boolean;
}

/**
 * One importable entity: its columns, cross-field rules, and a set-based batch writer
 * that resolves references (unknown customer, product, lot…) into row errors.
 */
export interface EntityImporter<Values = Record<string, unknown>> {
  name: string;
  description: string;
  fields: Record<keyof Values & string, FieldSpec>;
  /** Rules that involve several fields of one row. */
  checkRow?(values: Values): Omit<RowError, 'line'>[];
  /** Writes the rows (or only checks them when `context.write` is false); returns rows it refused. */
  writeBatch(tx: Db, rows: ValidRow<Values>[], context: BatchContext): Promise<RowError[]>;
  /** The same import as set-based SQL over a COPY-loaded staging table, for clean CSV files (decision 044). */
  staged?: StagedImport;
}

/** Looks up ids by a key column for every distinct key of a batch, in one query. */
export async function idsByKey(tx: Db, sql: string, keys: Iterable<string>): Promise<Map<string, number>> {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) return new Map();
  const rows = await tx.query<{ key: string; id: number }>(sql, [distinct]);
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** Keeps the last row per key, so that one INSERT … ON CONFLICT never touches a row twice. */
export function lastPerKey<T>(rows: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}

/**
 * Refuses rows that claim a unique value (a SKU, a GLN) already held by another record,
 * in the table or earlier in the batch: otherwise the unique constraint would abort the
 * whole batch with a database error instead of naming the line.
 */
export function refuseClaimedValues<Values>(
  rows: ValidRow<Values>[],
  claim: { field: keyof Values & string; valueOf(v: Values): string | null; ownerOf(v: Values): string; holders: Map<string, string>; describe(value: string, holder: string): string },
): { accepted: ValidRow<Values>[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const accepted = rows.filter((r) => {
    const value = claim.valueOf(r.values);
    if (!value) return true;
    const holder = claim.holders.get(value);
    if (holder !== undefined && holder !== claim.ownerOf(r.values)) {
      errors.push({ line: r.line, field: claim.field, message: claim.describe(value, holder) });
      return false;
    }
    claim.holders.set(value, claim.ownerOf(r.values));
    return true;
  });
  return { accepted, errors };
}

/** Attaches the id a reference resolves to; a row whose reference is unknown becomes an error. */
export function attachReference<Values, Key extends string>(
  rows: ValidRow<Values>[],
  ref: { field: keyof Values & string; idKey: Key; keyOf(v: Values): string | null; ids: Map<string, number>; unknown(key: string): string },
): { resolved: (Values & Record<Key, number | null>)[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const resolved = rows.flatMap((r) => {
    const key = ref.keyOf(r.values);
    const id = key === null ? null : ref.ids.get(key);
    if (id === undefined) {
      errors.push({ line: r.line, field: ref.field, message: ref.unknown(key as string) });
      return [];
    }
    return [{ ...r.values, [ref.idKey]: id } as Values & Record<Key, number | null>];
  });
  return { resolved, errors };
}
