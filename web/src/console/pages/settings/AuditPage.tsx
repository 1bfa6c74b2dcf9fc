import { useCallback } from 'react';
import { queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { DebouncedInput } from '../../components/DebouncedInput.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { useI18n } from '../../i18n.ts';
import type { AuditEntry } from './AuditSummary.tsx';

const KNOWN_ENTITIES = ['session', 'user', 'api_token', 'demo', 'customers', 'products', 'lots', 'locations', 'order-lines', 'shipments', 'shipment-events', 'epcis'];

export function AuditPage() {
  const { t, tOr, format } = useI18n();
  const list = useListParams(['entity', 'entity_id'] as const);
  const { setFilter } = list;
  const setEntityId = useCallback((id: string) => setFilter('entity_id', id), [setFilter]);
  const { data, error, loading } = useApi<Paged<AuditEntry>>(
    `/api/audit${queryString({ entity: list.filters.entity, entity_id: list.filters.entity_id.trim() || undefined, limit: list.limit, offset: list.offset })}`,
  );
  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: t('audit.when'), render: (e) => <time dateTime={new Date(e.at).toISOString()}>{format.dateTime(e.at)}</time> },
    { key: 'actor', header: t('audit.who'), render: (e) => <>{e.actor_label}<span className="muted small block">{tOr(`audit.actorKind.${e.actor_kind}`, e.actor_kind)}</span></> },
    { key: 'action', header: t('audit.action'), render: (e) => tOr(`audit.action.${e.action}`, e.action) },
    { key: 'entity', header: t('audit.entity'), render: (e) => <>{tOr(`audit.entity.${e.entity}`, e.entity)}{e.entity_id ? <span className="muted"> #{e.entity_id}</span> : null}</> },
    {
      key: 'details',
      header: t('audit.details'),
      render: (e) =>
        Object.keys(e.details).length ? (
          <dl className="audit-details">
            {Object.entries(e.details).map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <form className="filters" role="search" aria-label={t('audit.title')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="audit-entity">{t('audit.entity')}</label>
          <select id="audit-entity" value={list.filters.entity} onChange={(e) => list.setFilter('entity', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {KNOWN_ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {tOr(`audit.entity.${entity}`, entity)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-id">{t('audit.entityId')}</label>
          <DebouncedInput id="audit-entity-id" value={list.filters.entity_id} onSettle={setEntityId} />
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('audit.title')} columns={columns} rows={data?.items} rowKey={(e) => e.id} loading={loading} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
