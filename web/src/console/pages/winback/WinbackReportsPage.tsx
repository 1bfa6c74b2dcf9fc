import { useState } from 'react';
import { queryString } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Chart, CHART_COLORS } from '../../components/Chart.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import type { Segment } from '../segments/segment-types.ts';
import './winback.css';

interface ReasonRow { segment_id: number | null; segment_name: string | null; reason: string; label_en: string; label_ru: string; count: number; share: number }
interface ReasonsReport { total: number; segments: ReasonRow[]; overall: ReasonRow[] }
type FunnelStep = 'entered' | 'reached' | 'reason_found' | 'cause_eliminated' | 'offer_made' | 'came_back';
interface FunnelReport { steps: { step: FunnelStep; count: number; conversion: number | null }[] }
interface RevenueReport { days: number; offers: number; windows_open: number; customers_returned: number; by_currency: { currency: string; orders: number; revenue_minor: number }[] }
interface Group { entries: number; came_back: number; rate: number | null; interval: { low: number; high: number } | null }
interface UpliftRow {
  segment_id: number; segment_name: string; treated: Group; control: Group;
  uplift: { difference: number; low: number; high: number } | null; note: 'not_enough_data' | null; empty_groups: ('treated' | 'control')[]; windows_open: number;
}
interface UpliftReport { window_days: number; segments: UpliftRow[] }

