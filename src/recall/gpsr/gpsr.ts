import { getCompanySettings, type CompanySettings } from '../../company/index.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { AFFECTED_LINES_CTE, AFFECTED_LOTS_CTE } from '../affected.sql.ts';
import { getRecall, type RecallRow } from '../define-recall.ts';
import { textIn, type RecallLanguage } from '../recall-definition.ts';
import { PLACES_SQL, productTitle } from '../regulator-report.ts';
import { FORBIDDEN_WORDS, NOTICE_TEXTS } from './gpsr-texts.ts';

/**
 * The EU GPSR kit (issue 16.7, R13): the consumer recall notice of Regulation (EU) 2023/988
 * Art. 36 in every language the recall covers, and the business's Safety Gate (Business
 * Gateway) notification, prefilled from the recall. Both say only what Rebound knows: a field
 * the data lacks is listed in `missing`, never filled with a guess.
 */

const LANGUAGES: RecallLanguage[] = ['en', 'ru', 'uk', 'sv'];

/** The languages a notice can be written in: the recall's own and every one its hazard (reason) was translated into. */
export function noticeLanguages(recall: Pick<RecallRow, 'language' | 'reason_translations'>): RecallLanguage[] {
  return LANGUAGES.filter((l) => l === recall.language || Boolean(recall.reason_translations?.[l]));
}

interface ProductRow { gtin: string; name: string; brand: string | null; category: string | null; sku: string | null; lots: string[]; expiries: (string | null)[]; serials: string[]; picture_url: string | null }

async function recalledProducts(db: Db, recallId: number): Promise<ProductRow[]> {
  return db.query<ProductRow>(
    `WITH ${AFFECTED_LOTS_CTE},
       lots_of AS (SELECT product_id, array_agg(lot_code ORDER BY lot_code) AS lots, array_agg(expires_on::text ORDER BY lot_code) AS expiries FROM affected_lots GROUP BY 1),
       serials_of AS (SELECT c.product_id, array_agg(s ORDER BY s) AS serials FROM recall_criteria c, unnest(c.serials) AS s WHERE c.recall_id = $1 AND c.kind = 'serials' GROUP BY 1)
     SELECT p.gtin, p.name, p.brand, p.category, p.sku, coalesce(l.lots, '{}') AS lots, coalesce(l.expiries, '{}') AS expiries, coalesce(s.serials, '{}') AS serials,
       -- An uploaded picture travels inside the notice (a data: URI), so the document stands on its own.
       coalesce(pic.url, 'data:' || pic.content_type || ';base64,' || translate(encode(pic.content, 'base64'), E'\n', '')) AS picture_url
     FROM products p LEFT JOIN lots_of l ON l.product_id = p.id LEFT JOIN serials_of s ON s.product_id = p.id LEFT JOIN product_pictures pic ON pic.product_id = p.id
     WHERE p.id IN (SELECT product_id FROM recall_criteria WHERE recall_id = $1) ORDER BY p.gtin`,
    [recallId],
  );
}

function contactOf(company: CompanySettings): { name: string | null; email: string | null; phone: string | null; firm: string | null } {
  return { name: company.safety_contact_name, email: company.safety_contact_email, phone: company.safety_contact_phone, firm: company.legal_name };
}

export interface GpsrNotice {
  recall: string;
  language: RecallLanguage;
  languages: RecallLanguage[];
  title: string;
  recall_title: string;
  products: { name: string; brand: string | null; gtin: string; lots: { code: string; use_by: string | null }[]; serials: string[]; picture_url: string | null }[];
  hazard: string;
  what_to_do: string[];
  remedy: string;
  contact: { firm: string | null; name: string | null; email: string | null; phone: string | null };
  date: string;
  /** What the notice lacks (e.g. a product picture, the safety contact): shown, so someone adds it. */
  missing: string[];
  /** Fields of the recall whose own words include a word Art. 36(3) forbids: edit them before publishing. */
  forbidden_words_in: string[];
}

