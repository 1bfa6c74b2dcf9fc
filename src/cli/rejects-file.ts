import { createWriteStream, type WriteStream } from 'node:fs';
import type { RowError } from '../data/import/entity.ts';
import type { ImportFormat, SourceRecord } from '../data/import/readers.ts';

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * With --skip-invalid, every rejected row goes to a file in the input's own format, with
 * its line number and errors, ready to fix and import again.
 */
export class RejectsFile {
  private stream: WriteStream | undefined;
  /** The CSV header of the input, so rejected rows keep their columns. */
  columns: string[] | undefined;
  count = 0;

  constructor(
    readonly path: string,
    private readonly format: ImportFormat,
  ) {}

  write(source: SourceRecord, errors: RowError[]): void {
    this.stream ??= createWriteStream(this.path);
    this.count++;
    const problems = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    if (this.format === 'jsonl') {
      this.stream.write(`${JSON.stringify({ _line: source.line, _errors: problems, ...(source.record ?? {}) })}\n`);
      return;
    }
    const columns = (this.columns ??= Object.keys(source.record ?? {}));
    if (this.count === 1) this.stream.write(`${['_line', '_errors', ...columns].map(csvCell).join(',')}\n`);
    const record = source.record ?? {};
    this.stream.write(`${[source.line, problems, ...columns.map((c) => record[c])].map(csvCell).join(',')}\n`);
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (stream) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
