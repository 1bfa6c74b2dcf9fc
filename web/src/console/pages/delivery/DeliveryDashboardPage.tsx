import { useState } from 'react';
import { Link } from 'react-router';
import { queryString } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Chart } from '../../components/Chart.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import '../recalls/recalls.css';

const DIMENSIONS = ['carrier', 'region', 'day'] as const;

interface Row {
  key: string;
  shipments_due: number;
  on_time: number;
  on_time_rate: number | null;
  late: number;
  average_delay_days: number | null;
  open_delayed_orders: number;
  priority_cases: number;
  first_response_hours: number | null;
  first_response_breached: number;
  csat_answers: number;
  csat: number | null;
  delivered: number;
  returned: number;
  return_rate: number | null;
  complaints: number;
}
interface Dashboard {
  total: Row & {
    csat_note: string | null;
    complaints_change: number | null;
    met: { on_time_rate: boolean | null; csat: boolean | null; first_response_hours: boolean | null; complaints_change: boolean | null };
  };
  rows: Row[];
}

/** The delivery dashboard (issue 15.8): on-time rate, delay, open delayed orders, first response, CSAT, returns and complaints against their targets. */
export function DeliveryDashboardPage() {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]>('carrier');
  const [days, setDays] = useState(30);
  const today = new Date();
  const from = new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const dashboard = useApi<Dashboard>(`/api/delivery/dashboard${queryString({ from, by })}`);
  const d = dashboard.data;
  const pct = (v: number | null) => (v == null ? '—' : `${format.number(Math.round(v * 1000) / 10)} %`);
  const met = (m: boolean | null, target: string) => `${t('deliveryDashboard.target', { target })} · ${m == null ? t('deliveryDashboard.noData') : m ? t('deliveryDashboard.met') : t('deliveryDashboard.notMet')}`;
  const keyOf = (r: Row) => (by === 'day' ? format.date(r.key) : r.key);
  const columns: Column<Row>[] = [
    { key: 'key', header: t(`deliveryDashboard.by.${by}`), render: keyOf },
    { key: 'due', header: t('deliveryDashboard.due'), align: 'end', render: (r) => format.number(r.shipments_due) },
    { key: 'on_time', header: t('deliveryDashboard.onTime'), align: 'end', render: (r) => pct(r.on_time_rate) },
    { key: 'delay', header: t('deliveryDashboard.averageDelay'), align: 'end', render: (r) => (r.average_delay_days == null ? '—' : format.number(Math.round(r.average_delay_days * 10) / 10)) },
    { key: 'open', header: t('deliveryDashboard.openDelayed'), align: 'end', render: (r) => format.number(r.open_delayed_orders) },
    { key: 'response', header: t('deliveryDashboard.firstResponse'), align: 'end', render: (r) => (r.first_response_hours == null ? '—' : t('deliveryDashboard.hours', { value: format.number(Math.round(r.first_response_hours * 10) / 10) })) },
    { key: 'csat', header: t('deliveryDashboard.csat'), align: 'end', render: (r) => pct(r.csat) },
    { key: 'returns', header: t('deliveryDashboard.returns'), align: 'end', render: (r) => pct(r.return_rate) },
    { key: 'complaints', header: t('deliveryDashboard.complaints'), align: 'end', render: (r) => format.number(r.complaints) },
  ];
  return (
    <>
      <PageHeader
        title={t('deliveryDashboard.title')}
        subtitle={t('deliveryDashboard.subtitle')}
        actions={
          <>
            {/* The incidents (and their public status pages) open from here: the navigation has no row left at 1360×900. */}
            <Link className="button" to="/delivery/incidents">
              {t('nav.deliveryIncidents')}
            </Link>
            {can('exports:csv') ? (
              <a className="button" href={`/api/delivery/dashboard${queryString({ from, by, format: 'csv' })}`}>
                {t('deliveryDashboard.exportCsv')}
              </a>
            ) : null}
          </>
        }
      />
      <form className="filters" aria-label={t('deliveryDashboard.range')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="delivery-days">{t('deliveryDashboard.range')}</label>
          <select id="delivery-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[7, 30, 90].map((n) => (
              <option key={n} value={n}>
                {t('deliveryDashboard.lastDays', { count: n })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="delivery-by">{t('deliveryDashboard.by')}</label>
          <select id="delivery-by" value={by} onChange={(e) => setBy(e.target.value as (typeof DIMENSIONS)[number])}>
            {DIMENSIONS.map((x) => (
              <option key={x} value={x}>
                {t(`deliveryDashboard.by.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={dashboard.error} />
      {d ? (
        <>
          <div className="stat-grid section">
            <StatCard label={t('deliveryDashboard.onTime')} value={pct(d.total.on_time_rate)} hint={met(d.total.met.on_time_rate, '> 95 %')} />
            <StatCard label={t('deliveryDashboard.averageDelay')} value={d.total.average_delay_days == null ? '—' : t('deliveryDashboard.days', { value: format.number(Math.round(d.total.average_delay_days * 10) / 10) })} />
            <StatCard label={t('deliveryDashboard.openDelayed')} value={format.number(d.total.open_delayed_orders)} />
            <StatCard
              label={t('deliveryDashboard.firstResponse')}
              value={d.total.first_response_hours == null ? '—' : t('deliveryDashboard.hours', { value: format.number(Math.round(d.total.first_response_hours * 10) / 10) })}
              hint={met(d.total.met.first_response_hours, '≤ 24 h')}
            />
          </div>
          <div className="stat-grid section">
            <StatCard label={t('deliveryDashboard.csat')} value={d.total.csat == null ? t('deliveryDashboard.noAnswers') : pct(d.total.csat)} hint={met(d.total.met.csat, '> 85 %')} />
            <StatCard label={t('deliveryDashboard.returns')} value={pct(d.total.return_rate)} />
            <StatCard
              label={t('deliveryDashboard.complaints')}
              value={format.number(d.total.complaints)}
              hint={`${d.total.complaints_change == null ? '' : `${t('deliveryDashboard.complaintsChange', { change: pct(d.total.complaints_change) })} · `}${met(d.total.met.complaints_change, '−70 %')}`}
            />
          </div>
          <div className="card-grid section">
            <section className="card" aria-labelledby="on-time-title">
              <h2 id="on-time-title">{t('deliveryDashboard.onTimeChart')}</h2>
              <Chart
                summary={d.rows.map((r) => `${keyOf(r)}: ${pct(r.on_time_rate)}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 50, right: 20, top: 20, bottom: 50 },
                  xAxis: { type: 'category', data: d.rows.map(keyOf) },
                  yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
                  series: [{
                    type: by === 'day' ? 'line' : 'bar', name: t('deliveryDashboard.onTime'),
                    data: d.rows.map((r) => (r.on_time_rate == null ? null : Math.round(r.on_time_rate * 1000) / 10)),
                    markLine: { silent: true, symbol: 'none', data: [{ yAxis: 95, name: '95 %' }] },
                  }],
                }}
              />
            </section>
            <section className="card" aria-labelledby="volume-title">
              <h2 id="volume-title">{t('deliveryDashboard.volumeChart')}</h2>
              <Chart
                summary={d.rows.map((r) => `${keyOf(r)}: ${r.late} / ${r.complaints}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { bottom: 0 },
                  grid: { left: 40, right: 10, top: 20, bottom: 60 },
                  xAxis: { type: 'category', data: d.rows.map(keyOf) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { type: 'bar', name: t('deliveryDashboard.late'), data: d.rows.map((r) => r.late) },
                    { type: 'bar', name: t('deliveryDashboard.openDelayed'), data: d.rows.map((r) => r.open_delayed_orders) },
                    { type: 'bar', name: t('deliveryDashboard.complaints'), data: d.rows.map((r) => r.complaints) },
                  ],
                }}
              />
            </section>
          </div>
          <h2 className="section-title">{t('deliveryDashboard.table')}</h2>
          <DataTable caption={t('deliveryDashboard.table')} columns={columns} rows={d.rows} rowKey={(r) => r.key} />
        </>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </>
  );
}
