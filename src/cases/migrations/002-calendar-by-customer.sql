-- The SLA calendar of a case follows its customer (issue 11): a British customer's deadline
-- counts British working days and bank holidays, not the Moscow production calendar.

-- Which calendar serves customers of a country, or of one region of it where the holiday
-- data distinguishes regions (GB nations). region '' is the whole country; a customer's
-- region is matched case-insensitively, the country row is the fallback.
CREATE TABLE sla_calendar_places (
  country     text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  region      text NOT NULL DEFAULT '',
  calendar_id text NOT NULL REFERENCES business_calendars,
  PRIMARY KEY (country, region)
);
CREATE UNIQUE INDEX sla_calendar_places_region_key ON sla_calendar_places (country, lower(region));

INSERT INTO business_calendars (id, name, time_zone, weekly_hours, holiday_region) VALUES
  ('gb-scotland', 'Scotland, Mon–Fri 09:00–17:30, Scottish bank holidays', 'Europe/London',
   '{"mon":[["09:00","17:30"]],"tue":[["09:00","17:30"]],"wed":[["09:00","17:30"]],"thu":[["09:00","17:30"]],"fri":[["09:00","17:30"]]}', 'GB-SCT'),
  ('gb-northern-ireland', 'Northern Ireland, Mon–Fri 09:00–17:30, Northern Irish bank holidays', 'Europe/London',
   '{"mon":[["09:00","17:30"]],"tue":[["09:00","17:30"]],"wed":[["09:00","17:30"]],"thu":[["09:00","17:30"]],"fri":[["09:00","17:30"]]}', 'GB-NIR')
ON CONFLICT (id) DO NOTHING;

INSERT INTO sla_calendar_places (country, region, calendar_id) VALUES
  ('RU', '', 'ru-moscow'),
  ('SE', '', 'se-stockholm'),
  ('UA', '', 'ua-kyiv'),
  ('GB', '', 'gb-london'),
  ('GB', 'Scotland', 'gb-scotland'),
  ('GB', 'Northern Ireland', 'gb-northern-ireland')
ON CONFLICT DO NOTHING;

-- Per case type: 'customer' takes the calendar of the customer's place when there is one
-- (else the policy's, the team's); 'team' always runs on the policy's calendar — a delivery
-- incident promises 24 clock hours (D4) wherever the customer lives.
ALTER TABLE case_types ADD COLUMN IF NOT EXISTS sla_calendar_source text NOT NULL DEFAULT 'customer'
  CHECK (sla_calendar_source IN ('customer', 'team'));
UPDATE case_types SET sla_calendar_source = 'team' WHERE type = 'delivery_incident';

-- Why a case runs on its calendar, shown on the case: customer_region, customer_country,
-- team_default (no customer, or none of their place), team_configured (the type says team).
-- sla_calendar_place: the customer's "GB / Scotland" the choice was made from.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS sla_calendar_basis text
  CHECK (sla_calendar_basis IN ('customer_region', 'customer_country', 'team_default', 'team_configured'));
ALTER TABLE cases ADD COLUMN IF NOT EXISTS sla_calendar_place text;
