import { Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { useI18n } from '../../i18n.ts';
import { BpmnInstanceViewer } from '../../modeling/lazy.ts';
import type { ProcessVersion } from './ProcessesPage.tsx';

export interface ProcessInstance {
  id: number;
  processId: string;
  version: number;
  businessKey: string | null;
  status: string;
  variables: Record<string, unknown>;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  error: string | null;
}

export const INSTANCE_STATUSES = ['running', 'completed', 'failed', 'terminated'] as const;
export const INSTANCE_TONE: Record<string, Tone> = { running: 'info', completed: 'success', failed: 'danger', terminated: 'neutral' };
const NOTHING_MARKED: string[] = [];

/** One process: its versions (each deploy is one) and its instances, newest first. */
export function ProcessPage() {
  const { processId = '' } = useParams();
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const list = useListParams(['status'] as const);
  const versions = useApi<{ items: ProcessVersion[] }>(`/api/processes/${encodeURIComponent(processId)}/versions`);
  const instances = useApi<Paged<ProcessInstance>>(
    `/api/instances${queryString({ processId, status: list.filters.status, limit: list.limit, offset: list.offset })}`,
  );
  const latest = versions.data?.items[0];
  const diagram = useApi<ProcessVersion & { xml: string }>(latest ? `/api/processes/${encodeURIComponent(processId)}/versions/${latest.version}` : null);
  const title = latest?.name ?? processId;

  const allVersionColumns: Column<ProcessVersion>[] = [
    { key: 'version', header: t('process.version'), render: (v) => t('process.versionNumber', { version: v.version }) },
    { key: 'deployedAt', header: t('process.deployedAt'), render: (v) => format.dateTime(v.deployedAt) },
    { key: 'deployedBy', header: t('process.deployedBy'), render: (v) => v.deployedBy },
    { key: 'running', header: t('processes.running'), align: 'end', render: (v) => format.number(v.runningInstances) },
    {
      key: 'open',
      header: t('common.actions'),
      render: (v) => (
        <Link to={`/processes/${encodeURIComponent(processId)}/edit?version=${v.version}`}>
          {t('process.edit')}
          <span className="visually-hidden"> ({t('process.versionNumber', { version: v.version })})</span>
        </Link>
      ),
    },
  ];
  // Only designers open a version in the modeler; the others see no empty column for it.
  const versionColumns = can('processes:deploy') ? allVersionColumns : allVersionColumns.filter((column) => column.key !== 'open');
  const instanceColumns: Column<ProcessInstance>[] = [
    {
      key: 'id',
      header: t('instance.number'),
      render: (i) => (
        <Link to={`/processes/instances/${i.id}`} className="strong-link">
          #{i.id}
        </Link>
      ),
    },
    { key: 'businessKey', header: t('instance.businessKey'), render: (i) => (i.businessKey ? <code>{i.businessKey}</code> : '—') },
    { key: 'version', header: t('process.version'), align: 'end', render: (i) => format.number(i.version) },
    { key: 'status', header: t('instance.status'), render: (i) => <Badge tone={INSTANCE_TONE[i.status]}>{tOr(`instanceStatus.${i.status}`, i.status)}</Badge> },
    { key: 'startedAt', header: t('instance.startedAt'), render: (i) => format.dateTime(i.startedAt) },
    { key: 'startedBy', header: t('instance.startedBy'), render: (i) => i.startedBy },
  ];

  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/processes">{t('processes.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{title}</span>
      </nav>
      <PageHeader
        title={title}
        subtitle={
          <>
            <code>{processId}</code>
            {latest ? ` · ${t('process.versionNumber', { version: latest.version })}` : null}
          </>
        }
        actions={
          can('processes:deploy') && latest ? (
            <Link to={`/processes/${encodeURIComponent(processId)}/edit`} className="button button-primary">
              {t('process.editLatest')}
            </Link>
          ) : null
        }
      />
      <ErrorMessage error={versions.error} />
      <section className="card section" aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">{latest ? t('process.diagramOf', { version: latest.version }) : t('process.diagram')}</h2>
        <ErrorMessage error={diagram.error} />
        {diagram.data ? (
          <Suspense fallback={<div className="diagram-loading" role="status">{t('modeler.loading')}</div>}>
            <BpmnInstanceViewer xml={diagram.data.xml} label={t('process.diagramLabel', { name: title })} waitingAt={NOTHING_MARKED} visited={NOTHING_MARKED} />
          </Suspense>
        ) : (
          <div className="diagram-loading" role="status">
            {t('common.loading')}
          </div>
        )}
      </section>
      <section className="section" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="section-title">
          {t('process.versions')}
        </h2>
        <DataTable caption={t('process.versions')} columns={versionColumns} rows={versions.data?.items} rowKey={(v) => v.id} loading={versions.loading} />
      </section>
      <section className="section" aria-labelledby="instances-heading">
        <h2 id="instances-heading" className="section-title">
          {t('process.instances')}
        </h2>
        <form className="filters" aria-label={t('process.instanceFilters')} onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="instance-status">{t('instance.status')}</label>
            <select id="instance-status" value={list.filters.status} onChange={(e) => list.setFilter('status', e.target.value)}>
              <option value="">{t('common.all')}</option>
              {INSTANCE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`instanceStatus.${status}`)}
                </option>
              ))}
            </select>
          </div>
        </form>
        <ErrorMessage error={instances.error} />
        <DataTable
          caption={t('process.instances')}
          columns={instanceColumns}
          rows={instances.data?.items}
          rowKey={(i) => i.id}
          loading={instances.loading}
          empty={t('process.noInstances')}
        />
        {instances.data ? <Pager total={instances.data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
      </section>
    </>
  );
}
