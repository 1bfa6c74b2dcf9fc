import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { invalidField } from './case-errors.ts';
import { recordCaseEvent } from './case-events.ts';
import { lockCase } from './case-lock.ts';
import type { Change, LinkKind } from './case-model.ts';

export interface LinkInput {
  kind: LinkKind;
  /** The id of the record in the data hub (customer, order, product, lot, shipment). */
  id?: number;
  /** What has no id here: a recall number, a ticket in another system. */
  reference?: string;
  note?: string;
}

export interface CaseLink {
  id: number;
  kind: LinkKind;
  target_id: number | null;
  reference: string | null;
  note: string | null;
  /** How the console names the target: customer name, order number, lot code… */
  label: string | null;
  created_by: string;
  created_at: Date;
}

/** Link kinds that point at a data-hub table by id; the table is named here, never by input. */
const DATA_HUB_TABLES: Partial<Record<LinkKind, string>> = {
  customer: 'customers',
  order: 'orders',
  product: 'products',
  lot: 'lots',
  shipment: 'shipments',
};

/**
 * Checks every link before anything is written: data-hub links need an id that exists
 * (one query per kind), the others a reference. Errors name the field, e.g. body.links[1].id.
 */
export async function checkLinks(db: Db, links: readonly LinkInput[], fieldPrefix = 'body.links'): Promise<void> {
  for (const [index, link] of links.entries()) {
    const field = `${fieldPrefix}[${index}]`;
    if (DATA_HUB_TABLES[link.kind] && link.id === undefined) throw invalidField(`${field}.id`, `is required for a ${link.kind} link`, 'cases.link_invalid');
    if (!DATA_HUB_TABLES[link.kind] && link.id === undefined && !link.reference) {
      throw invalidField(`${field}.reference`, `is required for a ${link.kind} link without an id`, 'cases.link_invalid');
    }
  }
  for (const [kind, table] of Object.entries(DATA_HUB_TABLES)) {
    const wanted = links.map((link, index) => ({ link, index })).filter(({ link }) => link.kind === kind);
    if (wanted.length === 0) continue;
    const found = await db.query<{ id: number }>(`SELECT id FROM ${table} WHERE id = ANY($1::bigint[])`, [wanted.map(({ link }) => link.id)]);
    const existing = new Set(found.map((row) => row.id));
    const missing = wanted.find(({ link }) => !existing.has(link.id!));
    if (missing) throw invalidField(`${fieldPrefix}[${missing.index}].id`, `is not a ${kind} (no ${kind} ${missing.link.id})`, 'cases.link_target_unknown');
  }
}

/** Adds links (already checked) and their events in one statement; a link the case already has is skipped. */
export async function insertLinks(tx: Db, caseId: number, links: readonly LinkInput[], change: Change): Promise<number[]> {
  if (links.length === 0) return [];
  const rows = await tx.query<{ link_id: number }>(
    `WITH inserted AS (
       INSERT INTO case_links (case_id, kind, target_id, reference, note, created_by, created_at)
       SELECT $1, kind, id, reference, note, $3, $4 FROM jsonb_to_recordset($2::jsonb) AS l(kind text, id bigint, reference text, note text)
       ON CONFLICT DO NOTHING
       RETURNING id, kind, target_id, reference
     )
     INSERT INTO case_events (case_id, at, kind, actor_kind, actor_id, actor_label, data)
     SELECT $1, $4, 'linked', $5, $6, $3, jsonb_build_object('link_id', id, 'kind', kind, 'target_id', target_id, 'reference', reference)
     FROM inserted ORDER BY id
     RETURNING (data ->> 'link_id')::bigint AS link_id`,
    [caseId, JSON.stringify(links), change.actor.label, change.at, change.actor.kind, change.actor.id ?? null],
  );
  return rows.map((row) => row.link_id);
}

export async function addLinks(db: Db, caseId: number, links: readonly LinkInput[], change: Change): Promise<CaseLink[]> {
  await checkLinks(db, links);
  const ids = await db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    const inserted = await insertLinks(tx, caseId, links, change);
    if (inserted.length) await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, change.at]);
    await recordAudit(tx, change.actor, { action: 'link', entity: 'case', entityId: caseId, details: { links: links.map(({ kind, id, reference }) => ({ kind, id, reference })) } });
    return inserted;
  });
  return (await listLinks(db, caseId)).filter((link) => ids.includes(link.id));
}

export async function removeLink(db: Db, caseId: number, linkId: number, change: Change): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCase(tx, caseId);
    const [removed] = await tx.query<{ kind: string; target_id: number | null; reference: string | null }>(
      'DELETE FROM case_links WHERE id = $1 AND case_id = $2 RETURNING kind, target_id, reference',
      [linkId, caseId],
    );
    if (!removed) throw new AppError('not_found', `case ${caseId} has no link ${linkId}`, 'cases.link_not_found');
    await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, change.at]);
    await recordCaseEvent(tx, caseId, change, 'unlinked', { link_id: linkId, ...removed });
    await recordAudit(tx, change.actor, { action: 'unlink', entity: 'case', entityId: caseId, details: { link_id: linkId, ...removed } });
  });
}

/** The case's links, each with a readable label read from the data hub. */
export async function listLinks(db: Db, caseId: number): Promise<CaseLink[]> {
  return db.query<CaseLink>(
    `SELECT l.id, l.kind, l.target_id, l.reference, l.note, l.created_by, l.created_at,
            CASE l.kind WHEN 'customer' THEN cu.name WHEN 'order' THEN o.external_id WHEN 'product' THEN p.name
                        WHEN 'lot' THEN lo.lot_code WHEN 'shipment' THEN s.external_id ELSE l.reference END AS label
     FROM case_links l
     LEFT JOIN customers cu ON l.kind = 'customer' AND cu.id = l.target_id
     LEFT JOIN orders o ON l.kind = 'order' AND o.id = l.target_id
     LEFT JOIN products p ON l.kind = 'product' AND p.id = l.target_id
     LEFT JOIN lots lo ON l.kind = 'lot' AND lo.id = l.target_id
     LEFT JOIN shipments s ON l.kind = 'shipment' AND s.id = l.target_id
     WHERE l.case_id = $1 ORDER BY l.id`,
    [caseId],
  );
}
