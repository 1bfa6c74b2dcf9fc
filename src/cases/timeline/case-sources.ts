import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from '../case-model.ts';
import type { TimelineEntry, TimelineParam } from './timeline.ts';

interface EventRow {
  id: number;
  at: Date;
  kind: string;
  actor_label: string;
  data: Record<string, unknown>;
  /** A linked record as people know it (the order's number and date, the customer's name), read now. */
  target_label: string | null;
}

const text = (value: unknown) => (value === null || value === undefined || value === '' ? 'nobody' : String(value).replace(/_/g, ' '));
const code = (of: string, value: unknown): TimelineParam => ({ of, code: value === null || value === undefined ? '' : String(value) });
/** The record's name (`label`, joined in below); its database id only when the record is gone, marked as such. */
const linkTarget = (d: Record<string, unknown>) =>
  d.label ? String(d.label) : d.reference ? String(d.reference) : d.target_id !== undefined && d.target_id !== null ? `(record ${String(d.target_id)}, no longer on file)` : '';

/**
 * Each event kind: its parameters (what a console fills into its own sentence, in its own
 * language: key `timeline.case.<kind>`) and the English line the API also carries. Codes
 * (a status, a priority) stay codes, so the console names them from its vocabulary.
 */
const EVENTS: Record<string, { params?: (d: Record<string, unknown>) => Record<string, TimelineParam>; en: (d: Record<string, unknown>) => string }> = {
  created: { params: (d) => ({ type: code('caseType', d.type), priority: code('casePriority', d.priority) }), en: (d) => `Case opened as ${text(d.type)}, priority ${text(d.priority)}` },
  stage_changed: { params: (d) => ({ from: code('caseStage', d.from), to: code('caseStage', d.to) }), en: (d) => `Stage ${text(d.from)} → ${text(d.to)}` },
  status_changed: { params: (d) => ({ from: code('caseStatus', d.from), to: code('caseStatus', d.to) }), en: (d) => `Status ${text(d.from)} → ${text(d.to)}` },
  owner_changed: { params: (d) => ({ to: d.to_email ? String(d.to_email) : code('caseOwner', 'none') }), en: (d) => (d.to_email ? `Assigned to ${String(d.to_email)}` : 'Unassigned') },
  department_changed: { params: (d) => ({ from: d.from ? String(d.from) : '—', to: d.to ? String(d.to) : '—' }), en: (d) => `Department ${text(d.from)} → ${text(d.to)}` },
  priority_changed: { params: (d) => ({ from: code('casePriority', d.from), to: code('casePriority', d.to) }), en: (d) => `Priority ${text(d.from)} → ${text(d.to)}` },
  title_changed: { params: (d) => ({ to: String(d.to ?? '') }), en: (d) => `Title changed to "${String(d.to)}"` },
  description_changed: { en: () => 'Description edited' },
  first_response: { params: (d) => ({ how: code('firstResponseHow', d.how) }), en: (d) => `First response (${text(d.how)})${d.on_time === false ? ', late' : ''}` },
  sla_paused: { en: () => 'SLA clock paused: waiting for the customer' },
  sla_resumed: { params: (d) => ({ count: Number(d.paused_business_minutes ?? 0) }), en: (d) => `SLA clock resumed after ${Number(d.paused_business_minutes ?? 0)} business minutes paused` },
  sla_breached: { params: (d) => ({ target: code('slaTarget', d.target), due: d.due_at ? { at: String(d.due_at) } : '' }), en: (d) => `SLA breached: ${text(d.target)} was due ${d.due_at ? new Date(String(d.due_at)).toISOString() : ''}`.trim() },
  linked: { params: (d) => ({ kind: code('linkKind', d.kind), target: linkTarget(d) }), en: (d) => `Linked ${text(d.kind)} ${linkTarget(d)}`.trim() },
  unlinked: { params: (d) => ({ kind: code('linkKind', d.kind), target: linkTarget(d) }), en: (d) => `Unlinked ${text(d.kind)} ${linkTarget(d)}`.trim() },
  attachment_added: { params: (d) => ({ file: String(d.file_name) }), en: (d) => `Attached ${String(d.file_name)}` },
  attachment_removed: { params: (d) => ({ file: String(d.file_name) }), en: (d) => `Removed attachment ${String(d.file_name)}` },
};

/** The event kinds a console must be able to name (test/web/timeline-text.test.ts holds the catalogues to them). */
export const CASE_EVENT_KINDS = Object.keys(EVENTS);


const LINKED = `e.kind IN ('linked', 'unlinked') AND e.data->>'kind'`;
const TARGET = `(e.data->>'target_id')::bigint`;

export async function caseEventEntries(db: Db, caseRow: CaseRow): Promise<TimelineEntry[]> {
  const rows = await db.query<EventRow>(
    `SELECT e.id, e.at, e.kind, e.actor_label, e.data,
            coalesce(cu.name, o.external_id || ' of ' || to_char(o.ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), p.name, lo.lot_code, s.external_id) AS target_label
     FROM case_events e
     LEFT JOIN customers cu ON ${LINKED} = 'customer' AND cu.id = ${TARGET}
     LEFT JOIN orders o ON ${LINKED} = 'order' AND o.id = ${TARGET}
     LEFT JOIN products p ON ${LINKED} = 'product' AND p.id = ${TARGET}
     LEFT JOIN lots lo ON ${LINKED} = 'lot' AND lo.id = ${TARGET}
     LEFT JOIN shipments s ON ${LINKED} = 'shipment' AND s.id = ${TARGET}
     WHERE e.case_id = $1 ORDER BY e.at, e.id`,
    [caseRow.id]);
  // A comment is shown with its text by the comment source; its bare event would say it twice.
  return rows.filter((row) => row.kind !== 'commented').map((row) => {
    const data = row.target_label ? { ...row.data, label: row.target_label } : row.data;
    return {
      id: `event:${row.id}`,
      at: row.at,
      kind: row.kind,
      summary: EVENTS[row.kind]?.en(data) ?? text(row.kind),
      params: EVENTS[row.kind]?.params?.(data) ?? {},
      actor: row.actor_label,
      data,
    };
  });
}

export async function commentEntries(db: Db, caseRow: CaseRow): Promise<TimelineEntry[]> {
  const rows = await db.query<{ id: number; created_at: Date; author_label: string; body: string; mentions: number[] }>(
    'SELECT id, created_at, author_label, body, mentions FROM case_comments WHERE case_id = $1 ORDER BY created_at, id',
    [caseRow.id],
  );
  return rows.map((row) => ({
    id: `comment:${row.id}`,
    at: row.created_at,
    kind: 'comment',
    summary: row.body.length > 200 ? `${row.body.slice(0, 199)}…` : row.body,
    params: { body: row.body.length > 200 ? `${row.body.slice(0, 199)}…` : row.body },
    actor: row.author_label,
    data: { comment_id: row.id, body: row.body, mention_user_ids: row.mentions },
  }));
}
