import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';

/** Withdrawal reasons of an LK_RECEIPT document (True API digest, corpora/chestny-znak). */
export const WITHDRAWAL_ACTIONS = ['RETAIL', 'EEC_EXPORT', 'BEYOND_EEC_EXPORT', 'RETURN', 'REMOTE_SALE', 'DAMAGE_LOSS', 'DESTRUCTION', 'CONFISCATION', 'LIQUIDATION', 'ENTERPRISE_USE', 'OTHER'] as const;
/** Code statuses meaning the unit is out of circulation already. */
const OUT_OF_CIRCULATION = new Set(['RETIRED', 'WITHDRAWN', 'WRITTEN_OFF']);
const CALL_TIMEOUT_MS = 20_000;

export interface MarkingSettings {
  enabled: boolean;
  base_url: string;
  product_group: string;
  inn: string | null;
  token: string | null;
  withdrawal_action: string;
}

/**
 * Signs the inner document (detached CAdES-BES with a GOST qualified certificate in production).
 * No signer is shipped: the default sends none, which a sandbox or test stand accepts and the
 * production system refuses — the refusal is recorded per code like any other (decision 042).
 */
export type DocumentSigner = (innerDocumentBase64: string) => Promise<string>;
export const unsigned: DocumentSigner = async () => '';

export async function markingSettings(ctx: AppContext): Promise<MarkingSettings> {
  const [row] = await ctx.db.query<MarkingSettings>('SELECT enabled, base_url, product_group, inn, token, withdrawal_action FROM marking_settings WHERE id = 1');
  return row ?? { enabled: false, base_url: 'https://markirovka.sandbox.crptech.ru', product_group: 'milk', inn: null, token: null, withdrawal_action: 'OTHER' };
}

/** The settings as shown: the token never leaves, only whether one is set. */
export const shownSettings = ({ token, ...rest }: MarkingSettings) => ({ ...rest, token_set: Boolean(token) });

/** A GS1 DataMatrix code of a serialised unit, without the crypto tail: (01) GTIN (21) serial. */
export const cisOf = (gtin: string, serial: string) => `01${gtin}21${serial}`;

/** The recall's marked units: every serial its criteria name, as marking codes. */
export async function recallCodes(ctx: AppContext, recallId: number): Promise<string[]> {
  const rows = await ctx.db.query<{ gtin: string; serial: string }>(
    `SELECT DISTINCT p.gtin, s.serial FROM recall_criteria c JOIN products p ON p.id = c.product_id, unnest(c.serials) AS s(serial)
     WHERE c.recall_id = $1 AND c.kind = 'serials' ORDER BY p.gtin, s.serial`, [recallId]);
  return rows.map((r) => cisOf(r.gtin, r.serial));
}

class TrueApiError extends Error {}

