import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Db } from '../../platform/db/database.ts';
import type { EntityImporter } from './entity.ts';
import { readRecords, type ImportFormat } from './readers.ts';
import { runImport, type ImportOptions, type ImportResult } from './run-import.ts';

/** Imports a CSV or JSON Lines stream (a file, an HTTP request body) into one entity. */
export async function importStream(
  db: Db,
  importer: EntityImporter,
  input: Readable,
  format: ImportFormat,
  options: ImportOptions & { onBytes?(bytes: number): void; onHeader?(columns: string[]): void },
): Promise<ImportResult> {
  const header: { columns?: string[] } = {};
  const records = readRecords(input, format, {
    onHeader: (columns) => {
      header.columns = columns;
      options.onHeader?.(columns);
    },
    onBytes: options.onBytes,
  });
  return runImport(db, importer, records, options, format === 'csv' ? header : undefined);
}

export async function importFile(
  db: Db,
  importer: EntityImporter,
  filePath: string,
  format: ImportFormat,
  options: ImportOptions & { onBytes?(bytes: number): void; onHeader?(columns: string[]): void },
): Promise<ImportResult> {
  await access(filePath);
  return importStream(db, importer, createReadStream(filePath), format, options);
}
