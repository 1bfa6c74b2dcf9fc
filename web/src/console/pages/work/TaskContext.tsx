import { Link } from 'react-router';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';
import { TimelineItem, type TimelineItemEntry } from './TimelineItem.tsx';

interface CaseSummary {
  case: { id: number; type: string; business_key: string | null; title: string; description: string; status: string; received_at: string };
  links: { id: number; kind: string; target_id: number | null; label: string | null }[];
}
type TimelineEntry = TimelineItemEntry;
type Channel = 'email' | 'sms';
export interface ReplyRoute {
  channel: Channel | null;
  address: string | null;
  blocked: { channel: Channel; reason: string }[];
  phone: string | null;
  customer: { id: number; name: string; email: string | null; phone: string | null } | null;
}
interface ComplaintSummary {
  essence: string;
  channel: string;
  reply_route: ReplyRoute;
}

/** The forms whose submission the system sends to the customer, and the field that says how. */
const REPLY_FORMS: Record<string, string> = { 'complaint-first-response': 'replyBy', 'complaint-resolution': 'resolutionBy' };
const HISTORY_SHOWN = 8;
/** The engine's bookkeeping: on the case page in full, left out of a task's short history. */
const ENGINE_STEPS = new Set(['variables.changed', 'activity.entered', 'activity.left']);

/** The case a task belongs to: the process keeps its id in the variable caseId. */
export function caseIdOf(variables: Record<string, unknown>): number | null {
  const id = Number(variables.caseId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * Before the agent replies: whether the reply can be sent, and if not, why and what to do
 * instead. The server refuses the same submission (complaints.reply_cannot_be_sent); this
 * says it while the agent can still call or write.
 */
export function ReplyRouteNotice({ route, formKey }: { route: ReplyRoute; formKey: string | undefined }) {
  const { t, tOr } = useI18n();
  if (!formKey || !REPLY_FORMS[formKey]) return null;
  const channel = (c: Channel) => t(`task.replyChannel.${c}`);
  if (route.channel) {
    return (
      <p className="alert alert-info" data-testid="reply-route">
        {t('task.replyGoes', { channel: channel(route.channel), address: route.address ?? '' })}
      </p>
    );
  }
  const why = route.blocked.map((b) => t('task.replyBlockedBy', { channel: channel(b.channel), reason: tOr(`task.replyBlocked.${b.reason}`, b.reason) })).join('; ');
  return (
    <div className="alert alert-warning" role="alert" data-testid="reply-route">
      <p>
        <strong>{t('task.replyCannotBeSent')}</strong> {why}.
      </p>
      <p>{route.phone ? t('task.replyInsteadCall', { phone: route.phone }) : t('task.replyInsteadNoPhone')}</p>
    </div>
  );
}

/**
 * What a task is about, where the process works a case: the case (linked), the customer
 * (linked to their 360), the complaint in the customer's words, and the case's latest history.
 */
export function TaskContext({ caseId, formKey }: { caseId: number; formKey: string | undefined }) {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const allowed = can('cases:read');
  const detail = useApi<CaseSummary>(allowed ? `/api/cases/${caseId}` : null);
  const timeline = useApi<{ entries: TimelineEntry[] }>(allowed ? `/api/cases/${caseId}/timeline` : null);
  const complaint = useApi<ComplaintSummary>(allowed && detail.data?.case.type === 'complaint' ? `/api/complaints/by-case/${caseId}` : null);
  if (!allowed) return null;
  if (detail.error) return <ErrorMessage error={detail.error} />;
  if (!detail.data) return <p role="status">{t('common.loading')}</p>;
  const row = detail.data.case;
  const customerLink = detail.data.links.find((link) => link.kind === 'customer' && link.target_id !== null);
  const customer = complaint.data?.reply_route.customer;
  const history = (timeline.data?.entries ?? [])
    .filter((entry) => !(entry.source === 'process' && ENGINE_STEPS.has(entry.kind)))
    .slice(-HISTORY_SHOWN)
    .reverse();
  return (
    <section className="card task-context" aria-labelledby="task-context-heading">
      <h2 id="task-context-heading">{t('task.about')}</h2>
      <dl className="details work-details">
        <dt>{t('task.case')}</dt>
        <dd>
          <Link to={`/cases/${row.id}`}>
            {row.business_key ? `${row.business_key} · ` : ''}
            {row.title}
          </Link>{' '}
          <Badge tone="neutral">{tOr(`caseStatus.${row.status}`, row.status)}</Badge>
        </dd>
        <dt>{t('task.customer')}</dt>
        <dd>
          {customerLink ? <Link to={`/customers/${customerLink.target_id}`}>{customer?.name ?? customerLink.label ?? t('task.customer')}</Link> : <span className="muted">{t('task.noCustomer')}</span>}
          {customer ? <span className="block muted small">{[customer.email, customer.phone].filter(Boolean).join(' · ') || t('task.noContact')}</span> : null}
        </dd>
        <dt>{t('case.received')}</dt>
        <dd>{format.dateTime(row.received_at)}</dd>
      </dl>
      <h3>{complaint.data ? t('task.complaintText') : t('task.caseDescription')}</h3>
      <blockquote className="task-context-text">{complaint.data?.essence ?? (row.description || '—')}</blockquote>
      {complaint.data ? <ReplyRouteNotice route={complaint.data.reply_route} formKey={formKey} /> : null}
      <h3>{t('task.history')}</h3>
      {history.length ? (
        <ol className="timeline case-timeline">
          {history.map((entry) => (
            <TimelineItem key={entry.id} entry={entry} />
          ))}
        </ol>
      ) : (
        <p className="muted">{t('case.noTimeline')}</p>
      )}
      <p>
        <Link to={`/cases/${row.id}`}>{t('task.openCase')}</Link>
      </p>
    </section>
  );
}
