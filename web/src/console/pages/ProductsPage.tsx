import { useCallback } from 'react';
import { Link } from 'react-router';
import { queryString, type Paged } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Pager } from '../components/Pager.tsx';
import { DebouncedInput } from '../components/DebouncedInput.tsx';
import { useListParams } from '../components/useListParams.ts';
import { useI18n } from '../i18n.ts';

interface Product {
  id: number;
  gtin: string;
  sku: string | null;
  name: string;
  brand: string | null;
  category: string | null;
  lot_count: number;
}

export function ProductsPage() {
  const { t, format } = useI18n();
  const list = useListParams(['q', 'category'] as const);
  const { setFilter } = list;
  const setSearch = useCallback((q: string) => setFilter('q', q), [setFilter]);
  const setCategory = useCallback((category: string) => setFilter('category', category), [setFilter]);
  const { data, error, loading } = useApi<Paged<Product>>(
    `/api/products${queryString({ q: list.filters.q, category: list.filters.category, limit: list.limit, offset: list.offset })}`,
  );
  const columns: Column<Product>[] = [
    { key: 'name', header: t('products.name'), render: (p) => <strong>{p.name}</strong> },
    { key: 'gtin', header: t('products.gtin'), render: (p) => <code>{p.gtin}</code> },
    { key: 'sku', header: t('products.sku'), render: (p) => p.sku ?? '—' },
    { key: 'brand', header: t('products.brand'), render: (p) => p.brand ?? '—' },
    {
      key: 'category',
      header: t('products.category'),
      render: (p) =>
        p.category ? (
          <button type="button" className="link-button" onClick={() => list.setFilter('category', p.category ?? '')}>
            {p.category}
          </button>
        ) : (
          '—'
        ),
    },
    { key: 'lots', header: t('products.lots'), align: 'end', render: (p) => <Link to={`/lots?gtin=${p.gtin}`}>{format.number(p.lot_count)}</Link> },
  ];
  return (
    <>
      <PageHeader title={t('products.title')} subtitle={data ? t('products.count', { count: data.total }) : t('common.loading')} />
      <form className="filters" role="search" aria-label={t('products.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="product-search">{t('products.search')}</label>
          <DebouncedInput id="product-search" type="search" value={list.filters.q} onSettle={setSearch} />
        </div>
        <div className="field">
          <label htmlFor="product-category">{t('products.category')}</label>
          <DebouncedInput id="product-category" value={list.filters.category} onSettle={setCategory} />
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('products.title')} columns={columns} rows={data?.items} rowKey={(p) => p.id} loading={loading} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
