import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import type { EntityImporter, RowError, ValidRow } from './entity.ts';
import { isBlank, type RawValue } from './fields.ts';
import { runImportWrittenHandlers } from './import-hooks.ts';
import type { SourceRecord } from './readers.ts';

export interface ImportOptions {
  actor: Actor;
  /** File name or "api" — shown in the audit log and the report. */
  source: string;
  /** Keep valid rows when some are invalid (default: all-or-nothing). */
  skipInvalid?: boolean;
  batchSize?: number;
  now?: Date;
  /** Errors kept in the result; the count of rejected rows is always exact. */
  maxReportedErrors?: number;
  onProgress?(progress: { rowsRead: number }): void;
  /** Each rejected record with its errors (for a rejects file). */
  onReject?(record: SourceRecord, errors: RowError[]): void;
}

export interface ImportResult {
  entity: string;
  source: string;
  committed: boolean;
  rowsRead: number;
  imported: number;
  rejected: number;
  errors: RowError[];
  errorsTruncated: boolean;
  durationMs: number;
  /** How the file went in: staged (COPY + set-based SQL) or row by row; why not staged. */
  method?: 'staged' | 'row-by-row';
  notStagedBecause?: string;
}

class Rollback extends Error {}

/** Checks the CSV header against the entity's columns; a wrong header stops the import. */
export function headerErrors(importer: EntityImporter, columns: string[]): RowError[] {
  const known = new Set(Object.keys(importer.fields));
  const errors: RowError[] = columns
    .filter((c) => !known.has(c))
    .map((c) => ({ line: 1, field: c, message: `unknown column (expected: ${[...known].join(', ')})` }));
  for (const [name, spec] of Object.entries(importer.fields)) {
    if (spec.required && !columns.includes(name)) errors.push({ line: 1, field: name, message: 'required column is missing' });
  }
  return errors;
}

function validateRecord(importer: EntityImporter, line: number, record: Record<string, RawValue>): { values?: Record<string, unknown>; errors: RowError[] } {
  const errors: RowError[] = [];
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!(key in importer.fields)) errors.push({ line, field: key, message: 'unknown field' });
  }
  for (const [name, spec] of Object.entries(importer.fields)) {
    const raw = record[name];
    if (isBlank(raw)) {
      if (spec.required) errors.push({ line, field: name, message: 'is required' });
      values[name] = null;
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed.ok) values[name] = parsed.value;
    else errors.push({ line, field: name, message: parsed.message });
  }
  if (errors.length === 0 && importer.checkRow) {
    errors.push(...importer.checkRow(values).map((e) => ({ line, ...e })));
  }
  return errors.length ? { errors } : { values, errors };
}

/**
 * Validates every record and writes valid ones in set-based batches, all inside one
 * transaction: by default all-or-nothing (one bad row and nothing is written, but every
 * bad row is still reported); with `skipInvalid` the valid rows land and the rest are
 * reported. Nothing is ever half-written.
 */
export async function runImport(
  db: Db,
  importer: EntityImporter,
  records: AsyncIterable<SourceRecord>,
  options: ImportOptions,
  header?: { columns?: string[] },
): Promise<ImportResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 2000;
  const maxErrors = options.maxReportedErrors ?? 1000;
  const now = options.now ?? new Date();
  const result: ImportResult = {
    entity: importer.name,
    source: options.source,
    committed: false,
    rowsRead: 0,
    imported: 0,
    rejected: 0,
    errors: [],
    errorsTruncated: false,
    durationMs: 0,
    method: 'row-by-row',
  };
  const sourceByLine = new Map<number, SourceRecord>();

  const reject = (record: SourceRecord | undefined, errors: RowError[]) => {
    result.rejected++;
    for (const error of errors) {
      if (result.errors.length < maxErrors) result.errors.push(error);
      else result.errorsTruncated = true;
    }
    if (record) options.onReject?.(record, errors);
  };

  try {
    await db.transaction(async (tx) => {
      let batch: ValidRow<Record<string, unknown>>[] = [];
      let headerChecked = false;
      const flush = async () => {
        if (batch.length === 0) return;
        const write = options.skipInvalid || result.rejected === 0;
        const refused = await importer.writeBatch(tx, batch, { now, write });
        const refusedLines = new Map<number, RowError[]>();
        for (const error of refused) refusedLines.set(error.line, [...(refusedLines.get(error.line) ?? []), error]);
        for (const [line, errors] of refusedLines) reject(sourceByLine.get(line), errors);
        if (write) result.imported += batch.length - refusedLines.size;
        batch = [];
        sourceByLine.clear();
      };

      // The CSV reader reports the header just before the first record (or at the end of
      // a file without records); a wrong header stops the import before any row.
      const checkHeader = () => {
        if (headerChecked || !header?.columns) return;
        headerChecked = true;
        const problems = headerErrors(importer, header.columns);
        if (problems.length) {
          result.errors.push(...problems);
          result.rejected = 0;
          throw new Rollback();
        }
      };
      for await (const source of records) {
        checkHeader();
        result.rowsRead++;
        if (!source.record) {
          reject(source, [{ line: source.line, field: source.field, message: source.message }]);
        } else {
          const { values, errors } = validateRecord(importer, source.line, source.record);
          if (!values) reject(source, errors);
          else {
            batch.push({ line: source.line, values });
            if (options.onReject) sourceByLine.set(source.line, source);
          }
        }
        if (batch.length >= batchSize) await flush();
        if (result.rowsRead % 10_000 === 0) options.onProgress?.({ rowsRead: result.rowsRead });
      }
      checkHeader();
      await flush();
      options.onProgress?.({ rowsRead: result.rowsRead });
      if (result.rejected > 0 && !options.skipInvalid) throw new Rollback();
      await recordAudit(tx, options.actor, {
        action: 'import',
        entity: importer.name,
        details: { source: options.source, rowsRead: result.rowsRead, imported: result.imported, rejected: result.rejected },
      });
      if (result.imported > 0) await runImportWrittenHandlers(tx, { entity: importer.name, imported: result.imported, source: options.source });
    });
    result.committed = true;
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    result.imported = 0;
  }
  result.errors.sort((a, b) => a.line - b.line);
  result.durationMs = Math.round(performance.now() - started);
  return result;
}
