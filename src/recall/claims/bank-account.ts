/**
 * Bank details for a refund (the payout export feeds a SEPA/bank transfer). An IBAN is
 * checked by its ISO 13616 mod-97 check digits and its country's length, so a typo is
 * caught on the claim form, not by a bounced transfer a week later.
 */

// Lengths of the IBAN countries Rebound's seeds and their neighbours use; others: 15–34.
const IBAN_LENGTHS: Record<string, number> = {
  AT: 20, BE: 16, CH: 21, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, IE: 22, IT: 27,
  LT: 20, LV: 21, NL: 18, NO: 15, PL: 28, PT: 25, SE: 24, UA: 29, RU: 33,
};

export type IbanResult = { ok: true; iban: string } | { ok: false; message: string };

export function normalizeIban(input: string): IbanResult {
  const iban = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return { ok: false, message: 'an IBAN is a country code, two check digits and up to 30 letters or digits' };
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return { ok: false, message: `an IBAN from ${iban.slice(0, 2)} has ${expected} characters, this one has ${iban.length}` };
  // Move the first four characters to the end, letters to numbers (A=10 … Z=35), mod 97 must be 1.
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  if (remainder !== 1) return { ok: false, message: 'the check digits do not match: please check the IBAN for a typo' };
  return { ok: true, iban };
}

/** A BIC (SWIFT code): 4 bank letters, 2 country letters, 2 location characters, optional branch. */
export function normalizeBic(input: string): string | null {
  const bic = input.replace(/\s/g, '').toUpperCase();
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? bic : null;
}
