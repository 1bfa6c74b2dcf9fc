import { createHash } from 'node:crypto';
import { normalizeGtin } from '../../data/gs1/index.ts';

/**
 * An openFDA food/drug/device enforcement report as Rebound reads it. openFDA answers
 * `{ meta, results: [...] }` with snake_case fields and YYYYMMDD dates; the older RES
 * extracts (ucm308307.ndjson) use hyphenated keys and MM/DD/YYYY. Both read to this shape.
 */
export interface EnforcementReport {
  recall_number: string | null;
  event_id: string | null;
  product_type: string | null;
  classification: string | null;
  status: string | null;
  recalling_firm: string | null;
  product_description: string;
  code_info: string | null;
  reason_for_recall: string | null;
  product_quantity: string | null;
  distribution_pattern: string | null;
  recall_initiation_date: string | null;
  report_date: string | null;
}

const TEXT_FIELDS = ['recall_number', 'event_id', 'product_type', 'classification', 'status', 'recalling_firm', 'product_description', 'code_info', 'reason_for_recall', 'product_quantity', 'distribution_pattern'] as const;

/** "20120720" or "06/13/2012" → "2012-07-20"; anything else → null (never a guessed date). */
export function fdaDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  return us ? `${us[3]}-${us[1]}-${us[2]}` : null;
}

function normaliseKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.replace(/-/g, '_'), v]));
}

export function toReport(raw: Record<string, unknown>): EnforcementReport | null {
  const r = normaliseKeys(raw);
  // PostgreSQL cannot store U+0000 in text or jsonb: a feed carrying one is cleaned, not a failed import.
  const text = (key: string) => {
    const value = typeof r[key] === 'string' ? (r[key] as string).replaceAll('\u0000', '').trim() : typeof r[key] === 'number' ? String(r[key]) : '';
    return value ? value.slice(0, 20_000) : null;
  };
  const description = text('product_description');
  if (!description) return null;
  const report = Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(f)])) as Record<(typeof TEXT_FIELDS)[number], string | null>;
  return { ...report, product_description: description, recall_initiation_date: fdaDate(r.recall_initiation_date), report_date: fdaDate(r.report_date) };
}

export interface ReadReports {
  reports: EnforcementReport[];
  /** Entries that are no report (no product description), by position: counted and said, not dropped silently. */
  skipped: { index: number; reason: string }[];
}

/** An openFDA API answer, an array or one record as JSON, or NDJSON (one record a line). */
export function readEnforcementReports(text: string): ReadReports {
  const trimmed = text.trim();
  let records: unknown[];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    records = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { results?: unknown }).results) ? (parsed as { results: unknown[] }).results : [parsed];
  } catch {
    records = trimmed.split(/\r?\n/).filter((l) => l.trim()).map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return null;
      }
    });
  }
  const reports: EnforcementReport[] = [];
  const skipped: ReadReports['skipped'] = [];
  records.forEach((record, index) => {
    const report = record && typeof record === 'object' && !Array.isArray(record) ? toReport(record as Record<string, unknown>) : null;
    if (report) reports.push(report);
    else skipped.push({ index, reason: record && typeof record === 'object' ? 'no product_description' : 'not a JSON object' });
  });
  return { reports, skipped };
}

/** The key a report is stored under: its recall number, else its event id and a hash of its text. */
export function reportKey(report: EnforcementReport): string {
  if (report.recall_number) return report.recall_number;
  return `${report.event_id ?? 'no-event'}:${createHash('sha256').update(report.product_description).digest('hex').slice(0, 16)}`;
}

/**
 * GTINs printed in the report: UPC-A as labels print it ("7 05432 00194 5", "6-98997-80615-8",
 * "UPC 041303012345"), EAN-13 and GTIN-14 — digits in groups separated by spaces or dashes, kept
 * only when the check digit holds, as GTIN-14.
 */
export function printedGtins(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![\d-])\d(?:[ -]?\d){11,13}(?![\d])/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length < 12 || digits.length > 14) continue;
    const gtin = normalizeGtin(digits);
    if (gtin) found.add(gtin);
  }
  return [...found];
}
