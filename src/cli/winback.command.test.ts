import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';
import { corpus } from '../../test/corpora.ts';

describe('rebound winback import-online-retail (the CLI, as a real process, on a slice of the corpus)', () => {
  let sandbox: Awaited<ReturnType<typeof cliSandbox>>;
  // The first 3,000 invoices (December 2010 to spring 2011): enough history for the metrics and the model.
  const slice = readFileSync(corpus('online-retail', 'invoices.csv'), 'utf8').split('\n').slice(0, 3001).join('\n') + '\n';
  beforeAll(async () => {
    sandbox = await cliSandbox();
  });
  afterAll(async () => sandbox.cleanup());

  it('refuses bad input naming file, line and field, and imports nothing', async () => {
    const lines = slice.split('\n');
    lines[3] = '536367,2010-13-01,13047,278.73';
    lines[7] = '536371,2010-12-01,,204.0';
    lines[9] = '536373,2010-12-01,17850,lots';
    writeFileSync(join(sandbox.dir, 'bad.csv'), lines.join('\n'));
    const run = await sandbox.run(['winback', 'import-online-retail', 'bad.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.csv:4: InvoiceDate: "2010-13-01" is not a date (YYYY-MM-DD)');
    expect(run.stderr).toContain('bad.csv:8: CustomerID: is required');
    expect(run.stderr).toContain('bad.csv:10: TotalPrice: "lots" is not an amount of pounds (0 or more)');
    expect(run.stderr).toContain('nothing imported');
    writeFileSync(join(sandbox.dir, 'header.csv'), 'Invoice,Date,Customer,Total\n1,2010-12-01,1,1.0\n');
    const header = await sandbox.run(['winback', 'import-online-retail', 'header.csv']);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('header.csv:1: InvoiceNo: missing column');
    const db = await sandbox.open();
    try {
      // Refused before the database was touched: not even migrated, or migrated and empty.
      const [table] = await db.query<{ t: string | null }>("SELECT to_regclass('public.orders')::text AS t");
      const [orders] = table!.t ? await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders') : [{ n: 0 }];
      expect(orders!.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('imports the invoices, recomputes the metrics and prints the segments\' sizes, which match the metrics', async () => {
    writeFileSync(join(sandbox.dir, 'invoices.csv'), slice);
    const run = await sandbox.run(['winback', 'import-online-retail', 'invoices.csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const db = await sandbox.open();
    try {
      const [counts] = await db.query<{ orders: number; customers: number; quiet_a: number; quiet: number }>(
        `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM customer_metrics)::int AS customers,
                (SELECT count(*) FROM customer_metrics WHERE quiet AND abc_class = 'A')::int AS quiet_a,
                (SELECT count(*) FROM customer_metrics WHERE quiet)::int AS quiet`);
      expect(counts!.orders).toBe(3000);
      expect(run.stdout).toContain(`imported 3000 invoices; metrics of ${counts!.customers} customers`);
      expect(run.stdout).toContain('churn model fitted');
      expect(run.stdout).toMatch(new RegExp(`Desired returners \\(quiet, ABC class A\\)\\s+${counts!.quiet_a}\\n`));
      expect(run.stdout).toMatch(new RegExp(`  Quiet\\s+${counts!.quiet}\\n`));
      expect(counts!.quiet_a).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
