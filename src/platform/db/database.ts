/**
 * The one narrow seam between Rebound and SQL. Everything above this file speaks
 * `query` / `exec` / `transaction`; whether the rows come from PGlite (embedded,
 * in-process) or a PostgreSQL server is decided once, in `openDatabase`.
 *
 * Both drivers are configured to return the same JavaScript types:
 * int8/count(*) → number, numeric → string, date → 'YYYY-MM-DD', timestamptz → Date,
 * json/jsonb → parsed values.
 */
export type DbKind = 'pglite' | 'postgres';

export interface Db {
  readonly kind: DbKind;
  /** One statement, positional parameters ($1…). Returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, DDL); returns the rows of all of them. */
  exec(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Inside, use only the `tx` handle: on PGlite's single connection a query through the
   * outer handle would wait for the transaction to end, which never happens.
   * Nested calls become savepoints.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the transaction this handle belongs to has committed — never if it rolls
   * back (a savepoint rolled back drops what was registered inside it). Outside a transaction
   * the statements have committed already: `fn` runs on the next tick. For wake-ups of local
   * workers (new work is visible to them only after the commit); `fn` must not throw.
   */
  afterCommit(fn: () => void): void;
  /** Bulk-loads a CSV file with COPY … FROM (used by benchmarks as the raw baseline). */
  copyCsvFile(table: string, columns: readonly string[], filePath: string): Promise<number>;
  /**
   * Bulk-loads CSV records without a header line with COPY … FROM, chunk by chunk so that
   * memory stays flat: every chunk must end at a record boundary. Returns the rows loaded.
   */
  copyCsvChunks(table: string, columns: readonly string[], chunks: AsyncIterable<Uint8Array>): Promise<number>;
  close(): Promise<void>;
}

/** A PostgreSQL error as both drivers report it (SQLSTATE in `code`). */
export interface PgError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
}

export function isPgError(error: unknown, code?: string): error is PgError {
  return error instanceof Error && typeof (error as PgError).code === 'string' && (code === undefined || (error as PgError).code === code);
}

/** Quotes an SQL identifier (table or column name) that comes from code, never from users. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return `"${name}"`;
}
