import { useCallback } from 'react';
import { Link } from 'react-router';
import { queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DebouncedInput } from '../../components/DebouncedInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { useI18n } from '../../i18n.ts';
import '../../work.css';

export interface CaseListItem {
  id: number;
  type: string;
  business_key: string | null;
  title: string;
  stage: string;
  status: string;
  priority: string;
  owner_id: number | null;
  owner_name: string | null;
  department: string | null;
  customer_id: number | null;
  customer_name: string | null;
  received_at: string;
  resolution_due_at: string | null;
  sla_breached: boolean;
  sla_paused: boolean;
  created_at: string;
}

export interface CaseType {
  type: string;
  name: string;
  stages: string[];
}

export const CASE_STATUSES = ['open', 'waiting_customer', 'resolved', 'closed'] as const;
export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const SORTS = ['-created_at', 'created_at', '-updated_at', 'priority', 'resolution_due_at', 'first_response_due_at'] as const;
export const CASE_STATUS_TONE: Record<string, Tone> = { open: 'info', waiting_customer: 'warning', resolved: 'success', closed: 'neutral' };
export const CASE_PRIORITY_TONE: Record<string, Tone> = { urgent: 'danger', high: 'warning', normal: 'neutral', low: 'neutral' };

/** A stage's name for people: "waiting_customer" → "Waiting customer". */
export function stageLabel(stage: string): string {
  const words = stage.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every case, filtered, sorted and paged by the server. */
export function CasesPage() {
  const { t, tOr, format } = useI18n();
  const list = useListParams(['q', 'type', 'stage', 'status', 'priority', 'owner', 'breached'] as const, { sort: '-created_at' });
  const { setFilter } = list;
  const setSearch = useCallback((q: string) => setFilter('q', q), [setFilter]);
  const types = useApi<CaseType[]>('/api/case-types');
  const typeNames = new Map((types.data ?? []).map((type) => [type.type, type.name]));
  const stages = list.filters.type
    ? (types.data?.find((type) => type.type === list.filters.type)?.stages ?? [])
    : [...new Set((types.data ?? []).flatMap((type) => type.stages))].sort();

  const path = `/api/cases${queryString({
    q: list.filters.q,
    type: list.filters.type,
    stage: list.filters.stage,
    status: list.filters.status,
    priority: list.filters.priority,
    owner: list.filters.owner,
    breached: list.filters.breached === 'true' ? true : undefined,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })}`;
  const { data, error, loading } = useApi<Paged<CaseListItem>>(path);

  const columns: Column<CaseListItem>[] = [
    {
      key: 'title',
      header: t('cases.case'),
      render: (c) => (
        <>
          <Link to={`/cases/${c.id}`} className="strong-link">
            <span className="muted">#{c.id}</span> {c.title}
          </Link>
          {c.customer_name ? <span className="block muted small">{c.customer_name}</span> : null}
        </>
      ),
    },
    { key: 'type', header: t('cases.type'), render: (c) => typeNames.get(c.type) ?? c.type },
    { key: 'stage', header: t('cases.stage'), render: (c) => stageLabel(c.stage) },
    { key: 'status', header: t('cases.status'), render: (c) => <Badge tone={CASE_STATUS_TONE[c.status]}>{tOr(`caseStatus.${c.status}`, c.status)}</Badge> },
    { key: 'priority', header: t('cases.priority'), render: (c) => <Badge tone={CASE_PRIORITY_TONE[c.priority]}>{tOr(`casePriority.${c.priority}`, c.priority)}</Badge> },
    { key: 'owner', header: t('cases.owner'), render: (c) => c.owner_name ?? <span className="muted">{t('cases.ownerNone')}</span> },
    { key: 'department', header: t('cases.department'), render: (c) => c.department ?? '—' },
    {
      key: 'due',
      header: t('cases.resolutionDue'),
      render: (c) => (
        <span className="nowrap">
          {format.dateTime(c.resolution_due_at) || '—'} {c.sla_breached ? <Badge tone="danger">{t('cases.breached')}</Badge> : null}
          {c.sla_paused ? <Badge tone="neutral">{t('cases.paused')}</Badge> : null}
        </span>
      ),
    },
    { key: 'created', header: t('cases.created'), sort: { asc: 'created_at', desc: '-created_at' }, render: (c) => format.dateTime(c.created_at) },
  ];

  const ownerIsUser = /^\d+$/.test(list.filters.owner);
  return (
    <>
      <PageHeader title={t('cases.title')} subtitle={data ? t('cases.count', { count: data.total }) : t('common.loading')} />
      <form className="filters" role="search" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="case-search">{t('cases.search')}</label>
          <DebouncedInput id="case-search" type="search" value={list.filters.q} placeholder={t('cases.searchPlaceholder')} onSettle={setSearch} />
        </div>
        <div className="field">
          <label htmlFor="case-type">{t('cases.type')}</label>
          <select id="case-type" value={list.filters.type} onChange={(e) => list.update({ type: e.target.value, stage: undefined })}>
            <option value="">{t('common.all')}</option>
            {(types.data ?? []).map((type) => (
              <option key={type.type} value={type.type}>
                {type.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-stage">{t('cases.stage')}</label>
          <select id="case-stage" value={list.filters.stage} onChange={(e) => setFilter('stage', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {stages.map((stage) => (
              <option key={stage} value={stage}>
                {stageLabel(stage)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-status">{t('cases.status')}</label>
          <select id="case-status" value={list.filters.status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`caseStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-breached">{t('cases.sla')}</label>
          <select id="case-breached" value={list.filters.breached} onChange={(e) => setFilter('breached', e.target.value)}>
            <option value="">{t('common.all')}</option>
            <option value="true">{t('cases.breached')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-priority">{t('cases.priority')}</label>
          <select id="case-priority" value={list.filters.priority} onChange={(e) => setFilter('priority', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CASE_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`casePriority.${priority}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-owner">{t('cases.owner')}</label>
          <select id="case-owner" value={list.filters.owner} onChange={(e) => setFilter('owner', e.target.value)}>
            <option value="">{t('common.all')}</option>
            <option value="me">{t('cases.ownerMe')}</option>
            <option value="none">{t('cases.ownerNone')}</option>
            {ownerIsUser ? <option value={list.filters.owner}>{t('cases.ownerUser', { id: list.filters.owner })}</option> : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-sort">{t('cases.sortBy')}</label>
          <select id="case-sort" value={list.sort} onChange={(e) => list.setSort(e.target.value)}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`cases.sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable
        caption={t('cases.title')}
        columns={columns}
        rows={data?.items}
        rowKey={(c) => c.id}
        loading={loading}
        sort={list.sort}
        onSort={list.setSort}
        empty={t('cases.none')}
      />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
