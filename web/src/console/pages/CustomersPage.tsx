import { useCallback } from 'react';
import { Link } from 'react-router';
import { queryString, type Paged } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { Badge, type Tone } from '../components/Badge.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Pager } from '../components/Pager.tsx';
import { DebouncedInput } from '../components/DebouncedInput.tsx';
import { useListParams } from '../components/useListParams.ts';
import { useI18n } from '../i18n.ts';

export interface Customer {
  id: number;
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  language: string;
  time_zone: string;
  tier: string;
  country: string | null;
  region: string | null;
  customer_since: string | null;
  created_at: string;
}

export const TIERS = ['standard', 'silver', 'gold', 'vip'] as const;
export const LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
export const TIER_TONE: Record<string, Tone> = { standard: 'neutral', silver: 'info', gold: 'warning', vip: 'accent' };

export function CustomersPage() {
  const { t, format } = useI18n();
  const list = useListParams(['q', 'tier', 'language', 'country'] as const, { sort: 'name' });
  const { setFilter } = list;
  const setSearch = useCallback((q: string) => setFilter('q', q), [setFilter]);
  const setCountry = useCallback((country: string) => setFilter('country', country.toUpperCase()), [setFilter]);

  const country = /^[A-Za-z]{2}$/.test(list.filters.country) ? list.filters.country.toUpperCase() : undefined;
  const path = `/api/customers${queryString({ q: list.filters.q, tier: list.filters.tier, language: list.filters.language, country, sort: list.sort, limit: list.limit, offset: list.offset })}`;
  const { data, error, loading } = useApi<Paged<Customer>>(path);

  const columns: Column<Customer>[] = [
    {
      key: 'name',
      header: t('customers.name'),
      sort: { asc: 'name', desc: '-name' },
      render: (c) => (
        <Link to={`/customers/${c.id}`} className="strong-link">
          {c.name}
        </Link>
      ),
    },
    { key: 'external_id', header: t('customers.externalId'), sort: { asc: 'external_id', desc: '-external_id' }, render: (c) => <code>{c.external_id}</code> },
    { key: 'email', header: t('customers.email'), render: (c) => c.email ?? '—' },
    { key: 'tier', header: t('customers.tier'), render: (c) => <Badge tone={TIER_TONE[c.tier]}>{t(`tier.${c.tier}` as never)}</Badge> },
    { key: 'language', header: t('customers.language'), render: (c) => t(`language.${c.language}` as never) },
    { key: 'country', header: t('customers.country'), render: (c) => [c.country, c.region].filter(Boolean).join(' · ') || '—' },
    { key: 'since', header: t('customers.since'), sort: { asc: 'customer_since', desc: '-customer_since' }, render: (c) => format.date(c.customer_since) || '—' },
  ];

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        subtitle={data ? t('customers.count', { count: data.total }) : t('common.loading')}
      />
      <form className="filters" role="search" aria-label={t('customers.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="customer-search">{t('customers.search')}</label>
          <DebouncedInput id="customer-search" type="search" value={list.filters.q} placeholder={t('customers.searchPlaceholder')} onSettle={setSearch} />
        </div>
        <div className="field">
          <label htmlFor="customer-tier">{t('customers.tier')}</label>
          <select id="customer-tier" value={list.filters.tier} onChange={(e) => list.setFilter('tier', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {t(`tier.${tier}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-language">{t('customers.language')}</label>
          <select id="customer-language" value={list.filters.language} onChange={(e) => list.setFilter('language', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-narrow">
          <label htmlFor="customer-country">{t('customers.country')}</label>
          <DebouncedInput
            id="customer-country"
            value={list.filters.country}
            maxLength={2}
            placeholder="SE"
            aria-describedby="customer-country-hint"
            onSettle={setCountry}
          />
          <span id="customer-country-hint" className="visually-hidden">
            {t('customers.countryHint')}
          </span>
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable
        caption={t('customers.title')}
        columns={columns}
        rows={data?.items}
        rowKey={(c) => c.id}
        loading={loading}
        sort={list.sort}
        onSort={list.setSort}
        empty={t('customers.none')}
      />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
