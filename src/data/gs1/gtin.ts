import { endsWithValidCheckDigit, gs1Mod10CheckDigit } from './check-digit.ts';

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** GS1 mod-10 check digit for a GTIN body (7, 11, 12 or 13 digits; any digit string works). */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  return gs1Mod10CheckDigit(digitsWithoutCheck);
}

/** GTIN-8, -12, -13 or -14: digits only, no spaces, correct check digit. */
export function isValidGtin(code: string): boolean {
  return GTIN_LENGTHS.has(code.length) && endsWithValidCheckDigit(code);
}

/**
 * The 14-digit form GS1 uses in element strings and Digital Links, so one product has one key
 * whether it was scanned from an EAN-13, a UPC-A or a DataMatrix. Null when invalid.
 */
export function normalizeGtin(code: string): string | null {
  return isValidGtin(code) ? code.padStart(14, '0') : null;
}

/** Global Location Number: 13 digits with a check digit. */
export function isValidGln(code: string): boolean {
  return code.length === 13 && endsWithValidCheckDigit(code);
}
