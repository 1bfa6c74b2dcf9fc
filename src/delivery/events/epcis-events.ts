import { normaliseBizStep, normaliseDisposition } from '../../data/epcis/cbv-vocabulary.ts';
import { findEventList, isRecord } from '../../data/epcis/read-epcis-document.ts';
import type { Db } from '../../platform/db/database.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { malformed, parseInstant } from './malformed.ts';
import type { Mapped } from './status-maps.ts';

/** GS1 mod-10 check digit of the 17 digits before it. */
const checkDigit = (digits: string): number =>
  (10 - ([...digits].reverse().reduce((sum, d, i) => sum + Number(d) * (i % 2 === 0 ? 3 : 1), 0) % 10)) % 10;

/**
 * The codes an EPCIS event can name a parcel by: its SSCCs (EPC URN `urn:epc:id:sscc:CP.SR`
 * or Digital Link `/00/…`, as the 18 digits a label prints) and its business transactions
 * (a bill of lading, a despatch advice: the value after the last ':' or '/').
 */
export function parcelCodesOf(event: Record<string, unknown>): string[] {
  const codes = new Set<string>();
  const epcs = [event.epcList, event.childEPCs, event.parentID, event.inputEPCList, event.outputEPCList].flat().filter((v): v is string => typeof v === 'string');
  for (const epc of epcs) {
    const urn = /^urn:epc:id:sscc:(\d+)\.(\d+)$/.exec(epc);
    if (urn && urn[1]!.length + urn[2]!.length === 17) {
      const body = `${urn[2]![0]}${urn[1]}${urn[2]!.slice(1)}`;
      codes.add(`${body}${checkDigit(body)}`);
    }
    const link = /\/00\/(\d{18})(?:[/?#]|$)/.exec(epc);
    if (link) codes.add(link[1]!);
  }
  const transactions = Array.isArray(event.bizTransactionList) ? event.bizTransactionList : [];
  for (const t of transactions) {
    const value = isRecord(t) ? t.bizTransaction : undefined;
    if (typeof value === 'string' && value.length <= 200) codes.add(value.replace(/^.*[:/]/, '') || value);
  }
  return [...codes].filter((code) => code.length > 0 && code.length <= 100);
}

/** CBV business steps and dispositions in the delivery vocabulary (docs/delivery/carrier-events.md). */
export function mapEpcis(bizStep: string | null, disposition: string | null): Mapped {
  if (disposition && ['damaged', 'destroyed', 'stolen', 'disposed', 'non_conformant', 'recalled'].includes(disposition)) return { status: 'exception', subStatus: disposition };
  switch (bizStep) {
    case 'packing':
    case 'staging_outbound':
      return { status: 'pre_transit', subStatus: bizStep };
    case 'shipping':
    case 'departing':
    case 'loading':
    case 'arriving':
    case 'unloading':
    case 'holding':
    case 'inspecting':
      return { status: 'in_transit', subStatus: bizStep };
    case 'receiving':
    case 'accepting':
      return { status: 'delivered', subStatus: bizStep };
    default:
      return disposition === 'in_transit' ? { status: 'in_transit', subStatus: bizStep ?? disposition } : { status: 'unknown', subStatus: 'unmapped' };
  }
}

/**
 * EPCIS 2.0 events (JSON-LD) as carrier checkpoints. EPCIS names no carrier, so each parcel
 * code is looked up among the shipments first and takes the carrier of the one it names;
 * a code no shipment has is kept apart under carrier 'unknown' like any unmatched event.
 */
export async function readEpcisUpdates(db: Db, doc: unknown): Promise<CarrierUpdate[]> {
  const list = findEventList(doc);
  if (!list.ok) throw malformed('body', list.reason);
  const events = list.value.map((raw, i) => {
    if (!isRecord(raw)) throw malformed(`body.eventList.${i}`, 'must be an object');
    const at = typeof raw.eventTime === 'string' ? parseInstant(raw.eventTime) : null;
    if (!at) throw malformed(`body.eventList.${i}.eventTime`, 'must be an ISO 8601 date-time');
    const bizStep = typeof raw.bizStep === 'string' ? normaliseBizStep(raw.bizStep) : null;
    const disposition = typeof raw.disposition === 'string' ? normaliseDisposition(raw.disposition) : null;
    const place = [raw.readPoint, raw.bizLocation].map((p) => (isRecord(p) && typeof p.id === 'string' ? p.id : null)).find(Boolean) ?? null;
    return { at, bizStep, disposition, place, codes: parcelCodesOf(raw) };
  });
  const allCodes = [...new Set(events.flatMap((e) => e.codes))];
  const carriers = new Map((await db.query<{ tracking_number: string; carrier: string }>(
    'SELECT DISTINCT ON (tracking_number) tracking_number, carrier FROM shipments WHERE tracking_number = ANY($1::text[]) ORDER BY tracking_number, coalesce(shipped_at, created_at) DESC',
    [allCodes])).map((r) => [r.tracking_number, r.carrier]));
  return events.flatMap((e) => {
    const mapped = mapEpcis(e.bizStep, e.disposition);
    // An event naming no known code is kept under its first code; one naming none at all says nothing about a parcel.
    const known = e.codes.filter((code) => carriers.has(code));
    return (known.length ? known : e.codes.slice(0, 1)).map((code): CarrierUpdate => ({
      sourceKind: 'epcis',
      carrier: carriers.get(code) ?? 'unknown',
      trackingCode: code,
      estimatedDeliveryOn: null,
      checkpoints: [{ occurredAt: e.at, ...mapped, carrierStatus: e.bizStep ?? e.disposition ?? 'none', carrierSubStatus: e.disposition, location: e.place, message: null }],
    }));
  });
}
