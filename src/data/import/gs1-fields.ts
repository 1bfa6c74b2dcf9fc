import { isValidGln, normalizeGtin } from '../gs1/index.ts';
import type { FieldParser } from './fields.ts';

/** GTIN-8/12/13/14 with a correct check digit, stored as GTIN-14. */
export const gtin: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  if (!/^\d{8}$|^\d{12,14}$/.test(value)) return { ok: false, message: `"${value}" is not a GTIN (8, 12, 13 or 14 digits)` };
  const normalized = normalizeGtin(value);
  return normalized ? { ok: true, value: normalized } : { ok: false, message: `"${value}" has a wrong check digit` };
};

export const gln: FieldParser<string> = (raw) => {
  const value = String(raw).trim();
  if (!/^\d{13}$/.test(value)) return { ok: false, message: `"${value}" is not a GLN (13 digits)` };
  return isValidGln(value) ? { ok: true, value } : { ok: false, message: `"${value}" has a wrong check digit` };
};
