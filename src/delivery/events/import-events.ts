import type { Readable } from 'node:stream';
import { readRecords, type ImportFormat } from '../../data/import/readers.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { CarrierUpdate } from './carrier-update.ts';
import { malformed, PayloadReader } from './malformed.ts';
import { receiveCarrierUpdates, type Received } from './receive-updates.ts';
import { mapAnyStatus } from './status-maps.ts';

export interface LineError { line: number; field: string; message: string }

export interface EventImportResult {
  committed: boolean;
  rowsRead: number;
  rejected: number;
  errors: LineError[];
  received: Received | null;
}

/** A file is held in memory while it is checked (all-or-nothing): carrier event files are small next to order history. */
const MAX_LINES = 200_000;

/**
 * One carrier checkpoint per line: carrier, tracking_code, occurred_at, status (ours, or a
 * source's own such as Shippo's TRANSIT or AfterShip's InTransit), and optionally sub_status,
 * location, message, estimated_delivery_on. Every error names its line and column; any
 * error and nothing is stored.
 */
export function readEventLine(record: Record<string, unknown>): CarrierUpdate {
  const line = new PayloadReader(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])), '');
  const carrier = line.string('carrier');
  const trackingCode = line.string('tracking_code');
  const occurredAt = line.instant('occurred_at');
  const carrierStatus = line.string('status');
  const carrierSubStatus = line.optionalString('sub_status');
  const mapped = mapAnyStatus(carrierStatus, carrierSubStatus);
  if (!mapped) throw malformed('.status', 'is not a known status (see docs/delivery/carrier-events.md)');
  return {
    sourceKind: 'import',
    carrier,
    trackingCode,
    estimatedDeliveryOn: line.optionalDay('estimated_delivery_on'),
    checkpoints: [{ occurredAt, ...mapped, carrierStatus, carrierSubStatus, location: line.optionalString('location', 300), message: line.optionalString('message', 2000) }],
  };
}

export async function importCarrierEvents(ctx: AppContext, input: Readable, format: ImportFormat, source: string): Promise<EventImportResult> {
  const updates: CarrierUpdate[] = [];
  const errors: LineError[] = [];
  let rowsRead = 0;
  for await (const item of readRecords(input, format)) {
    rowsRead++;
    if (rowsRead > MAX_LINES) throw new AppError('invalid', `a file holds at most ${MAX_LINES} lines; split it`, 'delivery.import_too_large');
    if (!item.record) {
      errors.push({ line: item.line, field: item.field, message: item.message });
      continue;
    }
    try {
      updates.push(readEventLine(item.record as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const [first] = (error.extensions.errors as { field: string; message: string }[] | undefined) ?? [{ field: 'line', message: error.message }];
      errors.push({ line: item.line, field: first!.field.replace(/^\./, ''), message: first!.message });
    }
  }
  if (errors.length) return { committed: false, rowsRead, rejected: new Set(errors.map((e) => e.line)).size, errors: errors.slice(0, 1000), received: null };
  const received = await receiveCarrierUpdates(ctx, source, updates);
  return { committed: true, rowsRead, rejected: 0, errors: [], received };
}
