import type { Db } from '../platform/db/database.ts';
import type { Answers } from './survey-model.ts';

export interface Invitation {
  id: number;
  survey_key: string;
  customer_id: number;
  case_id: string;
  /** How the customer knows the case (as the invitation quoted it); the case id when none was given. */
  case_reference: string;
  case_type: string | null;
  expires_at: Date;
  opened_at: Date | null;
  completed_at: Date | null;
  language: string;
  answers: Answers | null;
  complete: boolean | null;
}

export async function loadInvitation(db: Db, id: number): Promise<Invitation | undefined> {
  const [row] = await db.query<Invitation>(
    `SELECT i.id, i.survey_key, i.customer_id, i.case_id, coalesce(i.case_reference, i.case_id) AS case_reference, i.case_type, i.expires_at, i.opened_at, i.completed_at, c.language,
            r.answers, r.complete
     FROM survey_invitations i JOIN customers c ON c.id = i.customer_id LEFT JOIN survey_responses r ON r.invitation_id = i.id
     WHERE i.id = $1`,
    [id],
  );
  return row;
}

export async function markOpened(db: Db, id: number, now: Date): Promise<void> {
  await db.query('UPDATE survey_invitations SET opened_at = coalesce(opened_at, $2) WHERE id = $1', [id, now]);
}

/**
 * Saves the answers given so far, linked to the case and the customer. The scores count
 * from the first step; `complete` once no follow-up is open. The customer's timeline gets
 * one entry, when the scores first arrive.
 */
export async function saveAnswers(
  tx: Db,
  invitation: Invitation,
  input: { answers: Answers; scores: { csat: number | null; nps: number | null; ces: number | null }; language: string; complete: boolean; now: Date },
): Promise<void> {
  const [saved] = await tx.query<{ inserted: boolean }>(
    `INSERT INTO survey_responses (invitation_id, survey_key, customer_id, case_id, case_type, language, answers, csat, nps, ces, complete, submitted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT (invitation_id) DO UPDATE SET answers = EXCLUDED.answers, csat = EXCLUDED.csat, nps = EXCLUDED.nps, ces = EXCLUDED.ces,
       complete = EXCLUDED.complete, language = EXCLUDED.language, updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted`,
    [invitation.id, invitation.survey_key, invitation.customer_id, invitation.case_id, invitation.case_type, input.language,
      JSON.stringify(input.answers), input.scores.csat, input.scores.nps, input.scores.ces, input.complete, input.now],
  );
  if (input.complete) await tx.query('UPDATE survey_invitations SET completed_at = coalesce(completed_at, $2) WHERE id = $1', [invitation.id, input.now]);
  if (saved?.inserted) {
    const scores = (['csat', 'nps', 'ces'] as const).filter((k) => input.scores[k] !== null).map((k) => `${k.toUpperCase()} ${input.scores[k]}`);
    await tx.query(
      `INSERT INTO interactions (customer_id, occurred_at, kind, channel, summary, ref_type, ref_id, details)
       VALUES ($1, $2, 'survey', 'web', $3, 'case', $4, $5)`,
      [invitation.customer_id, input.now, `Survey ${invitation.survey_key}${scores.length ? `: ${scores.join(', ')}` : ''}`, invitation.case_id,
        JSON.stringify({ survey: invitation.survey_key, invitation: invitation.id, ...input.scores })],
    );
  }
}

export interface ResultFilter {
  from?: string;
  to?: string;
  caseType?: string;
}

/**
 * Results of a survey: CSAT % (share of 4s and 5s), NPS (% promoters − % detractors),
 * average CES, and the response rate over the invitations of the same period.
 */
export async function surveyResults(db: Db, key: string, filter: ResultFilter) {
  const params = [key, filter.from ?? null, filter.to ?? null, filter.caseType ?? null];
  const [scores] = await db.query<{
    responses: number; csat_n: number; csat_satisfied: number; nps_n: number; promoters: number; passives: number; detractors: number; ces_n: number; ces_avg: string | null;
  }>(
    `SELECT count(*) AS responses,
            count(csat) AS csat_n, count(*) FILTER (WHERE csat >= 4) AS csat_satisfied,
            count(nps) AS nps_n, count(*) FILTER (WHERE nps >= 9) AS promoters, count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS passives,
            count(*) FILTER (WHERE nps <= 6) AS detractors,
            count(ces) AS ces_n, round(avg(ces), 2)::text AS ces_avg
     FROM survey_responses
     WHERE survey_key = $1 AND ($2::timestamptz IS NULL OR submitted_at >= $2) AND ($3::timestamptz IS NULL OR submitted_at < $3)
       AND ($4::text IS NULL OR case_type = $4)`,
    params,
  );
  const [invited] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM survey_invitations
     WHERE survey_key = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)
       AND ($4::text IS NULL OR case_type = $4)`,
    params,
  );
  const s = scores!;
  const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
  return {
    survey: key,
    invitations: invited!.n,
    responses: s.responses,
    responseRate: percent(s.responses, invited!.n),
    csat: { responses: s.csat_n, satisfied: s.csat_satisfied, percent: percent(s.csat_satisfied, s.csat_n) },
    nps: {
      responses: s.nps_n, promoters: s.promoters, passives: s.passives, detractors: s.detractors,
      score: s.nps_n ? Math.round(((s.promoters - s.detractors) / s.nps_n) * 1000) / 10 : null,
    },
    ces: { responses: s.ces_n, average: s.ces_avg === null ? null : Number(s.ces_avg) },
  };
}

export async function listResponses(db: Db, key: string, filter: { caseId?: string; customerId?: number; limit: number; offset: number }) {
  const params = [key, filter.caseId ?? null, filter.customerId ?? null];
  const where = 'WHERE survey_key = $1 AND ($2::text IS NULL OR case_id = $2) AND ($3::bigint IS NULL OR customer_id = $3)';
  const items = await db.query(
    `SELECT id, invitation_id, customer_id, case_id, case_type, language, answers, csat, nps, ces, complete, submitted_at
     FROM survey_responses ${where} ORDER BY submitted_at DESC, id DESC LIMIT $4 OFFSET $5`,
    [...params, filter.limit, filter.offset],
  );
  const [total] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM survey_responses ${where}`, params);
  return { items, total: total?.n ?? 0, limit: filter.limit, offset: filter.offset };
}

/**
 * The results of the survey a case type is configured to send (PUT
 * /api/surveys/case-types/{caseType}), over that type's cases only; undefined when the type
 * sends none. What a module's own report shows beside its counts (complaints' CSAT).
 */
export async function caseTypeSurveyResults(db: Db, caseType: string, filter: { from?: string; to?: string }) {
  const [config] = await db.query<{ survey_key: string }>('SELECT survey_key FROM survey_case_types WHERE case_type = $1', [caseType]);
  if (!config) return undefined;
  return surveyResults(db, config.survey_key, { ...filter, caseType });
}
