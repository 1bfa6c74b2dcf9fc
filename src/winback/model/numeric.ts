/**
 * The few numerical tools the repeat-purchase model needs, written out so the model adds no
 * dependency: ln Γ, the Gauss hypergeometric function and a Nelder–Mead minimiser.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 (the model only calls it there).
 * Terms shrink geometrically once j passes a, b and c, so the loop ends well inside its cap.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 ≤ z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let j = 0; j < 100_000; j++) {
    term *= ((a + j) * (b + j)) / ((c + j) * (j + 1)) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

export interface MinimiseResult {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Nelder–Mead simplex minimisation (standard coefficients). Stops when the simplex's values
 * differ by less than `tolerance` or after `maxIterations`; says which.
 */
export function nelderMead(
  f: (x: number[]) => number, start: number[],
  options: { step?: number; tolerance?: number; maxIterations?: number; abandonWhen?: (best: number[]) => boolean } = {},
): MinimiseResult {
  const { step = 0.5, tolerance = 1e-10, maxIterations = 5000, abandonWhen } = options;
  const n = start.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex = [start, ...start.map((_, i) => start.map((x, j) => (i === j ? x + step : x)))].map((point) => ({ point, value: value(point) }));
  const combine = (a: number[], b: number[], t: number) => a.map((x, i) => x + t * (b[i]! - x));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) {
      return { point: best.point, value: best.value, iterations: iteration, converged: Number.isFinite(best.value) };
    }
    if (abandonWhen?.(best.point)) return { point: best.point, value: best.value, iterations: iteration, converged: false };
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((sum, p) => sum + p.point[i]!, 0) / n);
    const reflected = combine(centroid, worst.point, -1);
    const reflectedValue = value(reflected);
    if (reflectedValue < best.value) {
      const expanded = combine(centroid, worst.point, -2);
      const expandedValue = value(expanded);
      simplex[n] = expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
    } else if (reflectedValue < simplex[n - 1]!.value) {
      simplex[n] = { point: reflected, value: reflectedValue };
    } else {
      const outside = reflectedValue < worst.value;
      const contracted = combine(centroid, outside ? reflected : worst.point, 0.5);
      const contractedValue = value(contracted);
      if (contractedValue < (outside ? reflectedValue : worst.value)) {
        simplex[n] = { point: contracted, value: contractedValue };
      } else {
        simplex = simplex.map((p, i) => (i === 0 ? p : { point: combine(best.point, p.point, 0.5), value: 0 })).map((p, i) => (i === 0 ? p : { point: p.point, value: value(p.point) }));
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  return { point: simplex[0]!.point, value: simplex[0]!.value, iterations: maxIterations, converged: false };
}
