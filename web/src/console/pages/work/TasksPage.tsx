import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { api, queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DebouncedInput } from '../../components/DebouncedInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useI18n } from '../../i18n.ts';
import '../../work.css';

export interface Task {
  id: number;
  instanceId: number;
  processId: string;
  businessKey: string | null;
  activityId: string;
  name: string | null;
  status: 'open' | 'completed' | 'cancelled';
  assignee: string | null;
  candidateRoles: string[];
  priority: number;
  dueAt: string | null;
  formId: number | null;
  escalatedAt: string | null;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

type View = 'mine' | 'offered' | 'all';
const SORTS = ['due_at', '-due_at', '-priority', 'priority', '-created_at', 'created_at'] as const;
const STATUSES = ['open', 'completed', 'cancelled'] as const;

/** What the due column says: the time, and a flag once it has passed. */
export function DueDate({ task }: { task: Pick<Task, 'dueAt' | 'status' | 'escalatedAt'> }) {
  const { t, format } = useI18n();
  if (!task.dueAt) return <>—</>;
  const overdue = task.status === 'open' && new Date(task.dueAt).getTime() < Date.now();
  return (
    <span className="nowrap">
      {format.dateTime(task.dueAt)} {overdue ? <Badge tone="danger">{t('tasks.overdue')}</Badge> : null}
      {task.escalatedAt ? <Badge tone="warning">{t('tasks.escalated')}</Badge> : null}
    </span>
  );
}

/** The work waiting for me: tasks assigned to me, and unassigned ones my roles may claim. */
export function TasksPage() {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const list = useListParams(['view', 'processId', 'businessKey', 'status'] as const, { sort: 'due_at' });
  const { setFilter } = list;
  const view: View = list.filters.view === 'offered' || (list.filters.view === 'all' && can('tasks:assign')) ? (list.filters.view as View) : 'mine';
  const setBusinessKey = useCallback((key: string) => setFilter('businessKey', key), [setFilter]);
  const [claimError, setClaimError] = useState<Error>();
  const [claimed, setClaimed] = useState<string>();

  const path = `/api/tasks${queryString({
    mine: view === 'mine' ? true : undefined,
    offered: view === 'offered' ? true : undefined,
    status: list.filters.status || undefined,
    processId: list.filters.processId,
    businessKey: list.filters.businessKey,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })}`;
  const { data, error, loading, reload } = useApi<Paged<Task>>(path);
  const processes = useApi<{ items: { processId: string; name: string | null; version: number }[] }>('/api/processes');
  const processNames = new Map<string, string>();
  for (const p of processes.data?.items ?? []) processNames.set(p.processId, p.name ?? p.processId);

  async function claim(task: Task) {
    setClaimError(undefined);
    setClaimed(undefined);
    try {
      await api(`/api/tasks/${task.id}/claim`, { method: 'POST' });
      setClaimed(task.name ?? task.activityId);
      reload();
    } catch (failure) {
      setClaimError(failure as Error);
    }
  }

  const columns: Column<Task>[] = [
    {
      key: 'name',
      header: t('tasks.name'),
      render: (task) => (
        <Link to={`/tasks/${task.id}`} className="strong-link">
          {task.name ?? task.activityId}
        </Link>
      ),
    },
    { key: 'process', header: t('tasks.process'), render: (task) => processNames.get(task.processId) ?? task.processId },
    { key: 'businessKey', header: t('tasks.businessKey'), render: (task) => (task.businessKey ? <code>{task.businessKey}</code> : '—') },
    {
      key: 'candidates',
      header: t('tasks.candidates'),
      render: (task) => (task.candidateRoles.length ? task.candidateRoles.map((role) => tOr(`role.${role}`, role)).join(', ') : t('tasks.anyone')),
    },
    { key: 'assignee', header: t('tasks.assignee'), render: (task) => task.assignee ?? <span className="muted">{t('tasks.unassigned')}</span> },
    { key: 'priority', header: t('tasks.priority'), align: 'end', sort: { asc: 'priority', desc: '-priority' }, render: (task) => format.number(task.priority) },
    { key: 'due', header: t('tasks.due'), sort: { asc: 'due_at', desc: '-due_at' }, render: (task) => <DueDate task={task} /> },
    { key: 'created', header: t('tasks.created'), sort: { asc: 'created_at', desc: '-created_at' }, render: (task) => format.dateTime(task.createdAt) },
  ];
  if (view !== 'mine') {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      render: (task) =>
        task.status === 'open' && !task.assignee ? (
          <button type="button" className="button button-small" aria-label={t('tasks.claimTask', { name: task.name ?? task.activityId })} onClick={() => void claim(task)}>
            {t('tasks.claim')}
          </button>
        ) : null,
    });
  }

  const views: { value: View; label: string }[] = [
    { value: 'mine', label: t('tasks.mine') },
    { value: 'offered', label: t('tasks.offered') },
  ];
  if (can('tasks:assign')) views.push({ value: 'all', label: t('tasks.all') });

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        subtitle={data ? t('tasks.count', { count: data.total }) : t('common.loading')}
        actions={<ViewTabs label={t('tasks.views')} views={views} value={view} onChange={(next) => setFilter('view', next === 'mine' ? '' : next)} />}
      />
      <form className="filters" role="search" aria-label={t('tasks.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="task-process">{t('tasks.process')}</label>
          <select id="task-process" value={list.filters.processId} onChange={(e) => setFilter('processId', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {[...processNames].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="task-business-key">{t('tasks.businessKey')}</label>
          <DebouncedInput id="task-business-key" value={list.filters.businessKey} onSettle={setBusinessKey} />
        </div>
        <div className="field">
          <label htmlFor="task-status">{t('tasks.status')}</label>
          <select id="task-status" value={list.filters.status || 'open'} onChange={(e) => setFilter('status', e.target.value === 'open' ? '' : e.target.value)}>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`taskStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-sort">{t('tasks.sortBy')}</label>
          <select id="task-sort" value={list.sort} onChange={(e) => list.setSort(e.target.value)}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`tasks.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {claimed ? (
        <div className="alert alert-success" role="status">
          {t('tasks.claimed', { name: claimed })}
        </div>
      ) : null}
      <ErrorMessage error={claimError ?? error} />
      <DataTable
        caption={t('tasks.title')}
        columns={columns}
        rows={data?.items}
        rowKey={(task) => task.id}
        loading={loading}
        sort={list.sort}
        onSort={list.setSort}
        empty={view === 'mine' && !list.filters.processId && !list.filters.businessKey ? t('tasks.noneMine') : view === 'offered' ? t('tasks.noneOffered') : t('tasks.none')}
      />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
