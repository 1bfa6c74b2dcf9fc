import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { caseTypeSurveyResults } from '../surveys/index.ts';
import { csvCell } from '../platform/csv/csv-cell.ts';

export type Period = 'day' | 'week' | 'month';

/**
 * One complaint as the reports count it: its case's stage, owner, SLA facts, and when its
 * first reply reached the customer: when the e-mail or SMS was sent (first_reply_sent_at —
 * the outbox row is the truth about a message, not the task that asked for it), or when the
 * agent phoned or wrote a letter (first_reply_by_person_at). A reply only queued, or never
 * sent, has neither; first_reply_failed marks one that will not go (suppressed, failed,
 * bounced, or an old "no consented channel" note).
 */
const BASE = `SELECT co.id, co.category, co.channel, co.received_at, co.founded, ca.stage, ca.status, ca.department, ca.owner_id, u.name AS owner,
       ca.first_response_due_at, ca.first_responded_at, ca.resolution_due_at, ca.resolved_at,
       CASE WHEN fm.status IN ('sent', 'delivered', 'opened', 'clicked') THEN fm.sent_at END AS first_reply_sent_at,
       CASE WHEN fr.how NOT IN ('reply', 'e-mail', 'SMS') THEN ca.first_responded_at END AS first_reply_by_person_at,
       fm.status IN ('suppressed', 'failed', 'bounced') OR (fm.status IS NULL AND fr.how = 'reply') AS first_reply_failed,
       rm.status IN ('suppressed', 'failed', 'bounced') AS resolution_reply_failed
  FROM complaints co JOIN cases ca ON ca.id = co.case_id LEFT JOIN users u ON u.id = ca.owner_id
  LEFT JOIN LATERAL (SELECT e.data->>'how' AS how FROM case_events e WHERE e.case_id = ca.id AND e.kind = 'first_response' ORDER BY e.at, e.id LIMIT 1) fr ON true
  LEFT JOIN LATERAL (SELECT m.status, m.sent_at FROM comms_messages m WHERE m.campaign = 'complaint:' || ca.business_key || ':first_response' ORDER BY m.id LIMIT 1) fm ON true
  LEFT JOIN LATERAL (SELECT m.status FROM comms_messages m WHERE m.campaign = 'complaint:' || ca.business_key || ':resolution' ORDER BY m.id LIMIT 1) rm ON true
  WHERE co.received_at >= $1 AND co.received_at < $2`;

const FIRST_REPLY_AT = 'coalesce(first_reply_sent_at, first_reply_by_person_at)';

/** Met, missed, or still running: a due time in the future is not yet a miss. */
const SLA = (done: string, due: string) => `CASE WHEN ${due} IS NULL THEN NULL WHEN ${done} IS NOT NULL THEN ${done} <= ${due} WHEN ${due} < $3 THEN false END`;

/**
 * Where every complaint stands and how the team keeps its promises (C5): the stage funnel,
 * counts per day, week or month by category and channel, first-response SLA compliance
 * counted on replies that reached the customer (and the replies that did not, apart), resolution
 * SLA compliance, and the same per department and per owner — all counted in SQL over the
 * period, so a year of complaints is one round trip.
 */
export async function complaintReport(db: Db, clock: Clock, from: Date, to: Date, period: Period) {
  const params = [from, to, clock.now()];
  const funnel = await db.query<{ stage: string; status: string; complaints: number }>(
    `SELECT stage, status, count(*)::int AS complaints FROM (${BASE}) c GROUP BY stage, status ORDER BY stage, status`, params.slice(0, 2));
  const perPeriod = await db.query<{ period: string; category: string; channel: string; complaints: number }>(
    `SELECT to_char(date_trunc('${period}', received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS period, category, channel, count(*)::int AS complaints
     FROM (${BASE}) c GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, params.slice(0, 2));
  const sla = `count(*)::int AS complaints,
     count(*) FILTER (WHERE ${SLA(FIRST_REPLY_AT, 'first_response_due_at')})::int AS first_response_met,
     count(*) FILTER (WHERE NOT ${SLA(FIRST_REPLY_AT, 'first_response_due_at')})::int AS first_response_missed,
     count(*) FILTER (WHERE first_reply_sent_at IS NOT NULL)::int AS first_reply_sent,
     count(*) FILTER (WHERE first_reply_by_person_at IS NOT NULL)::int AS first_reply_by_call_or_letter,
     count(*) FILTER (WHERE ${FIRST_REPLY_AT} IS NULL AND first_reply_failed)::int AS first_reply_not_sent,
     count(*) FILTER (WHERE resolution_reply_failed)::int AS resolution_reply_not_sent,
     count(*) FILTER (WHERE ${SLA('resolved_at', 'resolution_due_at')})::int AS resolution_met,
     count(*) FILTER (WHERE NOT ${SLA('resolved_at', 'resolution_due_at')})::int AS resolution_missed,
     count(*) FILTER (WHERE founded = false)::int AS unfounded`;
  const [overall] = await db.query(`SELECT ${sla} FROM (${BASE}) c`, params);
  const byDepartment = await db.query(`SELECT coalesce(department, '(none)') AS department, ${sla} FROM (${BASE}) c GROUP BY 1 ORDER BY 2 DESC, 1`, params);
  const byOwner = await db.query(`SELECT coalesce(owner, '(unassigned)') AS owner, ${sla} FROM (${BASE}) c GROUP BY 1 ORDER BY 2 DESC, 1`, params);
  // Reopened: the customer's verdict (or a person) sent a resolved complaint back to work.
  const [reopened] = await db.query<{ complaints: number }>(
    `SELECT count(DISTINCT c.id)::int AS complaints FROM (${BASE}) c JOIN complaints co ON co.id = c.id
     JOIN case_events e ON e.case_id = co.case_id AND e.kind = 'status_changed' AND e.data->>'from' = 'resolved' AND e.data->>'to' = 'open'`, params.slice(0, 2));
  const survey = await caseTypeSurveyResults(db, 'complaint', { from: from.toISOString(), to: to.toISOString() });
  const satisfaction = {
    survey: survey?.survey ?? null, invitations: survey?.invitations ?? 0, responses: survey?.responses ?? 0, response_rate: survey?.responseRate ?? null,
    csat_percent: survey?.csat.percent ?? null, nps: survey?.nps.score ?? null, ces_average: survey?.ces.average ?? null, reopened: reopened!.complaints,
  };
  return { from: from.toISOString(), to: to.toISOString(), period, funnel, per_period: perPeriod, sla: overall, by_department: byDepartment, by_owner: byOwner, satisfaction };
}

const CSV_COLUMNS = ['reference', 'received_at', 'channel', 'category', 'stage', 'status', 'department', 'owner', 'first_response_due_at', 'first_responded_at', 'resolution_due_at', 'resolved_at', 'founded'] as const;

/** Every complaint of the period, one row each, for a spreadsheet or another system. */
export async function complaintsCsv(db: Db, from: Date, to: Date): Promise<string> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ca.business_key AS reference, c.* FROM (${BASE}) c JOIN complaints co ON co.id = c.id JOIN cases ca ON ca.id = co.case_id ORDER BY c.received_at, c.id`, [from, to]);
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))].join('\n') + '\n';
}