/** Win-back reports (W8, decision 038): reasons for leaving, the funnel, revenue after the offer, uplift against control. */
export function WinbackReportsPage() {
  const { t, lang, format } = useI18n();
  const { can } = useAuth();
  const [segmentId, setSegmentId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [days, setDays] = useState(30);
  const [windowDays, setWindowDays] = useState(90);
  const range = { segment_id: segmentId || undefined, from: from || undefined, to: to || undefined };
  const segments = useApi<Segment[]>('/api/winback/segments');
  const reasons = useApi<ReasonsReport>(`/api/winback/reports/reasons${queryString(range)}`);
  const funnel = useApi<FunnelReport>(`/api/winback/reports/funnel${queryString(range)}`);
  const revenue = useApi<RevenueReport>(`/api/winback/reports/revenue${queryString({ ...range, days })}`);
  const uplift = useApi<UpliftReport>(`/api/winback/reports/uplift${queryString({ ...range, window_days: windowDays })}`);
  const percent = (share: number | null) => (share === null ? '—' : `${format.number(Math.round(share * 1000) / 10)} %`);
  const points = (share: number) => t('wbReports.points', { value: format.number(Math.round(share * 1000) / 10) });
  const label = (r: ReasonRow) => (lang === 'ru' ? r.label_ru : r.label_en);
  const csv = (name: string, extra: Record<string, number> = {}) =>
    can('exports:csv') ? <a className="button small" href={`/api/winback/reports/${name}${queryString({ ...range, ...extra, format: 'csv' })}`}>{t('wbReports.exportCsv')}</a> : null;
  const bySegment = new Map<string, ReasonRow[]>();
  for (const r of reasons.data?.segments ?? []) bySegment.set(String(r.segment_id), [...(bySegment.get(String(r.segment_id)) ?? []), r]);
  const reasonKeys = [...new Set((reasons.data?.overall ?? []).map((r) => r.reason))];
  const segmentNames = [...bySegment.values()].map((rows) => rows[0]!.segment_name ?? t('wbReports.manualStarts'));

  return (
    <>
      <PageHeader title={t('wbReports.title')} subtitle={t('wbReports.subtitle')} />
      <form className="filters" aria-label={t('wbReports.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="wbr-segment">{t('wbReports.segment')}</label>
          <select id="wbr-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            <option value="">{t('wbReports.allSegments')}</option>
            {(segments.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wbr-from">{t('wbReports.from')}</label>
          <input id="wbr-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="wbr-to">{t('wbReports.to')}</label>
          <input id="wbr-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="wbr-days">{t('wbReports.days')}</label>
          <input id="wbr-days" type="number" min={1} max={730} value={days} onChange={(e) => setDays(Math.min(730, Math.max(1, Number(e.target.value) || 30)))} />
        </div>
        <div className="field">
          <label htmlFor="wbr-window">{t('wbReports.windowDays')}</label>
          <input id="wbr-window" type="number" min={1} max={730} value={windowDays} onChange={(e) => setWindowDays(Math.min(730, Math.max(1, Number(e.target.value) || 90)))} />
        </div>
      </form>

      <div className="card-grid section">
        <section className="card" aria-labelledby="wbr-funnel">
          <div className="card-header"><h2 id="wbr-funnel">{t('wbReports.funnel')}</h2>{csv('funnel')}</div>
          <p className="hint">{t('wbReports.funnelHint')}</p>
          <ErrorMessage error={funnel.error} />
          {funnel.data ? (
            <>
              <Chart
                summary={funnel.data.steps.map((s) => `${t(`wbReports.step.${s.step}`)}: ${s.count}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 130, right: 30, top: 10, bottom: 30 },
                  yAxis: { type: 'category', inverse: true, data: funnel.data.steps.map((s) => t(`wbReports.step.${s.step}`)) },
                  xAxis: { type: 'value', minInterval: 1 },
                  series: [{ type: 'bar', name: t('wbReports.count'), data: funnel.data.steps.map((s) => s.count), label: { show: true, position: 'right' } }],
                }}
              />
              <table className="data-table" aria-label={t('wbReports.funnel')}>
                <thead><tr><th scope="col">{t('wbReports.step')}</th><th scope="col" className="num">{t('wbReports.count')}</th><th scope="col" className="num">{t('wbReports.conversion')}</th></tr></thead>
                <tbody>
                  {funnel.data.steps.map((s) => (
                    <tr key={s.step} data-step={s.step}>
                      <th scope="row">{t(`wbReports.step.${s.step}`)}</th>
                      <td className="num">{format.number(s.count)}</td>
                      <td className="num">{percent(s.conversion)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : <p role="status">{t('common.loading')}</p>}
        </section>

        <section className="card" aria-labelledby="wbr-reasons">
          <div className="card-header"><h2 id="wbr-reasons">{t('wbReports.reasons')}</h2>{csv('reasons')}</div>
          <p className="hint">{t('wbReports.reasonsHint')}</p>
          <ErrorMessage error={reasons.error} />
          {!reasons.data ? <p role="status">{t('common.loading')}</p> : reasons.data.total === 0 ? <p>{t('wbReports.noReasons')}</p> : (
            <>
              <Chart
                summary={reasons.data.overall.map((r) => `${label(r)}: ${r.count}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { bottom: 0 },
                  color: CHART_COLORS,
                  grid: { left: 130, right: 20, top: 10, bottom: 50 },
                  yAxis: { type: 'category', data: segmentNames },
                  xAxis: { type: 'value', minInterval: 1 },
                  series: reasonKeys.map((key) => ({
                    type: 'bar', stack: 'reasons', name: label(reasons.data!.overall.find((r) => r.reason === key)!),
                    data: [...bySegment.values()].map((rows) => rows.find((r) => r.reason === key)?.count ?? 0),
                  })),
                }}
              />
              <table className="data-table" aria-label={t('wbReports.reasons')}>
                <thead><tr><th scope="col">{t('wbReports.segment')}</th><th scope="col">{t('wbReports.reason')}</th><th scope="col" className="num">{t('wbReports.count')}</th><th scope="col" className="num">{t('wbReports.share')}</th></tr></thead>
                <tbody>
                  {reasons.data.segments.map((r) => (
                    <tr key={`${r.segment_id}-${r.reason}`}>
                      <td>{r.segment_name ?? t('wbReports.manualStarts')}</td>
                      <th scope="row">{label(r)}</th>
                      <td className="num">{format.number(r.count)}</td>
                      <td className="num">{percent(r.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>

      <section className="section" aria-labelledby="wbr-revenue">
        <div className="card-header"><h2 id="wbr-revenue" className="section-title">{t('wbReports.revenue')}</h2>{csv('revenue', { days })}</div>
        <p className="hint">{t('wbReports.revenueHint', { days })}</p>
        <ErrorMessage error={revenue.error} />
        {revenue.data ? (
          <>
            <div className="stat-grid">
              <StatCard label={t('wbReports.offers')} value={format.number(revenue.data.offers)} />
              <StatCard label={t('wbReports.customersReturned')} value={format.number(revenue.data.customers_returned)} />
              {revenue.data.by_currency.map((c) => (
                <StatCard key={c.currency} label={`${t('wbReports.revenue')} · ${c.currency}`} value={format.money(c.revenue_minor, c.currency)} hint={t('wbReports.orders', { count: c.orders })} />
              ))}
            </div>
            {revenue.data.by_currency.length === 0 ? <p>{t('wbReports.noRevenue')}</p> : null}
            {revenue.data.windows_open > 0 ? <p className="hint" role="note">{t('wbReports.windowsOpen', { count: revenue.data.windows_open, days: revenue.data.days })}</p> : null}
          </>
        ) : <p role="status">{t('common.loading')}</p>}
      </section>

      <section className="section" aria-labelledby="wbr-uplift">
        <div className="card-header"><h2 id="wbr-uplift" className="section-title">{t('wbReports.uplift')}</h2>{csv('uplift', { window_days: windowDays })}</div>
        <p className="hint">{t('wbReports.upliftHint', { days: windowDays })}</p>
        <ErrorMessage error={uplift.error} />
        {!uplift.data ? <p role="status">{t('common.loading')}</p> : uplift.data.segments.length === 0 ? <p>{t('wbReports.noEntries')}</p> : (
          <>
            <Chart
              summary={uplift.data.segments.map((s) => `${s.segment_name}: ${s.uplift ? `${points(s.uplift.difference)} [${points(s.uplift.low)}; ${points(s.uplift.high)}]` : t('wbReports.notEnoughData')}`).join('; ')}
              height={Math.max(160, 60 + uplift.data.segments.length * 50)}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { bottom: 0 },
                grid: { left: 130, right: 30, top: 10, bottom: 50 },
                yAxis: { type: 'category', data: uplift.data.segments.map((s) => s.segment_name) },
                xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
                series: [
                  { type: 'bar', name: t('wbReports.treated'), data: uplift.data.segments.map((s) => (s.treated.rate === null ? null : Math.round(s.treated.rate * 1000) / 10)) },
                  { type: 'bar', name: t('wbReports.control'), data: uplift.data.segments.map((s) => (s.control.rate === null ? null : Math.round(s.control.rate * 1000) / 10)) },
                ],
              }}
            />
            <table className="data-table" aria-label={t('wbReports.uplift')}>
              <thead>
                <tr>
                  <th scope="col">{t('wbReports.segment')}</th><th scope="col" className="num">{t('wbReports.treated')}</th><th scope="col" className="num">{t('wbReports.control')}</th>
                  <th scope="col" className="num">{t('wbReports.difference')}</th><th scope="col" className="num">{t('wbReports.interval')}</th>
                </tr>
              </thead>
              <tbody>
                {uplift.data.segments.map((s) => (
                  <tr key={s.segment_id} data-segment={s.segment_id}>
                    <th scope="row">
                      {s.segment_name}
                      {s.windows_open > 0 ? <span className="block muted small">{t('wbReports.entriesOpen', { count: s.windows_open })}</span> : null}
                    </th>
                    <td className="num">{t('wbReports.rate', { came: s.treated.came_back, entries: s.treated.entries, rate: percent(s.treated.rate) })}</td>
                    <td className="num">{t('wbReports.rate', { came: s.control.came_back, entries: s.control.entries, rate: percent(s.control.rate) })}</td>
                    {s.uplift ? (
                      <>
                        <td className="num"><strong>{points(s.uplift.difference)}</strong></td>
                        <td className="num">{points(s.uplift.low)} … {points(s.uplift.high)}</td>
                      </>
                    ) : (
                      <td colSpan={2} className="num"><strong>{t('wbReports.notEnoughData')}</strong> <span className="muted small">({s.empty_groups.map((g) => t(`wbReports.emptyGroup.${g}`)).join(', ')})</span></td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
