import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../platform/db/database.ts';
import type { EntityImporter } from './entity.ts';
import { readRecords, type ImportFormat } from './readers.ts';
import { runImport, type ImportOptions, type ImportResult } from './run-import.ts';
import { importStaged, type StagedPhases } from './staged.ts';

type FileImportOptions = ImportOptions & { onBytes?(bytes: number): void; onHeader?(columns: string[]): void; onPhases?(phases: StagedPhases): void };

/** Imports a CSV or JSON Lines stream (a file, an HTTP request body) into one entity. */
export async function importStream(db: Db, importer: EntityImporter, input: Readable, format: ImportFormat, options: FileImportOptions): Promise<ImportResult> {
  if (importer.staged && format === 'csv') {
    // COPY needs a file it can read again row by row if the file is not clean: spool the body.
    const dir = await mkdtemp(join(tmpdir(), 'rebound-import-'));
    try {
      const file = join(dir, 'upload.csv');
      await pipeline(input, createWriteStream(file));
      return await importFile(db, importer, file, format, options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return importRows(db, importer, input, format, options);
}

function importRows(db: Db, importer: EntityImporter, input: Readable, format: ImportFormat, options: FileImportOptions): Promise<ImportResult> {
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

/**
 * Imports a file. A clean CSV file of an entity with a staged import goes in with COPY and
 * set-based SQL; any other file, or one the staged checks do not accept as clean, row by row
 * (same errors, same result).
 */
export async function importFile(db: Db, importer: EntityImporter, filePath: string, format: ImportFormat, options: FileImportOptions): Promise<ImportResult> {
  await access(filePath);
  let notStagedBecause: string | undefined;
  if (importer.staged && format === 'csv') {
    const staged = await importStaged(db, importer, importer.staged, filePath, options);
    if (staged.result) return staged.result;
    notStagedBecause = staged.reason;
  }
  const result = await importRows(db, importer, createReadStream(filePath), format, options);
  return notStagedBecause ? { ...result, notStagedBecause } : result;
}
