-- Working days counted by subtraction instead of count(*) per shipment (decision 034): each
-- calendar day carries how many working and non-working days its country has had up to and
-- including it, from the first day written. A sweep over 100,000 shipments took 19 s on
-- PGlite with four correlated counts per shipment.
ALTER TABLE delivery_calendar_days
  ADD COLUMN working_index integer,
  ADD COLUMN nonworking_index integer;
