import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { detectDelays } from '../delivery/detection/detect-delays.ts';
import { systemActor } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { recordDemoScans } from './delivery-scans.ts';

describe('the demo\'s parcels are scanned where delay detection reads scans', () => {
  let db: Db;
  const now = new Date('2026-11-18T11:00:00Z');
  const byRule = async () => Object.fromEntries((await db.query<{ rule: string; n: number }>(
    'SELECT rule, count(*)::int AS n FROM delivery_delays WHERE resolved_at IS NULL GROUP BY rule')).map((r) => [r.rule, r.n]));

  beforeAll(async () => {
    db = await openTestDb();
    await seedDemoData(db, systemActor, { customers: 300, orders: 2500, now });
  });
  afterAll(async () => db.close());

  it('without the scans every parcel on its way was "not picked up"; with them only parcels truly late are', async () => {
    await detectDelays(db, now);
    const before = await byRule();
    // The bug: parcels with tracking events at the sorting centre counted as never scanned.
    expect(before.no_first_scan ?? 0).toBeGreaterThan(0);
    expect(await recordDemoScans(db)).toBeGreaterThan(0);
    await detectDelays(db, now);
    const after = await byRule();
    expect(after.no_first_scan ?? 0).toBe(0);
    // What remains late is late by the demo's own story: past the promise, a carrier exception, or silent too long.
    const wrongly = await db.query(
      `SELECT s.external_id FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id
       WHERE d.resolved_at IS NULL AND s.promised_on >= '2026-11-18' AND d.rule = 'past_promise'`);
    expect(wrongly).toEqual([]);
    // Delivered parcels are never late.
    expect(await db.query(`SELECT 1 FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id WHERE d.resolved_at IS NULL AND s.delivered_at IS NOT NULL`)).toEqual([]);
  });
});
