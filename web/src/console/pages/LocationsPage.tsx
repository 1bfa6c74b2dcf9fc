import { useCallback } from 'react';
import { queryString, type Paged } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { Badge } from '../components/Badge.tsx';
import { DebouncedInput } from '../components/DebouncedInput.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Pager } from '../components/Pager.tsx';
import { useListParams } from '../components/useListParams.ts';
import { useI18n } from '../i18n.ts';

interface Location {
  id: number;
  external_id: string;
  gln: string | null;
  kind: string;
  name: string;
  chain: string | null;
  region: string | null;
  country: string | null;
  city: string | null;
  address: string | null;
}

const KINDS = ['store', 'warehouse', 'distributor', 'plant', 'online'] as const;

export function LocationsPage() {
  const { t } = useI18n();
  const list = useListParams(['kind', 'chain', 'region'] as const);
  const { setFilter } = list;
  const setChain = useCallback((chain: string) => setFilter('chain', chain), [setFilter]);
  const setRegion = useCallback((region: string) => setFilter('region', region), [setFilter]);
  const { data, error, loading } = useApi<Paged<Location>>(
    `/api/locations${queryString({ kind: list.filters.kind, chain: list.filters.chain, region: list.filters.region, limit: list.limit, offset: list.offset })}`,
  );
  const columns: Column<Location>[] = [
    { key: 'name', header: t('locations.name'), render: (l) => <strong>{l.name}</strong> },
    { key: 'kind', header: t('locations.kind'), render: (l) => <Badge>{t(`locationKind.${l.kind}` as never)}</Badge> },
    {
      key: 'chain',
      header: t('locations.chain'),
      render: (l) =>
        l.chain ? (
          <button type="button" className="link-button" onClick={() => list.setFilter('chain', l.chain ?? '')}>
            {l.chain}
          </button>
        ) : (
          '—'
        ),
    },
    { key: 'place', header: t('locations.place'), render: (l) => [l.city, l.region, l.country].filter(Boolean).join(', ') || '—' },
    { key: 'gln', header: t('locations.gln'), render: (l) => (l.gln ? <code>{l.gln}</code> : '—') },
    { key: 'external_id', header: t('customers.externalId'), render: (l) => <code>{l.external_id}</code> },
  ];
  return (
    <>
      <PageHeader title={t('locations.title')} subtitle={data ? t('locations.count', { count: data.total }) : t('common.loading')} />
      <form className="filters" role="search" aria-label={t('locations.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="location-kind">{t('locations.kind')}</label>
          <select id="location-kind" value={list.filters.kind} onChange={(e) => list.setFilter('kind', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`locationKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="location-chain">{t('locations.chain')}</label>
          <DebouncedInput id="location-chain" value={list.filters.chain} onSettle={setChain} />
        </div>
        <div className="field">
          <label htmlFor="location-region">{t('locations.region')}</label>
          <DebouncedInput id="location-region" value={list.filters.region} onSettle={setRegion} />
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('locations.title')} columns={columns} rows={data?.items} rowKey={(l) => l.id} loading={loading} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
