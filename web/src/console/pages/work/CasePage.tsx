import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { ComplaintPanel } from '../complaints/ComplaintPanel.tsx';
import { CASE_PRIORITY_TONE, CASE_STATUS_TONE, stageLabel, type CaseType } from './CasesPage.tsx';
import { CaseUpdateForm } from './CaseUpdateForm.tsx';
import { TimelineItem, type TimelineItemEntry } from './TimelineItem.tsx';
import '../../work.css';

interface SlaTarget {
  target_minutes: number | null;
  due_at: string | null;
  met_at: string | null;
  breached_at: string | null;
  business_minutes_left: number | null;
}
interface CaseDetail {
  case: {
    id: number;
    type: string;
    business_key: string | null;
    title: string;
    description: string;
    stage: string;
    status: string;
    priority: string;
    department: string | null;
    received_at: string;
    created_by: string;
    created_at: string;
    updated_at: string;
  };
  owner: { id: number; name: string; email: string } | null;
  sla: {
    calendar_id: string | null;
    calendar: { id: string; name: string; time_zone: string; holiday_region: string | null; basis: string | null; place: string | null } | null;
    paused: boolean; paused_since: string | null; first_response: SlaTarget; resolution: SlaTarget };
  links: { id: number; kind: string; target_id: number | null; reference: string | null; note: string | null; label: string | null }[];
  attachments: { id: number; file_name: string; content_type: string; size_bytes: number; uploaded_by: string; created_at: string }[];
  comment_count: number;
}
interface Comment {
  id: number;
  author_label: string;
  body: string;
  created_at: string;
}
interface Timeline {
  entries: TimelineItemEntry[];
  unavailable: { source: string; reason: string }[];
}

function SlaLine({ label, target }: { label: string; target: SlaTarget }) {
  const { t, format } = useI18n();
  const hours = (minutes: number) => format.number(Math.round((Math.abs(minutes) / 60) * 10) / 10);
  let state: React.ReactNode;
  if (target.met_at) state = <Badge tone="success">{t('case.slaMet', { when: format.dateTime(target.met_at) })}</Badge>;
  else if (target.breached_at) state = <Badge tone="danger">{t('case.slaBreached', { when: format.dateTime(target.breached_at) })}</Badge>;
  else if (target.business_minutes_left !== null)
    state =
      target.business_minutes_left >= 0 ? (
        <span className="muted small">{t('case.slaLeft', { hours: hours(target.business_minutes_left) })}</span>
      ) : (
        <Badge tone="danger">{t('case.slaOverdue', { hours: hours(target.business_minutes_left) })}</Badge>
      );
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {target.due_at ? (
          <>
            {t('case.slaDue', { when: format.dateTime(target.due_at) })}
            <br />
            {state}
          </>
        ) : (
          t('case.slaNone')
        )}
      </dd>
    </>
  );
}

