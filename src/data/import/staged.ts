/**
 * The staged import (docs/decisions/044-imports-staged-with-copy.md): a CSV file goes into a
 * temporary all-text table with COPY, set-based SQL checks every row, resolves references and
 * upserts, all in one transaction. The SQL checks are conservative: they accept a row only when
 * the row-by-row validators surely accept it unchanged. Anything else (a bad or unusual row, an
 * unknown reference, a file COPY reads differently from the CSV reader) rolls the staged
 * transaction back and the file is imported row by row, which reports the exact line and field
 * errors it always did. Clean files — the large ones — take the fast path.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isPgError, type Db } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { EntityImporter } from './entity.ts';
import { runImportWrittenHandlers } from './import-hooks.ts';
import { headerErrors, type ImportOptions, type ImportResult } from './run-import.ts';

/** The staging table every staged import loads into (temporary: one per session, dropped at commit). */
export const STAGE = 'import_stage';

/** An entity's set-based import: SQL over `import_stage s` (one text column per field, `ord` = file order). */
export interface StagedImport {
  /** True only for a row the row-by-row validators surely accept without changing any value. */
  rowIsClean: string;
  /**
   * The same kind of check for columns whose values repeat from row to row (an order's header on
   * each of its lines, a GTIN): run once per distinct value, `s.<column>` as in `rowIsClean`.
   */
  distinctValuesAreClean?: { columns: string[]; clean: string }[];
  /** Statements run after the checks and before `problems`: resolve references once per file into temporary tables. */
  prepare?: string[];
  /** Queries that return a row when the file holds something the row-by-row path would refuse. */
  problems: string[];
  /** Statements that write the staged rows (last row per key wins, as row by row). */
  write: string[];
}

/** Seconds each phase of a staged import took (the bench prints them). */
export type StagedPhases = Record<'copy' | 'checks' | 'prepare' | 'problems' | 'write' | 'hooks', number>;

/** Why the staged path handed a file to the row-by-row path. */
export class NotStaged extends Error {}

/** SQL for a text field: blank (NULL or '') only if optional; no surrounding blanks; at most `max` characters. */
export function cleanText(column: string, max: number, required: boolean): string {
  // Bytes ≥ UTF-16 units, so octet_length ≤ max implies JavaScript's length ≤ max. First and last
  // characters printable ASCII: trimming changes nothing in either language.
  const present = `(ascii(s.${column}) BETWEEN 33 AND 126 AND ascii(right(s.${column}, 1)) BETWEEN 33 AND 126 AND octet_length(s.${column}) <= ${max})`;
  return required ? present : `(s.${column} IS NULL OR s.${column} = '' OR ${present})`;
}

/** SQL for a whole number in [min, max] written as plain digits. */
export function cleanInteger(column: string, min: number, max: number, required: boolean): string {
  const digits = String(max).length;
  const present = `(CASE WHEN s.${column} ~ '^[0-9]{1,${digits}}$' THEN s.${column}::bigint BETWEEN ${min} AND ${max} ELSE false END)`;
  return required ? present : `(s.${column} IS NULL OR s.${column} = '' OR ${present})`;
}

