import type { Checked, EpcisAction, EpcisEventType, EventItem, MovementRole } from './epcis-event.ts';
import { asList } from './event-fields.ts';
import { readObjectIdentifier, type ObjectIdentity } from './gs1-identifiers.ts';
import { describeJsonValue, isRecord } from './read-epcis-document.ts';

/**
 * The products an event names, each with its role. Which fields hold objects depends on the
 * event type; instance EPCs count one each, quantity elements carry their own quantity.
 */

type ItemSource = { field: string; role: MovementRole; shape: 'epc' | 'epcList' | 'quantityList' };

const ITEM_SOURCES: Record<EpcisEventType, readonly ItemSource[]> = {
  ObjectEvent: [
    { field: 'epcList', role: 'object', shape: 'epcList' },
    { field: 'quantityList', role: 'object', shape: 'quantityList' },
  ],
  AggregationEvent: [
    { field: 'parentID', role: 'parent', shape: 'epc' },
    { field: 'childEPCs', role: 'child', shape: 'epcList' },
    { field: 'childQuantityList', role: 'child', shape: 'quantityList' },
  ],
  AssociationEvent: [
    { field: 'parentID', role: 'parent', shape: 'epc' },
    { field: 'childEPCs', role: 'child', shape: 'epcList' },
    { field: 'childQuantityList', role: 'child', shape: 'quantityList' },
  ],
  TransactionEvent: [
    { field: 'parentID', role: 'parent', shape: 'epc' },
    { field: 'epcList', role: 'object', shape: 'epcList' },
    { field: 'quantityList', role: 'object', shape: 'quantityList' },
  ],
  TransformationEvent: [
    { field: 'inputEPCList', role: 'input', shape: 'epcList' },
    { field: 'inputQuantityList', role: 'input', shape: 'quantityList' },
    { field: 'outputEPCList', role: 'output', shape: 'epcList' },
    { field: 'outputQuantityList', role: 'output', shape: 'quantityList' },
  ],
};

export function readEventItems(
  raw: Record<string, unknown>,
  type: EpcisEventType,
  action: EpcisAction | null,
  warnings: string[],
): Checked<EventItem[]> {
  const items: EventItem[] = [];
  for (const source of ITEM_SOURCES[type]) {
    const read = source.shape === 'quantityList' ? readQuantityList(raw[source.field], source, warnings) : readEpcs(raw[source.field], source);
    if (!read.ok) return read;
    items.push(...read.value);
  }
  return { ok: true, value: applyIlmdLot(items, raw.ilmd, type, action) };
}

function readEpcs(value: unknown, source: ItemSource): Checked<EventItem[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  const entries = source.shape === 'epc' ? [value] : asList(value);
  const items: EventItem[] = [];
  for (const [position, epc] of entries.entries()) {
    const where = source.shape === 'epc' ? source.field : `${source.field}[${position}]`;
    if (typeof epc !== 'string') return { ok: false, reason: `${where} is ${describeJsonValue(epc)}, not a URI` };
    const identity = readObjectIdentifier(epc.trim());
    if (identity.kind === 'invalid') return { ok: false, reason: `${where}: ${identity.reason}` };
    if (identity.kind === 'product') items.push({ ...productKeys(identity), role: source.role, quantity: 1 });
  }
  return { ok: true, value: items };
}

function readQuantityList(value: unknown, source: ItemSource, warnings: string[]): Checked<EventItem[]> {
  const items: EventItem[] = [];
  for (const [position, element] of asList(value).entries()) {
    const where = `${source.field}[${position}]`;
    if (!isRecord(element) || typeof element.epcClass !== 'string') {
      return { ok: false, reason: `${where} must be an object with an "epcClass" URI` };
    }
    const quantity = readQuantity(element.quantity, where);
    if (!quantity.ok) return quantity;
    if (element.uom !== undefined && typeof element.uom !== 'string') return { ok: false, reason: `${where}.uom is not a text code` };
    const identity = readObjectIdentifier(element.epcClass.trim());
    if (identity.kind === 'invalid') return { ok: false, reason: `${where}: ${identity.reason}` };
    if (identity.kind === 'not-a-product') {
      warnings.push(`${where} ${element.epcClass} names no single GTIN; kept in the raw event only`);
      continue;
    }
    const item: EventItem = { ...productKeys(identity), role: source.role, quantity: quantity.value };
    if (typeof element.uom === 'string') item.uom = element.uom;
    items.push(item);
  }
  return { ok: true, value: items };
}

/** A JSON number (a numeric string is tolerated: some JSON-LD tools write literals as strings). */
function readQuantity(value: unknown, where: string): Checked<number | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  const quantity = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
    return { ok: false, reason: `${where}.quantity ${JSON.stringify(value)} is not a number ≥ 0` };
  }
  return { ok: true, value: quantity };
}

function productKeys(identity: Extract<ObjectIdentity, { kind: 'product' }>): Pick<EventItem, 'gtin' | 'lot' | 'serial' | 'lotExpiry'> {
  const keys: Pick<EventItem, 'gtin' | 'lot' | 'serial' | 'lotExpiry'> = { gtin: identity.gtin };
  if (identity.lot !== undefined) keys.lot = identity.lot;
  if (identity.serial !== undefined) keys.serial = identity.serial;
  if (identity.expiry !== undefined && identity.lot !== undefined) keys.lotExpiry = identity.expiry;
  return keys;
}

/** CBV master data attribute for the lot of objects created by the event (ILMD). */
const ILMD_LOT_KEYS = ['cbvmda:lotNumber', 'urn:epcglobal:cbv:mda#lotNumber'];

/**
 * ILMD describes the objects an event brings into being: those of an ObjectEvent with action
 * ADD and the outputs of a TransformationEvent. Its lotNumber is how a commissioning event
 * ties serials to a lot, which is what a recall by lot needs, so it fills in a missing lot.
 */
function applyIlmdLot(items: EventItem[], ilmd: unknown, type: EpcisEventType, action: EpcisAction | null): EventItem[] {
  if (!isRecord(ilmd)) return items;
  const lot = ILMD_LOT_KEYS.map((key) => ilmd[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  if (lot === undefined) return items;
  const createdRole: MovementRole | null = type === 'TransformationEvent' ? 'output' : type === 'ObjectEvent' && action === 'ADD' ? 'object' : null;
  return items.map((item) => (item.role === createdRole && item.lot === undefined ? { ...item, lot: lot.trim() } : item));
}
