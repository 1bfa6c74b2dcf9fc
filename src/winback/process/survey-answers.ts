import type { Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { currentCallScript, walkCallScript } from './call-script.ts';
import { journeyById, recordStep } from './journeys.ts';

/**
 * Records what the customer answered on the call survey, following the current call script,
 * on the customer (winback_survey_answers) and concludes the reason for leaving. Answering
 * again (a slip corrected during the call) replaces the journey's earlier answers.
 */
export async function recordCallAnswers(db: Db, clock: Clock, actor: Actor, journeyId: number, answers: Record<string, string>) {
  const { version, script } = await currentCallScript(db);
  const walked = walkCallScript(script, answers);
  return db.transaction(async (tx) => {
    const journey = await journeyById(tx, journeyId, true);
    if (!journey) throw notFound(`win-back journey ${journeyId}`);
    if (journey.closed_at) throw new AppError('conflict', `the win-back ${journey.business_key} is closed`, 'winback.closed');
    await tx.query('DELETE FROM winback_survey_answers WHERE journey_id = $1', [journeyId]);
    const now = clock.now();
    await tx.query(
      `INSERT INTO winback_survey_answers (customer_id, journey_id, script_version, question_key, question, answer, answered_by, answered_at)
       SELECT $1, $2, $3, a.question_key, a.question, a.answer, $4, $5 FROM jsonb_to_recordset($6::jsonb) AS a(question_key text, question text, answer text)`,
      [journey.customer_id, journeyId, version, actor.label, now, JSON.stringify(walked.answers.map((a) => ({ question_key: a.questionKey, question: a.question, answer: a.answer })))]);
    await tx.query('UPDATE winback_journeys SET survey_reason = $2 WHERE id = $1', [journeyId, walked.reason]);
    await recordStep(tx, clock, journeyId, 'call_survey', 'reached', actor.label, { scriptVersion: version, concluded: walked.reason });
    return { journeyId, scriptVersion: version, reason: walked.reason, answers: walked.answers };
  });
}

/** Everything a customer answered on call surveys, newest first. */
export async function surveyAnswersOf(db: Db, customerId: number) {
  return db.query<{ journey_id: number; script_version: number; question_key: string; question: string; answer: string; answered_by: string; answered_at: Date }>(
    `SELECT journey_id, script_version, question_key, question, answer, answered_by, answered_at FROM winback_survey_answers
     WHERE customer_id = $1 ORDER BY answered_at DESC, id`, [customerId]);
}
