import type { Db } from '../../platform/db/database.ts';
import { csvLine } from '../../platform/csv/csv-cell.ts';
import { writeXlsx, type XlsxCell } from '../../platform/spreadsheet/xlsx.ts';

/**
 * FSMA 204 (21 CFR 1 subpart S) asks a firm for an electronic sortable spreadsheet of the key
 * data elements (KDEs) of every critical tracking event (CTE) of a food on the list, within 24
 * hours of the FDA's request. Rebound builds it from what it holds: imported EPCIS events
 * (receiving, shipping, transformation inputs and outputs) and the shipments of orders — one
 * row per lot movement — and says on every row which required KDE the data lacks, instead of
 * leaving a blank the reader might take for "none".
 */
export interface Fsma204Selection {
  /** A traceability lot code; with `gtin` when the same code is used for several products. */
  lot?: string;
  gtin?: string;
  /** Inclusive dates (YYYY-MM-DD, UTC) of the events. */
  from?: string;
  to?: string;
}

export type Cte = 'Receiving' | 'Shipping' | 'Transformation (input)' | 'Transformation (output)';

/** The KDEs a CTE requires (§1.1340 shipping, §1.1345 receiving, §1.1350 transformation), by the names the rows use. */
export type Kde =
  | 'traceability_lot_code' | 'quantity' | 'unit_of_measure' | 'product_description' | 'event_date'
  | 'location' | 'ship_from_location' | 'ship_to_location' | 'traceability_lot_code_source' | 'reference_document';

const REQUIRED: Record<Cte, Kde[]> = {
  Receiving: ['traceability_lot_code', 'quantity', 'unit_of_measure', 'product_description', 'ship_from_location', 'ship_to_location', 'event_date', 'traceability_lot_code_source', 'reference_document'],
  Shipping: ['traceability_lot_code', 'quantity', 'unit_of_measure', 'product_description', 'ship_from_location', 'ship_to_location', 'event_date', 'traceability_lot_code_source', 'reference_document'],
  'Transformation (input)': ['traceability_lot_code', 'quantity', 'unit_of_measure', 'product_description', 'location', 'event_date', 'reference_document'],
  'Transformation (output)': ['traceability_lot_code', 'quantity', 'unit_of_measure', 'product_description', 'location', 'event_date', 'traceability_lot_code_source', 'reference_document'],
};

export interface Fsma204Row {
  cte: Cte;
  event_date: string | null;
  event_time: string | null;
  traceability_lot_code: string | null;
  product_gtin: string;
  product_description: string | null;
  quantity: number | null;
  unit_of_measure: string | null;
  location: string | null;
  ship_from_location: string | null;
  ship_to_location: string | null;
  traceability_lot_code_source: string | null;
  reference_documents: string | null;
  record: string;
  missing: Kde[];
}

interface MovementRow {
  event_id: string;
  event_type: string;
  biz_step: string | null;
  event_time: Date;
  event_time_zone_offset: string | null;
  biz_transactions: unknown;
  role: string;
  quantity: string | number | null;
  uom: string | null;
  serial: string | null;
  gtin: string;
  product: string;
  lot_id: number | null;
  lot_code: string | null;
  location: string | null;
  source: string | null;
  destination: string | null;
}