export async function gpsrNotice(db: Db, clock: Clock, recallId: number, language: string): Promise<GpsrNotice> {
  const recall = await getRecall(db, recallId);
  const languages = noticeLanguages(recall);
  if (!languages.includes(language as RecallLanguage)) {
    throw new AppError('not_found', `recall ${recall.reference} has no hazard text in "${language}"; it covers ${languages.join(', ')}`, 'recall.language_not_covered', {
      errors: [{ field: 'querystring.lang', message: `one of ${languages.join(', ')}` }],
    });
  }
  const lang = language as RecallLanguage;
  const t = NOTICE_TEXTS[lang];
  const products = await recalledProducts(db, recallId);
  const company = await getCompanySettings(db);
  const contact = contactOf(company);
  const hazard = textIn(lang, recall.reason, recall.reason_translations);
  const own = recall.instructions?.[lang]?.trim();
  const missing: string[] = [];
  // A product without a picture is said so rather than printed with an empty frame.
  for (const p of products) if (!p.picture_url) missing.push(`picture of ${productTitle(p.brand, p.name)} (GTIN ${p.gtin})`);
  if (!contact.email && !contact.phone) missing.push('safety contact e-mail or phone (Settings → Company)');
  if (!contact.firm) missing.push('company legal name (Settings → Company)');
  const forbidden = [
    ['reason', hazard], ['title', textIn(lang, recall.title, recall.title_translations)], ['instructions', own ?? ''],
  ].filter(([, text]) => FORBIDDEN_WORDS[lang].test(text!)).map(([field]) => field!);
  return {
    recall: recall.reference,
    language: lang,
    languages,
    title: t.title,
    recall_title: textIn(lang, recall.title, recall.title_translations),
    products: products.map((p) => ({
      name: productTitle(p.brand, p.name), brand: p.brand, gtin: p.gtin,
      lots: p.lots.map((code, i) => ({ code, use_by: p.expiries[i] ?? null })), serials: p.serials, picture_url: p.picture_url,
    })),
    hazard,
    what_to_do: own ? [...t.actions, own] : t.actions,
    remedy: t.remedyText,
    contact,
    date: clock.now().toISOString().slice(0, 10),
    missing,
    forbidden_words_in: forbidden,
  };
}

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const LOCALE: Record<RecallLanguage, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };
const dateIn = (lang: RecallLanguage, iso: string) => new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const PAGE_STYLE = `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:2rem;border:4px solid #b00020;color:#b00020;padding:.5rem 1rem;text-transform:uppercase}h2{margin-top:1.5rem;border-bottom:1px solid #bbb}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}th{width:14rem;background:#f3f3f3}
.note{border:1px dashed #b36b00;background:#fff6e5;padding:.5rem 1rem}@media print{.note{display:none}}</style>`;