function sizeText(bytes: number, number: (n: number) => string): string {
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(Math.round(bytes / 102.4) / 10)} KB`;
  return `${number(Math.round(bytes / 104857.6) / 10)} MB`;
}

/** One case: where it stands, its SLA, what it is linked to, and everything that happened. */
export function CasePage() {
  const { id } = useParams();
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const base = `/api/cases/${encodeURIComponent(id ?? '')}`;
  const detail = useApi<CaseDetail>(base);
  const timeline = useApi<Timeline>(`${base}/timeline`);
  const comments = useApi<Comment[]>(`${base}/comments`);
  const types = useApi<CaseType[]>('/api/case-types');
  const [comment, setComment] = useState('');
  const [posting, setPosting] = useState(false);
  const [postError, setPostError] = useState<Error>();
  const [posted, setPosted] = useState(false);

  if (detail.error) {
    return (
      <>
        <PageHeader title={detail.error instanceof ApiError && detail.error.status === 404 ? t('case.notFound') : t('cases.case')} />
        <ErrorMessage error={detail.error} />
        <Link to="/cases">{t('case.back')}</Link>
      </>
    );
  }
  if (!detail.data) return <p role="status">{t('common.loading')}</p>;
  const { case: row, owner, sla, links, attachments } = detail.data;
  const typeName = types.data?.find((type) => type.type === row.type)?.name ?? row.type;

  async function postComment(event: FormEvent) {
    event.preventDefault();
    if (!comment.trim()) return;
    setPosting(true);
    setPostError(undefined);
    setPosted(false);
    try {
      await api(`${base}/comments`, { method: 'POST', body: { body: comment.trim() } });
      setComment('');
      setPosted(true);
      comments.reload();
      timeline.reload();
      detail.reload();
    } catch (failure) {
      setPostError(failure as Error);
    } finally {
      setPosting(false);
    }
  }

  const entries = [...(timeline.data?.entries ?? [])].reverse();
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/cases">{t('cases.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">#{row.id}</span>
      </nav>
      <PageHeader
        title={row.title}
        subtitle={
          <>
            <span className="muted">#{row.id}</span> · {typeName} · <Badge tone={CASE_STATUS_TONE[row.status]}>{tOr(`caseStatus.${row.status}`, row.status)}</Badge>{' '}
            <Badge tone={CASE_PRIORITY_TONE[row.priority]}>{tOr(`casePriority.${row.priority}`, row.priority)}</Badge>
          </>
        }
      />
      <div className="work-columns">
        <div className="work-main">
          <section className="card" aria-labelledby="case-description-heading">
            <h2 id="case-description-heading">{t('case.description')}</h2>
            {row.description ? <p className="pre-line">{row.description}</p> : <p className="muted">{t('case.noDescription')}</p>}
          </section>

          {row.type === 'complaint' ? <ComplaintPanel caseId={row.id} onChanged={() => timeline.reload()} /> : null}

          <section className="card" aria-labelledby="case-comments-heading">
            <h2 id="case-comments-heading">
              {t('case.comments')} <span className="muted small">({format.number(comments.data?.length ?? detail.data.comment_count)})</span>
            </h2>
            {comments.data?.length ? (
              <ul className="comment-list">
                {comments.data.map((c) => (
                  <li key={c.id}>
                    <div className="comment-meta">
                      <span className="audit-actor">{c.author_label}</span>
                      <time dateTime={new Date(c.created_at).toISOString()}>{format.dateTime(c.created_at)}</time>
                    </div>
                    <p className="pre-line">{c.body}</p>
                  </li>
                ))}
              </ul>
            ) : comments.data ? (
              <p className="muted">{t('case.noComments')}</p>
            ) : null}
            {can('cases:write') ? (
              <form className="form comment-form" onSubmit={(e) => void postComment(e)}>
                <div className="field">
                  <label htmlFor="case-comment">{t('case.newComment')}</label>
                  <textarea id="case-comment" rows={3} value={comment} maxLength={20000} aria-describedby="case-comment-hint" onChange={(e) => setComment(e.target.value)} />
                  <span id="case-comment-hint" className="hint">
                    {t('case.commentHint')}
                  </span>
                </div>
                <ErrorMessage error={postError} />
                {posted ? (
                  <p className="visually-hidden" role="status">
                    {t('case.commentAdded')}
                  </p>
                ) : null}
                <div className="form-actions">
                  <button type="submit" className="button button-primary" disabled={posting || !comment.trim()}>
                    {posting ? t('case.posting') : t('case.postComment')}
                  </button>
                </div>
              </form>
            ) : null}
          </section>

          <section className="card" aria-labelledby="case-timeline-heading">
            <h2 id="case-timeline-heading">{t('case.timeline')}</h2>
            <ErrorMessage error={timeline.error} />
            {entries.length ? (
              <ol className="timeline case-timeline">
                {entries.map((entry) => (
                  <TimelineItem key={entry.id} entry={entry} />
                ))}
              </ol>
            ) : timeline.data ? (
              <p className="muted">{t('case.noTimeline')}</p>
            ) : null}
            {timeline.data?.unavailable.map((u) => (
              <p key={u.source} className="muted small">
                {t('case.timelineUnavailable', { source: u.source, reason: u.reason })}
              </p>
            ))}
          </section>
        </div>

        <div className="work-side">
          <section className="card" aria-labelledby="case-details-heading">
            <h2 id="case-details-heading">{t('case.details')}</h2>
            <dl className="details work-details">
              <dt>{t('cases.stage')}</dt>
              <dd>{stageLabel(row.stage)}</dd>
              <dt>{t('cases.owner')}</dt>
              <dd>{owner ? owner.name : <span className="muted">{t('cases.ownerNone')}</span>}</dd>
              <dt>{t('cases.department')}</dt>
              <dd>{row.department ?? '—'}</dd>
              <dt>{t('cases.priority')}</dt>
              <dd>{tOr(`casePriority.${row.priority}`, row.priority)}</dd>
              <dt>{t('case.received')}</dt>
              <dd>{format.dateTime(row.received_at)}</dd>
              <dt>{t('case.createdBy')}</dt>
              <dd>{row.created_by}</dd>
              {row.business_key ? (
                <>
                  <dt>{t('case.businessKey')}</dt>
                  <dd>
                    <code>{row.business_key}</code>
                  </dd>
                </>
              ) : null}
            </dl>
            {can('cases:write') ? (
              <CaseUpdateForm
                key={row.updated_at}
                caseId={row.id}
                stage={row.stage}
                status={row.status}
                priority={row.priority}
                stages={types.data?.find((type) => type.type === row.type)?.stages ?? []}
                onSaved={() => {
                  detail.reload();
                  timeline.reload();
                }}
              />
            ) : null}
          </section>

          <section className="card" aria-labelledby="case-sla-heading">
            <h2 id="case-sla-heading">{t('case.sla')}</h2>
            {sla.paused && sla.paused_since ? <p className="alert alert-warning">{t('case.slaPausedSince', { when: format.dateTime(sla.paused_since) })}</p> : null}
            <dl className="details work-details">
              <SlaLine label={t('case.firstResponse')} target={sla.first_response} />
              <SlaLine label={t('case.resolution')} target={sla.resolution} />
              {sla.calendar ? (
                <>
                  <dt>{t('case.calendar')}</dt>
                  <dd className="case-calendar">
                    {sla.calendar.name}
                    <span className="muted small block">
                      {sla.calendar.basis
                        ? tOr(`case.calendarWhy.${sla.calendar.basis === 'team_default' && !sla.calendar.place ? 'team_default_nobody' : sla.calendar.basis}`, sla.calendar.basis, { place: sla.calendar.place ?? '' })
                        : null}
                    </span>
                    <span className="muted small block">{t('case.calendarHolidays', { region: sla.calendar.holiday_region ?? '—', zone: sla.calendar.time_zone })}</span>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          <section className="card" aria-labelledby="case-links-heading">
            <h2 id="case-links-heading">{t('case.links')}</h2>
            {links.length ? (
              <ul className="plain-list">
                {links.map((link) => {
                  const text = link.label ?? link.reference ?? (link.target_id !== null ? `#${link.target_id}` : '—');
                  return (
                    <li key={link.id}>
                      <span className="muted small">{tOr(`linkKind.${link.kind}`, link.kind)}</span>{' '}
                      {link.kind === 'customer' && link.target_id !== null ? <Link to={`/customers/${link.target_id}`}>{text}</Link> : <span>{text}</span>}
                      {link.note ? <span className="block muted small">{link.note}</span> : null}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="muted">{t('case.noLinks')}</p>
            )}
          </section>

          <section className="card" aria-labelledby="case-attachments-heading">
            <h2 id="case-attachments-heading">{t('case.attachments')}</h2>
            {attachments.length ? (
              <ul className="plain-list">
                {attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`${base}/attachments/${file.id}`} download={file.file_name}>
                      {file.file_name}
                    </a>
                    <span className="block muted small">
                      {t('case.attachmentMeta', { size: sizeText(file.size_bytes, format.number), who: file.uploaded_by, when: format.dateTime(file.created_at) })}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('case.noAttachments')}</p>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
