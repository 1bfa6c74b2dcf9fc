-- The first detection sweep over 1 M shipments writes ~540,000 delay records in one
-- statement. Each record's order_id was checked against orders one row at a time (a
-- foreign-key trigger per row: the largest share of that sweep's time), and each put a NULL
-- into the incident index. Neither is needed:
-- * detection writes delivery_delays.order_id from its shipment's order_id in the statement
--   that writes the record, and writes it again whenever it evaluates the record; and
--   shipments.order_id REFERENCES orders ON DELETE CASCADE, so an order deleted takes its
--   shipments and, through shipment_id, their delay records with it;
-- * every lookup by incident names one (incident_id = …), never NULL.
ALTER TABLE delivery_delays DROP CONSTRAINT delivery_delays_order_id_fkey;
DROP INDEX delivery_delays_incident_idx;
CREATE INDEX delivery_delays_incident_idx ON delivery_delays (incident_id) WHERE incident_id IS NOT NULL;
