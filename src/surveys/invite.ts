import { publicUrl } from '../platform/config/config.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';
import { signToken } from '../platform/links/signed-token.ts';
import { enqueueMessage, enqueueMessages, type CustomerChannel, type EnqueuedMessage, type EnqueueSummary } from '../comms/index.ts';
import { ensureInvitationTemplate, INVITATION_TEMPLATE } from './invitation-template.ts';
import { caseTypeSurvey, getSurvey } from './surveys.sql.ts';

export const SURVEY_TOKEN_PURPOSE = 'survey';

let templateEnsured = false;

export interface SurveyInvitationRequest {
  customerId: number;
  caseId: string | number;
  surveyKey: string;
  caseType?: string;
  channels?: readonly CustomerChannel[];
}

export interface SurveyInvitation {
  status: 'invited' | 'already_invited';
  invitationId: number;
  url: string;
  expiresAt: Date;
  messages: EnqueuedMessage[];
}

/**
 * Invites a customer to a named survey about a case, inside the caller's transaction: one
 * invitation per (survey, case, customer), a signed link that expires, and the invitation
 * message through the outbox.
 */
export async function inviteToSurvey(tx: Db, ctx: AppContext, request: SurveyInvitationRequest): Promise<SurveyInvitation> {
  const survey = await getSurvey(tx, request.surveyKey);
  if (!survey) throw new AppError('not_found', `survey ${request.surveyKey} was not found`, 'surveys.unknown_survey');
  if (!survey.active) throw new AppError('conflict', `survey ${request.surveyKey} is not active`, 'surveys.inactive');
  const now = ctx.clock.now();
  const caseId = String(request.caseId);
  const expiresAt = new Date(now.getTime() + survey.valid_days * 24 * 3600 * 1000);
  const inserted = await tx.query<{ id: number; expires_at: Date }>(
    `INSERT INTO survey_invitations (survey_key, customer_id, case_id, case_type, created_at, expires_at)
     SELECT $1, id, $3, $4, $5, $6 FROM customers WHERE id = $2
     ON CONFLICT (survey_key, case_id, customer_id) DO NOTHING RETURNING id, expires_at`,
    [request.surveyKey, request.customerId, caseId, request.caseType ?? null, now, expiresAt],
  );
  const existing = inserted[0] ?? (await tx.query<{ id: number; expires_at: Date }>(
    'SELECT id, expires_at FROM survey_invitations WHERE survey_key = $1 AND case_id = $2 AND customer_id = $3',
    [request.surveyKey, caseId, request.customerId],
  ))[0];
  if (!existing) throw new AppError('not_found', `customer ${request.customerId} was not found`, 'surveys.unknown_customer');
  const url = surveyUrl(ctx, existing.id, existing.expires_at);
  if (!inserted.length) return { status: 'already_invited', invitationId: existing.id, url, expiresAt: existing.expires_at, messages: [] };
  // Workers install the shipped template at start; a process that never started them
  // (a CLI, a test) installs it here once.
  if (!templateEnsured) {
    await ensureInvitationTemplate(tx);
    templateEnsured = true;
  }
  const messages = await enqueueMessage(tx, ctx, {
    customerId: request.customerId,
    templateKey: INVITATION_TEMPLATE,
    channels: request.channels ?? ['email'],
    campaign: `survey:${request.surveyKey}:case:${caseId}`,
    reason: 'survey.invitation',
    resource: { type: 'case', id: caseId },
    variables: { survey_url: url, case_reference: caseId },
  });
  return { status: 'invited', invitationId: existing.id, url, expiresAt: existing.expires_at, messages };
}

export interface CaseResolvedRequest {
  caseId: string | number;
  caseType: string;
  /** How the customer knows the case (its business key, or "#id"); the invitation quotes it. */
  caseReference: string;
  customerIds: readonly number[];
}

export interface CaseResolvedInvitations {
  surveyKey: string;
  /** Customers invited now; the others had been invited about this case before. */
  invited: number[];
  messages: EnqueueSummary;
}

/**
 * The per-case-type rule, run in the transaction that resolves the case: every customer
 * linked to it is invited to the survey configured for its type
 * (PUT /api/surveys/case-types/{caseType}) — once per case and customer, ever. A case
 * resolved, reopened and resolved again asks nobody twice, even if the type's survey
 * changed in between: the customer was already asked about this case. Nothing happens
 * (and nothing fails) without a linked customer, without a survey for the type, or when
 * that survey is switched off; the case is resolved all the same.
 */
