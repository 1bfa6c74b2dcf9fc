import type { Db } from '../../platform/db/database.ts';
import { ERASED, recordLegalHolds, registerEraser, scrubIdentifiers, type ErasureSubject } from './eraser-registry.ts';

/**
 * Erasers for the tables of the modules that were there before privacy (data hub, comms,
 * cases, complaints, surveys, recall, engine, audit). They live here rather than in each
 * module only so that one change set could add them; a module added later registers its own
 * with `registerEraser` from src/privacy/index.ts. Legal reasons: decision 031.
 */

/** Proof that a safety notice reached the person (product-liability defence, up to 10 years). */
export const SAFETY_NOTICE_REASON = 'Proof that a product-safety notice was sent (GPSR Art. 36, product liability): kept 10 years, pseudonymised';
/** A refund is a bookkeeping record (Bokföringslagen 7 years; RU/UA tax law 5 / 3 years: the longest applies). */
export const REFUND_REASON = 'Financial record of a refund (bookkeeping law, 7 years): kept pseudonymised, bank details removed';

const yearsAfter = (now: Date, years: number) => `${now.getUTCFullYear() + years}-${now.toISOString().slice(5, 10)}`.replace('-02-29', '-02-28');

/** The cases about the person: linked to them, to their orders or shipments, or a complaint of theirs. */
const CASES_OF = `SELECT case_id FROM case_links WHERE kind = 'customer' AND target_id = $1
  UNION SELECT l.case_id FROM case_links l JOIN orders o ON l.kind = 'order' AND l.target_id = o.id WHERE o.customer_id = $1
  UNION SELECT l.case_id FROM case_links l JOIN shipments s ON l.kind = 'shipment' AND l.target_id = s.id JOIN orders o ON o.id = s.order_id WHERE o.customer_id = $1
  UNION SELECT case_id FROM complaints WHERE customer_id = $1`;
export const casesOfCustomerSql = CASES_OF;

const count = async (rows: Promise<unknown[]>) => (await rows).length;