/** One call to the True API; a failure says what failed and the HTTP status, never the token. */
async function call<T>(settings: MarkingSettings, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${settings.base_url.replace(/\/$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new TrueApiError(`True API ${path.split('?')[0]} did not answer: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`);
  }
  const text = await response.text();
  if (!response.ok) throw new TrueApiError(`True API ${path.split('?')[0]} answered HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    // lk/documents/create answers the new document's id as plain text.
    if ((response.headers.get('content-type') ?? '').startsWith('text/plain') && text.trim()) return text.trim() as T;
    throw new TrueApiError(`True API ${path.split('?')[0]} answered something that is not JSON`);
  }
}

interface CisInfo {
  cisInfo?: { requestedCis?: string; cis?: string; status?: string; statusEx?: string; gtin?: string; ownerInn?: string; withdrawReason?: string };
  errorMessage?: string;
  errorCode?: string;
}

/** Status of each code as the marking system knows it (cises/info, ≤ 1000 a call). */
async function codeStatuses(settings: MarkingSettings, codes: string[]): Promise<Map<string, { status: string | null; error: string | null }>> {
  const statuses = new Map<string, { status: string | null; error: string | null }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const answer = await call<CisInfo[]>(settings, 'POST', `/api/v3/true-api/cises/info?pg=${encodeURIComponent(settings.product_group)}`, codes.slice(i, i + 1000));
    for (const entry of answer) {
      const cis = entry.cisInfo?.requestedCis ?? entry.cisInfo?.cis;
      if (cis) statuses.set(cis, { status: entry.cisInfo?.status ?? null, error: entry.errorMessage ?? null });
    }
  }
  return statuses;
}

export interface MarkingOutcome {
  cis: string;
  outcome: 'pending' | 'withdrawn' | 'failed';
  status_before: string | null;
  status: string | null;
  document_id: string | null;
  error: string | null;
}

async function record(ctx: AppContext, recallId: number, outcomes: MarkingOutcome[]) {
  await ctx.db.transaction(async (tx) => {
    for (const o of outcomes) {
      await tx.query(
        `INSERT INTO recall_marking_codes (recall_id, cis, outcome, status_before, status, document_id, error, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (recall_id, cis) DO UPDATE SET outcome = EXCLUDED.outcome, status_before = COALESCE(recall_marking_codes.status_before, EXCLUDED.status_before),
           status = EXCLUDED.status, document_id = COALESCE(EXCLUDED.document_id, recall_marking_codes.document_id), error = EXCLUDED.error, updated_at = EXCLUDED.updated_at`,
        [recallId, o.cis, o.outcome, o.status_before, o.status, o.document_id, o.error, ctx.clock.now()]);
    }
  });
}

function requireEnabled(settings: MarkingSettings): void {
  if (!settings.enabled) throw new AppError('conflict', 'Chestny ZNAK is switched off for the company (turn it on in the marking settings)', 'marking.disabled');
  if (!settings.token || !settings.inn) throw new AppError('conflict', 'Chestny ZNAK needs the company INN and an API token in the marking settings', 'marking.not_configured');
}

/**
 * Takes the recall's marked units out of circulation: asks each code's status; codes in
 * circulation go into one LK_RECEIPT withdrawal document (the configured reason, the recall
 * named as the primary document); then the document's status is read and every code's status
 * checked again. Each code ends withdrawn, failed (with the reason) or pending (document still
 * being processed — `checkRecallCodes` later). Nothing is withdrawn twice.
 */
export async function withdrawRecallUnits(ctx: AppContext, actor: Actor, recallId: number, sign: DocumentSigner = unsigned): Promise<MarkingOutcome[]> {
  const settings = await markingSettings(ctx);
  requireEnabled(settings);
  const [recall] = await ctx.db.query<{ reference: string; status: string }>('SELECT reference, status FROM recalls WHERE id = $1', [recallId]);
  if (!recall) throw new AppError('not_found', 'recall was not found');
  const codes = await recallCodes(ctx, recallId);
  if (!codes.length) throw new AppError('unprocessable', 'the recall names no serialised units, so there are no marking codes to withdraw', 'marking.no_codes');
  const done = new Set((await ctx.db.query<{ cis: string }>("SELECT cis FROM recall_marking_codes WHERE recall_id = $1 AND outcome = 'withdrawn'", [recallId])).map((r) => r.cis));
  const todo = codes.filter((c) => !done.has(c));
  const outcomes: MarkingOutcome[] = [];
  try {
    const before = await codeStatuses(settings, todo);
    const toWithdraw: string[] = [];
    for (const cis of todo) {
      const known = before.get(cis);
      const base = { cis, status_before: known?.status ?? null, status: known?.status ?? null, document_id: null };
      if (!known || !known.status) outcomes.push({ ...base, outcome: 'failed', error: known?.error ?? 'the marking system does not know this code' });
      else if (OUT_OF_CIRCULATION.has(known.status)) outcomes.push({ ...base, outcome: 'withdrawn', error: null });
      else if (known.status !== 'INTRODUCED') outcomes.push({ ...base, outcome: 'failed', error: `the code is ${known.status}, not in circulation: it cannot be withdrawn` });
      else toWithdraw.push(cis);
    }
    if (toWithdraw.length) {
      const now = ctx.clock.now();
      const day = now.toISOString().slice(0, 10);
      const inner = {
        inn: settings.inn,
        action: settings.withdrawal_action,
        action_date: day,
        document_type: 'OTHER',
        document_number: recall.reference,
        document_date: day,
        primary_document_custom_name: `Product recall ${recall.reference}`,
        ...(settings.withdrawal_action === 'OTHER' ? { withdrawal_type_other: `Product recall ${recall.reference}` } : {}),
        products: toWithdraw.map((cis) => ({ cis })),
      };
      const productDocument = Buffer.from(JSON.stringify(inner), 'utf8').toString('base64');
      let documentId: string | null = null;
      let docError: string | null = null;
      try {
        const created = await call<string | { value?: string; id?: string }>(settings, 'POST', `/api/v3/true-api/lk/documents/create?pg=${encodeURIComponent(settings.product_group)}`,
          { document_format: 'MANUAL', type: 'LK_RECEIPT', product_document: productDocument, signature: await sign(productDocument) });
        documentId = typeof created === 'string' ? created : created.value ?? created.id ?? null;
        if (!documentId) docError = 'the document was not accepted: no document id in the answer';
      } catch (error) {
        if (!(error instanceof TrueApiError)) throw error;
        docError = error.message;
      }
      if (docError || !documentId) {
        for (const cis of toWithdraw) outcomes.push({ cis, outcome: 'failed', status_before: 'INTRODUCED', status: 'INTRODUCED', document_id: null, error: docError });
      } else {
        outcomes.push(...await settle(settings, documentId, toWithdraw.map((cis) => ({ cis, status_before: 'INTRODUCED' }))));
      }
    }
  } catch (error) {
    if (!(error instanceof TrueApiError)) throw error;
    for (const cis of todo) if (!outcomes.some((o) => o.cis === cis)) outcomes.push({ cis, outcome: 'failed', status_before: null, status: null, document_id: null, error: error.message });
  }
  await record(ctx, recallId, outcomes);
  await recordAudit(ctx.db, actor, { action: 'marking_withdraw', entity: 'recalls', entityId: recallId, details: tally(outcomes) });
  return outcomes;
}

/** Reads the document's processing status and each code's status after it. */
async function settle(settings: MarkingSettings, documentId: string, codes: { cis: string; status_before: string | null }[]): Promise<MarkingOutcome[]> {
  const info = await call<{ status?: string; errors?: string[]; downloadDesc?: string }>(settings, 'GET', `/api/v4/true-api/doc/${encodeURIComponent(documentId)}/info?pg=${encodeURIComponent(settings.product_group)}&body=false`);
  const docStatus = info.status ?? 'UNKNOWN';
  const after = await codeStatuses(settings, codes.map((c) => c.cis));
  return codes.map(({ cis, status_before }) => {
    const status = after.get(cis)?.status ?? null;
    const base = { cis, status_before, status, document_id: documentId };
    if (status && OUT_OF_CIRCULATION.has(status)) return { ...base, outcome: 'withdrawn' as const, error: null };
    if (docStatus === 'IN_PROGRESS' || docStatus === 'WAIT_ACCEPTANCE' || docStatus === 'CHECKED_OK') return { ...base, outcome: 'pending' as const, error: docStatus === 'CHECKED_OK' ? 'document accepted, the code is not withdrawn yet' : `document ${docStatus}` };
    return { ...base, outcome: 'failed' as const, error: `document ${docStatus}${info.errors?.length ? `: ${info.errors.join('; ').slice(0, 500)}` : ''}` };
  });
}

/** Checks again the codes whose withdrawal is still pending (and reads every code's status). */
export async function checkRecallCodes(ctx: AppContext, actor: Actor, recallId: number): Promise<MarkingOutcome[]> {
  const settings = await markingSettings(ctx);
  requireEnabled(settings);
  const rows = await ctx.db.query<MarkingOutcome>('SELECT cis, outcome, status_before, status, document_id, error FROM recall_marking_codes WHERE recall_id = $1 ORDER BY cis', [recallId]);
  const outcomes: MarkingOutcome[] = [];
  try {
    const byDocument = new Map<string, MarkingOutcome[]>();
    for (const row of rows.filter((r) => r.outcome === 'pending' && r.document_id)) byDocument.set(row.document_id!, [...(byDocument.get(row.document_id!) ?? []), row]);
    for (const [documentId, pending] of byDocument) outcomes.push(...await settle(settings, documentId, pending));
    const rest = rows.filter((r) => !outcomes.some((o) => o.cis === r.cis));
    const now = rest.length ? await codeStatuses(settings, rest.map((r) => r.cis)) : new Map();
    for (const r of rest) outcomes.push({ ...r, status: now.get(r.cis)?.status ?? r.status });
  } catch (error) {
    if (!(error instanceof TrueApiError)) throw error;
    throw new AppError('unprocessable', error.message, 'marking.api_failed');
  }
  await record(ctx, recallId, outcomes);
  await recordAudit(ctx.db, actor, { action: 'marking_check', entity: 'recalls', entityId: recallId, details: tally(outcomes) });
  return outcomes;
}

export const tally = (outcomes: { outcome: string }[]) => ({
  withdrawn: outcomes.filter((o) => o.outcome === 'withdrawn').length,
  pending: outcomes.filter((o) => o.outcome === 'pending').length,
  failed: outcomes.filter((o) => o.outcome === 'failed').length,
});

export async function recallMarking(ctx: AppContext, recallId: number) {
  const codes = await ctx.db.query<MarkingOutcome & { updated_at: Date }>('SELECT cis, outcome, status_before, status, document_id, error, updated_at FROM recall_marking_codes WHERE recall_id = $1 ORDER BY cis', [recallId]);
  const settings = await markingSettings(ctx);
  return { enabled: settings.enabled, ...tally(codes), codes };
}
