import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateDemoData } from '../../src/data/demo/index.ts';
import { seedDemoData } from '../../src/data/demo-seed.ts';
import { IMPORTERS } from '../../src/data/import/entities/index.ts';
import { importFile } from '../../src/data/import/import-file.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { BenchFigure } from '../report.ts';

const LINES = Number(process.env.BENCH_IMPORT_LINES ?? 1_000_000);
const COLUMNS = ['order_external_id', 'ordered_at', 'channel', 'location_external_id', 'customer_external_id', 'line_no', 'gtin', 'lot_code', 'serial', 'quantity', 'unit_price_minor', 'currency'];
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function writeOrderLinesCsv(path: string, data: ReturnType<typeof generateDemoData>): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  let n = 0;
  for (const line of data.orderLines()) {
    if (n === LINES) break;
    const row = line as Record<string, unknown>;
    if (!out.write(`${COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`)) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * Rows/s of `rebound import order-lines` (parse, validate every field, resolve customer,
 * store, product and lot, upsert orders, insert lines — one transaction) next to a raw
 * COPY of the same file into a bare all-text table in the same database.
 * Runs on PGlite in a temp folder, or on PostgreSQL when BENCH_DATABASE_URL is set.
 */
export async function benchImport(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-import-'));
  let db: Db | undefined;
  try {
    const customers = 50_000;
    const data = generateDemoData({ seed: 7, customers, orders: Math.ceil(LINES / 2) });
    const file = join(dir, 'order-lines.csv');
    const lines = await writeOrderLinesCsv(file, data);
    console.log(`generated ${lines.toLocaleString('en')} order lines (${(statSync(file).size / 1e6).toFixed(0)} MB)`);

    db = process.env.BENCH_DATABASE_URL ? await openPostgres(process.env.BENCH_DATABASE_URL) : await openPglite({ dataDir: join(dir, 'pgdata') });
    await migrate(db);
    await seedDemoData(db, systemActor, { seed: 7, customers, orders: 0 });
    await db.exec(`DROP TABLE IF EXISTS bench_raw_order_lines; CREATE TABLE bench_raw_order_lines (${COLUMNS.map((c) => `${c} text`).join(', ')})`);

    let started = performance.now();
    const copied = await db.copyCsvFile('bench_raw_order_lines', COLUMNS, file);
    const copySeconds = (performance.now() - started) / 1000;
    if (copied !== lines) throw new Error(`COPY loaded ${copied} rows, expected ${lines}`);

    // Streaming means memory stays flat however large the file: sample the peak RSS.
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const rssBefore = peakRss;
    started = performance.now();
    const result = await importFile(db, IMPORTERS['order-lines'], file, 'csv', { actor: systemActor, source: 'bench', batchSize: 5000 });
    const importSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (!result.committed || result.imported !== lines) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
    console.log(`method: ${result.method}${result.notStagedBecause ? ` (not staged: ${result.notStagedBecause})` : ''}`);
    console.log(`database: ${db.kind}; COPY ${copySeconds.toFixed(1)} s; import ${importSeconds.toFixed(1)} s; RSS before ${(rssBefore / 1e6).toFixed(0)} MB, peak during import ${(peakRss / 1e6).toFixed(0)} MB`);

    return [
      { name: `import order-lines (${db.kind})`, value: lines / importSeconds, unit: 'rows/s', baseline: 'raw COPY into a bare table', baselineValue: lines / copySeconds },
    ];
  } finally {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('import', await benchImport());
}
