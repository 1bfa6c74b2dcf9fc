import { Link } from 'react-router';
import type { Paged } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { useAuth } from '../auth.tsx';
import { Chart } from '../components/Chart.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatCard } from '../components/StatCard.tsx';
import { useI18n } from '../i18n.ts';
import { useState } from 'react';
import { AuditSummary, type AuditEntry } from './settings/AuditSummary.tsx';

interface Stats {
  totals: { customers: number; products: number; lots: number; locations: number; orders: number; shipments: number };
  lastOrderAt: string | null;
  from: string;
  to: string;
  ordersByDay: { day: string; orders: number; online: number; store: number }[];
  shipmentsByStatus: { status: string; shipments: number }[];
}

const RANGES = [7, 30, 90] as const;

export function HomePage() {
  const { me, can } = useAuth();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('home.title')} subtitle={t('home.welcome', { name: me?.name ?? '' })} />
      <WorkOverview />
      {can('data:read') ? <DataHubOverview /> : null}
      {can('audit:read') ? <RecentActivity /> : null}
      {!can('data:read') && !can('audit:read') ? <p className="muted">{t('home.nothingToShow')}</p> : null}
    </>
  );
}

/** Where the work stands: what people act on first when they open the console. */
function WorkOverview() {
  const { t, format } = useI18n();
  const { can } = useAuth();
  // Each figure is the total of a one-row page of the list it links to: the server counts.
  const total = (data: Paged<unknown> | undefined) => (data ? format.number(data.total) : '…');
  const openCases = useApi<Paged<unknown>>(can('cases:read') ? '/api/cases?status=open&status=waiting_customer&limit=1' : null);
  const breached = useApi<Paged<unknown>>(can('cases:read') ? '/api/cases?status=open&status=waiting_customer&breached=true&limit=1' : null);
  const myTasks = useApi<Paged<unknown>>(can('tasks:work') ? '/api/tasks?mine=true&status=open&limit=1' : null);
  const offered = useApi<Paged<unknown>>(can('tasks:work') ? '/api/tasks?offered=true&status=open&limit=1' : null);
  const recalls = useApi<Paged<unknown>>(can('recalls:read') ? '/api/recalls?status=active&limit=1' : null);
  if (!can('cases:read') && !can('tasks:work') && !can('recalls:read')) return null;
  return (
    <section className="section" aria-labelledby="work-heading">
      <h2 id="work-heading" className="section-title">
        {t('home.work')}
      </h2>
      <div className="stat-grid">
        {can('tasks:work') ? <StatCard label={t('home.myTasks')} value={total(myTasks.data)} to="/tasks" /> : null}
        {can('tasks:work') ? <StatCard label={t('home.offeredTasks')} value={total(offered.data)} to="/tasks?view=offered" /> : null}
        {can('cases:read') ? <StatCard label={t('home.openCases')} value={total(openCases.data)} to="/cases" /> : null}
        {can('cases:read') ? <StatCard label={t('home.slaBreaches')} value={total(breached.data)} to="/cases?breached=true" /> : null}
        {can('recalls:read') ? <StatCard label={t('home.activeRecalls')} value={total(recalls.data)} to="/recalls?status=active" /> : null}
      </div>
    </section>
  );
}

