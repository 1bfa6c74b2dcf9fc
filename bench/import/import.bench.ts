import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateDemoData } from '../../src/data/demo/index.ts';
import { seedDemoData } from '../../src/data/demo-seed.ts';
import { IMPORTERS } from '../../src/data/import/entities/index.ts';
import { importFile } from '../../src/data/import/import-file.ts';
import type { StagedPhases } from '../../src/data/import/staged.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';

const COLUMNS = ['order_external_id', 'ordered_at', 'channel', 'location_external_id', 'customer_external_id', 'line_no', 'gtin', 'lot_code', 'serial', 'quantity', 'unit_price_minor', 'currency'];
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function writeOrderLinesCsv(path: string, data: ReturnType<typeof generateDemoData>, size: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${COLUMNS.join(',')}\n`);
  let n = 0;
  for (const line of data.orderLines()) {
    if (n === size) break;
    const row = line as Record<string, unknown>;
    if (!out.write(`${COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`)) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * The honest baseline: COPY of the same file into one table shaped like the tables the import
 * writes — typed columns, the same checks, the order-line key, the indexes `orders` and
 * `order_lines` carry, and the references they check (customer, location, product by its key).
 */
const SHAPED_TABLE = `
  DROP TABLE IF EXISTS bench_copy_order_lines;
  CREATE TABLE bench_copy_order_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_external_id text NOT NULL,
    ordered_at timestamptz NOT NULL,
    channel text NOT NULL CHECK (channel IN ('store', 'online', 'phone', 'marketplace')),
    location_external_id text REFERENCES locations (external_id),
    customer_external_id text REFERENCES customers (external_id),
    line_no integer NOT NULL CHECK (line_no > 0),
    gtin text NOT NULL REFERENCES products (gtin),
    lot_code text,
    serial text,
    quantity integer NOT NULL CHECK (quantity > 0),
    unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    CHECK (channel <> 'store' OR location_external_id IS NOT NULL),
    UNIQUE (order_external_id, line_no)
  );
  CREATE INDEX ON bench_copy_order_lines (customer_external_id, ordered_at) WHERE customer_external_id IS NOT NULL;
  CREATE INDEX ON bench_copy_order_lines (location_external_id, ordered_at);
  CREATE INDEX ON bench_copy_order_lines (ordered_at);
  CREATE INDEX ON bench_copy_order_lines (gtin, lot_code, order_external_id) WHERE lot_code IS NOT NULL;
  CREATE INDEX ON bench_copy_order_lines (gtin, serial) WHERE serial IS NOT NULL;
  CREATE INDEX ON bench_copy_order_lines (gtin)`;

const BARE_TABLE = `DROP TABLE IF EXISTS bench_raw_order_lines; CREATE TABLE bench_raw_order_lines (${COLUMNS.map((c) => `${c} text`).join(', ')})`;

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * Rows/s of `rebound import order-lines` (COPY into a staging table, validate every field,
 * resolve customer, store, product and lot, upsert orders, insert lines — one transaction)
 * next to two raw COPYs of the same file in the same database: into a table shaped like the
 * real ones (the honest baseline: typed, checked, keyed, indexed, references checked) and
 * into a bare all-text table (what COPY costs with nothing to maintain). BENCH_IMPORT_LINES
 * may list several sizes (1000000,10000000): each runs in a database of its own, and the
 * peak RSS during each import is printed, to show memory stays flat as files grow.
 * Runs on PGlite in a temp folder, or on PostgreSQL in a scratch database on the server
 * BENCH_DATABASE_URL names.
 */
export async function benchImport(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const sizes = (process.env.BENCH_IMPORT_LINES ?? '1000000').split(',').map(Number);
  for (const size of sizes) figures.push(...(await benchImportSize(size)));
  return figures;
}

async function benchImportSize(size: number): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-import-'));
  const scratch = process.env.BENCH_DATABASE_URL ? await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'rebound_bench_import') : undefined;
  let db: Db | undefined;
  try {
    const customers = 50_000;
    const file = join(dir, 'order-lines.csv');
    const lines = await writeOrderLinesCsv(file, generateDemoData({ seed: 7, customers, orders: Math.ceil(size / 2) }), size);
    console.log(`generated ${lines.toLocaleString('en')} order lines (${MB(statSync(file).size)})`);

    db = scratch ? await openPostgres(scratch.url) : await openPglite({ dataDir: join(dir, 'pgdata') });
    await migrate(db);
    await seedDemoData(db, systemActor, { seed: 7, customers, orders: 0 });
    const copy = async (table: string, ddl: string) => {
      await db!.exec(ddl);
      const started = performance.now();
      const copied = await db!.copyCsvFile(table, COLUMNS, file);
      const seconds = (performance.now() - started) / 1000;
      if (copied !== lines) throw new Error(`COPY into ${table} loaded ${copied} rows, expected ${lines}`);
      await db!.exec(`DROP TABLE ${table}`);
      return seconds;
    };
    const shapedSeconds = await copy('bench_copy_order_lines', SHAPED_TABLE);
    const bareSeconds = await copy('bench_raw_order_lines', BARE_TABLE);

    // Streaming means memory stays flat however large the file: sample the peak RSS.
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const rssBefore = peakRss;
    let phases: StagedPhases | undefined;
    const started = performance.now();
    const result = await importFile(db, IMPORTERS['order-lines'], file, 'csv', { actor: systemActor, source: 'bench', batchSize: 5000, onPhases: (p) => (phases = p) });
    const importSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (!result.committed || result.imported !== lines) throw new Error(`import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
    console.log(`method: ${result.method}${result.notStagedBecause ? ` (not staged: ${result.notStagedBecause})` : ''}`);
    if (phases) console.log(`phases (s): ${Object.entries(phases).map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`).join(', ')}`);
    console.log(
      `database: ${db.kind}; ${lines.toLocaleString('en')} lines; COPY into the shaped table ${shapedSeconds.toFixed(1)} s, into the bare table ${bareSeconds.toFixed(1)} s; ` +
        `import ${importSeconds.toFixed(1)} s; RSS before ${MB(rssBefore)}, peak during import ${MB(peakRss)}`,
    );
    const name = `import ${lines.toLocaleString('en')} order lines (${db.kind}; peak RSS ${MB(peakRss)})`;
    return [
      { name, value: lines / importSeconds, unit: 'rows/s', baseline: 'COPY into a table shaped like orders + order_lines (typed, checks, keys, indexes, references)', baselineValue: lines / shapedSeconds },
      { name, value: lines / importSeconds, unit: 'rows/s', baseline: 'COPY into a bare all-text table', baselineValue: lines / bareSeconds },
    ];
  } finally {
    await db?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printFigures } = await import('../report.ts');
  printFigures('import', await benchImport());
}
