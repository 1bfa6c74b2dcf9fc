-- Returns and cancellations (issue 14): a return is an order of kind 'return' whose lines
-- are the quantities taken back, at the price refunded (positive numbers, like a sale). A
-- cancelled sale is imported the same way, as a return of its lines (the UCI Online Retail
-- "C" invoices are exactly that). Purchase metrics net returns against sales
-- (docs/winback-metrics.md); a return is never a purchase.
ALTER TABLE orders ADD COLUMN kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'return'));
