import { normalizeGtin, parseProductCode } from '../../data/gs1/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';

export interface ScannedUnit {
  gtin: string;
  lot: string | null;
  serial: string | null;
}

/**
 * What a till sends: a scanned GS1 element string (DataMatrix, with GS separators or in
 * brackets), a GS1 Digital Link URI (a pack's QR code), an EPC URI, or GTIN + lot typed by hand.
 */
export function readScannedUnit(input: { code?: string; gtin?: string; lot?: string; serial?: string }): ScannedUnit {
  if (input.code) {
    const parsed = parseProductCode(input.code);
    if (!parsed.ok) {
      throw new AppError('invalid', `code: ${parsed.error.message}`, `stop_sale.${parsed.error.code}`, { errors: [{ field: 'querystring.code', message: parsed.error.message }] });
    }
    return { gtin: parsed.value.gtin, lot: input.lot ?? parsed.value.lot ?? null, serial: input.serial ?? parsed.value.serial ?? null };
  }
  if (!input.gtin) throw new AppError('invalid', 'send code (a scanned GS1 code or Digital Link) or gtin (with lot or serial)', 'stop_sale.no_code', { errors: [{ field: 'querystring.code', message: 'is required without gtin' }] });
  const gtin = normalizeGtin(input.gtin);
  if (!gtin) throw new AppError('invalid', `gtin: "${input.gtin}" is not a GTIN with a correct check digit`, 'stop_sale.bad_gtin', { errors: [{ field: 'querystring.gtin', message: 'wrong length or check digit' }] });
  return { gtin, lot: input.lot ?? null, serial: input.serial ?? null };
}
