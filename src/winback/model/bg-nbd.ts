import { hyp2f1, lnGamma, nelderMead } from './numeric.ts';

/**
 * The BG/NBD repeat-purchase model (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way"): while alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); after every
 * purchase they drop out with probability p ~ Beta(a, b). A customer's history is summed up
 * by x (repeat purchases), t_x (time of the last purchase since the first) and T (time since
 * the first purchase), all in one time unit (the shop uses days, the published CDNOW fit weeks).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer's history, or `count` customers with the same one (the fit groups them). */
export interface PurchaseHistory {
  x: number;
  tx: number;
  T: number;
  count?: number;
}

/** ln L of one history (equation 6 of the paper, in the log-sum form that does not overflow). */
export function logLikelihood({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseHistory): number {
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const max = Math.max(a3, a4);
  return a1 + a2 + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
}

export function totalLogLikelihood(params: BgNbdParams, histories: readonly PurchaseHistory[]): number {
  let sum = 0;
  for (const h of histories) sum += (h.count ?? 1) * logLikelihood(params, h);
  return sum;
}

/** Why a fit was refused: the model says so instead of inventing numbers. */
export type FitRefusal = 'too_few_customers' | 'too_few_repeat_buyers' | 'history_too_short' | 'did_not_converge';

export type BgNbdFit =
  | { status: 'fitted'; params: BgNbdParams; logLikelihood: number; customers: number; repeatBuyers: number; iterations: number }
  | { status: 'refused'; reason: FitRefusal; customers: number; repeatBuyers: number; detail: string };

/**
 * What "enough history" means. Below these the likelihood is flat in some direction and the
 * optimiser wanders to parameters that fit nothing (a → 0 or α → ∞); the numbers would look
 * precise and mean nothing.
 */
export const MINIMUM_HISTORY = { customers: 100, repeatBuyers: 30, spanOverMedianGap: 2 } as const;

/**
 * Maximum likelihood by Nelder–Mead over the logarithms of the four parameters (so they stay
 * positive), restarted from the best point until two runs agree.
 */
export function fitBgNbd(histories: readonly PurchaseHistory[], options: { minimum?: typeof MINIMUM_HISTORY } = {}): BgNbdFit {
  const minimum = options.minimum ?? MINIMUM_HISTORY;
  let customers = 0;
  let repeatBuyers = 0;
  let longestT = 0;
  let meanT = 0;
  const gaps: number[] = [];
  for (const h of histories) {
    const n = h.count ?? 1;
    customers += n;
    meanT += n * h.T;
    longestT = Math.max(longestT, h.T);
    if (h.x > 0) {
      repeatBuyers += n;
      gaps.push(h.tx / h.x);
    }
  }
  meanT /= Math.max(customers, 1);
  const refuse = (reason: FitRefusal, detail: string): BgNbdFit => ({ status: 'refused', reason, customers, repeatBuyers, detail });
  if (customers < minimum.customers) return refuse('too_few_customers', `${customers} customers with purchases; the model needs at least ${minimum.customers}`);
  if (repeatBuyers < minimum.repeatBuyers) return refuse('too_few_repeat_buyers', `${repeatBuyers} customers bought more than once; the model needs at least ${minimum.repeatBuyers}`);
  gaps.sort((p, q) => p - q);
  const medianGap = gaps[Math.floor(gaps.length / 2)]!;
  if (longestT < minimum.spanOverMedianGap * medianGap) {
    return refuse('history_too_short', `the history spans ${round(longestT)} time units, less than ${minimum.spanOverMedianGap} typical gaps between purchases (${round(medianGap)})`);
  }

  const negative = (logs: number[]) => {
    const [r, alpha, a, b] = logs.map(Math.exp) as [number, number, number, number];
    return -totalLogLikelihood({ r, alpha, a, b }, histories);
  };
  // A flat likelihood sends the simplex walking off towards a → 0 or α → ∞; parameters past
  // 1e8 (or below 1e-8) are refused below anyway, so a walk well past that box is stopped at
  // once instead of running every iteration of every restart (11 s on a 150-customer demo shop,
  // on each recompute after an import). The margin (e² ≈ 7×) leaves room to turn back.
  const box = Math.log(1e8) + 2;
  const abandonWhen = (logs: number[]) => logs.some((v) => Math.abs(v) > box);
  // α is on the time scale of the data; starting it near the mean T saves the optimiser the walk.
  let start = [0, Math.log(Math.max(meanT, 1e-3)), 0, 0];
  let best = nelderMead(negative, start, { step: 1, abandonWhen });
  let iterations = best.iterations;
  for (let restart = 0; restart < 10 && (best.converged || !abandonWhen(best.point)); restart++) {
    start = best.point;
    const again = nelderMead(negative, start, { step: 0.1, abandonWhen });
    iterations += again.iterations;
    const settled = Math.abs(again.value - best.value) < 1e-7 * Math.abs(best.value);
    if (again.value <= best.value) best = again;
    // Settled without converging: a restart ran all its iterations and gained nothing, so the
    // simplex is creeping along a flat ridge (a and b growing together); more restarts only
    // repeat that (seconds each), and the result is refused below.
    if (settled && (again.converged || !best.converged)) break;
  }
  const [r, alpha, a, b] = best.point.map(Math.exp) as [number, number, number, number];
  const params = { r, alpha, a, b };
  if (!best.converged || ![r, alpha, a, b].every((v) => Number.isFinite(v) && v > 1e-8 && v < 1e8)) {
    return refuse('did_not_converge', `the likelihood has no clear maximum on this history (stopped at r=${round(r)}, α=${round(alpha)}, a=${round(a)}, b=${round(b)})`);
  }
  return { status: 'fitted', params, logLikelihood: -best.value, customers, repeatBuyers, iterations };
}

/**
 * P(alive | x, t_x, T). A customer who never bought again (x = 0) gets 1: the model has seen
 * no purchase after which they could have left. That is why "gone quiet" does not rest on it
 * alone (decision 026).
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return 1;
  const odds = (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x);
  return 1 / (1 + odds);
}

/** E[purchases in the next `t` time units | x, t_x, T] (equation 10 of the paper). */
export function expectedPurchases(params: BgNbdParams, history: PurchaseHistory, t: number): number {
  const { r, alpha, a, b } = params;
  const { x, T } = history;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * bracket * probabilityAlive(params, history);
}

/**
 * How long until an alive customer has an even chance of having bought again: the median of
 * the waiting time under their posterior purchase rate, Gamma(r + x, α + T). The expected
 * next-purchase date is the as-of date plus this, and is meant together with P(alive).
 */
export function medianTimeToNextPurchase({ r, alpha }: BgNbdParams, { x, T }: PurchaseHistory): number {
  return (alpha + T) * (Math.pow(2, 1 / (r + x)) - 1);
}

const round = (v: number) => Math.round(v * 1000) / 1000;
