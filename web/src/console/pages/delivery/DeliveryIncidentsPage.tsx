import { useState } from 'react';
import { Link } from 'react-router';
import { queryString } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useI18n } from '../../i18n.ts';

export interface Incident {
  id: number;
  reference: string;
  title: string;
  cause_kind: string;
  cause_value: string;
  root_cause_tags: string[];
  status: 'open' | 'resolved';
  opened_by: string;
  opened_at: string;
  resolved_at: string | null;
  delayed_orders: number;
  open_delays: number;
}

/** Delivery-delay incidents (issue 15.3): each opens its public status page and compensation. */
export function DeliveryIncidentsPage() {
  const { t, format } = useI18n();
  const [status, setStatus] = useState<'open' | 'resolved' | ''>('open');
  const incidents = useApi<Incident[]>(`/api/delivery/incidents${queryString({ status })}`);
  const columns: Column<Incident>[] = [
    { key: 'incident', header: t('deliveryIncidents.incident'), render: (i) => <Link className="strong-link" to={`/delivery/incidents/${i.id}`}>{i.reference}</Link> },
    { key: 'title', header: t('deliveryIncidents.cause'), render: (i) => <>{i.title}<span className="block muted small">{i.cause_kind}: {i.cause_value}</span></> },
    { key: 'status', header: t('deliveryIncidents.status'), render: (i) => <Badge tone={i.status === 'open' ? 'warning' : 'success'}>{t(`deliveryIncidents.status.${i.status}`)}</Badge> },
    { key: 'orders', header: t('deliveryIncidents.delayedOrders'), align: 'end', render: (i) => format.number(i.delayed_orders) },
    { key: 'open', header: t('deliveryIncidents.openDelays'), align: 'end', render: (i) => format.number(i.open_delays) },
    { key: 'opened', header: t('deliveryIncidents.opened'), render: (i) => format.dateTime(i.opened_at) },
  ];
  return (
    <>
      <PageHeader title={t('deliveryIncidents.title')} subtitle={t('deliveryIncidents.subtitle')} />
      <div className="filters">
        <ViewTabs
          label={t('deliveryIncidents.status')}
          value={status}
          onChange={(s) => setStatus(s as 'open' | 'resolved' | '')}
          views={[
            { value: 'open', label: t('deliveryIncidents.status.open') },
            { value: 'resolved', label: t('deliveryIncidents.status.resolved') },
            { value: '', label: t('common.all') },
          ]}
        />
      </div>
      <ErrorMessage error={incidents.error} />
      <DataTable caption={t('deliveryIncidents.title')} columns={columns} rows={incidents.data} rowKey={(i) => i.id} loading={incidents.loading} />
    </>
  );
}
