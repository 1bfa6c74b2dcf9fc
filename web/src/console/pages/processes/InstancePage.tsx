import { Suspense, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { BpmnInstanceViewer } from '../../modeling/lazy.ts';
import '../../modeling/modeling.css';
import { INSTANCE_TONE, type ProcessInstance } from './ProcessPage.tsx';
import type { ProcessVersion } from './ProcessesPage.tsx';

interface InstanceDetail extends ProcessInstance {
  waitingAt: { activityId: string; kind: string }[];
}
interface ProcessEvent {
  id: number;
  event: string;
  activityId: string | null;
  activityType: string | null;
  activityName: string | null;
  actor: { kind: string; label: string };
  data: Record<string, unknown>;
  at: string;
}

/** One instance: where it stands on its version's diagram, its variables and its audit trail. */
export function InstancePage() {
  const { id = '' } = useParams();
  const { t, tOr, format } = useI18n();
  const instance = useApi<InstanceDetail>(`/api/instances/${encodeURIComponent(id)}`);
  const timeline = useApi<{ items: ProcessEvent[] }>(`/api/instances/${encodeURIComponent(id)}/timeline`);
  const data = instance.data;
  const definition = useApi<ProcessVersion & { xml: string }>(data ? `/api/processes/${encodeURIComponent(data.processId)}/versions/${data.version}` : null);
  const waitingAt = useMemo(() => data?.waitingAt.map((w) => w.activityId) ?? [], [data]);
  const visited = useMemo(() => [...new Set(timeline.data?.items.map((e) => e.activityId).filter((a): a is string => !!a) ?? [])], [timeline.data]);

  if (instance.error) {
    return (
      <>
        <PageHeader title={instance.error instanceof ApiError && instance.error.status === 404 ? t('instance.notFound') : t('instance.title', { id })} />
        <ErrorMessage error={instance.error} />
        <Link to="/processes">{t('instance.back')}</Link>
      </>
    );
  }
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const processName = definition.data?.name ?? data.processId;

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/processes">{t('processes.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={`/processes/${encodeURIComponent(data.processId)}`}>{processName}</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">#{data.id}</span>
      </nav>
      <PageHeader
        title={t('instance.title', { id: data.id })}
        subtitle={
          <>
            <Badge tone={INSTANCE_TONE[data.status]}>{tOr(`instanceStatus.${data.status}`, data.status)}</Badge> {processName} ·{' '}
            {t('process.versionNumber', { version: data.version })}
            {data.businessKey ? (
              <>
                {' · '}
                <code>{data.businessKey}</code>
              </>
            ) : null}
          </>
        }
      />
      {data.error ? (
        <div className="alert alert-error" role="alert">
          <strong>{t('instance.failed')}</strong>
          <p>{data.error}</p>
        </div>
      ) : null}
      <section className="card section" aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">{t('instance.whereItStands')}</h2>
        <ErrorMessage error={definition.error} />
        {/* Drawn once the timeline is in too, so the diagram appears with every mark at once. */}
        {definition.data && (timeline.data || timeline.error) ? (
          <Suspense fallback={<div className="diagram-loading" role="status">{t('modeler.loading')}</div>}>
            <BpmnInstanceViewer
              xml={definition.data.xml}
              label={t('instance.diagramLabel', { waiting: waitingAt.join(', ') || '—' })}
              waitingAt={waitingAt}
              visited={visited}
            />
          </Suspense>
        ) : (
          <div className="diagram-loading" role="status">
            {t('common.loading')}
          </div>
        )}
        <ul className="diagram-legend">
          <li className="legend-waiting">{t('instance.legendWaiting')}</li>
          <li className="legend-visited">{t('instance.legendVisited')}</li>
        </ul>
      </section>
      <div className="card-grid">
        <section className="card" aria-labelledby="instance-details-heading">
          <h2 id="instance-details-heading">{t('instance.details')}</h2>
          <dl className="details">
            <dt>{t('instance.waitingAt')}</dt>
            <dd>
              {data.waitingAt.length
                ? data.waitingAt.map((w) => (
                    <span key={`${w.activityId}:${w.kind}`} className="waiting-at">
                      <code>{w.activityId}</code> ({tOr(`waitKind.${w.kind}`, w.kind)}){' '}
                    </span>
                  ))
                : '—'}
            </dd>
            <dt>{t('instance.startedAt')}</dt>
            <dd>{format.dateTime(data.startedAt)}</dd>
            <dt>{t('instance.startedBy')}</dt>
            <dd>{data.startedBy}</dd>
            <dt>{t('instance.updatedAt')}</dt>
            <dd>{format.dateTime(data.updatedAt)}</dd>
            <dt>{t('instance.endedAt')}</dt>
            <dd>{format.dateTime(data.endedAt) || '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="variables-heading">
          <h2 id="variables-heading">{t('instance.variables')}</h2>
          {Object.keys(data.variables).length ? (
            <pre className="variables" tabIndex={0} aria-labelledby="variables-heading">
              {JSON.stringify(data.variables, null, 2)}
            </pre>
          ) : (
            <p className="muted">{t('instance.noVariables')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="instance-timeline-heading">
          <h2 id="instance-timeline-heading">{t('instance.timeline')}</h2>
          <ErrorMessage error={timeline.error} />
          {timeline.data?.items.length ? (
            <ol className="timeline">
              {timeline.data.items.map((event) => (
                <li key={event.id}>
                  <time dateTime={new Date(event.at).toISOString()}>{format.dateTime(event.at)}</time>
                  <span className="timeline-kind">
                    {tOr(`processEvent.${event.event}`, event.event)}
                    {event.activityName || event.activityId ? ` · ${event.activityName ?? event.activityId}` : ''}
                  </span>
                  <span className="muted small">{event.actor.label}</span>
                </li>
              ))}
            </ol>
          ) : timeline.data ? (
            <p className="muted">{t('instance.noEvents')}</p>
          ) : null}
        </section>
      </div>
    </>
  );
}