/** A place as a person and a regulator read it: its name and GLN, never the import's "GLN …" placeholder twice. */
const PLACE_SQL = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL WHEN ${alias}.gln IS NULL THEN ${alias}.name || ' (' || ${alias}.external_id || ')'
        WHEN ${alias}.name = 'GLN ' || ${alias}.gln THEN 'GLN ' || ${alias}.gln
        ELSE ${alias}.name || coalesce(', ' || nullif(concat_ws(', ', ${alias}.address, ${alias}.city, ${alias}.country), ''), '') || ' (GLN ' || ${alias}.gln || ')' END`;

const MOVEMENTS_SQL = `
  SELECT e.event_id, e.event_type, e.biz_step, e.event_time, e.event_time_zone_offset, e.raw -> 'bizTransactionList' AS biz_transactions,
         m.role, m.quantity, m.uom, m.serial, p.gtin, p.name AS product, l.id AS lot_id, l.lot_code,
         ${PLACE_SQL('ml')} AS location, ${PLACE_SQL('sl')} AS source, ${PLACE_SQL('dl')} AS destination
  FROM lot_movements m
  JOIN supply_events e ON e.id = m.supply_event_id
  JOIN products p ON p.id = m.product_id
  LEFT JOIN lots l ON l.id = m.lot_id
  LEFT JOIN locations ml ON ml.id = m.location_id
  LEFT JOIN locations sl ON sl.id = e.source_location_id
  LEFT JOIN locations dl ON dl.id = e.destination_location_id
  WHERE e.error_declared_at IS NULL
    AND ((($1::text IS NULL OR l.lot_code = $1) AND ($2::text IS NULL OR p.gtin = $2))
         -- What the selected lot was transformed into: the outputs of the events that consumed it.
         OR (m.role = 'output' AND EXISTS (
              SELECT 1 FROM lot_movements i JOIN products ip ON ip.id = i.product_id LEFT JOIN lots il ON il.id = i.lot_id
              WHERE i.supply_event_id = e.id AND i.role = 'input' AND ($1::text IS NULL OR il.lot_code = $1) AND ($2::text IS NULL OR ip.gtin = $2))))
    AND ($3::date IS NULL OR e.event_time >= $3::date) AND ($4::date IS NULL OR e.event_time < $4::date + 1)
    AND (e.biz_step IN ('receiving', 'shipping') OR e.event_type = 'TransformationEvent' OR m.role IN ('input', 'output'))
  ORDER BY e.event_time, e.event_id, m.id`;

/** Where each lot's code was assigned: the place of the first event that made it (a transformation's output, commissioning). */
const LOT_SOURCES_SQL = `
  SELECT DISTINCT ON (m.lot_id) m.lot_id, ${PLACE_SQL('ml')} AS source
  FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id LEFT JOIN locations ml ON ml.id = m.location_id
  WHERE m.lot_id = ANY ($1::bigint[]) AND e.error_declared_at IS NULL AND m.location_id IS NOT NULL
    AND (m.role = 'output' OR e.biz_step IN ('commissioning', 'creating_class_instance'))
  ORDER BY m.lot_id, e.event_time`;

/** Consumer shipments of orders that name the lot (a web shop's parcels): shipping events of Rebound's own records. */
const SHIPMENTS_SQL = `
  SELECT s.external_id, s.carrier, s.tracking_number, s.shipped_at, o.external_id AS order_ref, ol.quantity, p.gtin, p.name AS product, l.id AS lot_id, l.lot_code,
         ${PLACE_SQL('ml')} AS ship_from
  FROM shipments s JOIN orders o ON o.id = s.order_id JOIN order_lines ol ON ol.order_id = o.id JOIN products p ON p.id = ol.product_id
  LEFT JOIN lots l ON l.id = ol.lot_id LEFT JOIN locations ml ON ml.id = o.location_id
  WHERE ($1::text IS NULL OR l.lot_code = $1) AND ($2::text IS NULL OR p.gtin = $2)
    AND ($3::date IS NULL OR coalesce(s.shipped_at, o.ordered_at) >= $3::date) AND ($4::date IS NULL OR coalesce(s.shipped_at, o.ordered_at) < $4::date + 1)
    AND ($1::text IS NOT NULL OR $3::date IS NOT NULL)
  ORDER BY coalesce(s.shipped_at, o.ordered_at), s.external_id`;

const BTT_PREFIXES = ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-', 'https://gs1.org/voc/BTT-', 'gs1:BTT-', 'cbv:BTT-'];

/** EPCIS bizTransactionList entries as "type number" (a purchase order, a despatch advice, an invoice…). */
export function referenceDocuments(list: unknown): string | null {
  if (!Array.isArray(list)) return null;
  const docs = list.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if (!entry || typeof entry !== 'object') return [];
    const { type, bizTransaction } = entry as { type?: unknown; bizTransaction?: unknown };
    if (typeof bizTransaction !== 'string') return [];
    const kind = typeof type === 'string' ? BTT_PREFIXES.reduce((t, prefix) => (t.startsWith(prefix) ? t.slice(prefix.length) : t), type) : null;
    return [kind ? `${kind} ${bizTransaction}` : bizTransaction];
  });
  return docs.length ? docs.join('; ') : null;
}

/** The event's date where it happened (its own offset), as the spreadsheet's sortable YYYY-MM-DD. */
function localDate(at: Date, offset: string | null): string {
  const match = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  const shiftMs = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
  return new Date(at.getTime() + shiftMs).toISOString().slice(0, 10);
}

function cteOf(row: MovementRow): Cte {
  if (row.event_type === 'TransformationEvent' || row.role === 'input' || row.role === 'output') return row.role === 'input' ? 'Transformation (input)' : 'Transformation (output)';
  return row.biz_step === 'receiving' ? 'Receiving' : 'Shipping';
}

function missingOf(row: Omit<Fsma204Row, 'missing'>): Kde[] {
  const present: Record<Kde, boolean> = {
    traceability_lot_code: row.traceability_lot_code !== null,
    quantity: row.quantity !== null,
    unit_of_measure: row.unit_of_measure !== null,
    product_description: row.product_description !== null,
    event_date: row.event_date !== null,
    location: row.location !== null,
    ship_from_location: row.ship_from_location !== null,
    ship_to_location: row.ship_to_location !== null,
    traceability_lot_code_source: row.traceability_lot_code_source !== null,
    reference_document: row.reference_documents !== null,
  };
  return REQUIRED[row.cte].filter((kde) => !present[kde]);
}

/** A product named only by its GTIN (an EPCIS import creates it so) has no description a reader could use. */
const description = (name: string, gtin: string) => (name === `GTIN ${gtin}` ? null : name);

export async function fsma204Rows(db: Db, selection: Fsma204Selection): Promise<Fsma204Row[]> {
  const params = [selection.lot ?? null, selection.gtin ?? null, selection.from ?? null, selection.to ?? null];
  const movements = await db.query<MovementRow>(MOVEMENTS_SQL, params);
  const shipments = await db.query<{ external_id: string; carrier: string; tracking_number: string | null; shipped_at: Date | null; order_ref: string; quantity: number; gtin: string; product: string; lot_id: number | null; lot_code: string | null; ship_from: string | null }>(SHIPMENTS_SQL, params);
  const lotIds = [...new Set([...movements, ...shipments].map((m) => m.lot_id).filter((id): id is number => id !== null))];
  const sources = new Map((await db.query<{ lot_id: number; source: string }>(LOT_SOURCES_SQL, [lotIds])).map((s) => [Number(s.lot_id), s.source]));

  const rows: Omit<Fsma204Row, 'missing'>[] = movements.map((m) => {
    const cte = cteOf(m);
    const quantity = m.quantity === null ? (m.serial ? 1 : null) : Number(m.quantity);
    return {
      cte,
      event_date: localDate(m.event_time, m.event_time_zone_offset),
      event_time: m.event_time.toISOString(),
      traceability_lot_code: m.lot_code,
      product_gtin: m.gtin,
      product_description: description(m.product, m.gtin),
      quantity,
      // EPCIS: a class quantity without uom, or a serialised instance, is a count of units.
      unit_of_measure: quantity === null ? null : (m.uom ?? 'EA'),
      location: m.location,
      ship_from_location: cte === 'Receiving' ? m.source : cte === 'Shipping' ? (m.source ?? m.location) : null,
      ship_to_location: cte === 'Receiving' ? (m.destination ?? m.location) : cte === 'Shipping' ? m.destination : null,
      // A transformation's output lot is assigned where the transformation happens.
      traceability_lot_code_source: m.lot_id === null ? null : (sources.get(Number(m.lot_id)) ?? (cte === 'Transformation (output)' ? m.location : null)),
      reference_documents: referenceDocuments(m.biz_transactions),
      record: `EPCIS ${m.event_type} ${m.event_id}`,
    };
  });
  for (const s of shipments) {
    rows.push({
      cte: 'Shipping',
      event_date: s.shipped_at ? s.shipped_at.toISOString().slice(0, 10) : null,
      event_time: s.shipped_at ? s.shipped_at.toISOString() : null,
      traceability_lot_code: s.lot_code,
      product_gtin: s.gtin,
      product_description: description(s.product, s.gtin),
      quantity: Number(s.quantity),
      unit_of_measure: 'EA',
      location: s.ship_from,
      ship_from_location: s.ship_from,
      // A parcel to a consumer: who it is stays in Rebound; the order says it to an inspector who asks.
      ship_to_location: `consumer (order ${s.order_ref})`,
      traceability_lot_code_source: s.lot_id === null ? null : (sources.get(Number(s.lot_id)) ?? null),
      reference_documents: [`order ${s.order_ref}`, s.tracking_number ? `${s.carrier} tracking ${s.tracking_number}` : null].filter(Boolean).join('; '),
      record: `shipment ${s.external_id}`,
    });
  }
  return rows.map((r) => ({ ...r, missing: missingOf(r) }));
}

/** What the data lacks, element by element: how many rows miss it, and for which events. */
export function missingSummary(rows: readonly Fsma204Row[]) {
  const byKde = new Map<Kde, number>();
  for (const row of rows) for (const kde of row.missing) byKde.set(kde, (byKde.get(kde) ?? 0) + 1);
  return [...byKde].map(([element, count]) => ({ element, rows: count })).sort((a, b) => b.rows - a.rows || a.element.localeCompare(b.element));
}

export const FSMA_COLUMNS = [
  'Critical tracking event', 'Event date', 'Event time (UTC)', 'Traceability lot code', 'Product GTIN', 'Product description', 'Quantity', 'Unit of measure',
  'Location', 'Ship-from location', 'Ship-to location', 'Traceability lot code source', 'Reference documents', 'Record', 'Missing key data elements',
] as const;

const MISSING_LABEL: Record<Kde, string> = {
  traceability_lot_code: 'traceability lot code', quantity: 'quantity', unit_of_measure: 'unit of measure', product_description: 'product description',
  event_date: 'date', location: 'location', ship_from_location: 'ship-from location', ship_to_location: 'ship-to location',
  traceability_lot_code_source: 'traceability lot code source', reference_document: 'reference document',
};

function cells(row: Fsma204Row): XlsxCell[] {
  return [
    row.cte, row.event_date, row.event_time, row.traceability_lot_code, row.product_gtin, row.product_description, row.quantity, row.unit_of_measure,
    row.location, row.ship_from_location, row.ship_to_location, row.traceability_lot_code_source, row.reference_documents, row.record,
    row.missing.map((m) => MISSING_LABEL[m]).join(', ') || null,
  ];
}

export function fsma204Csv(rows: readonly Fsma204Row[]): string {
  return `${[csvLine(FSMA_COLUMNS), ...rows.map((r) => csvLine(cells(r)))].join('\r\n')}\r\n`;
}

export function fsma204Xlsx(rows: readonly Fsma204Row[], selection: Fsma204Selection, producedAt: Date): Buffer {
  const summary = missingSummary(rows);
  return writeXlsx([
    { name: 'KDEs per CTE', header: FSMA_COLUMNS, rows: rows.map(cells), widths: [24, 12, 24, 22, 16, 30, 10, 10, 40, 40, 40, 40, 50, 60, 50] },
    {
      name: 'Missing elements',
      header: ['Key data element', 'Rows lacking it', 'Of rows'],
      rows: summary.length ? summary.map((s) => [MISSING_LABEL[s.element], s.rows, rows.length]) : [['none: every required element is present', 0, rows.length]],
      widths: [40, 16, 10],
    },
    {
      name: 'About',
      header: ['Field', 'Value'],
      rows: [
        ['Produced at (UTC)', producedAt.toISOString()],
        ['Selection', Object.entries(selection).filter(([, v]) => v).map(([k, v]) => `${k}=${String(v)}`).join(', ')],
        ['Rows', rows.length],
        ['Sources', 'EPCIS receiving, shipping and transformation events (errors declared left out); shipments of orders'],
      ],
      widths: [24, 90],
    },
  ]);
}
