import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from './affected.sql.ts';
import { getRecall } from './define-recall.ts';
import { csvCell } from '../platform/csv/csv-cell.ts';

/**
 * The recall as regulators ask for it (R5): the fields of an FDA enforcement report
 * (openFDA's food/drug/device enforcement schema), filled from Rebound's own data.
 * One row per recalled product, as FDA reports list one product per record.
 */
export const FDA_FIELDS = [
  'recall_number', 'event_id', 'classification', 'status', 'product_type', 'product_description', 'code_info',
  'reason_for_recall', 'distribution_pattern', 'product_quantity', 'recalling_firm', 'city', 'country',
  'voluntary_mandated', 'initial_firm_notification', 'recall_initiation_date', 'report_date',
] as const;
export type FdaRecord = Record<(typeof FDA_FIELDS)[number], string>;

const FOOD_CATEGORIES = /dairy|food|baby|beverage|snack|drink|bakery|meat|fish|frozen|confection/i;
const yyyymmdd = (date: Date) => date.toISOString().slice(0, 10).replace(/-/g, '');

export async function regulatorReport(db: Db, clock: Clock, recallId: number): Promise<FdaRecord[]> {
  const recall = await getRecall(db, recallId);
  const products = await db.query<{ gtin: string; name: string; brand: string | null; category: string | null; lots: string[]; expiries: (string | null)[]; produced: number }>(
    `WITH ${AFFECTED_LOTS_CTE}
     SELECT p.gtin, p.name, p.brand, p.category, array_agg(al.lot_code ORDER BY al.lot_code) AS lots,
            array_agg(al.expires_on ORDER BY al.lot_code) AS expiries, coalesce(sum(al.quantity_produced), 0)::bigint AS produced
     FROM affected_lots al JOIN products p ON p.id = al.product_id GROUP BY p.gtin, p.name, p.brand, p.category ORDER BY p.gtin`,
    [recallId],
  );
  const serials = await db.query<{ gtin: string; serials: string[] }>(
    `SELECT p.gtin, array_agg(s ORDER BY s) AS serials FROM recall_criteria c JOIN products p ON p.id = c.product_id, unnest(c.serials) AS s
     WHERE c.recall_id = $1 AND c.kind = 'serials' GROUP BY p.gtin`,
    [recallId],
  );
  const distribution = await db.query<{ country: string | null; region: string | null; chain: string | null; stores: number }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT coalesce(loc.country, cu.country) AS country, coalesce(loc.region, cu.region) AS region, loc.chain,
            count(DISTINCT loc.id)::bigint AS stores
     FROM affected_lines al LEFT JOIN locations loc ON loc.id = al.location_id LEFT JOIN customers cu ON cu.id = al.customer_id
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [recallId],
  );
  const [plant] = await db.query<{ city: string | null; country: string | null }>(`SELECT city, country FROM locations WHERE kind = 'plant' ORDER BY id LIMIT 1`);

  const countries = [...new Set(distribution.map((d) => d.country).filter(Boolean))];
  const regions = [...new Set(distribution.map((d) => d.region).filter(Boolean))];
  const chains = Object.entries(distribution.reduce<Record<string, number>>((acc, d) => (d.chain ? { ...acc, [d.chain]: (acc[d.chain] ?? 0) + d.stores } : acc), {}));
  const distributionPattern = [
    countries.length ? `Countries: ${countries.join(', ')}` : 'No recorded sales',
    regions.length ? `regions: ${regions.join(', ')}` : '',
    chains.length ? `retail chains: ${chains.map(([chain, stores]) => `${chain} (${stores} stores)`).join(', ')}` : '',
    'and online orders where recorded',
  ].filter(Boolean).join('; ');
  const now = clock.now();
  const serialsOf = new Map(serials.map((s) => [s.gtin, s.serials]));
  const gtins = new Set([...products.map((p) => p.gtin), ...serials.map((s) => s.gtin)]);
  const names = new Map(await db.query<{ gtin: string; name: string; brand: string | null; category: string | null }>('SELECT gtin, name, brand, category FROM products WHERE gtin = ANY($1)', [[...gtins]]).then((rows) => rows.map((r) => [r.gtin, r])));

  return [...gtins].sort().map((gtin) => {
    const product = products.find((p) => p.gtin === gtin);
    const info = names.get(gtin)!;
    const lotInfo = product ? product.lots.map((lot, i) => (product.expiries[i] ? `${lot} (exp. ${product.expiries[i]})` : lot)).join(', ') : '';
    const serialInfo = serialsOf.get(gtin)?.join(', ') ?? '';
    return {
      recall_number: recall.reference,
      event_id: String(recall.id),
      classification: `Class ${recall.classification}`,
      status: recall.status === 'closed' ? 'Completed' : 'Ongoing',
      product_type: FOOD_CATEGORIES.test(info.category ?? '') ? 'Food' : 'Other',
      product_description: `${[info.brand, info.name].filter(Boolean).join(' ')}, GTIN ${gtin}`,
      code_info: [lotInfo && `Lots: ${lotInfo}`, serialInfo && `Serial numbers: ${serialInfo}`].filter(Boolean).join('; '),
      reason_for_recall: recall.reason,
      distribution_pattern: distributionPattern,
      product_quantity: product ? `${product.produced} units produced in the affected lots` : `${serialsOf.get(gtin)?.length ?? 0} serialised units`,
      recalling_firm: recall.recalling_firm ?? '',
      city: plant?.city ?? '',
      country: plant?.country ?? '',
      voluntary_mandated: 'Voluntary: Firm Initiated',
      initial_firm_notification: 'Two or more of the following: Email, Letter, Press Release',
      recall_initiation_date: yyyymmdd(recall.activated_at ?? recall.created_at),
      report_date: yyyymmdd(now),
    };
  });
}

export function regulatorReportCsv(records: FdaRecord[]): string {
  return `${[FDA_FIELDS.join(','), ...records.map((r) => FDA_FIELDS.map((f) => csvCell(r[f])).join(','))].join('\n')}\n`;
}

const html = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export function regulatorReportHtml(records: FdaRecord[]): string {
  const title = records[0] ? `Recall ${records[0].recall_number} — enforcement report` : 'Enforcement report';
  const sections = records
    .map((r) => `<section><h2>${html(r.product_description)}</h2><table>${FDA_FIELDS.map((f) => `<tr><th scope="row">${html(f.replace(/_/g, ' '))}</th><td>${html(r[f])}</td></tr>`).join('')}</table></section>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{width:16rem;background:#f3f3f3;text-transform:capitalize}</style></head>
<body><h1>${html(title)}</h1>\n${sections}\n</body></html>\n`;
}
