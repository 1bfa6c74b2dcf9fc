import { parseDigitalLink } from './digital-link.ts';
import { parseElementString } from './element-string.ts';
import { parseEpcUri } from './epc-uri.ts';
import { normalizeGtin } from './gtin.ts';
import { fail, succeed, type Gs1Identity, type Gs1ParseOptions, type Gs1Result } from './result.ts';

/** A bare EAN/UPC/GTIN as typed or read from a linear barcode; no element string is this short and all digits. */
const PLAIN_GTIN = /^(\d{8}|\d{12,14})$/;

/**
 * One entry point for whatever a user or scanner hands over: a Digital Link URI, an EPC
 * sgtin/lgtin URI, a bare GTIN, or an element string (scanned or bracketed). Picks by shape.
 */
export function parseProductCode(input: string, options: Gs1ParseOptions = {}): Gs1Result<Gs1Identity> {
  const text = input.trim();
  if (text.length === 0) return fail('empty', 'the code is empty');
  if (/^https?:\/\//i.test(text)) return parseDigitalLink(text, options);
  if (/^urn:epc:/i.test(text)) return identityFromEpcUri(text);
  if (PLAIN_GTIN.test(text)) return identityFromPlainGtin(text);
  return parseElementString(input, options);
}

function identityFromEpcUri(uri: string): Gs1Result<Gs1Identity> {
  const epc = parseEpcUri(uri);
  if (!epc.ok) return epc;
  const identity = epc.value;
  switch (identity.kind) {
    case 'sgtin':
      return succeed({ gtin: identity.gtin, serial: identity.serial, ais: { '01': identity.gtin, '21': identity.serial } });
    case 'lgtin':
      return succeed({ gtin: identity.gtin, lot: identity.lot, ais: { '01': identity.gtin, '10': identity.lot } });
    case 'gtin-class':
      return succeed({ gtin: identity.gtin, ais: { '01': identity.gtin } });
    default:
      return fail('missing_gtin', `the EPC URI names a ${identity.kind === 'other' ? identity.scheme : identity.kind}, not a product`);
  }
}

function identityFromPlainGtin(code: string): Gs1Result<Gs1Identity> {
  const gtin = normalizeGtin(code);
  if (!gtin) return fail('bad_check_digit', `GTIN ${code} has a wrong check digit`, { ai: '01' });
  return succeed({ gtin, ais: { '01': gtin } });
}
