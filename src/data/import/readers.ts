import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { RawValue } from './fields.ts';

/** One record as read from a file, with the line it starts on; or why it could not be read. */
export type SourceRecord =
  | { line: number; record: Record<string, RawValue> }
  | { line: number; record?: undefined; field: string; message: string };

export type ImportFormat = 'csv' | 'jsonl';

export interface ReaderOptions {
  /** Called once with the CSV header, before the first record. */
  onHeader?(columns: string[]): void;
  /** Bytes consumed so far (progress bars). */
  onBytes?(bytes: number): void;
}

export function formatFromName(name: string): ImportFormat | undefined {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  return undefined;
}

export function readRecords(input: Readable, format: ImportFormat, options: ReaderOptions = {}): AsyncIterable<SourceRecord> {
  const counted = countBytes(input, options.onBytes);
  return format === 'csv' ? readCsv(counted, options) : readJsonLines(counted);
}

function countBytes(input: Readable, onBytes?: (bytes: number) => void): Readable {
  if (!onBytes) return input;
  let bytes = 0;
  const counter = new PassThrough({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      onBytes(bytes);
      callback(null, chunk);
    },
  });
  input.on('error', (error) => counter.destroy(error));
  return input.pipe(counter);
}

/**
 * Streams CSV records: memory stays flat however large the file. A malformed record
 * (wrong number of columns, stray quote) becomes an error for its line and reading goes on.
 */
async function* readCsv(input: Readable, options: ReaderOptions): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  const malformedLines = new Set<number>();
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((h) => h.trim());
        options.onHeader?.(columns);
        return columns;
      },
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
    }),
  );
  // The parser reads ahead, so these arrive before records that precede them in the file;
  // the import report sorts by line. One malformed line can raise several errors: keep one.
  parser.on('skip', (error: { lines?: number; message: string }) => {
    const line = error.lines ?? 0;
    if (malformedLines.has(line)) return;
    malformedLines.add(line);
    skipped.push({ line, field: '(csv)', message: error.message });
  });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift() as SourceRecord;
      yield { line: info.lines, record };
    }
  } catch (error) {
    // Read from a file, the last line's error can come both as a skip and as the final error.
    const failure = error as { lines?: number; message: string };
    if (!malformedLines.has(failure.lines ?? 0)) yield { line: failure.lines ?? 0, field: '(csv)', message: failure.message };
  }
  while (skipped.length) yield skipped.shift() as SourceRecord;
}

/** Streams JSON Lines: one object per line; blank lines are ignored. */
async function* readJsonLines(input: Readable): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, field: '(json)', message: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, field: '(json)', message: 'expected one JSON object per line' };
      continue;
    }
    yield { line, record: value as Record<string, RawValue> };
  }
}
