/**
 * Addresses of contacts (staff, a retail chain's mailbox) come from data entered by hand,
 * not from the customer import's checks, so they are checked before a message is written
 * and again before it is sent (a dead letter retried from the console is not re-queued
 * through the enqueue check).
 */

const MAX_ADDRESS_LENGTH = 254; // RFC 5321's limit for a forward path, less the angle brackets
// Deliberately plainer than RFC 5322: no quoted local parts, comments or IP literals, which
// nobody types for a business contact and which would let a ':' into the idempotency key.
const LOCAL_PART = String.raw`[^\s@<>()\[\]\\,;:"]+`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const ADDRESS = new RegExp(`^${LOCAL_PART}@${LABEL}(?:\\.${LABEL})+$`, 'u');

export function isEmailAddress(address: string): boolean {
  return address.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(address);
}

/**
 * The To: mailbox with the contact's display name, as nodemailer parses and MIME-encodes it.
 * Quotes are escaped; a backslash, which nodemailer's parser would keep doubled, and line
 * breaks, which would end the header, are dropped from the name.
 */
export function mailbox(name: string | null, address: string): string {
  const display = (name ?? '').replace(/[\\\p{Cc}]/gu, ' ').replace(/\s+/g, ' ').trim();
  return display ? `"${display.replace(/"/g, '\\"')}" <${address}>` : address;
}
