import { gs1DateToIso } from './gs1-date.ts';
import { fail, succeed, type Gs1Identity, type Gs1Result } from './result.ts';

/**
 * Turns validated AI values into the identity Rebound works with. A GTIN is required:
 * without it there is no product to recall, whatever else the code carries.
 */
export function identityFromAis(ais: Record<string, string>, now: Date): Gs1Result<Gs1Identity> {
  const gtin = ais['01'];
  if (gtin === undefined) {
    const found = Object.keys(ais).map((ai) => `(${ai})`).join(' ') || 'none';
    return fail('missing_gtin', `no GTIN (AI 01) in the code; AIs found: ${found}`);
  }
  const identity: Gs1Identity = { gtin, ais };
  if (ais['21'] !== undefined) identity.serial = ais['21'];
  if (ais['10'] !== undefined) identity.lot = ais['10'];
  const expiry = isoDate(ais['17'], now);
  if (expiry) identity.expiry = expiry;
  const productionDate = isoDate(ais['11'], now);
  if (productionDate) identity.productionDate = productionDate;
  const bestBefore = isoDate(ais['15'], now);
  if (bestBefore) identity.bestBefore = bestBefore;
  return succeed(identity);
}

/** Dates were validated when collected, so a failure here cannot happen; undefined keeps types honest. */
function isoDate(yymmdd: string | undefined, now: Date): string | undefined {
  if (yymmdd === undefined) return undefined;
  const parsed = gs1DateToIso(yymmdd, now);
  return parsed.ok ? parsed.value : undefined;
}