export async function inviteAfterCaseResolved(tx: Db, ctx: AppContext, request: CaseResolvedRequest): Promise<CaseResolvedInvitations | undefined> {
  if (!request.customerIds.length) return undefined;
  const config = await caseTypeSurvey(tx, request.caseType);
  if (!config?.enabled) return undefined;
  const survey = await getSurvey(tx, config.survey_key);
  if (!survey?.active) return undefined;
  const now = ctx.clock.now();
  const caseId = String(request.caseId);
  const expiresAt = new Date(now.getTime() + survey.valid_days * 24 * 3600 * 1000);
  const invited = await tx.query<{ id: number; customer_id: number; expires_at: Date }>(
    `INSERT INTO survey_invitations (survey_key, customer_id, case_id, case_reference, case_type, created_at, expires_at)
     SELECT $1, c.id, $3, $7, $4, $5, $6 FROM customers c
     WHERE c.id = ANY($2::bigint[]) AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.case_id = $3 AND i.customer_id = c.id)
     ORDER BY c.id
     ON CONFLICT (survey_key, case_id, customer_id) DO NOTHING RETURNING id, customer_id, expires_at`,
    [survey.key, request.customerIds, caseId, request.caseType, now, expiresAt, request.caseReference],
  );
  const none: EnqueueSummary = { queued: 0, suppressed: 0, duplicate: 0 };
  if (!invited.length) return { surveyKey: survey.key, invited: [], messages: none };
  if (!templateEnsured) {
    await ensureInvitationTemplate(tx);
    templateEnsured = true;
  }
  const messages = await enqueueMessages(tx, ctx, {
    templateKey: INVITATION_TEMPLATE,
    channels: config.channels,
    campaign: `survey:${survey.key}:case:${caseId}`,
    reason: 'survey.invitation',
    resource: { type: 'case', id: caseId },
    recipients: invited.map((row) => ({
      customerId: row.customer_id,
      variables: { survey_url: surveyUrl(ctx, row.id, row.expires_at), case_reference: request.caseReference },
    })),
  });
  return { surveyKey: survey.key, invited: invited.map((row) => row.customer_id), messages };
}

export function surveyUrl(ctx: AppContext, invitationId: number, expiresAt: Date): string {
  const token = signToken(ctx.signingKey, { purpose: SURVEY_TOKEN_PURPOSE, subject: String(invitationId) }, expiresAt);
  return `${publicUrl(ctx.config)}/surveys/respond?t=${token}`;
}

/**
 * The invitation about this case that the customer can still answer (not completed, not
 * expired), if any: a process that resolved the case waits for that answer only when one
 * is open — a case resolved again after a reopening asks nobody twice.
 */
export async function openInvitationForCase(db: Db, caseId: string | number, now: Date): Promise<{ invitationId: number; expiresAt: Date } | undefined> {
  const [row] = await db.query<{ id: number; expires_at: Date }>(
    `SELECT id, expires_at FROM survey_invitations WHERE case_id = $1 AND completed_at IS NULL AND expires_at > $2 ORDER BY id DESC LIMIT 1`,
    [String(caseId), now],
  );
  return row ? { invitationId: row.id, expiresAt: row.expires_at } : undefined;
}

export interface OpenInvitationsRequest {
  surveyKey: string;
  caseType: string;
  invitations: readonly { customerId: number; caseId: string; caseReference: string }[];
}

/**
 * Opens invitations set-based, for a module that sends the link in its own message (the
 * delivery apology carries it): one per (survey, case, customer), ever; returns the signed
 * link of each invitation created now. Nothing is sent here. A switched-off survey opens
 * nothing, and the caller is told so (`active: false`) to show it where the sender works.
 */
export async function openSurveyInvitations(tx: Db, ctx: AppContext, request: OpenInvitationsRequest): Promise<{ active: boolean; opened: { customerId: number; caseId: string; url: string }[] }> {
  const survey = await getSurvey(tx, request.surveyKey);
  if (!survey?.active || !request.invitations.length) return { active: !!survey?.active, opened: [] };
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + survey.valid_days * 24 * 3600 * 1000);
  const rows = await tx.query<{ id: number; customer_id: number; case_id: string; expires_at: Date }>(
    `INSERT INTO survey_invitations (survey_key, customer_id, case_id, case_reference, case_type, created_at, expires_at)
     SELECT $1, u.customer_id, u.case_id, u.reference, $5, $6, $7 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(customer_id, case_id, reference)
     JOIN customers c ON c.id = u.customer_id
     ON CONFLICT (survey_key, case_id, customer_id) DO NOTHING RETURNING id, customer_id, case_id, expires_at`,
    [survey.key, request.invitations.map((i) => i.customerId), request.invitations.map((i) => i.caseId), request.invitations.map((i) => i.caseReference), request.caseType, now, expiresAt]);
  return { active: true, opened: rows.map((r) => ({ customerId: Number(r.customer_id), caseId: r.case_id, url: surveyUrl(ctx, r.id, r.expires_at) })) };
}
