import type { EntityImporter } from '../entity.ts';
import { attachReference, idsByKey, lastPerKey } from '../entity.ts';
import { date, oneOf, optional, required, text, timestamp } from '../fields.ts';

const STATUSES = ['pending', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'delayed', 'lost', 'returned'] as const;

export type ShipmentValues = {
  external_id: string;
  order_external_id: string | null;
  carrier: string;
  tracking_number: string | null;
  status: string;
  promised_on: string | null;
  estimated_delivery_on: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
};

export const shipmentsImporter: EntityImporter<ShipmentValues> = {
  name: 'shipments',
  description: 'Shipments of orders: carrier, status, promised and estimated dates, shipped and delivered times',
  fields: {
    external_id: required(text(100)),
    order_external_id: optional(text(100)),
    carrier: required(text(100)),
    tracking_number: optional(text(100)),
    status: required(oneOf(STATUSES)),
    promised_on: optional(date),
    estimated_delivery_on: optional(date),
    shipped_at: optional(timestamp),
    delivered_at: optional(timestamp),
  },
  checkRow(values) {
    const errors = [];
    if (values.status === 'delivered' && !values.delivered_at) errors.push({ field: 'delivered_at', message: 'required when status is delivered' });
    if (values.shipped_at && values.delivered_at && values.delivered_at < values.shipped_at) {
      errors.push({ field: 'delivered_at', message: 'is before shipped_at' });
    }
    return errors;
  },
  async writeBatch(tx, rows, context) {
    const orderIds = await idsByKey(tx, 'SELECT external_id AS key, id FROM orders WHERE external_id = ANY($1)', rows.flatMap((r) => r.values.order_external_id ?? []));
    const { resolved, errors } = attachReference(rows, {
      field: 'order_external_id',
      idKey: 'order_id',
      keyOf: (v) => v.order_external_id,
      ids: orderIds,
      unknown: (key) => `no order "${key}"`,
    });
    if (context.write && resolved.length > 0) {
      await tx.query(
        `INSERT INTO shipments (external_id, order_id, carrier, tracking_number, status, promised_on, estimated_delivery_on, shipped_at, delivered_at)
         SELECT r.external_id, r.order_id, r.carrier, r.tracking_number, r.status, r.promised_on, r.estimated_delivery_on, r.shipped_at, r.delivered_at
         FROM jsonb_to_recordset($1::jsonb) AS r(external_id text, order_id bigint, carrier text, tracking_number text, status text,
              promised_on date, estimated_delivery_on date, shipped_at timestamptz, delivered_at timestamptz)
         ON CONFLICT (external_id) DO UPDATE SET order_id = EXCLUDED.order_id, carrier = EXCLUDED.carrier,
           tracking_number = EXCLUDED.tracking_number, status = EXCLUDED.status, promised_on = EXCLUDED.promised_on,
           estimated_delivery_on = EXCLUDED.estimated_delivery_on, shipped_at = EXCLUDED.shipped_at,
           delivered_at = EXCLUDED.delivered_at, updated_at = now()`,
        [JSON.stringify(lastPerKey(resolved, (r) => r.external_id))],
      );
    }
    return errors;
  },
};

export type ShipmentEventValues = {
  shipment_external_id: string;
  occurred_at: string;
  status: string;
  location: string | null;
  description: string | null;
};

export const shipmentEventsImporter: EntityImporter<ShipmentEventValues> = {
  name: 'shipment-events',
  description: "Carrier status events of shipments (the tracker's history)",
  fields: {
    shipment_external_id: required(text(100)),
    occurred_at: required(timestamp),
    status: required(text(50)),
    location: optional(text(200)),
    description: optional(text(500)),
  },
  async writeBatch(tx, rows, context) {
    const shipmentIds = await idsByKey(tx, 'SELECT external_id AS key, id FROM shipments WHERE external_id = ANY($1)', rows.map((r) => r.values.shipment_external_id));
    const { resolved, errors } = attachReference(rows, {
      field: 'shipment_external_id',
      idKey: 'shipment_id',
      keyOf: (v) => v.shipment_external_id,
      ids: shipmentIds,
      unknown: (key) => `no shipment "${key}"`,
    });
    if (context.write && resolved.length > 0) {
      await tx.query(
        `INSERT INTO shipment_events (shipment_id, occurred_at, status, location, description)
         SELECT r.shipment_id, r.occurred_at, r.status, r.location, r.description
         FROM jsonb_to_recordset($1::jsonb) AS r(shipment_id bigint, occurred_at timestamptz, status text, location text, description text)
         ON CONFLICT (shipment_id, occurred_at, status) DO NOTHING`,
        [JSON.stringify(resolved)],
      );
    }
    return errors;
  },
};
