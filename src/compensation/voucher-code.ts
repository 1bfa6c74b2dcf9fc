import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O, U, so a code read out over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An unguessable voucher code: 80 random bits as 16 base32 characters in four groups,
 * e.g. `7K2M-QX9D-R4TB-W1HZ`. Guessing one valid code among a million issued takes
 * ~10^18 tries; redemption is rate-limited and authenticated besides.
 */
export function newVoucherCode(): string {
  return voucherCodeOf(randomBytes(10), 0);
}

/** `count` codes from one call to the random source: a recall issues 100,000+ at once. */
export function newVoucherCodes(count: number): string[] {
  const bytes = randomBytes(10 * count);
  return Array.from({ length: count }, (_, i) => voucherCodeOf(bytes, 10 * i));
}

function voucherCodeOf(bytes: Uint8Array, offset: number): string {
  let bits = 0n;
  for (let i = offset; i < offset + 10; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let code = '';
  for (let i = 0; i < 16; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code.match(/.{4}/g)!.join('-');
}

/** Accepts what people type: lower case, spaces, missing dashes, O for 0, I/L for 1. */
export function normalizeVoucherCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned)) return null;
  return cleaned.match(/.{4}/g)!.join('-');
}
