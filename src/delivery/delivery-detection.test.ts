import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { ManualClock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { detectDelays } from './detection/detect-delays.ts';
import { updateDetectionRule } from './detection/detection-rules.ts';
import { addShipment } from './test/shipments.ts';

const designer = { kind: 'user' as const, label: 'designer@example.com' };

describe('delay detection (issue 15.2): declared rules, business calendars per country', () => {
  let db: Db;
  const clock = new ManualClock('2026-11-18T11:00:00Z'); // a Wednesday
  const delayOf = async (external: string) =>
    (await db.query<{ rule: string; cause_tag: string; days_late: number; calendar: string; resolved_at: Date | null }>(
      `SELECT d.rule, d.cause_tag, d.days_late, d.calendar, d.resolved_at FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id WHERE s.external_id = $1`, [external]))[0];
  const scan = (external: string, status: string, at: string) => db.query(
    `UPDATE shipments SET delivery_status = $2, first_scan_at = coalesce(first_scan_at, $3), last_scan_at = $3 WHERE external_id = $1`, [external, status, at]);

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => db.close());
  beforeEach(async () => {
    await db.query('DELETE FROM delivery_delays');
    await db.query('DELETE FROM shipments');
    clock.set('2026-11-18T11:00:00Z');
  });

  it('past the promised date and not delivered: days late in working days of the destination country', async () => {
    await addShipment(db, { external: 'LATE', carrier: 'PostNord', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-16', country: 'SE' });
    await addShipment(db, { external: 'DUE-TODAY', carrier: 'PostNord', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-18', country: 'SE' });
    await scan('LATE', 'in_transit', '2026-11-17T09:00:00Z');
    await scan('DUE-TODAY', 'in_transit', '2026-11-17T09:00:00Z');
    const result = await detectDelays(db, clock.now());
    expect(result).toMatchObject({ evaluated: 2, late: 1, resolved: 0 });
    expect(await delayOf('LATE')).toMatchObject({ rule: 'past_promise', cause_tag: 'past_promise', days_late: 2, calendar: 'SE', resolved_at: null });
    expect(await delayOf('DUE-TODAY')).toBeUndefined();
  });

  it('holidays count as the country keeps them: the Russian New Year days are not days late; a country without a calendar says so', async () => {
    clock.set('2027-01-11T12:00:00Z'); // Monday
    for (const country of ['RU', 'SE', 'DE']) {
      await addShipment(db, { external: `NY-${country}`, carrier: 'DHL', shippedAt: '2026-12-28T09:00:00Z', promisedOn: '2026-12-30', country });
      await scan(`NY-${country}`, 'in_transit', '2027-01-10T09:00:00Z');
    }
    await detectDelays(db, clock.now());
    // After Wed 30 Dec: Russia works again only on 11 Jan; Sweden on 4, 5, 7, 8 and 11 Jan; Germany (no calendar shipped) Monday to Friday.
    expect(await delayOf('NY-RU')).toMatchObject({ days_late: 1, calendar: 'RU' });
    expect(await delayOf('NY-SE')).toMatchObject({ days_late: 5, calendar: 'SE' });
    expect(await delayOf('NY-DE')).toMatchObject({ days_late: 8, calendar: 'weekdays: no calendar for DE' });
  });

  it('the carrier\'s estimate moved beyond the promise: late before the promised day comes', async () => {
    await addShipment(db, { external: 'SLIPPED', carrier: 'UPS', shippedAt: '2026-11-17T09:00:00Z', promisedOn: '2026-11-25', estimatedOn: '2026-11-27', country: 'SE' });
    await scan('SLIPPED', 'in_transit', '2026-11-18T08:00:00Z');
    await detectDelays(db, clock.now());
    expect(await delayOf('SLIPPED')).toMatchObject({ rule: 'estimate_beyond_promise', cause_tag: 'estimate_slipped', days_late: 2 });
  });

  it('no first scan N working hours after hand-over: a weekend does not count', async () => {
    await addShipment(db, { external: 'NOT-PICKED', carrier: 'GLS', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-23', country: 'SE' });
    clock.set('2026-11-18T08:00:00Z'); // 47 h after hand-over
    await detectDelays(db, clock.now());
    expect(await delayOf('NOT-PICKED')).toBeUndefined();
    clock.set('2026-11-18T10:00:00Z'); // 49 h
    await detectDelays(db, clock.now());
    expect(await delayOf('NOT-PICKED')).toMatchObject({ rule: 'no_first_scan', cause_tag: 'not_picked_up', days_late: 0 });

    // Handed over on Friday: by Monday 73 hours have passed, 25 of them working hours.
    await addShipment(db, { external: 'FRIDAY', carrier: 'GLS', shippedAt: '2026-11-20T10:00:00Z', promisedOn: '2026-11-27', country: 'SE' });
    clock.set('2026-11-23T11:00:00Z');
    await detectDelays(db, clock.now());
    expect(await delayOf('FRIDAY')).toBeUndefined();
  });

  it('no scan for too long, and exception statuses; the threshold and the rules are editable', async () => {
    await addShipment(db, { external: 'STALLED', carrier: 'DPD', shippedAt: '2026-11-12T09:00:00Z', promisedOn: '2026-11-30', country: 'SE' });
    await scan('STALLED', 'in_transit', '2026-11-13T10:00:00Z'); // Friday
    await addShipment(db, { external: 'EXCEPTION', carrier: 'DPD', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-30', country: 'SE' });
    await scan('EXCEPTION', 'failed_attempt', '2026-11-18T09:00:00Z');
    await detectDelays(db, clock.now()); // Wednesday: 121 h since the scan, 73 working
    expect(await delayOf('STALLED')).toBeUndefined();
    expect(await delayOf('EXCEPTION')).toMatchObject({ rule: 'exception_status', cause_tag: 'carrier_exception' });

    await updateDetectionRule(db, clock, designer, 'no_scan', { threshold_hours: 72 });
    await updateDetectionRule(db, clock, designer, 'exception_status', { statuses: ['exception', 'return_to_sender'] });
    await detectDelays(db, clock.now());
    expect(await delayOf('STALLED')).toMatchObject({ rule: 'no_scan', cause_tag: 'stalled', resolved_at: null });
    expect((await delayOf('EXCEPTION'))!.resolved_at).toEqual(clock.now());

    await updateDetectionRule(db, clock, designer, 'no_scan', { enabled: false });
    await expect(updateDetectionRule(db, clock, designer, 'no_first_scan', { threshold_hours: null })).rejects.toMatchObject({ kind: 'invalid' });
    clock.advance(60_000);
    await detectDelays(db, clock.now());
    expect((await delayOf('STALLED'))!.resolved_at).toEqual(clock.now());
    await updateDetectionRule(db, clock, designer, 'no_scan', { enabled: true, threshold_hours: 96 });
    await updateDetectionRule(db, clock, designer, 'exception_status', { statuses: ['exception', 'failed_attempt', 'return_to_sender'] });
  });

  it('a delivered order is never late, and its delay is resolved; the sweep reports only the newly late', async () => {
    await addShipment(db, { external: 'DELIVERED-LATE', carrier: 'UPS', shippedAt: '2026-11-10T09:00:00Z', promisedOn: '2026-11-13', country: 'SE' });
    await addShipment(db, { external: 'DELIVERED', carrier: 'UPS', shippedAt: '2026-11-10T09:00:00Z', promisedOn: '2026-11-13', country: 'SE' });
    await db.query(`UPDATE shipments SET status = 'delivered', delivered_at = '2026-11-12T15:00:00Z', delivery_status = 'delivered' WHERE external_id = 'DELIVERED'`);
    const first = await detectDelays(db, clock.now());
    expect(first.newlyLate).toHaveLength(1);
    expect(await delayOf('DELIVERED')).toBeUndefined();
    expect((await detectDelays(db, clock.now())).newlyLate).toEqual([]);
    expect(await delayOf('DELIVERED-LATE')).toMatchObject({ days_late: 3 });
    // Delivered on Thursday 19th, seen by Friday's sweep: promised Friday 13th, late Mon 16th to Thu 19th, counted up to the delivery day.
    await db.query(`UPDATE shipments SET status = 'delivered', delivered_at = '2026-11-19T10:00:00Z', delivery_status = 'delivered' WHERE external_id = 'DELIVERED-LATE'`);
    clock.set('2026-11-20T11:00:00Z');
    expect((await detectDelays(db, clock.now())).resolved).toBe(1);
    expect(await delayOf('DELIVERED-LATE')).toMatchObject({ days_late: 4, resolved_at: clock.now() });
  });
});
