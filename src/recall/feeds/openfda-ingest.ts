import { startInstance } from '../../engine/index.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineRecall } from '../define-recall.ts';
import { printedGtins, readEnforcementReports, reportKey, type EnforcementReport } from './openfda-report.ts';

/** A report matches a product from this score on: a printed GTIN (1), or the brand and most of the name. */
export const MATCH_THRESHOLD = 0.6;
/** Words that say nothing about which product it is. */
const NOISE = new Set(['and', 'the', 'with', 'for', 'from', 'per', 'net', 'product', 'products', 'brand', 'may', 'contain', 'labeled', 'label', 'part', 'packaged', 'package', 'oz', 'lb', 'lbs', 'ounce', 'ounces', 'bag', 'box', 'case', 'cases', 'upc', 'lot', 'code']);

const tokens = (text: string) => new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length >= 3 && !NOISE.has(t) && !/^\d+$/.test(t)));

export interface ProductMatch {
  product_id: number;
  gtin: string;
  name: string;
  score: number;
  reasons: string[];
}

/**
 * How well a report names one of the company's products, 0 to 1, and why: a GTIN/UPC printed in
 * the description or code info is certain (1); otherwise the brand (0.4) and the share of the
 * product name's words the description carries (0.6). The reasons are shown to the reviewer.
 */
export function scoreProduct(report: EnforcementReport, product: { id: number; gtin: string; name: string; brand: string | null }): ProductMatch {
  const printed = printedGtins(`${report.product_description}\n${report.code_info ?? ''}`);
  const base = { product_id: product.id, gtin: product.gtin, name: product.name };
  if (printed.includes(product.gtin)) return { ...base, score: 1, reasons: [`GTIN ${product.gtin} printed in the report`] };
  const said = tokens(`${report.product_description} ${report.recalling_firm ?? ''}`);
  const brandWords = product.brand ? [...tokens(product.brand)] : [];
  const brand = brandWords.length > 0 && brandWords.every((w) => said.has(w));
  const nameWords = [...tokens(product.name)].filter((w) => !brandWords.includes(w));
  const found = nameWords.filter((w) => said.has(w));
  const overlap = nameWords.length ? found.length / nameWords.length : 0;
  const score = Math.round(Math.min(0.95, (brand ? 0.4 : 0) + 0.6 * overlap) * 100) / 100;
  const reasons = [brand ? `brand ${product.brand}` : '', found.length ? `name words ${found.join(', ')} (${found.length} of ${nameWords.length})` : ''].filter(Boolean);
  return { ...base, score, reasons };
}

const CLASS: Record<string, 'I' | 'II' | 'III'> = { 'class i': 'I', 'class ii': 'II', 'class iii': 'III' };

export interface IngestSummary {
  read: number;
  skipped: { index: number; reason: string }[];
  new_reports: number;
  duplicates: number;
  matched: { report: string; recall_id: number; reference: string; products: { gtin: string; score: number; reasons: string[] }[] }[];
}

/**
 * Reads openFDA enforcement reports (R14) and, for each one not seen before that names one of
 * the company's products, opens a draft recall with the report's fields filled in (title,
 * class, reason, recalling firm, every matched product, all lots until a person narrows them)
 * and a review task for the managers — never an activation: a feed never blocks a till or
 * messages a customer by itself. Each report in its own transaction, kept once by its key.
 */
export async function ingestOpenFdaReports(ctx: AppContext, actor: Actor, text: string, document: string): Promise<IngestSummary> {
  const { reports, skipped } = readEnforcementReports(text);
  const products = await ctx.db.query<{ id: number; gtin: string; name: string; brand: string | null }>('SELECT id, gtin, name, brand FROM products ORDER BY id');
  const summary: IngestSummary = { read: reports.length + skipped.length, skipped, new_reports: 0, duplicates: 0, matched: [] };
  for (const report of reports) {
    await ctx.db.transaction(async (tx) => {
      const [stored] = await tx.query<{ id: number }>(
        `INSERT INTO regulator_feed_reports (source, report_key, product_type, classification, report, document, ingested_at)
         VALUES ('openfda', $1, $2, $3, $4, $5, $6) ON CONFLICT (source, report_key) DO NOTHING RETURNING id`,
        [reportKey(report), report.product_type, report.classification, report, document, ctx.clock.now()]);
      if (!stored) {
        summary.duplicates++;
        return;
      }
      summary.new_reports++;
      const matches = products.map((p) => scoreProduct(report, p)).filter((m) => m.score >= MATCH_THRESHOLD).sort((a, b) => b.score - a.score).slice(0, 50);
      if (!matches.length) return;
      const opened = await openDraft(tx, ctx, actor, report, matches);
      for (const m of matches) {
        await tx.query(
          'INSERT INTO regulator_feed_matches (report_id, product_id, score, reasons, recall_id, review_instance_id) VALUES ($1, $2, $3, $4, $5, $6)',
          [stored.id, m.product_id, m.score, m.reasons, opened.recallId, opened.instanceId]);
      }
      summary.matched.push({ report: reportKey(report), recall_id: opened.recallId, reference: opened.reference, products: matches.map((m) => ({ gtin: m.gtin, score: m.score, reasons: m.reasons })) });
    });
  }
  await recordAudit(ctx.db, actor, { action: 'ingest_openfda', entity: 'regulator_feed', entityId: document, details: { read: summary.read, new_reports: summary.new_reports, duplicates: summary.duplicates, matched: summary.matched.length, skipped: skipped.length } });
  return summary;
}

async function openDraft(tx: Db, ctx: AppContext, actor: Actor, report: EnforcementReport, matches: ProductMatch[]) {
  const classification = CLASS[(report.classification ?? '').toLowerCase()];
  const title = `FDA ${report.recall_number ?? report.event_id ?? 'report'}: ${report.product_description}`.replace(/\s+/g, ' ').slice(0, 200);
  const reason = [
    report.reason_for_recall ?? 'Reason not given in the report',
    // An unknown class is drafted as the most serious, and said so, until a person decides.
    classification ? '' : `(The report gives no class — "${report.classification ?? 'none'}"; drafted as class I until reviewed.)`,
  ].filter(Boolean).join(' ').slice(0, 2000);
  const recall = await defineRecall(tx, ctx.clock, actor, {
    title: title.length >= 3 ? title : `FDA report ${reportKey(report)}`,
    classification: classification ?? 'I',
    reason: reason.length >= 3 ? reason : 'See the FDA report',
    recalling_firm: report.recalling_firm?.slice(0, 200),
    scope: matches.map((m) => ({ gtin: m.gtin, all_lots: true as const })),
  });
  const instance = await startInstance({ db: tx, clock: ctx.clock }, {
    processId: 'review',
    businessKey: recall.reference,
    actor,
    variables: {
      subject: `Review the FDA enforcement report ${reportKey(report)}: draft recall ${recall.reference}`,
      recallId: recall.id,
      reference: recall.reference,
      report: { recall_number: report.recall_number, classification: report.classification, product_description: report.product_description, code_info: report.code_info, reason_for_recall: report.reason_for_recall, recalling_firm: report.recalling_firm },
      matches: matches.map((m) => ({ gtin: m.gtin, name: m.name, score: m.score, reasons: m.reasons })),
    },
  });
  return { recallId: recall.id, reference: recall.reference, instanceId: instance.instanceId };
}
