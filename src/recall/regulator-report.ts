import { messageCountsAbout, type ResourceMessageCount } from '../comms/index.ts';
import { getCompanySettings, type CompanySettings } from '../company/index.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from './affected.sql.ts';
import { getRecall, type RecallRow as Recall } from './define-recall.ts';
import { csvCell } from '../platform/csv/csv-cell.ts';

/**
 * The recall as regulators ask for it (R5): the fields of an FDA enforcement report
 * (openFDA's food/drug/device enforcement schema), filled from Rebound's own data — and only
 * from what is known: the firm from the company settings, the status from the recall, the
 * notification methods from the messages activation actually wrote. A field Rebound does not
 * know says so; nothing is guessed from neighbouring data. One row per recalled product, as
 * FDA reports list one product per record. `safety_contact` is not an FDA field: the EU's
 * GPSR (Art. 35) asks for the contact given for safety purposes.
 */
export const FDA_FIELDS = [
  'recall_number', 'event_id', 'classification', 'status', 'product_type', 'product_description', 'code_info',
  'reason_for_recall', 'distribution_pattern', 'product_quantity', 'recalling_firm', 'address_1', 'city', 'postal_code', 'country',
  'safety_contact', 'voluntary_mandated', 'initial_firm_notification', 'recall_initiation_date', 'report_date',
] as const;
export type FdaRecord = Record<(typeof FDA_FIELDS)[number], string>;

/** For a company field nobody entered: where to enter it. */
export const NOT_SET = 'not set — add it in Settings → Company';
/** For what Rebound does not record at all. */
export const NOT_RECORDED = 'not recorded';
/** For a fact about a recalling firm that is not the company (the recall names another): unknown to Rebound. */
export const UNKNOWN = 'unknown';

const FOOD_CATEGORIES = /dairy|food|baby|beverage|snack|drink|bakery|meat|fish|frozen|confection/i;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const STATUS: Record<Recall['status'], string> = { draft: 'Draft — not activated', active: 'Ongoing', closed: 'Completed' };
const CHANNEL_NAME: Record<string, string> = { email: 'E-mail', sms: 'SMS', webhook: 'Webhook' };
const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "Zorka Kefir" for brand Zorka and name "Zorka Kefir", not "Zorka Zorka Kefir". */
export function productTitle(brand: string | null, name: string): string {
  return brand && !name.toLowerCase().startsWith(brand.toLowerCase()) ? `${brand} ${name}` : name;
}

/** The methods by which the firm notified people, from the messages activation wrote about the recall. */
export function notificationMethods(status: Recall['status'], counts: readonly ResourceMessageCount[]): string {
  if (status === 'draft') return 'none yet — the recall is not activated';
  // The come-back offer after closing is marketing, not notification of the recall.
  const notices = counts.filter((c) => c.reason !== 'recall.comeback_offer');
  const methods = Object.keys(CHANNEL_NAME).flatMap((channel) => {
    const of = (audience: ResourceMessageCount['audience']) => notices.filter((c) => c.channel === channel && c.audience === audience).reduce((sum, c) => sum + Number(c.messages), 0);
    const parts = [
      of('customer') ? count(of('customer'), 'consumer', 'consumers') : '',
      of('contact') ? count(of('contact'), 'staff or trade contact', 'staff and trade contacts') : '',
      of('endpoint') ? count(of('endpoint'), 'partner system', 'partner systems') : '',
    ].filter(Boolean);
    return parts.length ? [`${CHANNEL_NAME[channel]} to ${parts.join(' and ')}`] : [];
  });
  return methods.length ? methods.join('; ') : 'none recorded';
}

/** The recalling firm and its address: the company's, unless the recall names another firm, whose address Rebound does not know. */
function firmOf(recall: Recall, company: CompanySettings) {
  const named = recall.recalling_firm?.trim();
  if (named && named.toLowerCase() !== company.legal_name?.toLowerCase()) {
    return { recalling_firm: named, address_1: UNKNOWN, city: UNKNOWN, postal_code: UNKNOWN, country: UNKNOWN, safety_contact: UNKNOWN };
  }
  const contact = [company.safety_contact_name, company.safety_contact_email, company.safety_contact_phone].filter(Boolean).join(', ');
  return {
    recalling_firm: company.legal_name ?? NOT_SET,
    address_1: company.address ?? NOT_SET,
    city: company.city ?? NOT_SET,
    postal_code: company.postal_code ?? NOT_SET,
    country: company.country ?? NOT_SET,
    safety_contact: contact || NOT_SET,
  };
}

