import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or a token: 32 bytes, URL-safe. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * Session ids and API tokens are long random strings, so a fast hash is enough to store
 * them (unlike passwords): a leaked table cannot be turned back into working credentials.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