/** SQL for one of the lower-case values exactly as the parser returns them. */
export function cleanOneOf(column: string, values: readonly string[], required: boolean): string {
  const present = `s.${column} IN (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
  return required ? `(${present})` : `(s.${column} IS NULL OR s.${column} = '' OR ${present})`;
}

/**
 * SQL for a timestamp with Z or ±hh:mm, at most milliseconds, in the plausible years, on a day
 * that exists: what `Date.parse` reads to the same instant PostgreSQL does.
 */
export function cleanTimestamp(column: string, required: boolean): string {
  const c = `s.${column}`;
  const present = `(CASE WHEN ${c} ~ '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,3})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
    THEN substr(${c}, 9, 2)::int <= extract(day FROM make_date(substr(${c}, 1, 4)::int, substr(${c}, 6, 2)::int, 1) + interval '1 month' - interval '1 day')
    ELSE false END)`;
  return required ? present : `(${c} IS NULL OR ${c} = '' OR ${present})`;
}

/** SQL true when a GTIN written as 8, 12, 13 or 14 digits has the right GS1 check digit. */
export function gtinCheckDigitOk(expression: string): string {
  const g = `lpad(${expression}, 14, '0')`;
  const terms = Array.from({ length: 13 }, (_, i) => `substr(${g}, ${i + 1}, 1)::int * ${i % 2 === 0 ? 3 : 1}`);
  return `((10 - (${terms.join(' + ')}) % 10) % 10 = substr(${g}, 14, 1)::int)`;
}

const CHUNK_BYTES = 8 * 1024 * 1024;
/** Memory one sort or hash of a staged import may use (per operation, in the database server). */
const WORK_MEM = '64MB';
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;

/** Reads the header line of a CSV file: its columns and the bytes it takes (BOM included). */
export async function readHeader(filePath: string): Promise<{ columns: string[]; bytes: number }> {
  const handle = await open(filePath);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
    if (end === -1) throw new NotStaged('no header line');
    let text = buffer.subarray(0, end).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) throw new NotStaged('CRLF line ends');
    if (text.includes('"')) throw new NotStaged('quoted header');
    return { columns: text.split(',').map((c) => c.trim()), bytes: end + 1 };
  } finally {
    await handle.close();
  }
}

/**
 * Splits a CSV file after its header into chunks that end on record boundaries, holding one
 * chunk at a time. Refuses (NotStaged) what COPY and the CSV reader could read differently:
 * a quote inside an unquoted field, blank lines, CR line ends, a `\.` line.
 */
export async function* csvChunks(filePath: string, start: number, onBytes?: (bytes: number) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  let pending: Buffer = Buffer.alloc(0);
  let bytes = start;
  for await (const data of createReadStream(filePath, { start, highWaterMark: Math.min(chunkBytes, 1024 * 1024) })) {
    const buffer = data as Buffer;
    bytes += buffer.length;
    onBytes?.(bytes);
    pending = pending.length ? Buffer.concat([pending, buffer]) : buffer;
    if (pending.length < chunkBytes) continue;
    const cut = lastRecordEnd(pending);
    if (cut <= 0) continue;
    yield pending.subarray(0, cut);
    pending = pending.subarray(cut);
  }
  if (pending.length) {
    if (pending[pending.length - 1] !== NEWLINE) pending = Buffer.concat([pending, Buffer.from('\n')]);
    if (lastRecordEnd(pending) !== pending.length) throw new NotStaged('unterminated quoted field');
    yield pending;
  }
}

/** The offset just after the last newline outside quotes (0 when none); refuses unusual CSV. */
function lastRecordEnd(chunk: Buffer): number {
  if (chunk.indexOf('\n\n') !== -1 || chunk[0] === NEWLINE) throw new NotStaged('blank line');
  if (chunk.indexOf(CR) !== -1) throw new NotStaged('CRLF line ends');
  if (chunk.indexOf('\n\\.') !== -1 || chunk.indexOf('\\.') === 0) throw new NotStaged('a line starting with \\.');
  if (chunk.indexOf(QUOTE) === -1) return chunk.lastIndexOf(NEWLINE) + 1;
  // 0 field start, 1 unquoted, 2 quoted, 3 quote inside quoted (closing or first of "")
  let state = 0;
  let end = 0;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (state === 2) {
      if (b === QUOTE) state = 3;
    } else if (state === 3) {
      if (b === QUOTE) state = 2;
      else if (b === COMMA) state = 0;
      else if (b === NEWLINE) {
        state = 0;
        end = i + 1;
      } else throw new NotStaged('text after a closing quote');
    } else if (b === QUOTE) {
      if (state === 1) throw new NotStaged('quote inside an unquoted field');
      state = 2;
    } else if (b === COMMA) state = 0;
    else if (b === NEWLINE) {
      state = 0;
      end = i + 1;
    } else state = 1;
  }
  return end;
}

class Fallback extends Error {}

/**
 * Imports a CSV file through the staging table. Returns undefined when the file must go row by
 * row (nothing was written then); `reason` says why.
 */
export async function importStaged(
  db: Db,
  importer: EntityImporter,
  staged: StagedImport,
  filePath: string,
  options: ImportOptions & { onBytes?(bytes: number): void; onHeader?(columns: string[]): void; onPhases?(phases: StagedPhases): void },
): Promise<{ result?: ImportResult; reason?: string }> {
  const started = performance.now();
  const phases: StagedPhases = { copy: 0, checks: 0, prepare: 0, problems: 0, write: 0, hooks: 0 };
  let mark = started;
  const lap = (phase: keyof StagedPhases) => {
    const now = performance.now();
    phases[phase] += (now - mark) / 1000;
    mark = now;
  };
  const fields = Object.keys(importer.fields);
  try {
    const header = await readHeader(filePath);
    if (headerErrors(importer, header.columns).length || new Set(header.columns).size !== header.columns.length) return { reason: 'header' };
    options.onHeader?.(header.columns);

    const result = await db.transaction(async (tx) => {
      // Sorts and hashes over the whole file stay in memory instead of spilling to disk.
      await tx.exec(
        `SET LOCAL work_mem = '${WORK_MEM}';
         DROP TABLE IF EXISTS pg_temp.${STAGE};
         CREATE TEMP TABLE ${STAGE} (ord bigint GENERATED ALWAYS AS IDENTITY, ${fields.map((f) => `${f} text`).join(', ')}) ON COMMIT DROP`,
      );
      const chunks = csvChunks(filePath, header.bytes, options.onBytes);
      let rowsRead: number;
      try {
        rowsRead = await tx.copyCsvChunks(STAGE, header.columns, chunks);
      } catch (error) {
        // COPY refused the data (column count, encoding…): the CSV reader reports it by line.
        if (isPgError(error) && /^22/.test(error.code ?? '')) throw new Fallback(`COPY: ${error.message}`);
        throw error;
      }
      options.onProgress?.({ rowsRead });
      await tx.exec(`ANALYZE ${STAGE}`);
      lap('copy');
      const unclean = await tx.query(`SELECT 1 FROM ${STAGE} s WHERE NOT (${staged.rowIsClean}) LIMIT 1`);
      if (unclean.length) throw new Fallback('a row needs the row-by-row checks');
      for (const { columns, clean } of staged.distinctValuesAreClean ?? []) {
        // MATERIALIZED: else the planner pushes the check below DISTINCT, onto every row.
        const values = `WITH s AS MATERIALIZED (SELECT DISTINCT ${columns.join(', ')} FROM ${STAGE}) SELECT 1 FROM s WHERE NOT (${clean}) LIMIT 1`;
        if ((await tx.query(values)).length) throw new Fallback('a row needs the row-by-row checks');
      }
      lap('checks');
      for (const statement of staged.prepare ?? []) await tx.exec(statement);
      lap('prepare');
      for (const problem of staged.problems) {
        if ((await tx.query(problem)).length) throw new Fallback('a row refers to something unknown or contradicts another');
      }
      lap('problems');
      for (const statement of staged.write) {
        try {
          await tx.query(statement);
        } catch (error) {
          // Another import wrote one of these keys since the checks: row by row upserts it.
          if (isPgError(error) && error.code === '23505') throw new Fallback(`written meanwhile: ${error.message}`);
          throw error;
        }
      }
      lap('write');
      const imported = rowsRead;
      await recordAudit(tx, options.actor, {
        action: 'import',
        entity: importer.name,
        details: { source: options.source, rowsRead, imported, rejected: 0 },
      });
      if (imported > 0) await runImportWrittenHandlers(tx, { entity: importer.name, imported, source: options.source });
      lap('hooks');
      const done: ImportResult = {
        entity: importer.name,
        source: options.source,
        committed: true,
        rowsRead,
        imported,
        rejected: 0,
        errors: [],
        errorsTruncated: false,
        durationMs: 0,
        method: 'staged',
      };
      return done;
    });
    result.durationMs = Math.round(performance.now() - started);
    options.onPhases?.(phases);
    return { result };
  } catch (error) {
    if (error instanceof Fallback || error instanceof NotStaged) return { reason: error.message };
    throw error;
  }
}

