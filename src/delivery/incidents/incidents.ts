import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { startInstance } from '../../engine/index.ts';
import { carrierCodeOf } from '../events/carrier-update.ts';

export const CAUSE_KINDS = ['carrier', 'warehouse', 'region', 'integration_release'] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

/** Root-cause tags an incident may carry (editable later as the cause becomes clear). */
export const ROOT_CAUSE_TAGS = ['carrier_integration', 'carrier_capacity', 'stock', 'routing', 'warehouse_capacity', 'weather', 'customs', 'address_data', 'unknown'] as const;

export interface DeliveryIncident {
  id: number;
  reference: string;
  title: string;
  cause_kind: CauseKind;
  cause_value: string;
  root_cause_tags: string[];
  status: 'open' | 'resolved';
  opened_by: string;
  trip: Record<string, unknown> | null;
  process_instance_id: number | null;
  opened_at: Date;
  resolved_at: Date | null;
  delayed_orders: number;
  open_delays: number;
}

/**
 * Which shipment column a cause names. Carriers match on the normalised carrier code; a
 * region on the shipment's destination region, else the customer's.
 */
const CAUSE_MATCH: Record<CauseKind, string> = {
  carrier: 's.carrier_code = i.cause_value',
  warehouse: 's.warehouse = i.cause_value',
  region: 'coalesce(s.destination_region, c.region) = i.cause_value',
  integration_release: 's.integration_release = i.cause_value',
};
/** When a delay fits several open incidents, the most specific cause takes it. */
const CAUSE_PRIORITY = ['integration_release', 'warehouse', 'carrier', 'region'];

/**
 * Puts every open delay without an incident into the open incident of its cause, set-based.
 * A delay stays in its incident after it resolves: the incident's history counts it.
 */
export async function groupDelaysIntoIncidents(db: Db): Promise<number> {
  const matches = CAUSE_KINDS.map((kind) => `(i.cause_kind = '${kind}' AND ${CAUSE_MATCH[kind]})`).join('\n            OR ');
  const rows = await db.query<{ shipment_id: number }>(
    `WITH fits AS (
       SELECT DISTINCT ON (d.shipment_id) d.shipment_id, i.id AS incident_id
       FROM delivery_delays d
       JOIN shipments s ON s.id = d.shipment_id
       LEFT JOIN orders o ON o.id = s.order_id
       LEFT JOIN customers c ON c.id = o.customer_id
       JOIN delivery_incidents i ON i.status = 'open' AND (${matches})
       WHERE d.incident_id IS NULL AND d.resolved_at IS NULL
       ORDER BY d.shipment_id, array_position($1::text[], i.cause_kind), i.opened_at)
     UPDATE delivery_delays d SET incident_id = f.incident_id FROM fits f WHERE d.shipment_id = f.shipment_id
     RETURNING d.shipment_id`,
    [CAUSE_PRIORITY]);
  return rows.length;
}

export interface OpenIncidentInput {
  causeKind: CauseKind;
  causeValue: string;
  title?: string;
  rootCauseTags?: string[];
  trip?: Record<string, unknown>;
}

/**
 * Opens an incident for a cause (one open incident per cause), starts
 * processes/delivery-incident.bpmn for it in the same transaction, and groups the open
 * delays of that cause into it.
 */
export async function openIncident(db: Db, clock: Clock, actor: Actor, input: OpenIncidentInput): Promise<DeliveryIncident> {
  const now = clock.now();
  const causeValue = input.causeKind === 'carrier' ? carrierCodeOf(input.causeValue) : input.causeValue.trim();
  const id = await db.transaction(async (tx) => {
    const [open] = await tx.query<{ reference: string }>(`SELECT reference FROM delivery_incidents WHERE cause_kind = $1 AND cause_value = $2 AND status = 'open'`, [input.causeKind, causeValue]);
    if (open) throw new AppError('conflict', `incident ${open.reference} is already open for ${input.causeKind} ${causeValue}`, 'delivery.incident_open', { reference: open.reference });
    const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int + 1 AS n FROM delivery_incidents')) as [{ n: number }];
    const reference = `DI-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${String(n).padStart(3, '0')}`;
    const title = input.title ?? `Late deliveries: ${input.causeKind.replace('_', ' ')} ${causeValue}`;
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO delivery_incidents (reference, title, cause_kind, cause_value, root_cause_tags, status, opened_by, trip, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $8) RETURNING id`,
      [reference, title, input.causeKind, causeValue, input.rootCauseTags ?? [], input.trip ? 'rate' : actor.label, input.trip ? JSON.stringify(input.trip) : null, now]);
    const instance = await startInstance({ db: tx, clock }, {
      processId: 'delivery-incident',
      businessKey: reference,
      variables: { incidentId: row!.id, reference, causeKind: input.causeKind, causeValue },
      actor,
    });
    await tx.query('UPDATE delivery_incidents SET process_instance_id = $2 WHERE id = $1', [row!.id, instance.instanceId]);
    await recordAudit(tx, actor, { action: 'open', entity: 'delivery_incident', entityId: row!.id, details: { reference, cause_kind: input.causeKind, cause_value: causeValue, trip: input.trip ?? null } });
    await groupDelaysIntoIncidents(tx);
    return row!.id;
  });
  return (await getIncident(db, id))!;
}

export async function listIncidents(db: Db, status?: 'open' | 'resolved', id?: number): Promise<DeliveryIncident[]> {
  return db.query<DeliveryIncident>(
    `SELECT i.id, i.reference, i.title, i.cause_kind, i.cause_value, i.root_cause_tags, i.status, i.opened_by, i.trip, i.process_instance_id, i.opened_at, i.resolved_at,
            count(d.shipment_id)::int AS delayed_orders, count(d.shipment_id) FILTER (WHERE d.resolved_at IS NULL)::int AS open_delays
     FROM delivery_incidents i LEFT JOIN delivery_delays d ON d.incident_id = i.id
     WHERE ($1::text IS NULL OR i.status = $1) AND ($2::bigint IS NULL OR i.id = $2)
     GROUP BY i.id ORDER BY i.opened_at DESC, i.id DESC`,
    [status ?? null, id ?? null]);
}

export async function getIncident(db: Db, id: number): Promise<DeliveryIncident | undefined> {
  return (await listIncidents(db, undefined, id))[0];
}

/** Root-cause tags change as the cause becomes clear; the audit keeps each change. */
export async function tagIncident(db: Db, clock: Clock, actor: Actor, id: number, tags: string[]): Promise<DeliveryIncident> {
  const rows = await db.query('UPDATE delivery_incidents SET root_cause_tags = $2, updated_at = $3 WHERE id = $1 RETURNING id', [id, [...new Set(tags)], clock.now()]);
  if (!rows.length) throw new AppError('not_found', `delivery incident ${id} was not found`);
  await recordAudit(db, actor, { action: 'tag', entity: 'delivery_incident', entityId: id, details: { root_cause_tags: tags } });
  return (await getIncident(db, id))!;
}

/** The process's last step, after the post-incident review. */
export async function resolveIncident(db: Db, clock: Clock, actor: Actor, id: number): Promise<void> {
  await db.query(`UPDATE delivery_incidents SET status = 'resolved', resolved_at = $2, updated_at = $2 WHERE id = $1 AND status = 'open'`, [id, clock.now()]);
  await recordAudit(db, actor, { action: 'resolve', entity: 'delivery_incident', entityId: id });
}