function DataHubOverview() {
  const { t, format } = useI18n();
  const [days, setDays] = useState<(typeof RANGES)[number]>(90);
  const { data, error } = useApi<Stats>(`/api/data/stats?days=${days}`);
  if (error) return <ErrorMessage error={error} />;
  const totals = data?.totals;
  const value = (n: number | undefined) => (n === undefined ? '…' : format.number(n));
  const orders = data?.ordersByDay ?? [];
  const ordersInRange = orders.reduce((sum, day) => sum + day.orders, 0);
  const busiest = orders.reduce<Stats['ordersByDay'][number] | undefined>((best, day) => (!best || day.orders > best.orders ? day : best), undefined);
  const shipments = data?.shipmentsByStatus ?? [];
  const delayed = shipments.filter((s) => s.status === 'delayed' || s.status === 'lost').reduce((sum, s) => sum + s.shipments, 0);
  return (
    <>
      <section aria-labelledby="totals-heading" className="section">
        <h2 id="totals-heading" className="visually-hidden">
          {t('home.totals')}
        </h2>
        <div className="stat-grid">
          <StatCard label={t('home.customers')} value={value(totals?.customers)} to="/customers" />
          <StatCard label={t('home.orders')} value={value(totals?.orders)} hint={data ? (data.lastOrderAt ? t('home.lastOrder', { date: format.date(data.lastOrderAt) }) : t('home.noOrders')) : undefined} />
          <StatCard label={t('home.products')} value={value(totals?.products)} to="/products" />
          <StatCard label={t('home.lots')} value={value(totals?.lots)} to="/lots" />
          <StatCard label={t('home.locations')} value={value(totals?.locations)} to="/locations" />
          <StatCard
            label={t('home.shipments')}
            value={value(totals?.shipments)}
            hint={data ? t('home.delayedShipments', { count: delayed }) : undefined}
          />
        </div>
      </section>
      <div className="card-grid">
        <section className="card card-wide" aria-labelledby="orders-chart-heading">
          <div className="card-header">
            <div>
              <h2 id="orders-chart-heading">{t('home.ordersPerDay')}</h2>
              {data ? <p className="muted small card-note">{t('home.ordersInRange', { count: ordersInRange, days })}</p> : null}
            </div>
            <div className="segmented" role="group" aria-label={t('home.range')}>
              {RANGES.map((range) => (
                <button key={range} type="button" aria-pressed={days === range} onClick={() => setDays(range)}>
                  {t('home.days', { count: range })}
                </button>
              ))}
            </div>
          </div>
          {data ? (
            <Chart
              summary={t('home.ordersSummary', {
                from: format.date(data.from),
                to: format.date(data.to),
                count: ordersInRange,
                busiestDay: busiest ? format.date(busiest.day) : '',
                busiest: busiest?.orders ?? 0,
              })}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { bottom: 0, itemGap: 24 },
                grid: { left: 48, right: 16, top: 16, bottom: 56 },
                xAxis: { type: 'category', data: orders.map((d) => format.dayMonth(d.day)), axisLabel: { color: '#4b5563' } },
                yAxis: { type: 'value', axisLabel: { color: '#4b5563', formatter: (v: number) => format.number(v) } },
                series: [
                  { name: t('home.inStore'), type: 'bar', stack: 'orders', data: orders.map((d) => d.store) },
                  { name: t('home.online'), type: 'bar', stack: 'orders', data: orders.map((d) => d.online) },
                ],
              }}
            />
          ) : (
            <p className="muted chart-placeholder">{t('common.loading')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="shipments-chart-heading">
          <div className="card-header">
            <h2 id="shipments-chart-heading">{t('home.shipmentsByStatus')}</h2>
          </div>
          {data && shipments.length ? (
            <Chart
              height={Math.max(160, shipments.length * 36 + 40)}
              summary={shipments.map((s) => `${t(`shipment.${s.status}` as never)}: ${format.number(s.shipments)}`).join('; ')}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 120, right: 56, top: 8, bottom: 24 },
                xAxis: { type: 'value', axisLabel: { color: '#4b5563', formatter: (v: number) => format.number(v) } },
                yAxis: { type: 'category', inverse: true, data: shipments.map((s) => t(`shipment.${s.status}` as never)), axisLabel: { color: '#1f2937' } },
                series: [
                  {
                    name: t('home.shipments'),
                    type: 'bar',
                    label: { show: true, position: 'right', color: '#1f2937', formatter: (p: { value: number }) => format.number(p.value) },
                    data: shipments.map((s) => ({
                      value: s.shipments,
                      itemStyle: { color: s.status === 'delayed' || s.status === 'lost' ? '#c2410c' : s.status === 'delivered' ? '#14a38b' : '#2f5fd0' },
                    })),
                  },
                ],
              }}
            />
          ) : (
            <p className="muted chart-placeholder">{data ? t('home.noShipments') : t('common.loading')}</p>
          )}
        </section>
      </div>
    </>
  );
}

function RecentActivity() {
  const { t } = useI18n();
  const { data, error } = useApi<Paged<AuditEntry>>('/api/audit?limit=8');
  return (
    <section className="card section" aria-labelledby="activity-heading">
      <div className="card-header">
        <h2 id="activity-heading">{t('home.recentActivity')}</h2>
        <Link to="/settings/audit">{t('home.allActivity')}</Link>
      </div>
      <ErrorMessage error={error} />
      {data ? (
        data.items.length ? (
          <ul className="activity-list">
            {data.items.map((entry) => (
              <li key={entry.id}>
                <AuditSummary entry={entry} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('home.noActivity')}</p>
        )
      ) : null}
    </section>
  );
}
