import type { EntityImporter } from '../entity.ts';
import { lastPerKey } from '../entity.ts';
import { boolean, countryCode, date, email, oneOf, optional, phone, required, text, timeZone, timestamp } from '../fields.ts';

const CHANNELS = ['email', 'sms', 'phone', 'post', 'push'] as const;

export type CustomerValues = {
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  language: string | null;
  time_zone: string | null;
  tier: string | null;
  country: string | null;
  region: string | null;
  customer_since: string | null;
  consent_email: boolean | null;
  consent_sms: boolean | null;
  consent_phone: boolean | null;
  consent_post: boolean | null;
  consent_push: boolean | null;
  consent_recorded_at: string | null;
  consent_source: string | null;
};

export const customersImporter: EntityImporter<CustomerValues> = {
  name: 'customers',
  description: 'Customers with language, time zone, tier and consent per channel (blank consent = never asked)',
  fields: {
    external_id: required(text(100)),
    name: required(text(200)),
    email: optional(email),
    phone: optional(phone),
    language: optional(oneOf(['en', 'ru', 'uk', 'sv'])),
    time_zone: optional(timeZone),
    tier: optional(oneOf(['standard', 'silver', 'gold', 'vip'])),
    country: optional(countryCode),
    region: optional(text(100)),
    customer_since: optional(date),
    consent_email: optional(boolean),
    consent_sms: optional(boolean),
    consent_phone: optional(boolean),
    consent_post: optional(boolean),
    consent_push: optional(boolean),
    consent_recorded_at: optional(timestamp),
    consent_source: optional(text(100)),
  },
  checkRow(values) {
    const errors = [];
    if (values.consent_email === true && !values.email) errors.push({ field: 'consent_email', message: 'consent to e-mail given but no email' });
    if (values.consent_sms === true && !values.phone) errors.push({ field: 'consent_sms', message: 'consent to SMS given but no phone' });
    return errors;
  },
  async writeBatch(tx, rows, context) {
    if (!context.write) return [];
    const customers = lastPerKey(rows, (r) => r.values.external_id).map((r) => r.values);
    const written = await tx.query<{ id: number; external_id: string }>(
      `INSERT INTO customers (external_id, name, email, phone, language, time_zone, tier, country, region, customer_since)
       SELECT r.external_id, r.name, r.email, r.phone, coalesce(r.language, 'en'), coalesce(r.time_zone, 'UTC'),
              coalesce(r.tier, 'standard'), r.country, r.region, r.customer_since
       FROM jsonb_to_recordset($1::jsonb) AS r(external_id text, name text, email text, phone text, language text,
            time_zone text, tier text, country text, region text, customer_since date)
       ON CONFLICT (external_id) DO UPDATE SET
         name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language,
         time_zone = EXCLUDED.time_zone, tier = EXCLUDED.tier, country = EXCLUDED.country, region = EXCLUDED.region,
         customer_since = coalesce(EXCLUDED.customer_since, customers.customer_since), updated_at = now()
       RETURNING id, external_id`,
      [JSON.stringify(customers)],
    );
    const idByExternal = new Map(written.map((w) => [w.external_id, w.id]));
    const consents = customers.flatMap((c) =>
      CHANNELS.filter((channel) => c[`consent_${channel}`] !== null).map((channel) => ({
        customer_id: idByExternal.get(c.external_id),
        channel,
        granted: c[`consent_${channel}`],
        recorded_at: c.consent_recorded_at ?? context.now.toISOString(),
        source: c.consent_source ?? 'import',
      })),
    );
    if (consents.length > 0) {
      // An unchanged consent keeps its original time and source: re-importing a file
      // must not make a three-year-old opt-in look fresh.
      await tx.query(
        `INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
         SELECT customer_id, channel, granted, recorded_at, source
         FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, channel text, granted boolean, recorded_at timestamptz, source text)
         ON CONFLICT (customer_id, channel) DO UPDATE SET
           granted = EXCLUDED.granted, recorded_at = EXCLUDED.recorded_at, source = EXCLUDED.source
         WHERE customer_consents.granted IS DISTINCT FROM EXCLUDED.granted`,
        [JSON.stringify(consents)],
      );
    }
    return [];
  },
};