export function registerCoreErasers(): void {
  // ---- communications: the mailbox first, while the outbox still knows its message ids ----
  registerEraser({
    table: 'comms_mailbox', module: 'comms', order: 10,
    async erase(tx, s) {
      // The embedded mailbox is a copy of what was sent, never a record: every mail to or about the person goes.
      const deleted = await count(tx.query(
        `DELETE FROM comms_mailbox WHERE message_id IN (SELECT message_id FROM comms_messages WHERE customer_id = $1 AND message_id IS NOT NULL)
            OR ($2::text IS NOT NULL AND (lower($2) = ANY (SELECT lower(x) FROM unnest(envelope_to) x) OR raw ILIKE '%' || $2 || '%'))
         RETURNING 1`, [s.customerId, s.email]));
      return { deleted };
    },
  });
  registerEraser({
    table: 'comms_messages', module: 'comms', order: 20,
    async erase(tx, s) {
      // Not sent yet: never sent now. One a worker is sending right now goes; the erasure
      // process's last step sweeps its recipient and mailbox copy once it has left.
      const cancelled = await count(tx.query(
        `UPDATE comms_messages SET status = 'suppressed', status_reason = 'erased'
         WHERE customer_id = $1 AND status = 'queued' RETURNING 1`, [s.customerId]));
      const safety = await tx.query<{ id: number }>(
        `SELECT id FROM comms_messages WHERE customer_id = $1 AND safety AND status IN ('sent', 'delivered', 'opened', 'clicked')`, [s.customerId]);
      // Every message keeps its row (campaign counts stay right) without address, name or variables.
      const anonymised = await count(tx.query(
        `UPDATE comms_messages SET recipient = NULL, contact_address = NULL, contact_name = NULL, variables = '{}'::jsonb
         WHERE customer_id = $1 OR ($2::text IS NOT NULL AND lower(contact_address) = lower($2)) OR ($3::text IS NOT NULL AND contact_address = $3)
            OR recipient IN ($2, $3)
         RETURNING 1`, [s.customerId, s.email, s.phone]));
      const retained = await recordLegalHolds(tx, s, 'comms_messages', safety.map((m) => m.id), SAFETY_NOTICE_REASON, yearsAfter(s.now, 10));
      return { anonymised: anonymised + cancelled, retained };
    },
  });

  // ---- data hub ----
  registerEraser({
    table: 'customer_consents', module: 'data',
    async erase(tx, s) {
      return { deleted: await count(tx.query('DELETE FROM customer_consents WHERE customer_id = $1 RETURNING 1', [s.customerId])) };
    },
  });
  registerEraser({
    table: 'interactions', module: 'data',
    async erase(tx, s) {
      // The timeline keeps that something happened (kind, channel, when), not what was said.
      return { anonymised: await count(tx.query(
        `UPDATE interactions SET summary = kind, details = '{}'::jsonb, ref_id = NULL WHERE customer_id = $1 RETURNING 1`, [s.customerId])) };
    },
  });
  registerEraser({
    table: 'customers', module: 'data', order: 900,
    async erase(tx, s) {
      // The row stays (orders, vouchers and reports count it) with nothing that names or reaches the person.
      const rows = await tx.query(
        `UPDATE customers SET name = $2, email = NULL, phone = NULL, external_id = $3, customer_since = NULL, updated_at = $4 WHERE id = $1 RETURNING 1`,
        [s.customerId, `Erased customer ${s.pseudonym}`, s.pseudonym, s.now]);
      return { anonymised: rows.length };
    },
  });

  // ---- cases ----
  registerEraser({
    table: 'case_attachments', module: 'cases', order: 30,
    async erase(tx, s) {
      // A file is whatever the person sent (photos, receipts, letters): it cannot be pseudonymised, so it goes.
      const deleted = await count(tx.query(`DELETE FROM case_attachments WHERE case_id IN (${CASES_OF}) RETURNING 1`, [s.customerId]));
      return { deleted: deleted + await deleteAttachmentsNaming(tx, s) };
    },
  });
  registerEraser({
    table: 'cases', module: 'cases',
    async erase(tx, s) {
      // The description of their own case is their account of it; elsewhere only their identifiers go.
      const own = await count(tx.query(`UPDATE cases SET description = $2 WHERE id IN (${CASES_OF}) AND description IS NOT NULL RETURNING 1`, [s.customerId, ERASED]));
      return { anonymised: own + await scrubIdentifiers(tx, s, 'cases', [{ name: 'title' }, { name: 'description' }, { name: 'business_key' }]) };
    },
  });

  // ---- complaints ----
  registerEraser({
    table: 'complaints', module: 'complaints',
    async erase(tx, s) {
      const own = await count(tx.query(`UPDATE complaints SET essence = $2 WHERE customer_id = $1 RETURNING 1`, [s.customerId, ERASED]));
      return { anonymised: own + await scrubIdentifiers(tx, s, 'complaints', [{ name: 'essence' }, { name: 'resolution' }]) };
    },
  });

  // ---- delivery: a subscription to an incident's status page is the person's address and nothing else ----
  registerEraser({
    table: 'delivery_status_subscribers', module: 'delivery',
    async erase(tx, s) {
      if (!s.email) return { deleted: 0 };
      return { deleted: await count(tx.query('DELETE FROM delivery_status_subscribers WHERE email = lower($1) RETURNING 1', [s.email])) };
    },
  });

  // ---- surveys ----
  registerEraser({
    table: 'survey_responses', module: 'surveys',
    async erase(tx, s) {
      // Scores stay (CSAT/NPS/CES reports keep their counts); answers to free-text questions go.
      const rows = await tx.query(
        `UPDATE survey_responses r SET answers = (
           SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM jsonb_each(r.answers) e
           WHERE jsonb_typeof(e.value) = 'number' OR EXISTS (
             SELECT 1 FROM surveys sv, jsonb_array_elements(sv.questions) q
             WHERE sv.key = r.survey_key AND q->>'id' = e.key AND q->>'kind' = 'choice'))
         WHERE customer_id = $1 RETURNING 1`, [s.customerId]);
      return { anonymised: rows.length };
    },
  });

  // ---- recall ----
  registerEraser({
    table: 'recall_claim_codes', module: 'recall',
    async erase(tx, s) {
      return { deleted: await count(tx.query('DELETE FROM recall_claim_codes WHERE customer_id = $1 RETURNING 1', [s.customerId])) };
    },
  });
  registerEraser({
    table: 'recall_claims', module: 'recall',
    async erase(tx, s) {
      const mine = `customer_id = $1 OR ($2::text IS NOT NULL AND lower(email) = lower($2)) OR ($3::text IS NOT NULL AND phone = $3)`;
      const refunds = await tx.query<{ id: number }>(`SELECT id FROM recall_claims WHERE (${mine}) AND requested = 'refund' AND status = 'approved'`, [s.customerId, s.email, s.phone]);
      // Bank details go from the claim, and so from every payout file made from it again.
      const rows = await tx.query<{ id: number }>(
        `UPDATE recall_claims SET name = $4, email = NULL, phone = NULL, account_holder = NULL, iban = NULL, bic = NULL,
                contact_key = $5 || ':' || id
         WHERE ${mine} RETURNING id`, [s.customerId, s.email, s.phone, ERASED, s.pseudonym]);
      const ids = rows.map((r) => r.id);
      if (ids.length) await scrubIdentifiers(tx, s, 'recall_claims', [{ name: 'facts', json: true }, { name: 'decision_reason' }], 'id = ANY($1::bigint[])', [ids]);
      const retained = await recordLegalHolds(tx, s, 'recall_claims', refunds.map((r) => r.id), REFUND_REASON, yearsAfter(s.now, 7));
      return { anonymised: ids.length, retained };
    },
  });

  // ---- tables where only the person's identifiers go, wherever they are mentioned ----
  for (const { table, module, columns, order, ofCustomer } of SCRUBBED) {
    registerEraser({
      table, module, order,
      async erase(tx, s) {
        return { anonymised: await scrubIdentifiers(tx, s, table, columns, ofCustomer, ofCustomer ? [s.customerId] : []) };
      },
    });
  }
}

