/** GS1 identifiers for Rebound: GTIN/GLN checks, parsers for element strings, Digital Links and EPC URIs, and typed lot codes matched to printed ones. No I/O. */
export { gtinCheckDigit, isValidGln, isValidGtin, normalizeGtin } from './gtin.ts';
export type { Gs1Error, Gs1ErrorCode, Gs1Identity, Gs1ParseOptions, Gs1Result } from './result.ts';
export { parseElementString } from './element-string.ts';
export { parseDigitalLink } from './digital-link.ts';
export { parseEpcUri, type EpcIdentity } from './epc-uri.ts';
export { parseProductCode } from './product-code.ts';
export { matchLotCode, nearestLotCode } from './lot-code.ts';
export { readTypedCode, type TypedCode } from './typed-code.ts';
