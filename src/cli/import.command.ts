import { statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { importEpcisFile, summariseImport } from '../data/epcis/index.ts';
import { ENTITY_NAMES, importerFor } from '../data/import/entities/index.ts';
import { importFile } from '../data/import/import-file.ts';
import { formatFromName, type ImportFormat } from '../data/import/readers.ts';
import { cliActor } from '../platform/audit/audit.ts';
import { withDatabase } from './database.ts';
import { progressBar } from './progress.ts';
import { RejectsFile } from './rejects-file.ts';

export class CliError extends Error {}

interface ImportFlags {
  skipInvalid?: boolean;
  rejects?: string;
  format?: ImportFormat;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(`import a CSV or JSON Lines file into one entity (${ENTITY_NAMES.join(', ')}), or an EPCIS 2.0 JSON-LD or XML document (epcis)`)
    .argument('<entity>', `${ENTITY_NAMES.join(' | ')} | epcis`)
    .argument('<file>', 'a .csv, .jsonl/.ndjson file (or .json/.jsonld/.xml for epcis)')
    .option('--skip-invalid', 'keep valid rows and write rejected ones to a rejects file (default: all-or-nothing)')
    .option('--rejects <file>', 'where rejected rows go with --skip-invalid (default: <file>.rejects.<ext>)')
    .option('--format <format>', 'csv or jsonl when the file name does not tell')
    .action(async (entity: string, file: string, flags: ImportFlags) => {
      process.exitCode = entity === 'epcis' ? await importEpcis(file, flags) : await importEntity(entity, file, flags);
    });
}

async function importEpcis(file: string, flags: ImportFlags): Promise<number> {
  const result = await withDatabase((db) => importEpcisFile(db, file, cliActor(), { skipInvalid: flags.skipInvalid }));
  const name = relative(process.cwd(), file);
  for (const rejected of result.rejected) console.error(`${name}: event ${rejected.eventIndex}${rejected.eventId ? ` (${rejected.eventId})` : ''}: ${rejected.reason}`);
  for (const warning of result.warnings) console.error(`${name}: event ${warning.eventIndex} (${warning.eventId}): warning: ${warning.message}`);
  console.log(`${name}: ${summariseImport(result)}`);
  return result.ok && (flags.skipInvalid || result.rejected.length === 0) ? 0 : 1;
}

async function importEntity(entity: string, file: string, flags: ImportFlags): Promise<number> {
  const importer = importerFor(entity);
  if (!importer) throw new CliError(`unknown entity "${entity}"; choose one of ${ENTITY_NAMES.join(', ')}, epcis`);
  const format = flags.format ?? formatFromName(file);
  if (format !== 'csv' && format !== 'jsonl') throw new CliError(`${file}: cannot tell the format from the name; add --format csv or --format jsonl`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`${file}: no such file`);
  }
  const name = relative(process.cwd(), file);
  const rejects = flags.skipInvalid ? new RejectsFile(flags.rejects ?? `${file}.rejects.${format}`, format) : undefined;
  const progress = progressBar(`importing ${entity}`, size);
  let rows = 0;
  const result = await withDatabase((db) =>
    importFile(db, importer, file, format, {
      actor: cliActor(),
      source: name,
      skipInvalid: flags.skipInvalid,
      onHeader: (columns) => {
        if (rejects) rejects.columns = columns;
      },
      onBytes: (bytes) => progress.update(bytes, `${rows.toLocaleString('en')} rows`),
      onProgress: ({ rowsRead }) => {
        rows = rowsRead;
      },
      onReject: rejects ? (record, errors) => rejects.write(record, errors) : undefined,
    }),
  );
  progress.finish();
  await rejects?.close();

  for (const error of result.errors) console.error(`${name}:${error.line}: ${error.field}: ${error.message}`);
  if (result.notStagedBecause) console.error(`${name}: imported row by row, not staged with COPY: ${result.notStagedBecause}`);
  if (result.errorsTruncated) console.error(`${name}: … more errors not shown (${result.rejected} rows rejected in all)`);
  const rate = result.durationMs > 0 ? Math.round((result.rowsRead / result.durationMs) * 1000) : result.rowsRead;
  if (result.committed) {
    console.log(`${name}: imported ${result.imported} ${entity} rows, rejected ${result.rejected} (${result.durationMs} ms, ${rate} rows/s)`);
    if (rejects && rejects.count > 0) console.log(`${name}: rejected rows written to ${relative(process.cwd(), rejects.path)}`);
  } else {
    console.error(`${name}: nothing imported: ${result.rejected ? `${result.rejected} of ${result.rowsRead} rows are invalid` : 'the header is wrong'} (all-or-nothing; use --skip-invalid to keep the valid rows)`);
  }
  return result.committed && (flags.skipInvalid || result.rejected === 0) ? 0 : 1;
}
