import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpus } from '../../../test/corpora.ts';
import { expectedPurchases, fitBgNbd, medianTimeToNextPurchase, probabilityAlive, totalLogLikelihood, type PurchaseHistory } from './bg-nbd.ts';

const DAY_MS = 86_400_000;
const WEEK_DAYS = 7;

/**
 * The CDNOW sample as Fader, Hardie & Lee (2005) fit it: the 2,357 customers' purchases up
 * to the end of week 39 (1997-09-30), purchases on one day merged, time in weeks, T counted
 * from each customer's first purchase to the end of that day.
 */
function cdnowCalibration(): PurchaseHistory[] {
  const end = Date.UTC(1997, 8, 30);
  const first = new Map<string, number>();
  const days = new Map<string, Set<number>>();
  for (const line of readFileSync(corpus('cdnow', 'CDNOW_sample.txt'), 'utf8').trim().split('\n')) {
    const [, customer, date] = line.trim().split(/\s+/) as [string, string, string];
    const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    if (day < (first.get(customer) ?? Infinity)) first.set(customer, day);
    if (day > end) continue;
    const set = days.get(customer) ?? new Set<number>();
    days.set(customer, set.add(day));
  }
  return [...days].map(([customer, set]) => {
    const start = first.get(customer)!;
    const weeks = (ms: number) => ms / DAY_MS / WEEK_DAYS;
    return { x: set.size - 1, tx: weeks(Math.max(...set) - start), T: weeks(end - start) };
  });
}

describe('BG/NBD (issue 14, W1): the published CDNOW fit, reproduced', () => {
  const histories = cdnowCalibration();

  it('reads the calibration period as the paper does: 2,357 customers, 946 of them bought again', () => {
    expect(histories).toHaveLength(2357);
    expect(histories.filter((h) => h.x > 0)).toHaveLength(946);
  });

  it('fits r = 0.243, α = 4.414, a = 0.793, b = 2.426 by maximum likelihood, ln L = −9,582.4', () => {
    const fit = fitBgNbd(histories);
    if (fit.status !== 'fitted') throw new Error(`refused: ${fit.detail}`);
    // Tolerance: the paper prints three decimals; our optimum must round to them (±0.0015).
    expect(Math.abs(fit.params.r - 0.243)).toBeLessThan(0.0015);
    expect(Math.abs(fit.params.alpha - 4.414)).toBeLessThan(0.0015);
    expect(Math.abs(fit.params.a - 0.793)).toBeLessThan(0.0015);
    expect(Math.abs(fit.params.b - 2.426)).toBeLessThan(0.0015);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.05);
    // A maximum: the published point is no better than ours.
    expect(totalLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, histories)).toBeLessThanOrEqual(fit.logLikelihood + 1e-6);
  });

  it("gives the paper's conditional expectation: x = 2, t_x = 30.43, T = 38.86 buys 1.226 times in the next 39 weeks", () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    expect(expectedPurchases(params, customer, 39)).toBeCloseTo(1.226, 2);
    expect(expectedPurchases(params, customer, 0)).toBe(0);
  });

  it('gives a one-time buyer P(alive) = 1 whatever their recency, and a lapsed repeat buyer less than a recent one', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(probabilityAlive(params, { x: 0, tx: 0, T: 38 })).toBe(1);
    const recent = probabilityAlive(params, { x: 3, tx: 36, T: 38 });
    const lapsed = probabilityAlive(params, { x: 3, tx: 5, T: 38 });
    expect(recent).toBeGreaterThan(0.8);
    expect(lapsed).toBeLessThan(0.3);
  });

  it('puts the next purchase of a frequent buyer sooner than that of a rare one', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const frequent = medianTimeToNextPurchase(params, { x: 10, tx: 37, T: 38 });
    const rare = medianTimeToNextPurchase(params, { x: 1, tx: 20, T: 38 });
    expect(frequent).toBeGreaterThan(0);
    expect(frequent).toBeLessThan(rare);
    // Under Gamma(r + x, α + T) the median wait is (α + T)(2^(1/(r+x)) − 1).
    expect(frequent).toBeCloseTo((4.414 + 38) * (2 ** (1 / 10.243) - 1), 10);
  });

  it('says so instead of inventing numbers when the history is too thin', () => {
    const few = histories.slice(0, 50);
    expect(fitBgNbd(few)).toMatchObject({ status: 'refused', reason: 'too_few_customers', customers: 50 });
    const noRepeats = histories.filter((h) => h.x === 0);
    expect(fitBgNbd(noRepeats)).toMatchObject({ status: 'refused', reason: 'too_few_repeat_buyers', repeatBuyers: 0 });
    // Three weeks of history where customers come back every few weeks: no basis for a lifetime.
    const short = Array.from({ length: 200 }, (_, i) => ({ x: i % 2, tx: i % 2 ? 2.5 : 0, T: 3 }));
    expect(fitBgNbd(short)).toMatchObject({ status: 'refused', reason: 'history_too_short' });
  });
});
