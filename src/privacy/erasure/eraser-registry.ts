import type { Db } from '../../platform/db/database.ts';

/** The person being erased, as the erasers need them: every direct identifier Rebound held. */
export interface ErasureSubject {
  customerId: number;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string;
  /** What stands for the person in rows the law makes us keep (`erased-<hash>`), never derived from an identifier alone. */
  pseudonym: string;
  requestId: number | null;
  now: Date;
}

/** Counts per outcome, never values: they go into the request's summary and the audit log. */
export type EraserCounts = Partial<Record<'deleted' | 'anonymised' | 'retained', number>>;

/**
 * One table's erasure: what a module does to its own rows about a person. A module with a
 * table holding personal data registers one (the catalogue scan in privacy-erasure.test.ts
 * names any table and column it finds the person in after erasure, so a new table without
 * an eraser fails the build, naming itself).
 */
export interface TableEraser {
  /** The table, as the catalogue scan reports it. */
  table: string;
  /** The module that owns the table (for the report). */
  module: string;
  /** Order among erasers: lower runs first (e.g. the mailbox before the outbox forgets its message ids). */
  order?: number;
  erase(tx: Db, subject: ErasureSubject): Promise<EraserCounts>;
}

const erasers = new Map<string, TableEraser>();

/** Registers (or replaces) the eraser of a table. */
export function registerEraser(eraser: TableEraser): void {
  erasers.set(eraser.table, eraser);
}

export function listErasers(): TableEraser[] {
  return [...erasers.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.table.localeCompare(b.table));
}

/** The identifiers to search for: each at least three characters, longest first. */
export function identifiersOf(subject: Pick<ErasureSubject, 'name' | 'email' | 'phone' | 'externalId'>): string[] {
  return [...new Set([subject.name, subject.email, subject.phone, subject.externalId].filter((v): v is string => !!v && v.trim().length >= 3).map((v) => v.trim()))]
    .sort((a, b) => b.length - a.length);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD_EDGE = /[\p{L}\p{N}_]/u;

/**
 * A case-insensitive regular expression (PostgreSQL ARE) matching any identifier as a whole
 * word where it starts or ends with a letter or digit, so erasing customer C-1001 leaves
 * C-10012 alone in shared free text.
 */
export function identifierPattern(identifiers: readonly string[]): string {
  return `(${identifiers.map((id) => `${WORD_EDGE.test(id[0]!) ? '\\y' : ''}${escapeRegex(id)}${WORD_EDGE.test(id.at(-1)!) ? '\\y' : ''}`).join('|')})`;
}

export const ERASED = '[erased]';

/**
 * Replaces the person's identifiers in text or jsonb columns of the rows that `where` selects
 * (or of every row mentioning them, the default) — set-based, one UPDATE per column. For
 * tables whose rows are about several people (comments, audit details, process variables):
 * the rest of the text stays readable.
 */
export async function scrubIdentifiers(
  tx: Db, subject: ErasureSubject, table: string, columns: readonly { name: string; json?: boolean }[], where = 'true', params: unknown[] = [],
): Promise<number> {
  const identifiers = identifiersOf(subject);
  if (!identifiers.length) return 0;
  const pattern = identifierPattern(identifiers);
  const p = params.length + 1;
  let changed = 0;
  for (const column of columns) {
    const expr = column.json ? `${column.name}::text` : column.name;
    const replaced = `regexp_replace(${expr}, $${p}, $${p + 1}, 'gi')`;
    const rows = await tx.query(
      `UPDATE ${table} SET ${column.name} = ${column.json ? `${replaced}::jsonb` : replaced}
       WHERE (${where}) AND ${expr} ~* $${p} RETURNING 1`,
      [...params, pattern, ERASED],
    );
    changed += rows.length;
  }
  return changed;
}

/** Marks rows kept for a legal reason; the rows must already hold no direct identifier. */
export async function recordLegalHolds(
  tx: Db, subject: ErasureSubject, table: string, rowIds: readonly (string | number)[], legalReason: string, retainUntil: string | null,
): Promise<number> {
  if (!rowIds.length) return 0;
  const rows = await tx.query(
    `INSERT INTO privacy_legal_holds (table_name, row_id, pseudonym, legal_reason, retain_until, request_id, created_at)
     SELECT $1, id, $3, $4, $5::date, $6, $7 FROM unnest($2::text[]) AS id
     ON CONFLICT (table_name, row_id) DO UPDATE SET legal_reason = EXCLUDED.legal_reason, pseudonym = EXCLUDED.pseudonym
     RETURNING 1`,
    [table, rowIds.map(String), subject.pseudonym, legalReason, retainUntil, subject.requestId, subject.now],
  );
  return rows.length;
}
