import type { Db } from '../../platform/db/database.ts';

/**
 * What the win-back manager needs beside the customer 360 (`GET /api/customers/{id}`, which
 * has the profile, consents, orders and shipments): the messages sent to them, their
 * complaints and who handled them, the recalls that touched them, and deliveries that went
 * wrong. A read model across modules, read-only, for one customer at a time.
 */
export async function customerHistory(db: Db, customerId: number) {
  const [messages, complaints, recalls, deliveryProblems, winbacks] = await Promise.all([
    db.query(
      `SELECT id, created_at, channel, template_key, kind, reason, campaign, status, status_reason
       FROM comms_messages WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, [customerId]),
    db.query(
      `SELECT co.id, ca.id AS case_id, ca.business_key AS reference, co.category, co.essence, co.received_at, ca.stage, ca.status, co.founded,
              ca.department, u.name AS owner,
              (SELECT coalesce(array_agg(DISTINCT t.completed_by ORDER BY t.completed_by), '{}') FROM engine_tasks t
                WHERE t.instance_id = co.instance_id AND t.completed_by IS NOT NULL) AS handled_by
       FROM complaints co JOIN cases ca ON ca.id = co.case_id LEFT JOIN users u ON u.id = ca.owner_id
       WHERE co.customer_id = $1 ORDER BY co.received_at DESC LIMIT 50`, [customerId]),
    db.query(
      `SELECT r.id, r.reference, r.title, r.status, r.classification, o.offer_type, o.value_minor, o.currency
       FROM recalls r LEFT JOIN recall_offers o ON o.recall_id = r.id AND o.customer_id = $1
       WHERE EXISTS (SELECT 1 FROM recall_affected_consumers a WHERE a.recall_id = r.id AND a.customer_id = $1) OR o.id IS NOT NULL
       ORDER BY r.id DESC LIMIT 50`, [customerId]),
    db.query(
      `SELECT s.id, s.external_id, o.external_id AS order_external_id, s.carrier, s.status, s.promised_on, s.delivered_at,
              CASE WHEN s.status IN ('delayed', 'lost', 'returned') THEN s.status ELSE 'late' END AS problem
       FROM shipments s JOIN orders o ON o.id = s.order_id
       WHERE o.customer_id = $1 AND (s.status IN ('delayed', 'lost', 'returned') OR (s.promised_on IS NOT NULL AND s.delivered_at::date > s.promised_on))
       ORDER BY coalesce(s.shipped_at, s.created_at) DESC LIMIT 50`, [customerId]),
    db.query(
      `SELECT j.id, j.business_key, j.reason, j.status, j.outcome, j.started_at, j.closed_at FROM winback_journeys j
       WHERE j.customer_id = $1 ORDER BY j.started_at DESC LIMIT 20`, [customerId]),
  ]);
  return { messages, complaints, recalls, delivery_problems: deliveryProblems, winbacks };
}
