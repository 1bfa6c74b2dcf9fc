import { useCallback } from 'react';
import { queryString, type Paged } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { DebouncedInput } from '../components/DebouncedInput.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Pager } from '../components/Pager.tsx';
import { useListParams } from '../components/useListParams.ts';
import { useI18n } from '../i18n.ts';

interface Lot {
  id: number;
  gtin: string;
  product_name: string;
  lot_code: string;
  produced_on: string | null;
  expires_on: string | null;
  quantity_produced: number | null;
}

export function LotsPage() {
  const { t, format } = useI18n();
  const list = useListParams(['gtin', 'lot_code'] as const);
  const { setFilter } = list;
  const setGtin = useCallback((gtin: string) => setFilter('gtin', gtin), [setFilter]);
  const setLotCode = useCallback((lotCode: string) => setFilter('lot_code', lotCode), [setFilter]);
  // The API takes an exact GTIN-14; a shorter GTIN typed here is padded, anything else waits.
  const gtin = /^\d{8,14}$/.test(list.filters.gtin) ? list.filters.gtin.padStart(14, '0') : undefined;
  const { data, error, loading } = useApi<Paged<Lot>>(
    `/api/lots${queryString({ gtin, lot_code: list.filters.lot_code.trim() || undefined, limit: list.limit, offset: list.offset })}`,
  );
  const columns: Column<Lot>[] = [
    { key: 'lot', header: t('lots.lotCode'), render: (l) => <code>{l.lot_code}</code> },
    { key: 'product', header: t('lots.product'), render: (l) => l.product_name },
    { key: 'gtin', header: t('products.gtin'), render: (l) => <code>{l.gtin}</code> },
    { key: 'produced', header: t('lots.producedOn'), render: (l) => format.date(l.produced_on) || '—' },
    { key: 'expires', header: t('lots.expiresOn'), render: (l) => format.date(l.expires_on) || '—' },
    { key: 'quantity', header: t('lots.quantity'), align: 'end', render: (l) => format.number(l.quantity_produced) || '—' },
  ];
  return (
    <>
      <PageHeader title={t('lots.title')} subtitle={data ? t('lots.count', { count: data.total }) : t('common.loading')} />
      <form className="filters" role="search" aria-label={t('lots.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="lot-gtin">{t('products.gtin')}</label>
          <DebouncedInput id="lot-gtin" inputMode="numeric" value={list.filters.gtin} onSettle={setGtin} />
        </div>
        <div className="field">
          <label htmlFor="lot-code">{t('lots.lotCode')}</label>
          <DebouncedInput id="lot-code" value={list.filters.lot_code} onSettle={setLotCode} />
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('lots.title')} columns={columns} rows={data?.items} rowKey={(l) => l.id} loading={loading} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
