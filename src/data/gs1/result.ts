/**
 * Shared result and identity shapes for every GS1 parser in this folder.
 * Parsers return errors as values: a bad scan is an everyday input, not an exception.
 */

export type Gs1ErrorCode =
  | 'empty'
  | 'unknown_ai'
  | 'truncated'
  | 'bad_check_digit'
  | 'bad_date'
  | 'bad_format'
  | 'missing_gtin'
  | 'bad_uri';

export type Gs1Error = {
  code: Gs1ErrorCode;
  message: string;
  /** 0-based index into the caller's original input, where the problem starts. */
  position?: number;
  ai?: string;
};

export type Gs1Result<T> = { ok: true; value: T } | { ok: false; error: Gs1Error };

export interface Gs1Identity {
  /** Always 14 digits, whatever length the source carried. */
  gtin: string;
  /** AI 21 */
  serial?: string;
  /** AI 10 */
  lot?: string;
  /** AI 17 as YYYY-MM-DD; day 00 becomes the last day of the month (GS1 General Specifications). */
  expiry?: string;
  /** AI 11 as YYYY-MM-DD */
  productionDate?: string;
  /** AI 15 as YYYY-MM-DD */
  bestBefore?: string;
  /** Every AI → its value as read, e.g. {'01': '0…', '21': 'abc'}. */
  ais: Record<string, string>;
}

/** Knobs shared by the parsers; `now` anchors the two-digit-year window so tests are stable. */
export interface Gs1ParseOptions {
  now?: Date;
}

export function succeed<T>(value: T): Gs1Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  code: Gs1ErrorCode,
  message: string,
  where: { position?: number; ai?: string } = {},
): Gs1Result<T> {
  const error: Gs1Error = { code, message };
  // Only set what is known, so errors serialise without "position": undefined noise.
  if (where.position !== undefined) error.position = where.position;
  if (where.ai !== undefined) error.ai = where.ai;
  return { ok: false, error };
}
