import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from '../case-model.ts';
import type { TimelineEntry } from './timeline.ts';

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

/** One English line per event kind; the console may localise from kind and data instead. */
function summarise(event: EventRow): string {
  const d = event.data;
  switch (event.kind) {
    case 'created': return `Case opened as ${text(d.type)}, priority ${text(d.priority)}`;
    case 'stage_changed': return `Stage ${text(d.from)} → ${text(d.to)}`;
    case 'status_changed': return `Status ${text(d.from)} → ${text(d.to)}`;
    case 'owner_changed': return d.to_email ? `Assigned to ${String(d.to_email)}` : 'Unassigned';
    case 'department_changed': return `Department ${text(d.from)} → ${text(d.to)}`;
    case 'priority_changed': return `Priority ${text(d.from)} → ${text(d.to)}`;
    case 'title_changed': return `Title changed to "${String(d.to)}"`;
    case 'description_changed': return 'Description edited';
    case 'first_response': return `First response (${text(d.how)})${d.on_time === false ? ', late' : ''}`;
    case 'sla_paused': return 'SLA clock paused: waiting for the customer';
    case 'sla_resumed': return `SLA clock resumed after ${Number(d.paused_business_minutes ?? 0)} business minutes paused`;
    case 'sla_breached': return `SLA breached: ${text(d.target)} was due ${d.due_at ? new Date(String(d.due_at)).toISOString() : ''}`.trim();
    case 'linked': return `Linked ${text(d.kind)} ${linkName(event)}`.trim();
    case 'unlinked': return `Unlinked ${text(d.kind)} ${linkName(event)}`.trim();
    case 'commented': return 'Commented';
    case 'attachment_added': return `Attached ${String(d.file_name)}`;
    case 'attachment_removed': return `Removed attachment ${String(d.file_name)}`;
    default: return text(event.kind);
  }
}

/** The record's name; its database id only when the record is gone (a deleted order), marked as such. */
function linkName(event: EventRow): string {
  const d = event.data;
  if (event.target_label) return event.target_label;
  if (d.reference) return String(d.reference);
  return d.target_id !== undefined && d.target_id !== null ? `(record ${String(d.target_id)}, no longer on file)` : '';
}

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
  return rows.filter((row) => row.kind !== 'commented').map((row) => ({
    id: `event:${row.id}`,
    at: row.at,
    kind: row.kind,
    summary: summarise(row),
    actor: row.actor_label,
    data: row.target_label ? { ...row.data, label: row.target_label } : row.data,
  }));
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
    actor: row.author_label,
    data: { comment_id: row.id, body: row.body, mention_user_ids: row.mentions },
  }));
}