export async function regulatorReport(db: Db, clock: Clock, recallId: number): Promise<FdaRecord[]> {
  const recall = await getRecall(db, recallId);
  const products = await db.query<{ gtin: string; name: string; brand: string | null; category: string | null; lots: string[]; expiries: (string | null)[]; produced: number }>(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name, p.brand, p.category, array_agg(al.lot_code ORDER BY al.lot_code) AS lots,
            array_agg(al.expires_on::text ORDER BY al.lot_code) AS expiries, coalesce(sum(al.quantity_produced), 0)::bigint AS produced
     FROM affected_lots al JOIN products p ON p.id = al.product_id GROUP BY p.gtin, p.name, p.brand, p.category ORDER BY p.gtin`,
    [recallId],
  );
  const serials = await db.query<{ gtin: string; serials: string[] }>(
    `SELECT p.gtin, array_agg(s ORDER BY s) AS serials FROM recall_criteria c JOIN products p ON p.id = c.product_id, unnest(c.serials) AS s
     WHERE c.recall_id = $1 AND c.kind = 'serials' GROUP BY p.gtin`,
    [recallId],
  );
  const distribution = await db.query<{ country: string | null; region: string | null; chain: string | null; stores: number; online: number }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT coalesce(loc.country, cu.country) AS country, coalesce(loc.region, cu.region) AS region, loc.chain,
            count(DISTINCT loc.id)::bigint AS stores, count(*) FILTER (WHERE al.channel = 'online')::bigint AS online
     FROM affected_lines al LEFT JOIN locations loc ON loc.id = al.location_id LEFT JOIN customers cu ON cu.id = al.customer_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [recallId],
  );
  const company = await getCompanySettings(db);
  const sent = await messageCountsAbout(db, { type: 'recall', id: recallId });

  const countries = [...new Set(distribution.map((d) => d.country).filter(Boolean))];
  const regions = [...new Set(distribution.map((d) => d.region).filter(Boolean))];
  const chains = Object.entries(distribution.reduce<Record<string, number>>((acc, d) => (d.chain ? { ...acc, [d.chain]: (acc[d.chain] ?? 0) + Number(d.stores) } : acc), {}));
  const online = distribution.reduce((sum, d) => sum + Number(d.online), 0);
  const distributionPattern = [
    countries.length ? `Countries: ${countries.join(', ')}` : 'No recorded sales',
    regions.length ? `regions: ${regions.join(', ')}` : '',
    chains.length ? `retail chains: ${chains.map(([chain, stores]) => `${chain} (${count(stores, 'store', 'stores')})`).join(', ')}` : '',
    online ? `online orders: ${count(online, 'line', 'lines')}` : '',
  ].filter(Boolean).join('; ');
  const now = clock.now();
  const serialsOf = new Map(serials.map((s) => [s.gtin, s.serials]));
  const gtins = new Set([...products.map((p) => p.gtin), ...serials.map((s) => s.gtin)]);
  const names = new Map(await db.query<{ gtin: string; name: string; brand: string | null; category: string | null }>('SELECT gtin, name, brand, category FROM products WHERE gtin = ANY($1)', [[...gtins]]).then((rows) => rows.map((r) => [r.gtin, r])));
  const firm = firmOf(recall, company);
  const methods = notificationMethods(recall.status, sent);

  return [...gtins].sort().map((gtin) => {
    const product = products.find((p) => p.gtin === gtin);
    const info = names.get(gtin)!;
    const lotInfo = product ? product.lots.map((lot, i) => (product.expiries[i] ? `${lot} (use by ${product.expiries[i]})` : lot)).join(', ') : '';
    const serialInfo = serialsOf.get(gtin)?.join(', ') ?? '';
    return {
      recall_number: recall.reference,
      event_id: String(recall.id),
      classification: `Class ${recall.classification}`,
      status: STATUS[recall.status],
      product_type: info.category ? (FOOD_CATEGORIES.test(info.category) ? 'Food' : 'Other') : NOT_RECORDED,
      product_description: `${productTitle(info.brand, info.name)}, GTIN ${gtin}`,
      code_info: [lotInfo && `Lots: ${lotInfo}`, serialInfo && `Serial numbers: ${serialInfo}`].filter(Boolean).join('; ') || NOT_RECORDED,
      reason_for_recall: recall.reason,
      distribution_pattern: distributionPattern,
      product_quantity: product ? `${count(Number(product.produced), 'unit', 'units')} produced in the affected lots` : count(serialsOf.get(gtin)?.length ?? 0, 'serialised unit', 'serialised units'),
      ...firm,
      voluntary_mandated: NOT_RECORDED,
      initial_firm_notification: methods,
      recall_initiation_date: recall.activated_at ? isoDate(recall.activated_at) : 'not activated yet',
      report_date: isoDate(now),
    };
  });
}

export function regulatorReportCsv(records: FdaRecord[]): string {
  return `${[FDA_FIELDS.join(','), ...records.map((r) => FDA_FIELDS.map((f) => csvCell(r[f])).join(','))].join('\n')}\n`;
}

const DATE_FIELDS = new Set<string>(['recall_initiation_date', 'report_date']);
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** A date field in words for the printed page ("4 December 2026"); other values as they are. */
const shown = (field: string, value: string) => (DATE_FIELDS.has(field) && /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDate.format(new Date(`${value}T00:00:00Z`)) : value);
const html = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export function regulatorReportHtml(records: FdaRecord[]): string {
  const title = records[0] ? `Recall ${records[0].recall_number} — enforcement report` : 'Enforcement report';
  const sections = records
    .map((r) => `<section><h2>${html(r.product_description)}</h2><table>${FDA_FIELDS.map((f) => `<tr><th scope="row">${html(f.replace(/_/g, ' '))}</th><td>${html(shown(f, r[f]))}</td></tr>`).join('')}</table></section>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{width:16rem;background:#f3f3f3;text-transform:capitalize}</style></head>
<body><h1>${html(title)}</h1>\n${sections}\n</body></html>\n`;
}
