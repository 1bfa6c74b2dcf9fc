import { Link } from 'react-router';
import { queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { useI18n } from '../../i18n.ts';
import { RegulatorFeedsPanel } from './RegulatorFeedsPanel.tsx';
import { RECALL_STATUS_TONE, type RecallSummary } from './recall-types.ts';

/** Every recall, newest first, filtered by status on the server. */
export function RecallsPage() {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const list = useListParams(['status'] as const);
  const { data, error, loading } = useApi<Paged<RecallSummary>>(`/api/recalls${queryString({ status: list.filters.status || undefined, limit: list.limit, offset: list.offset })}`);
  const columns: Column<RecallSummary>[] = [
    { key: 'reference', header: t('recalls.reference'), render: (r) => <Link to={`/recalls/${r.id}`}>{r.reference}</Link> },
    { key: 'title', header: t('recalls.titleField'), render: (r) => r.title },
    { key: 'class', header: t('recalls.classification'), render: (r) => <Badge tone={r.classification === 'I' ? 'danger' : r.classification === 'II' ? 'warning' : 'neutral'}>{`${t('recalls.class')} ${r.classification}`}</Badge> },
    { key: 'status', header: t('recalls.status'), render: (r) => <Badge tone={RECALL_STATUS_TONE[r.status] ?? 'neutral'}>{tOr(`recalls.status.${r.status}`, r.status)}</Badge> },
    { key: 'activated', header: t('recalls.activatedAt'), render: (r) => format.dateTime(r.activated_at) || '—' },
    { key: 'created', header: t('recalls.createdAt'), render: (r) => format.dateTime(r.created_at) },
  ];
  return (
    <>
      <PageHeader
        title={t('recalls.title')}
        subtitle={data ? t('recalls.count', { count: data.total }) : t('common.loading')}
        actions={can('recalls:write') ? <Link className="button button-primary" to="/recalls/new">{t('recalls.new')}</Link> : null}
      />
      <form className="filters" role="search" aria-label={t('recalls.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="recall-status">{t('recalls.status')}</label>
          <select id="recall-status" value={list.filters.status} onChange={(e) => list.setFilter('status', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {(['draft', 'active', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`recalls.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('recalls.title')} columns={columns} rows={data?.items} rowKey={(r) => r.id} loading={loading} empty={t('recalls.none')} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
      <RegulatorFeedsPanel />
    </>
  );
}
