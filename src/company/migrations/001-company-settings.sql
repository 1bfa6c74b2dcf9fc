-- Who the company is, as consumers and regulators must be told (R5, R13): one row, filled in
-- the console's Settings. Every column may be empty: what is not entered is shown as not set,
-- never guessed from other data (a plant's address is not the recalling firm's).
CREATE TABLE company_settings (
  id                    smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  legal_name            text,
  address               text,
  city                  text,
  postal_code           text,
  country               text CHECK (country ~ '^[A-Z]{2}$'),
  -- Contact details given for safety purposes (GPSR Art. 35), for regulators and consumers.
  safety_contact_name   text,
  safety_contact_email  text,
  safety_contact_phone  text,
  brand_name            text,
  -- The From of consumer e-mail; without them, SMTP_FROM of the configuration is used.
  sender_name           text,
  sender_email          text,
  updated_at            timestamptz NOT NULL,
  updated_by            text
);

-- A brand's own sender, for companies whose products carry several brands (products.brand):
-- a message about a product of that brand comes from it.
CREATE TABLE company_brands (
  brand        text PRIMARY KEY,
  sender_name  text,
  sender_email text,
  CHECK (sender_name IS NOT NULL OR sender_email IS NOT NULL)
);
