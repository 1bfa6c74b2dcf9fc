import { simpleParser, type AddressObject } from 'mailparser';
import type { Db } from '../../platform/db/database.ts';

export interface ReceivedMail {
  messageId: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  subject: string | null;
  raw: string;
}

/**
 * Keeps a received message; the same Message-ID handed over again is kept once and
 * counted in `deliveries`, which is how the demo shows that nobody got a message twice.
 */
export async function storeReceivedMail(db: Db, mail: ReceivedMail): Promise<void> {
  await db.query(
    `INSERT INTO comms_mailbox (message_id, envelope_from, envelope_to, subject, raw) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (message_id) DO UPDATE SET deliveries = comms_mailbox.deliveries + 1`,
    [mail.messageId, mail.envelopeFrom, mail.envelopeTo, mail.subject, mail.raw],
  );
}

export async function acceptedMessageIds(db: Db, messageIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ message_id: string }>('SELECT message_id FROM comms_mailbox WHERE message_id = ANY($1::text[])', [messageIds]);
  return new Set(rows.map((r) => r.message_id));
}

export async function listMailbox(db: Db, filter: { to?: string; q?: string; limit: number; offset: number }) {
  const params = [filter.to?.toLowerCase() ?? null, filter.q ? `%${filter.q.toLowerCase()}%` : null];
  const where = `WHERE ($1::text IS NULL OR $1 = ANY(SELECT lower(t) FROM unnest(envelope_to) AS t)) AND ($2::text IS NULL OR lower(subject) LIKE $2)`;
  const items = await db.query(
    `SELECT id, message_id, envelope_from AS "from", envelope_to AS "to", subject, deliveries, received_at
     FROM comms_mailbox ${where} ORDER BY received_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [...params, filter.limit, filter.offset],
  );
  const [total] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM comms_mailbox ${where}`, params);
  return { items, total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
}

/** One message as a mail client would show it: headers, the HTML and the text part. */
export async function readMailboxMessage(db: Db, id: number) {
  const [row] = await db.query<{ id: number; message_id: string; envelope_from: string | null; envelope_to: string[]; deliveries: number; received_at: Date; raw: string }>(
    'SELECT id, message_id, envelope_from, envelope_to, deliveries, received_at, raw FROM comms_mailbox WHERE id = $1',
    [id],
  );
  if (!row) return undefined;
  const parsed = await simpleParser(row.raw, { skipImageLinks: true });
  const headers = parsed.headerLines.map((h) => ({ name: h.key, value: h.line.slice(h.line.indexOf(':') + 1).trim() }));
  return {
    id: row.id,
    message_id: row.message_id,
    envelope_from: row.envelope_from,
    envelope_to: row.envelope_to,
    deliveries: row.deliveries,
    received_at: row.received_at,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? null,
    date: parsed.date ?? null,
    language: typeof parsed.headers.get('content-language') === 'string' ? (parsed.headers.get('content-language') as string) : null,
    headers,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string | null {
  if (!address) return null;
  return (Array.isArray(address) ? address : [address]).map((a) => a.text).join(', ');
}
