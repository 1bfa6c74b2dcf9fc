import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleActions, startTestApp, type TestApp } from '../../test/app.ts';
import { eventually } from '../comms/testing/fixtures.ts';
import { PREFERENCES_TEXT } from '../comms/outbox/compose-message.ts';
import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';
import { NOT_SET } from './regulator-report.ts';

/**
 * Issue 11, "right answers first": the regulator report says only what is known (the firm from
 * the company settings, the status from the recall, the notification methods activation used)
 * and the consumer's notice, as it arrives over SMTP, comes from the brand and names their lot.
 */
describe('regulator report and recall notice from the company settings', () => {
  let t: TestApp;
  let cookie: string;
  let recall: { id: number; reference: string };
  let target: { gtin: string; lot_code: string; name: string; brand: string; expires_on: string };
  const report = async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/regulator-report`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().records[0] as Record<string, string>;
  };

  beforeAll(async () => {
    t = await startTestApp({ SMTP_FROM: 'Rebound <no-reply@rebound.local>' });
    await seedDemoData(t.db, systemActor, { customers: 400, orders: 3000 });
    cookie = await t.login(['manager'], 'quality.manager@example.com');
    // A lot with a use-by date bought by customers who can be e-mailed.
    [target] = (await t.db.query<typeof target>(
      `SELECT p.gtin, l.lot_code, p.name, p.brand, l.expires_on::text AS expires_on FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN customers c ON c.id = o.customer_id
       JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE c.email IS NOT NULL AND l.expires_on IS NOT NULL AND p.brand IS NOT NULL
       GROUP BY p.gtin, l.lot_code, p.name, p.brand, l.expires_on ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`,
    )) as [typeof target];
    const created = await t.app.inject({
      method: 'POST', url: '/api/recalls', headers: { cookie },
      payload: {
        title: 'Lot recall', classification: 'I', reason: 'Listeria monocytogenes found in a retained sample.',
        instructions: { en: 'Do not eat it. Return it to any store.', ru: 'Не ешьте его. Верните в любой магазин.', uk: 'Не їжте його. Поверніть у будь-який магазин.', sv: 'Ät den inte. Lämna tillbaka den i valfri butik.' },
        scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    recall = created.json();
  });
  afterAll(async () => t.close());

  it('reports a draft as a draft, names the brand once and says what is not set instead of guessing a plant', async () => {
    const draft = await report();
    expect(draft).toMatchObject({
      status: 'Draft — not activated',
      recalling_firm: NOT_SET, address_1: NOT_SET, city: NOT_SET, country: NOT_SET, safety_contact: NOT_SET,
      initial_firm_notification: 'none yet — the recall is not activated',
      recall_initiation_date: 'not activated yet',
      voluntary_mandated: 'not recorded',
      code_info: `Lots: ${target.lot_code} (use by ${target.expires_on})`,
    });
    expect(draft.product_description).toBe(`${target.name}, GTIN ${target.gtin}`);
    expect(target.name.startsWith(target.brand)).toBe(true); // the demo's names carry the brand: shown once
    const [plant] = await t.db.query<{ city: string }>(`SELECT city FROM locations WHERE kind = 'plant' ORDER BY id LIMIT 1`);
    expect(Object.values(draft).join(' ')).not.toContain(plant!.city);
    const page = await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/regulator-report?format=html`, headers: { cookie } });
    expect(page.body).toContain('not set — add it in Settings → Company');
  });

  it('after activation reports the firm from the settings, the recall as ongoing and only the methods used', async () => {
    const settings = await t.app.inject({
      method: 'PUT', url: '/api/company-settings', headers: { cookie },
      payload: {
        legal_name: 'Northfield Dairies Ltd', address: '1 Mill Lane', city: 'Leeds', postal_code: 'LS1 4AP', country: 'GB',
        safety_contact_name: 'Quality desk', safety_contact_email: 'safety@northfield.example',
        brand_name: 'Northfield', sender_name: 'Northfield Care', sender_email: 'care@northfield.example',
        brands: [{ brand: target.brand, sender_name: `${target.brand} Care`, sender_email: 'care@brand.example' }],
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const activated = await t.app.inject({ method: 'POST', url: `/api/recalls/${recall.id}/activate`, headers: { cookie } });
    expect(activated.statusCode, activated.body).toBe(200);
    await settleActions(t);
    const consumers = await t.db.query<{ channel: string; n: number }>(
      `SELECT channel, count(*)::int AS n FROM comms_messages WHERE resource_type = 'recall' AND resource_id = $1 AND reason = 'recall.notice' AND status <> 'suppressed' GROUP BY channel`, [String(recall.id)]);
    const emailed = consumers.find((c) => c.channel === 'email')!.n;
    const active = await report();
    expect(active).toMatchObject({
      status: 'Ongoing', recalling_firm: 'Northfield Dairies Ltd', address_1: '1 Mill Lane', city: 'Leeds', postal_code: 'LS1 4AP', country: 'GB',
      safety_contact: 'Quality desk, safety@northfield.example',
      recall_initiation_date: t.clock.now().toISOString().slice(0, 10),
    });
    expect(active.initial_firm_notification).toContain(`E-mail to ${emailed.toLocaleString('en-GB')} consumer`);
    const texted = consumers.find((c) => c.channel === 'sms')?.n;
    if (texted) expect(active.initial_firm_notification).toContain(`SMS to ${texted.toLocaleString('en-GB')} consumer`);
    else expect(active.initial_firm_notification).not.toContain('SMS');
    expect(active.initial_firm_notification).not.toMatch(/Letter|Press Release/);
  });

  it("delivers the notice over SMTP from the brand's sender, naming the lot and use-by date, with a preferences link and no unsubscribe", async () => {
    const [message] = await t.db.query<{ id: number; language: string }>(
      `SELECT m.id, c.language FROM comms_messages m JOIN customers c ON c.id = m.customer_id
       WHERE m.resource_type = 'recall' AND m.resource_id = $1 AND m.reason = 'recall.notice' AND m.channel = 'email' ORDER BY (c.language = 'en') DESC, m.id LIMIT 1`, [String(recall.id)]);
    // The outbox fills in the recipient when it sends, which may be after activation has settled:
    // wait for the message to be sent to someone, then for that address's mail.
    const raw = await eventually(async () => {
      const [row] = await t.db.query<{ raw: string }>(
        'SELECT b.raw FROM comms_messages m JOIN comms_mailbox b ON m.recipient = ANY(b.envelope_to) WHERE m.id = $1', [message!.id]);
      return row?.raw;
    }, 30_000, 'the notice in the embedded mailbox');
    const mail = await simpleParser(raw);
    expect(mail.from?.value[0]).toMatchObject({ name: `${target.brand} Care`, address: 'care@brand.example' });
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const language = message!.language in PREFERENCES_TEXT ? message!.language : 'en';
    const useBy = new Intl.DateTimeFormat({ en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' }[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(`${target.expires_on}T00:00:00Z`));
    // What the reader sees: the link's address (the signed preferences page) is not its words.
    for (const body of [mail.text!.replace(/https?:\/\/\S+/g, ''), (mail.html as string).replace(/<[^>]*>/g, ' ')]) {
      expect(body).toContain(target.lot_code);
      expect(body).toContain(useBy);
      expect(body).toContain(PREFERENCES_TEXT[language]);
      expect(body).not.toMatch(/unsubscribe|отписаться|відписатися|avregistrera/i);
    }
    expect(mail.text).not.toMatch(/[^.]\.\.(?!\.)/);
    expect(mail.text).toContain('Northfield Dairies Ltd');
    expect(mail.html).toContain('max-width:600px');
  });

  it('states what was sold, to whom and where even when no location or customer has a country, and says "unknown" for what is not recorded', async () => {
    await t.db.query('UPDATE locations SET country = NULL');
    await t.db.query('UPDATE customers SET country = NULL');
    await t.db.query('UPDATE lots SET quantity_produced = NULL WHERE lot_code = $1', [target.lot_code]);
    const [sold] = await t.db.query<{ units: number; identified: number; anonymous: number; consumers: number }>(
      `SELECT sum(ol.quantity)::int AS units, coalesce(sum(ol.quantity) FILTER (WHERE o.customer_id IS NOT NULL), 0)::int AS identified,
              coalesce(sum(ol.quantity) FILTER (WHERE o.customer_id IS NULL), 0)::int AS anonymous, count(DISTINCT o.customer_id)::int AS consumers
       FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
       WHERE p.gtin = $1 AND l.lot_code = $2`, [target.gtin, target.lot_code]);
    const [stores] = await t.db.query<{ n: number }>(
      `SELECT count(DISTINCT loc.id)::int AS n FROM locations loc WHERE loc.kind = 'store' AND loc.id IN (
         SELECT o.location_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id WHERE p.gtin = $1 AND l.lot_code = $2
         UNION SELECT m.location_id FROM lot_movements m JOIN supply_events e ON e.id = m.supply_event_id JOIN lots l ON l.id = m.lot_id JOIN products p ON p.id = l.product_id
               WHERE e.biz_step = 'receiving' AND p.gtin = $1 AND l.lot_code = $2)`, [target.gtin, target.lot_code]);
    expect(sold!.units).toBeGreaterThan(0);
    expect(stores!.n).toBeGreaterThan(0);

    const record = await report();
    expect(record.units_sold).toBe(`${sold!.units.toLocaleString('en-GB')} unit${sold!.units === 1 ? '' : 's'} recorded as sold: `
      + `${sold!.identified.toLocaleString('en-GB')} unit${sold!.identified === 1 ? '' : 's'} to identified consumers, `
      + `${sold!.anonymous.toLocaleString('en-GB')} unit${sold!.anonymous === 1 ? '' : 's'} without a known buyer`);
    expect(record.consumers_identified).toBe(`${sold!.consumers.toLocaleString('en-GB')} consumer${sold!.consumers === 1 ? '' : 's'}`);
    expect(record.stores_and_partners).toMatch(new RegExp(`^${stores!.n} stores? `));
    expect(record.distribution_pattern).not.toContain('No recorded sales');
    expect(record.distribution_pattern).toMatch(/by country: unknown \(\d+ locations?\)/);
    expect(record.product_quantity).toBe('unknown — the quantity produced is not recorded for the affected lots');
    expect(record.product_quantity).not.toMatch(/^0 /);
    const csv = await t.app.inject({ method: 'GET', url: `/api/recalls/${recall.id}/regulator-report?format=csv`, headers: { cookie } });
    expect(csv.body.split('\n')[0]).toMatch(/,units_sold,consumers_identified,consumers_possibly_affected,stores_and_partners,removal_confirmed,effectiveness_check$/);
  });
});