type Column = { name: string; json?: boolean };
const text = (...names: string[]): Column[] => names.map((name) => ({ name }));
const json = (name: string): Column => ({ name, json: true });

/**
 * Tables whose rows stay (histories, counts, who did what) with the person's name, e-mail,
 * phone and external id replaced in the listed columns. `ofCustomer` narrows a scrub to the
 * person's own rows ($1 = their customer id); without it every row that mentions them is scrubbed.
 */
const SCRUBBED: readonly { table: string; module: string; columns: readonly Column[]; order?: number; ofCustomer?: string }[] = [
  { table: 'engine_notifications', module: 'engine', columns: text('subject', 'body') },
  { table: 'shipment_events', module: 'data', columns: text('location', 'description'),
    ofCustomer: 'shipment_id IN (SELECT s.id FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.customer_id = $1)' },
  { table: 'case_comments', module: 'cases', columns: text('body', 'author_label') },
  { table: 'case_events', module: 'cases', columns: [json('data'), ...text('actor_label')] },
  { table: 'case_links', module: 'cases', columns: text('note', 'reference') },
  { table: 'case_notifications', module: 'cases', columns: text('message') },
  { table: 'complaint_goodwill', module: 'complaints', columns: text('reason') },
  { table: 'restless_decisions', module: 'complaints', columns: text('reason') },
  { table: 'recall_offers', module: 'recall', columns: [json('facts')], ofCustomer: 'customer_id = $1' },
  // The engine: process variables, state and history name people in passing.
  { table: 'engine_instances', module: 'engine', columns: [json('variables'), json('state'), ...text('business_key', 'error')] },
  { table: 'engine_events', module: 'engine', columns: [json('data'), ...text('business_key', 'actor_label')] },
  { table: 'engine_tasks', module: 'engine', columns: [json('data'), ...text('business_key', 'name')] },
  { table: 'engine_action_calls', module: 'engine', columns: [json('input'), json('output'), ...text('last_error')] },
  { table: 'engine_incidents', module: 'engine', columns: text('error') },
  { table: 'engine_message_subscriptions', module: 'engine', columns: text('business_key') },
  // The audit log keeps every entry (who did what, when), without the person's identifiers; last but the customer row.
  { table: 'audit_log', module: 'platform', columns: [json('details'), ...text('entity_id')], order: 950 },
];

/** Attachments elsewhere whose name or content carries an identifier (a letter naming the person). */
async function deleteAttachmentsNaming(tx: Db, s: ErasureSubject): Promise<number> {
  const ids = [s.name, s.email, s.phone].filter((v): v is string => !!v && v.length >= 3);
  if (!ids.length) return 0;
  return count(tx.query(
    `DELETE FROM case_attachments a WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) x
       WHERE strpos(lower(a.file_name), lower(x)) > 0 OR position(convert_to(x, 'UTF8') IN a.content) > 0) RETURNING 1`, [ids]));
}
