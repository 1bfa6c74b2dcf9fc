import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { ManualClock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { detectDelays } from './detection/detect-delays.ts';
import { measurePredictions, refreshPredictions } from './prediction/predict-delivery.ts';
import { addShipment } from './test/shipments.ts';

/** Monday to Friday (Germany has no holiday calendar shipped: weekdays, as detection says). */
const addWorkdays = (day: string, n: number): string => {
  let d = new Date(`${day}T00:00:00Z`);
  for (let left = n; left > 0;) {
    d = new Date(d.getTime() + 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
};

describe('predicted delivery (issue 15.9): from the carrier\'s own history, with a range, measured on held-out shipments', () => {
  let db: Db;
  const clock = new ManualClock('2026-11-18T11:00:00Z'); // a Wednesday
  const history: string[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    // A fixture history: 60 parcels handed over on working days from 3 August, taking 2, 3, 3, 3 or 4
    // working days; the carrier promises (its own estimate) 1 working day, as the seed's slipping carrier did.
    let day = '2026-07-31';
    for (let i = 0; i < 60; i++) {
      day = addWorkdays(day, 1);
      const transit = [2, 3, 3, 3, 4][i % 5]!;
      const external = `H-${i}`;
      history.push(day);
      await addShipment(db, { external, carrier: 'FastPost', shippedAt: `${day}T09:00:00Z`, promisedOn: addWorkdays(day, 2), estimatedOn: addWorkdays(day, 1), country: 'DE' });
      await db.query(`UPDATE shipments SET status = 'delivered', delivered_at = $2, delivery_status = 'delivered', original_estimated_delivery_on = estimated_delivery_on WHERE external_id = $1`,
        [external, `${addWorkdays(day, transit)}T15:00:00Z`]);
    }
  });
  afterAll(async () => db.close());

  it('prints the mean absolute error next to the carrier\'s own estimate on the held-out last quarter', async () => {
    const cutoff = new Date(`${history[45]}T00:00:00Z`);
    const accuracy = await measurePredictions(db, cutoff);
    console.info(`predicted delivery, held-out ${accuracy.shipments} shipments: MAE ${accuracy.mae_days?.toFixed(2)} days (carrier's own estimate ${accuracy.carrier_mae_days?.toFixed(2)} days), ${((accuracy.within_range ?? 0) * 100).toFixed(0)} % inside the range`);
    expect(accuracy.shipments).toBe(15);
    expect(accuracy.without_history).toBe(0);
    expect(accuracy.mae_days!).toBeLessThan(accuracy.carrier_mae_days!);
    expect(accuracy.carrier_mae_days!).toBeGreaterThanOrEqual(2);
    expect(accuracy.within_range).toBe(1);
  });

  it('estimates an open shipment with its range, and detection finds the estimate beyond the promise', async () => {
    // Handed over Monday 16 November, promised Tuesday 17th (one working day, as the carrier says); the history says three.
    const id = await addShipment(db, { external: 'OPEN', carrier: 'FastPost', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-19', estimatedOn: '2026-11-17', country: 'DE' });
    await db.query(`UPDATE shipments SET delivery_status = 'in_transit', first_scan_at = '2026-11-16T12:00:00Z', last_scan_at = '2026-11-18T08:00:00Z' WHERE id = $1`, [id]);
    // Another carrier without history gets no estimate, said as a count.
    await addShipment(db, { external: 'NEW-CARRIER', carrier: 'Unheard', shippedAt: '2026-11-16T09:00:00Z', promisedOn: '2026-11-30', country: 'DE' });
    expect(await refreshPredictions(db, clock.now())).toEqual({ predicted: 1, without_history: 1 });
    const [p] = await db.query(`SELECT predicted_on::text, earliest_on::text, latest_on::text, transit_days, basis, history FROM delivery_predictions WHERE shipment_id = $1`, [id]);
    expect(p).toEqual({ predicted_on: '2026-11-19', earliest_on: '2026-11-18', latest_on: '2026-11-20', transit_days: 3, basis: 'lane', history: 60 });
    // Promised the 19th: not late. Promise it the 18th and the estimate lies a working day beyond it.
    await detectDelays(db, clock.now());
    expect(await db.query('SELECT 1 FROM delivery_delays WHERE shipment_id = $1', [id])).toHaveLength(0);
    await db.query(`UPDATE shipments SET promised_on = '2026-11-18' WHERE id = $1`, [id]);
    await detectDelays(db, clock.now());
    const [delay] = await db.query(`SELECT rule, cause_tag, days_late FROM delivery_delays WHERE shipment_id = $1`, [id]);
    expect(delay).toEqual({ rule: 'predicted_beyond_promise', cause_tag: 'predicted_late', days_late: 1 });
  });
});
