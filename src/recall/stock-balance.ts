/**
 * What is known about a recalled lot's units at one location, from three sources that are
 * rarely complete together: receipts and shipments from EPCIS events, sales from order
 * lines. A store with sales but no receipt on record ("received 0, sold 2") has not got
 * minus two on the shelf: its receipts are missing, so its stock is unknown, and the units
 * it sold or shipped without a recorded receipt are counted as such instead of vanishing.
 *
 * Always: received + without_receipt = shipped + sold + (in_stock ?? 0).
 */
export interface StockBalance {
  /** Units received as recorded by EPCIS receiving events (0 when none is on record). */
  received: number;
  /** Units shipped on from here (a warehouse or distributor). */
  shipped: number;
  sold: number;
  /** On hand; null when the records do not cover what left (stock unknown). */
  in_stock: number | null;
  /** Units sold or shipped here beyond the recorded receipts: the receipts are missing. */
  without_receipt: number;
}

export function stockBalance(received: number, shipped: number, sold: number): StockBalance {
  const left = received - shipped - sold;
  return left >= 0 && received > 0
    ? { received, shipped, sold, in_stock: left, without_receipt: 0 }
    : { received, shipped, sold, in_stock: null, without_receipt: Math.max(-left, 0) };
}

/**
 * Where every produced unit is, for the whole recall: sold (in stores and online), on hand
 * where receipts say so, and the rest — whose whereabouts nobody recorded — as unknown,
 * shown rather than left out. Unknown is null when a lot's production quantity is missing.
 * Records that claim more than was produced are reported as `recorded_beyond_production`.
 */
export function unitsBalance(produced: number | null, sold: number, inStock: number) {
  if (produced === null) return { produced: null, sold, in_stock: inStock, unknown: null, recorded_beyond_production: 0 };
  const rest = produced - sold - inStock;
  return { produced, sold, in_stock: inStock, unknown: Math.max(rest, 0), recorded_beyond_production: Math.max(-rest, 0) };
}
