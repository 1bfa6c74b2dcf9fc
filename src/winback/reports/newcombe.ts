/**
 * Confidence intervals for the uplift of a win-back against its control group (decision 038).
 *
 * Wilson's score interval for each rate and Newcombe's hybrid score interval (his method 10,
 * Statistics in Medicine 1998) for their difference. Chosen over the Wald interval because the
 * groups are small (a 10 % control of a few hundred entries) and the rates often near 0: there
 * the Wald interval is too narrow, and at a rate of 0 or 1 it collapses to a single point.
 */
const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson's 95 % score interval for `successes` out of `n` (n > 0). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's 95 % interval for p1 − p2 (treated minus control), both groups non-empty: the
 * difference's distance to each end combines the two Wilson intervals' distances on that side.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): { difference: number } & Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: difference + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}
