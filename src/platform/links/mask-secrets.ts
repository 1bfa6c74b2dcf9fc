/**
 * What lets someone act as a customer, found in text a console user reads: signed link
 * tokens (survey, unsubscribe, claim, upload, tracking — `signToken` output, whose JSON
 * payload always starts `eyJ`), API tokens (`rbd_…`) and voucher codes
 * (`7K2M-QX9D-R4TB-W1HZ`, recall/compensation/voucher-code.ts; goodwill vouchers share it).
 * A role that may only read messages sees them masked (issue 12, decision 018): it can
 * tell that a mail carried a code or a link, and which, without being able to use either.
 */
const SIGNED_TOKEN = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}/g;
const API_TOKEN = /\brbd_[A-Za-z0-9_-]{8,}/g;
// Crockford base32 in four groups of four; a leading or trailing word character means it is part of something longer.
const VOUCHER_CODE = /(?<![0-9A-Za-z-])([0-9A-HJKMNP-TV-Z]{4})-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}(?![0-9A-Za-z-])/g;

/** What stands in for a masked token or the hidden part of a code. */
export const MASK = '••••';

/** The text with every token and voucher code masked; a voucher keeps its first group, so people can tell codes apart. */
export function maskSecrets(text: string): string {
  return text
    .replace(SIGNED_TOKEN, MASK)
    .replace(API_TOKEN, `rbd_${MASK}`)
    .replace(VOUCHER_CODE, (_code, first: string) => `${first}-${MASK}-${MASK}-${MASK}`);
}

/** The same for every string inside a JSON-like value (a message's variables, a mail's headers). */
export function maskSecretsDeep<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskSecretsDeep(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSecretsDeep(item)])) as T;
  }
  return value;
}