export function gpsrNoticeHtml(notice: GpsrNotice): string {
  const t = NOTICE_TEXTS[notice.language];
  const products = notice.products.map((p) => `<section><h2>${t.product}: ${esc(p.name)}</h2><table>
<tr><th scope="row">${t.brand}</th><td>${esc(p.brand ?? '—')}</td></tr>
<tr><th scope="row">${t.gtin}</th><td>${esc(p.gtin)}</td></tr>
${p.lots.length ? `<tr><th scope="row">${t.lots}</th><td>${p.lots.map((l) => esc(l.use_by ? `${l.code} (${t.useBy} ${dateIn(notice.language, l.use_by)})` : l.code)).join(', ')}</td></tr>` : ''}
${p.serials.length ? `<tr><th scope="row">${t.serials}</th><td>${p.serials.map(esc).join(', ')}</td></tr>` : ''}
<tr><th scope="row">${t.picture}</th><td>${p.picture_url ? `<img src="${esc(p.picture_url)}" alt="${esc(p.name)}" style="max-width:20rem">` : t.noPicture}</td></tr></table></section>`).join('\n');
  const contact = [notice.contact.firm, notice.contact.name, notice.contact.email, notice.contact.phone].filter(Boolean).map((c) => esc(c!));
  const notes = [
    notice.missing.length ? `<p class="note">Missing (not printed): ${notice.missing.map(esc).join('; ')}</p>` : '',
    notice.forbidden_words_in.length ? `<p class="note">The recall's ${notice.forbidden_words_in.join(', ')} uses wording Art. 36(3) GPSR forbids in a recall notice: edit the recall before publishing.</p>` : '',
  ].join('');
  return `<!doctype html><html lang="${notice.language}"><head><meta charset="utf-8"><title>${esc(t.title)} — ${esc(notice.recall_title)}</title>${PAGE_STYLE}</head>
<body>${notes}<h1>${esc(t.title)}</h1><p><strong>${esc(notice.recall_title)}</strong></p>
${products}
<h2>${t.hazard}</h2><p>${esc(notice.hazard)}</p>
<h2>${t.whatToDo}</h2><ul>${notice.what_to_do.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>
<h2>${t.remedy}</h2><p>${esc(notice.remedy)}</p>
<h2>${t.contact}</h2><p>${contact.length ? contact.join('<br>') : esc(t.contactMissing)}</p>
<p>${t.reference}: ${esc(notice.recall)} · ${t.date}: ${dateIn(notice.language, notice.date)}</p>
</body></html>\n`;
}

/** Safety Gate risk levels (serious, high, medium, low) from the recall's FDA class: a starting point the risk assessment confirms. */
export const RISK_LEVEL: Record<RecallRow['classification'], string> = { I: 'serious', II: 'medium', III: 'low' };

export interface SafetyGateNotification {
  recall: string;
  notifier: { name: string | null; address: string | null; city: string | null; postal_code: string | null; country: string | null; contact_name: string | null; contact_email: string | null; contact_phone: string | null };
  products: { category: string | null; name: string; brand: string | null; type_or_model: string | null; gtin: string; lots: string[]; serials: string[]; description: string | null; countries_sold: string[] }[];
  hazard: { type: string | null; description: string };
  risk_level: string;
  risk_level_basis: string;
  measures: { measure: string; taken_on: string | null }[];
  dates: { recall_defined: string; recall_activated: string | null; notification_prepared: string };
  /** Every field the data lacks, by its path in this document: filled in by hand on Safety Gate, never guessed here. */
  missing: string[];
}

