/**
 * Lot codes as people type them, matched to lot codes as the pack prints them. A consumer
 * reads "L2609-2943" off a carton and types "l2609 2943", "L26092943" or "L2609-02943"; each
 * must find the printed lot, because a recalled lot that is not found is a recalled lot
 * someone keeps using. Pure functions: the public lot check and anything else that matches a
 * typed lot use these, so they agree on what "the same lot" means.
 */

/** What packs print and keyboards type between a lot code's parts: spaces, dashes of every width, dots, slashes. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212_./\\·:]+/gu;

/**
 * Upper case, full-width and other compatibility forms folded (NFKC: "Ｌ２６０９" is "L2609"),
 * separators dropped: "l2609 2943" and "L2609-2943" both become "L26092943".
 */
export function compactLotCode(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
}

/**
 * The lot's parts with leading zeros dropped from each run of digits, so "L2609-02943" and
 * "L2609-2943", or "004512" and "4512", read alike. Parts are kept apart (a separator, or a
 * change between letters and digits, starts a new one) so that dropping zeros never fuses
 * two different lots: "L26091-02" and "L2609-12" stay different.
 */
export function lotCodeParts(text: string): string {
  const parts = text.normalize('NFKC').toUpperCase().split(SEPARATORS).flatMap((chunk) => chunk.match(/\d+|\D+/g) ?? []);
  return parts.map((part) => (/^\d+$/.test(part) ? part.replace(/^0+(?=\d)/, '') : part)).join('|');
}

/**
 * The printed lots a typed code names, most exact first: the code as typed; else the same
 * characters ignoring case and separators; else the same parts ignoring leading zeros.
 * More than one lot can come back when two printed codes differ only in those ways — the
 * caller decides what that means (the lot check treats any recalled one as the answer).
 */
export function matchLotCode<T>(typed: string, lots: readonly T[], codeOf: (lot: T) => string): T[] {
  const trimmed = typed.trim();
  if (!trimmed) return [];
  const exact = lots.filter((lot) => codeOf(lot) === trimmed);
  if (exact.length) return exact;
  const compact = compactLotCode(trimmed);
  const sameCharacters = lots.filter((lot) => compactLotCode(codeOf(lot)) === compact);
  if (sameCharacters.length) return sameCharacters;
  const parts = lotCodeParts(trimmed);
  return lots.filter((lot) => lotCodeParts(codeOf(lot)) === parts);
}

/**
 * How many typing slips apart two lot codes are (insertions, deletions, substitutions and
 * swaps of neighbours — "2943" typed "2934" is one), compared in their compact form.
 */
export function lotCodeDistance(a: string, b: string): number {
  const x = compactLotCode(a);
  const y = compactLotCode(b);
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * The nearest lot within `maxSlips` typing slips (2 by default, and at most one slip per four
 * characters typed, so a three-character code does not "resemble" every other one), or none.
 * Ties go to the code that sorts first, so the answer does not depend on row order.
 */
export function nearestLotCode<T>(typed: string, lots: readonly T[], codeOf: (lot: T) => string, maxSlips = 2): T | undefined {
  const limit = Math.min(maxSlips, Math.floor(compactLotCode(typed).length / 4));
  let best: { lot: T; distance: number } | undefined;
  for (const lot of lots) {
    const distance = lotCodeDistance(typed, codeOf(lot));
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && codeOf(lot) < codeOf(best.lot))) best = { lot, distance };
  }
  return best?.lot;
}
