import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { casesOfCustomerSql } from '../erasure/core-erasers.ts';
import { identifierPattern, identifiersOf } from '../erasure/eraser-registry.ts';

export type ExportTables = Record<string, Record<string, unknown>[]>;

export interface CustomerExport {
  customer: Record<string, unknown>;
  language: string;
  generatedAt: string;
  tables: ExportTables;
}

/**
 * What each part of the export holds, in the order a person reads it. Each query takes the
 * customer's id ($1) and, for free text mentioning them elsewhere, the identifier pattern ($2).
 * Secrets stay out: password hashes are staff's, claim-code hashes are useless to the person.
 */
const PARTS: { table: string; sql: string }[] = [
  { table: 'profile', sql: `SELECT id, external_id, name, email, phone, language, time_zone, tier, country, region, customer_since, created_at, updated_at FROM customers WHERE id = $1` },
  { table: 'consents', sql: `SELECT channel, granted, recorded_at, source FROM customer_consents WHERE customer_id = $1 ORDER BY channel` },
  { table: 'consent_history', sql: `SELECT occurred_at, channel, summary, details FROM interactions WHERE customer_id = $1 AND kind = 'consent' ORDER BY occurred_at, id` },
  { table: 'interactions', sql: `SELECT id, occurred_at, kind, channel, summary, ref_type, ref_id, details FROM interactions WHERE customer_id = $1 AND kind <> 'consent' ORDER BY occurred_at, id` },
  { table: 'orders', sql: `SELECT o.id, o.external_id, o.kind, o.channel, o.ordered_at, o.currency, l.name AS store FROM orders o LEFT JOIN locations l ON l.id = o.location_id WHERE o.customer_id = $1 ORDER BY o.ordered_at, o.id` },
  { table: 'order_lines', sql: `SELECT ol.order_id, ol.line_no, p.gtin, p.name AS product, lt.lot_code AS lot, ol.serial, ol.quantity, ol.unit_price_minor, ol.currency
      FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN products p ON p.id = ol.product_id LEFT JOIN lots lt ON lt.id = ol.lot_id
      WHERE o.customer_id = $1 ORDER BY ol.order_id, ol.line_no` },
  { table: 'shipments', sql: `SELECT s.id, s.order_id, s.external_id, s.carrier, s.tracking_number, s.status, s.promised_on, s.estimated_delivery_on, s.shipped_at, s.delivered_at
      FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.customer_id = $1 ORDER BY s.id` },
  { table: 'shipment_events', sql: `SELECT e.shipment_id, e.occurred_at, e.status, e.location, e.description FROM shipment_events e
      JOIN shipments s ON s.id = e.shipment_id JOIN orders o ON o.id = s.order_id WHERE o.customer_id = $1 ORDER BY e.shipment_id, e.occurred_at` },
  { table: 'cases', sql: `SELECT id, type, business_key AS reference, title, description, stage, status, priority, received_at, resolved_at, closed_at
      FROM cases WHERE id IN (${casesOfCustomerSql}) ORDER BY id` },
  { table: 'case_comments', sql: `SELECT case_id, created_at, author_label, body FROM case_comments
      WHERE case_id IN (${casesOfCustomerSql}) OR ($2::text IS NOT NULL AND body ~* $2) ORDER BY case_id, created_at` },
  { table: 'complaints', sql: `SELECT id, case_id, order_id, channel, category, essence, received_at, founded, resolution FROM complaints WHERE customer_id = $1 ORDER BY id` },
  { table: 'messages', sql: `SELECT id, channel, kind, template_key, reason, campaign, recipient, language, status, status_reason, created_at, sent_at, delivered_at, opened_at, clicked_at, failed_at
      FROM comms_messages WHERE customer_id = $1 ORDER BY created_at, id` },
  { table: 'survey_answers', sql: `SELECT r.survey_key, r.case_type, r.language, r.answers, r.csat, r.nps, r.ces, r.complete, r.submitted_at FROM survey_responses r WHERE r.customer_id = $1 ORDER BY r.submitted_at` },
  { table: 'vouchers', sql: `SELECT id, code, value_minor, currency, issued_at, expires_at, redeemed_at, cancelled_at FROM vouchers WHERE customer_id = $1 ORDER BY issued_at, id` },
  { table: 'recall_claims', sql: `SELECT reference, name, email, phone, gtin, lot, quantity, requested, value_minor, currency, account_holder, iban, bic, status, decision_reason, submitted_at, decided_at
      FROM recall_claims WHERE customer_id = $1 ORDER BY submitted_at` },
  { table: 'recall_offers', sql: `SELECT recall_id, offer_type, value_minor, currency, decided_at FROM recall_offers WHERE customer_id = $1 ORDER BY decided_at` },
  { table: 'restless_decisions', sql: `SELECT decision, reason, score, complaint_id, decided_by, decided_at FROM restless_decisions WHERE customer_id = $1 ORDER BY decided_at` },
  { table: 'privacy_requests', sql: `SELECT id, kind, status, received_at, due_at, erased_at, confirmed_at FROM privacy_requests WHERE customer_id = $1 ORDER BY id` },
  { table: 'audit_entries', sql: `SELECT at, actor_label, action, entity, entity_id, details FROM audit_log
      WHERE (entity IN ('customers', 'customer') AND entity_id = $1::text) OR ($2::text IS NOT NULL AND details::text ~* $2) ORDER BY at, id` },
];

/** Everything Rebound holds about one customer, table by table (P8 access and portability). */
export async function collectCustomerData(db: Db, customerId: number, now: Date): Promise<CustomerExport> {
  const [customer] = await db.query<{ name: string; email: string | null; phone: string | null; external_id: string; language: string }>(
    'SELECT name, email, phone, external_id, language FROM customers WHERE id = $1', [customerId]);
  if (!customer) throw notFound(`customer ${customerId}`);
  const identifiers = identifiersOf({ name: customer.name, email: customer.email, phone: customer.phone, externalId: customer.external_id });
  const pattern = identifiers.length ? identifierPattern(identifiers) : null;
  const tables: ExportTables = {};
  for (const part of PARTS) {
    const params = part.sql.includes('$2') ? [customerId, pattern] : [customerId];
    tables[part.table] = await db.query(part.sql, params);
  }
  return { customer: tables.profile![0]!, language: customer.language, generatedAt: now.toISOString(), tables };
}

export const EXPORT_PARTS = PARTS.map((p) => p.table);
