import type { ActiveBlock } from './block-list.sql.ts';

export interface RecallReference {
  recall_id: number;
  reference: string;
  classification: string;
  reason: string;
}

export type StopSaleAnswer =
  | { status: 'blocked'; blocked: true; recall: RecallReference }
  /** The product has recalled lots but the scan carried no lot: the till must ask for it. */
  | { status: 'check_lot'; blocked: false; recall: RecallReference }
  | { status: 'clear'; blocked: false };

interface ProductBlocks {
  lots: Map<string, RecallReference>;
  serials: Map<string, RecallReference>;
  anyRecall: RecallReference;
}

/**
 * The block list in memory, so a till's "is this blocked?" never waits for the database:
 * a map lookup by GTIN, then by lot or serial.
 */
export class StopSaleIndex {
  private byGtin = new Map<string, ProductBlocks>();
  version = -1;
  loadedAt: Date | null = null;

  replace(version: number, blocks: ActiveBlock[], now: Date): void {
    const next = new Map<string, ProductBlocks>();
    for (const block of blocks) {
      const reference: RecallReference = { recall_id: block.recall_id, reference: block.reference, classification: block.classification, reason: block.reason };
      const entry = next.get(block.gtin) ?? { lots: new Map(), serials: new Map(), anyRecall: reference };
      if (block.lot_code !== null) entry.lots.set(block.lot_code, reference);
      if (block.serial !== null) entry.serials.set(block.serial, reference);
      next.set(block.gtin, entry);
    }
    this.byGtin = next;
    this.version = version;
    this.loadedAt = now;
  }

  check(gtin: string, lot?: string | null, serial?: string | null): StopSaleAnswer {
    const product = this.byGtin.get(gtin);
    if (!product) return { status: 'clear', blocked: false };
    const bySerial = serial ? product.serials.get(serial) : undefined;
    if (bySerial) return { status: 'blocked', blocked: true, recall: bySerial };
    const byLot = lot ? product.lots.get(lot) : undefined;
    if (byLot) return { status: 'blocked', blocked: true, recall: byLot };
    if (!lot && !serial && product.lots.size > 0) return { status: 'check_lot', blocked: false, recall: product.anyRecall };
    return { status: 'clear', blocked: false };
  }

  get size(): number {
    let n = 0;
    for (const p of this.byGtin.values()) n += p.lots.size + p.serials.size;
    return n;
  }
}
