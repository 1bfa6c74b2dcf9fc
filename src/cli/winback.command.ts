import { createReadStream, statSync } from 'node:fs';
import { relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { IMPORTERS, type EntityName } from '../data/import/entities/index.ts';
import type { RawValue } from '../data/import/fields.ts';
import type { SourceRecord } from '../data/import/readers.ts';
import { runImport } from '../data/import/run-import.ts';
import { cliActor } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { evaluateSegments, recomputeCustomerMetrics } from '../winback/index.ts';
import { previewFilter } from '../winback/segments/segment-definition.ts';
import { parseFilterText } from '../winback/segments/filter.ts';
import { withDatabase } from './database.ts';
import { CliError } from './import.command.ts';

const HEADER = ['InvoiceNo', 'InvoiceDate', 'CustomerID', 'TotalPrice'];
/** One product stands for the corpus's goods: the file has invoice totals, not lines. */
const CORPUS_PRODUCT = { gtin: '04006381333931', name: 'Online Retail goods (invoice total)' };
const PREFIX = 'UCI-';

/** Shown when the database has no saved segments of its own: the usual win-back segments, counted without saving. */
export const EXAMPLE_SEGMENTS: readonly { name: string; filter: string }[] = [
  { name: 'Desired returners (quiet, ABC class A)', filter: "quiet AND abc_class = 'A'" },
  { name: 'Quiet', filter: 'quiet' },
  { name: 'Due now (next purchase due)', filter: "churn_risk = 'due'" },
  { name: 'Active', filter: "churn_risk = 'active'" },
  { name: 'One-time buyers gone quiet', filter: 'quiet AND purchase_days = 1' },
  { name: 'Champions (R 5, F ≥ 4, M ≥ 4)', filter: 'r_score = 5 AND f_score >= 4 AND m_score >= 4' },
];

export interface Invoice { line: number; invoice: string; day: string; customer: string; totalMinor: number }
export interface LineError { line: number; field: string; message: string }

/** Reads the cleaned UCI Online Retail invoices (corpora/online-retail/invoices.csv), every problem with its line and field. */
export async function readRetailInvoices(file: string): Promise<{ invoices: Invoice[]; errors: LineError[] }> {
  const invoices: Invoice[] = [];
  const errors: LineError[] = [];
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (line === 1) {
      const columns = text.replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
      const missing = HEADER.filter((c) => !columns.includes(c));
      if (missing.length) errors.push({ line, field: missing[0]!, message: `missing column (the header must be ${HEADER.join(',')})` });
      if (missing.length) return { invoices, errors };
      continue;
    }
    if (!text.trim()) continue;
    const [invoice = '', day = '', customer = '', total = ''] = text.split(',').map((v) => v.trim());
    const before = errors.length;
    if (!invoice) errors.push({ line, field: 'InvoiceNo', message: 'is required' });
    const parsed = Date.parse(`${day}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== day) errors.push({ line, field: 'InvoiceDate', message: `"${day}" is not a date (YYYY-MM-DD)` });
    if (!customer) errors.push({ line, field: 'CustomerID', message: 'is required' });
    const amount = Number(total);
    if (total === '' || !Number.isFinite(amount) || amount < 0) errors.push({ line, field: 'TotalPrice', message: `"${total}" is not an amount of pounds (0 or more)` });
    if (errors.length === before) invoices.push({ line, invoice, day, customer, totalMinor: Math.round(amount * 100) });
  }
  if (line === 0) errors.push({ line: 1, field: 'InvoiceNo', message: 'the file is empty' });
  return { invoices, errors };
}

async function* numbered(rows: Iterable<[number, Record<string, RawValue>]>): AsyncGenerator<SourceRecord> {
  for (const [line, record] of rows) yield { line, record };
}

/** Imports the invoices through the product's importers: customers, the one product, one order line per invoice. */
export async function importRetailInvoices(db: Db, invoices: readonly Invoice[], source: string): Promise<LineError[]> {
  const firstLine = new Map<string, number>();
  for (const i of invoices) if (!firstLine.has(i.customer)) firstLine.set(i.customer, i.line);
  const sets: [EntityName, Iterable<[number, Record<string, RawValue>]>][] = [
    ['customers', [...firstLine].map(([id, line]) => [line, { external_id: `${PREFIX}${id}`, name: `Online Retail customer ${id}`, country: 'GB', language: 'en' }])],
    ['products', [[1, { gtin: CORPUS_PRODUCT.gtin, name: CORPUS_PRODUCT.name }]]],
    ['order-lines', invoices.map((i) => [i.line, {
      order_external_id: `${PREFIX}${i.invoice}`, ordered_at: `${i.day}T12:00:00Z`, channel: 'online', customer_external_id: `${PREFIX}${i.customer}`,
      line_no: 1, gtin: CORPUS_PRODUCT.gtin, quantity: 1, unit_price_minor: i.totalMinor, currency: 'GBP',
    }])],
  ];
  // One transaction for the three: refused orders take their customers with them.
  const refused = new Error('refused');
  let problems: LineError[] = [];
  try {
    await db.transaction(async (tx) => {
      for (const [entity, rows] of sets) {
        const result = await runImport(tx, IMPORTERS[entity], numbered(rows), { actor: cliActor(), source, batchSize: 5000 });
        if (!result.committed) {
          problems = result.errors.map((e) => ({ line: e.line, field: e.field, message: `${entity}: ${e.message}` }));
          throw refused;
        }
      }
    });
  } catch (error) {
    if (error !== refused) throw error;
  }
  return problems;
}

/** The size of each saved segment after evaluating it, or of the example segments when none is saved. */
export async function segmentSizes(db: Db, asOf: Date): Promise<{ name: string; members: number; saved: boolean }[]> {
  const saved = await db.query<{ id: number; name: string }>('SELECT id, name FROM winback_segments WHERE archived_at IS NULL ORDER BY id');
  if (saved.length) {
    const evaluated = await evaluateSegments(db, { now: () => asOf }, { trigger: 'import' });
    return evaluated.map((e) => ({ name: saved.find((s) => s.id === e.segment_id)!.name, members: e.members, saved: true }));
  }
  const sizes = [];
  for (const example of EXAMPLE_SEGMENTS) {
    sizes.push({ name: example.name, members: (await previewFilter(db, parseFilterText(example.filter), { sampleSize: 0 })).matching, saved: false });
  }
  return sizes;
}

export function registerWinbackCommands(program: Command): void {
  const winback = program.command('winback').description('win-back: purchase metrics and segments');
  winback
    .command('import-online-retail')
    .description('import the UCI Online Retail invoices (../shared/corpora/online-retail/invoices.csv), recompute the metrics and print each segment\'s size')
    .argument('<file>', 'invoices.csv (InvoiceNo,InvoiceDate,CustomerID,TotalPrice)')
    .option('--as-of <day>', 'the metrics\' today (default: the day after the last invoice)')
    .action(async (file: string, flags: { asOf?: string }) => {
      try {
        statSync(file);
      } catch {
        throw new CliError(`${file}: no such file`);
      }
      const name = relative(process.cwd(), file);
      const { invoices, errors } = await readRetailInvoices(file);
      if (errors.length) {
        for (const e of errors.slice(0, 100)) console.error(`${name}:${e.line}: ${e.field}: ${e.message}`);
        console.error(`${name}: nothing imported: ${errors.length} problem(s) (all-or-nothing)`);
        process.exitCode = 1;
        return;
      }
      const last = invoices.reduce((max, i) => (i.day > max ? i.day : max), '');
      const asOf = flags.asOf ? new Date(`${flags.asOf}T00:00:00Z`) : new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000);
      if (Number.isNaN(asOf.getTime())) throw new CliError(`--as-of: "${flags.asOf}" is not a date (YYYY-MM-DD)`);
      process.exitCode = await withDatabase(async (db) => {
        const problems = await importRetailInvoices(db, invoices, name);
        if (problems.length) {
          for (const e of problems.slice(0, 100)) console.error(`${name}:${e.line}: ${e.field}: ${e.message}`);
          console.error(`${name}: nothing imported (all-or-nothing)`);
          return 1;
        }
        const run = await recomputeCustomerMetrics(db, { asOf, trigger: 'cli' });
        console.log(`${name}: imported ${invoices.length} invoices; metrics of ${run.customers} customers as of ${asOf.toISOString().slice(0, 10)} (churn model ${run.model_status}${run.model_reason ? `: ${run.model_reason}` : ''})`);
        const sizes = await segmentSizes(db, asOf);
        if (!sizes[0]?.saved) console.log('No saved segments: the example segments, counted without saving:');
        for (const s of sizes) console.log(`  ${s.name.padEnd(44)} ${String(s.members).padStart(7)}`);
        return 0;
      });
    });
}