export async function safetyGateNotification(db: Db, clock: Clock, recallId: number): Promise<SafetyGateNotification> {
  const recall = await getRecall(db, recallId);
  const products = await recalledProducts(db, recallId);
  const company = await getCompanySettings(db);
  // Where the units went: stores and warehouses that sold or received them, online sales by the buyer's country.
  const places = await db.query<{ gtin: string; country: string | null }>(`SELECT gtin, country FROM (${PLACES_SQL}) x`, [recallId]);
  const online = await db.query<{ gtin: string; country: string | null }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT DISTINCT p.gtin, cu.country FROM affected_lines al JOIN products p ON p.id = al.product_id LEFT JOIN locations loc ON loc.id = al.location_id LEFT JOIN customers cu ON cu.id = al.customer_id
     WHERE al.channel = 'online' OR al.location_id IS NULL OR loc.kind = 'online'`,
    [recallId],
  );
  const missing: string[] = [];
  const notifier = {
    name: company.legal_name, address: company.address, city: company.city, postal_code: company.postal_code, country: company.country,
    contact_name: company.safety_contact_name, contact_email: company.safety_contact_email, contact_phone: company.safety_contact_phone,
  };
  for (const [field, value] of Object.entries(notifier)) if (!value) missing.push(`notifier.${field}`);
  const gateProducts = products.map((p, i) => {
    const seen = [...places, ...online].filter((x) => x.gtin === p.gtin);
    const known = [...new Set(seen.map((x) => x.country).filter((c): c is string => Boolean(c)))].sort();
    const countries = seen.some((x) => !x.country) || !seen.length ? [...known, 'unknown'] : known;
    if (!p.category) missing.push(`products.${i}.category`);
    if (!p.brand) missing.push(`products.${i}.brand`);
    missing.push(`products.${i}.type_or_model`, `products.${i}.description`, `products.${i}.country_of_origin`);
    if (!p.picture_url) missing.push(`products.${i}.picture`);
    if (countries.includes('unknown')) missing.push(`products.${i}.countries_sold (some or all unknown)`);
    return { category: p.category, name: productTitle(p.brand, p.name), brand: p.brand, type_or_model: null, gtin: p.gtin, lots: p.lots, serials: p.serials, description: null, countries_sold: countries };
  });
  missing.push('hazard.type');
  const activated = recall.activated_at ? recall.activated_at.toISOString().slice(0, 10) : null;
  if (!activated) missing.push('measures (the recall is not activated: no measure taken yet)');
  const measures = activated
    ? [{ measure: 'Recall of the product from end users', taken_on: activated }, { measure: 'Withdrawal of the product from the market (stop-sale)', taken_on: activated }]
    : [];
  return {
    recall: recall.reference,
    notifier,
    products: gateProducts,
    hazard: { type: null, description: recall.reason },
    risk_level: RISK_LEVEL[recall.classification],
    risk_level_basis: `FDA class ${recall.classification} of the recall; confirm with the EU risk assessment method before filing`,
    measures,
    dates: { recall_defined: recall.created_at.toISOString().slice(0, 10), recall_activated: activated, notification_prepared: clock.now().toISOString().slice(0, 10) },
    missing,
  };
}

export function safetyGateHtml(n: SafetyGateNotification): string {
  const v = (value: string | null | undefined) => (value ? esc(value) : '<em>missing — fill in on Safety Gate</em>');
  const row = (label: string, value: string) => `<tr><th scope="row">${esc(label)}</th><td>${value}</td></tr>`;
  const notifier = Object.entries(n.notifier).map(([k, value]) => row(k.replace(/_/g, ' '), v(value))).join('');
  const products = n.products.map((p) => `<h2>Product: ${esc(p.name)}</h2><table>${[
    row('category', v(p.category)), row('name', esc(p.name)), row('brand', v(p.brand)), row('type / model', v(p.type_or_model)), row('GTIN', esc(p.gtin)),
    row('lots', p.lots.length ? esc(p.lots.join(', ')) : '—'), row('serial numbers', p.serials.length ? esc(p.serials.join(', ')) : '—'),
    row('description', v(p.description)), row('countries where sold', esc(p.countries_sold.join(', '))),
  ].join('')}</table>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Safety Gate notification — recall ${esc(n.recall)}</title>${PAGE_STYLE.replace('h1{font-size:2rem;border:4px solid #b00020;color:#b00020;padding:.5rem 1rem;text-transform:uppercase}', 'h1{font-size:1.6rem}')}</head>
<body><h1>Safety Gate (Business Gateway) notification — recall ${esc(n.recall)}</h1>
<h2>Notifier</h2><table>${notifier}</table>
${products}
<h2>Hazard and risk</h2><table>${row('hazard type', v(n.hazard.type))}${row('hazard description', esc(n.hazard.description))}${row('risk level', `${esc(n.risk_level)} (${esc(n.risk_level_basis)})`)}</table>
<h2>Measures taken</h2>${n.measures.length ? `<table>${n.measures.map((m) => row(m.measure, v(m.taken_on))).join('')}</table>` : '<p><em>none yet — the recall is not activated</em></p>'}
<h2>Dates</h2><table>${row('recall defined', esc(n.dates.recall_defined))}${row('recall activated', v(n.dates.recall_activated))}${row('notification prepared', esc(n.dates.notification_prepared))}</table>
<h2>Missing fields</h2><ul>${n.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>
</body></html>\n`;
}
