import { normalizeGtin } from './gtin.ts';
import { parseProductCode } from './product-code.ts';
import type { Gs1Identity, Gs1ParseOptions, Gs1Result } from './result.ts';

/**
 * What one "lot number or code" field holds: a whole code (a Digital Link, a scanned
 * DataMatrix or GS1-128, the bracketed element string under a barcode), a bare GTIN, or a
 * lot code as printed. Lot codes are free text ("L2609-2943", "004512"), so anything that
 * does not have a code's shape is taken as a lot — never rejected as an unreadable code.
 */
export type TypedCode = { kind: 'code'; identity: Gs1Identity } | { kind: 'gtin'; gtin: string } | { kind: 'lot'; lot: string };

/** A scanner's symbology prefix (]d2, ]Q3, ]C1), bracketed AIs, or a URI: a code, not a lot. */
const CODE_SHAPE = /^\]|\(\d{2,4}\)|^https?:\/\//i;
/** The group separator a scanner puts between variable-length AIs. */
const GS = String.fromCharCode(29);
/** AI 01 and a full GTIN at the start: a DataMatrix read without its prefix. */
const BARE_ELEMENT_STRING = /^01\d{14}./;
const PLAIN_GTIN = /^(\d{8}|\d{12,14})$/;

export function readTypedCode(input: string, options: Gs1ParseOptions = {}): Gs1Result<TypedCode> {
  const text = input.trim();
  if (CODE_SHAPE.test(text) || text.includes(GS) || BARE_ELEMENT_STRING.test(text) || /^urn:epc:/i.test(text)) {
    const parsed = parseProductCode(text, options);
    return parsed.ok ? { ok: true, value: { kind: 'code', identity: parsed.value } } : parsed;
  }
  // An all-digit lot of GTIN length reads as a GTIN when its check digit holds; a caller that
  // already knows the product (a recall page, a Digital Link) takes it as that product's lot.
  const gtin = PLAIN_GTIN.test(text) ? normalizeGtin(text) : null;
  if (gtin) return { ok: true, value: { kind: 'gtin', gtin } };
  return { ok: true, value: { kind: 'lot', lot: text } };
}
