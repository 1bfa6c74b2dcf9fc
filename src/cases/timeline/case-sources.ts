import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from '../case-model.ts';
import type { TimelineEntry } from './timeline.ts';

interface EventRow {
  id: number;
  at: Date;
  kind: string;
  actor_label: string;
  data: Record<string, unknown>;
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
    case 'linked': return `Linked ${text(d.kind)} ${String(d.target_id ?? d.reference ?? '')}`.trim();
    case 'unlinked': return `Unlinked ${text(d.kind)} ${String(d.target_id ?? d.reference ?? '')}`.trim();
    case 'commented': return 'Commented';
    case 'attachment_added': return `Attached ${String(d.file_name)}`;
    case 'attachment_removed': return `Removed attachment ${String(d.file_name)}`;
    default: return text(event.kind);
  }
}

export async function caseEventEntries(db: Db, caseRow: CaseRow): Promise<TimelineEntry[]> {
  const rows = await db.query<EventRow>('SELECT id, at, kind, actor_label, data FROM case_events WHERE case_id = $1 ORDER BY at, id', [caseRow.id]);
  // A comment is shown with its text by the comment source; its bare event would say it twice.
  return rows.filter((row) => row.kind !== 'commented').map((row) => ({
    id: `event:${row.id}`,
    at: row.at,
    kind: row.kind,
    summary: summarise(row),
    actor: row.actor_label,
    data: row.data,
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
