import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { systemActor } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { demoSeeded, seedDemoData } from './demo-seed.ts';

const counts = (db: Db) =>
  db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders,
            (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM lots) AS lots,
            (SELECT count(*) FROM locations WHERE kind = 'store') AS stores, (SELECT count(*) FROM shipments) AS shipments,
            (SELECT count(*) FROM customer_consents) AS consents`,
  );

describe('demo data loaded through the importers', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());

  it('loads customers, stores, lots, orders and shipments, and loading again changes nothing', async () => {
    expect(await demoSeeded(db)).toBe(false);
    await seedDemoData(db, systemActor, { customers: 300, orders: 1500 });
    expect(await demoSeeded(db)).toBe(true);
    const [first] = await counts(db);
    expect(first).toMatchObject({ customers: 300, orders: 1500 });
    expect(first!.lots).toBeGreaterThan(0);
    expect(first!.stores).toBeGreaterThan(0);
    expect(first!.shipments).toBeGreaterThan(0);
    expect(first!.consents).toBeGreaterThan(0);

    await seedDemoData(db, systemActor, { customers: 300, orders: 1500 });
    expect(await counts(db)).toEqual([first]);
  });

  it('ties about 70 % of purchase lines to an identified customer and a lot', async () => {
    const [share] = await db.query<{ share: number }>(
      `SELECT avg(CASE WHEN o.customer_id IS NOT NULL AND ol.lot_id IS NOT NULL THEN 1.0 ELSE 0 END)::float8 AS share
       FROM order_lines ol JOIN orders o ON o.id = ol.order_id`,
    );
    expect(share!.share).toBeGreaterThan(0.6);
    expect(share!.share).toBeLessThan(0.8);
  });

  it('speaks the four languages of the seeds', async () => {
    const languages = await db.query<{ language: string }>('SELECT DISTINCT language FROM customers ORDER BY 1');
    expect(languages.map((l) => l.language)).toEqual(['en', 'ru', 'sv', 'uk']);
  });
});
