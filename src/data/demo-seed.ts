import type { Actor } from '../platform/audit/audit.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { generateDemoData } from './demo/index.ts';
import { IMPORTERS, type EntityName } from './import/entities/index.ts';
import type { RawValue } from './import/fields.ts';
import type { SourceRecord } from './import/readers.ts';
import { runImport, type ImportResult } from './import/run-import.ts';

export interface DemoSeedOptions {
  customers: number;
  orders: number;
  seed?: number;
  now?: Date;
  onProgress?(entity: EntityName, rowsRead: number): void;
}

async function* numbered(rows: Iterable<Record<string, RawValue>>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for (const record of rows) yield { line: ++line, record };
}

/**
 * Loads the deterministic demo data set through the same importers a customer's files go
 * through (so the demo exercises the real validation), entity by entity, references first.
 */
export async function seedDemoData(db: Db, actor: Actor, options: DemoSeedOptions): Promise<ImportResult[]> {
  const data = generateDemoData({ seed: options.seed ?? 42, customers: options.customers, orders: options.orders, now: options.now });
  const sets: [EntityName, Iterable<Record<string, RawValue>>][] = [
    ['customers', data.customers],
    ['products', data.products],
    ['lots', data.lots],
    ['locations', data.locations],
    ['order-lines', data.orderLines()],
    ['shipments', data.shipments()],
    ['shipment-events', data.shipmentEvents()],
  ];
  const results: ImportResult[] = [];
  for (const [entity, rows] of sets) {
    const result = await runImport(db, IMPORTERS[entity], numbered(rows), {
      actor,
      source: 'demo',
      batchSize: 5000,
      onProgress: ({ rowsRead }) => options.onProgress?.(entity, rowsRead),
    });
    if (!result.committed) {
      const first = result.errors[0];
      throw new Error(`demo ${entity} did not import: line ${first?.line} ${first?.field}: ${first?.message}`);
    }
    results.push(result);
  }
  await recordAudit(db, actor, { action: 'seed', entity: 'demo', details: { customers: options.customers, orders: options.orders, seed: options.seed ?? 42 } });
  return results;
}

/** True once demo data has been loaded into this database (first-start seeding is idempotent). */
export async function demoSeeded(db: Db): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM audit_log WHERE entity = 'demo' AND action = 'seed' LIMIT 1`);
  return rows.length > 0;
}
