import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, queryString } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Chart } from '../../components/Chart.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import '../recalls/recalls.css';
import { DECISION_TONE, type RestlessDecision, type RestlessScore } from './ComplaintPanel.tsx';

const CATEGORIES = ['product_quality', 'delivery', 'service', 'billing', 'other'] as const;
const CHANNELS = ['console', 'phone', 'email', 'store', 'web', 'api'] as const;
const PERIODS = ['day', 'week', 'month'] as const;

interface SlaRow {
  complaints: number;
  first_response_met: number;
  first_response_missed: number;
  resolution_met: number;
  resolution_missed: number;
  unfounded: number;
}
interface Report {
  funnel: { stage: string; status: string; complaints: number }[];
  per_period: { period: string; category: string; channel: string; complaints: number }[];
  sla: SlaRow;
  by_department: (SlaRow & { department: string })[];
  by_owner: (SlaRow & { owner: string })[];
  satisfaction?: {
    survey: string | null;
    invitations: number;
    responses: number;
    response_rate: number | null;
    csat_percent: number | null;
    nps: number | null;
    ces_average: number | null;
    reopened: number;
  };
}
interface Restless extends RestlessScore {
  decision: Pick<RestlessDecision, 'decision' | 'reason' | 'decided_by' | 'decided_at'> | null;
}

/** Where every complaint stands (C5), the most restless customers (C6), and intake (C1). */
export function ComplaintsPage() {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('week');
  const [days, setDays] = useState(90);
  const today = new Date();
  const from = new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const report = useApi<Report>(`/api/complaints/report${queryString({ period, from })}`);
  const restless = useApi<Restless[]>('/api/complaints/restless?limit=10');
  const r = report.data;
  const pct = (met: number, missed: number) => (met + missed ? `${format.number(Math.round((met / (met + missed)) * 1000) / 10)} %` : '—');
  const periods = [...new Set((r?.per_period ?? []).map((p) => p.period))];
  const countOf = (periodKey: string, category: string) => (r?.per_period ?? []).filter((p) => p.period === periodKey && p.category === category).reduce((n, p) => n + p.complaints, 0);
  const departmentColumns: Column<Report['by_department'][number]>[] = [
    { key: 'department', header: t('complaints.department'), render: (d) => tOr(`complaints.department.${d.department}`, d.department) },
    { key: 'complaints', header: t('complaints.count'), align: 'end', render: (d) => format.number(d.complaints) },
    { key: 'first', header: t('complaints.firstResponseSla'), align: 'end', render: (d) => pct(d.first_response_met, d.first_response_missed) },
    { key: 'resolution', header: t('complaints.resolutionSla'), align: 'end', render: (d) => pct(d.resolution_met, d.resolution_missed) },
    { key: 'unfounded', header: t('complaints.unfounded'), align: 'end', render: (d) => format.number(d.unfounded) },
  ];
  const ownerColumns: Column<Report['by_owner'][number]>[] = [{ ...departmentColumns[0]!, key: 'owner', header: t('complaints.owner'), render: (o) => o.owner }, ...departmentColumns.slice(1)] as Column<Report['by_owner'][number]>[];
  const restlessColumns: Column<Restless>[] = [
    { key: 'name', header: t('complaints.customer'), render: (c) => <Link to={`/customers/${c.customer_id}`}>{c.name}</Link> },
    { key: 'score', header: t('complaints.score'), align: 'end', render: (c) => <strong>{c.score}</strong> },
    { key: 'complaints', header: t('complaints.count'), align: 'end', render: (c) => `${c.complaints} / ${c.orders}` },
    { key: 'unfounded', header: t('complaints.unfounded'), align: 'end', render: (c) => format.number(c.unfounded) },
    { key: 'recent', header: t('complaints.recent'), align: 'end', render: (c) => format.number(c.recent) },
    { key: 'gestures', header: t('complaints.gestures'), align: 'end', render: (c) => format.number(c.gestures) },
    {
      key: 'decision',
      header: t('complaints.decision'),
      render: (c) =>
        c.decision ? (
          <span title={`${c.decision.reason} — ${c.decision.decided_by}, ${format.dateTime(c.decision.decided_at)}`}>
            <Badge tone={DECISION_TONE[c.decision.decision]}>{tOr(`complaints.decision.${c.decision.decision}`, c.decision.decision)}</Badge>
          </span>
        ) : (
          '—'
        ),
    },
  ];
  const s = r?.satisfaction;
  return (
    <>
      <PageHeader
        title={t('complaints.title')}
        subtitle={t('complaints.subtitle')}
        actions={
          <>
            <a className="button" href={`/api/complaints/report${queryString({ from, format: 'csv' })}`}>
              {t('complaints.exportCsv')}
            </a>
            <Link className="button" to="/cases?type=complaint">
              {t('complaints.allCases')}
            </Link>
          </>
        }
      />
      {can('cases:write') ? <NewComplaint /> : null}
      <form className="filters" aria-label={t('complaints.range')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="complaints-days">{t('complaints.range')}</label>
          <select id="complaints-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[30, 90, 365].map((d) => (
              <option key={d} value={d}>
                {t('complaints.lastDays', { count: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="complaints-period">{t('complaints.period')}</label>
          <select id="complaints-period" value={period} onChange={(e) => setPeriod(e.target.value as (typeof PERIODS)[number])}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`complaints.period.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorMessage error={report.error} />
      {r ? (
        <>
          <div className="stat-grid section">
            <StatCard label={t('complaints.count')} value={format.number(r.sla.complaints)} />
            <StatCard label={t('complaints.firstResponseSla')} value={pct(r.sla.first_response_met, r.sla.first_response_missed)} hint={t('complaints.missed', { count: r.sla.first_response_missed })} />
            <StatCard label={t('complaints.resolutionSla')} value={pct(r.sla.resolution_met, r.sla.resolution_missed)} hint={t('complaints.missed', { count: r.sla.resolution_missed })} />
            <StatCard label={t('complaints.unfounded')} value={format.number(r.sla.unfounded)} />
          </div>
          <div className="stat-grid section">
            <StatCard label={t('complaints.csat')} value={s?.csat_percent != null ? `${format.number(s.csat_percent)} %` : '—'} />
            <StatCard
              label={t('complaints.surveyAnswers')}
              value={t('complaints.surveyAnswersValue', { responses: format.number(s?.responses ?? 0), invitations: format.number(s?.invitations ?? 0) })}
              hint={s?.response_rate != null ? t('complaints.surveyResponseRate', { rate: format.number(s.response_rate) }) : undefined}
            />
            <StatCard label={t('complaints.reopened')} value={format.number(s?.reopened ?? 0)} hint={t('complaints.reopenedHint')} />
          </div>
          <div className="card-grid section">
            <section className="card" aria-labelledby="funnel-title">
              <h2 id="funnel-title">{t('complaints.funnel')}</h2>
              <Chart
                summary={r.funnel.map((f) => `${f.stage} (${f.status}): ${f.complaints}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 110, right: 20, top: 10, bottom: 30 },
                  yAxis: { type: 'category', data: r.funnel.map((f) => `${tOr(`complaints.stage.${f.stage}`, f.stage)} · ${tOr(`caseStatus.${f.status}`, f.status)}`) },
                  xAxis: { type: 'value', minInterval: 1 },
                  series: [{ type: 'bar', name: t('complaints.count'), data: r.funnel.map((f) => f.complaints) }],
                }}
              />
            </section>
            <section className="card" aria-labelledby="per-period-title">
              <h2 id="per-period-title">{t('complaints.perPeriod')}</h2>
              <Chart
                summary={periods.map((p) => `${p}: ${CATEGORIES.map((c) => countOf(p, c)).reduce((a, b) => a + b, 0)}`).join('; ')}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { bottom: 0 },
                  grid: { left: 40, right: 10, top: 10, bottom: 60 },
                  xAxis: { type: 'category', data: periods.map((p) => format.date(p)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: CATEGORIES.map((c) => ({ name: t(`complaints.category.${c}`), type: 'bar', stack: 'all', data: periods.map((p) => countOf(p, c)) })),
                }}
              />
            </section>
          </div>
          <h2 className="section-title">{t('complaints.byDepartment')}</h2>
          <DataTable caption={t('complaints.byDepartment')} columns={departmentColumns} rows={r.by_department} rowKey={(d) => d.department} />
          <h2 className="section-title">{t('complaints.byOwner')}</h2>
          <DataTable caption={t('complaints.byOwner')} columns={ownerColumns} rows={r.by_owner} rowKey={(o) => o.owner} />
        </>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
      <h2 className="section-title">{t('complaints.restless')}</h2>
      <p className="hint">{t('complaints.restlessHint')}</p>
      <ErrorMessage error={restless.error} />
      <DataTable caption={t('complaints.restless')} columns={restlessColumns} rows={restless.data} rowKey={(c) => c.customer_id} empty={t('complaints.noRestless')} />
    </>
  );
}

/** Intake from the console (C1): a phone call, a letter, a visit — registered in one step. */
function NewComplaint() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<Error>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setError(undefined);
    try {
      const created = await api<{ case_id: number }>('/api/complaints', {
        method: 'POST',
        body: { channel: text('channel'), category: text('category'), essence: text('essence') ?? '', order_number: text('order_number'), customer_id: text('customer_id') ? Number(text('customer_id')) : undefined },
      });
      void navigate(`/cases/${created.case_id}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    }
  }
  if (!open) {
    return (
      <p>
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          {t('complaints.new')}
        </button>
      </p>
    );
  }
  return (
    <form className="form card section" onSubmit={(e) => void submit(e)} aria-labelledby="new-complaint-title">
      <h2 id="new-complaint-title">{t('complaints.new')}</h2>
      <ErrorMessage error={error} />
      <div className="scope-row">
        <div className="field">
          <label htmlFor="complaint-channel">{t('complaints.channel')}</label>
          <select id="complaint-channel" name="channel" defaultValue="phone">
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="complaint-category">{t('complaints.category')}</label>
          <select id="complaint-category" name="category" defaultValue="product_quality">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`complaints.category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="complaint-order">{t('complaints.orderNumber')}</label>
          <input id="complaint-order" name="order_number" />
        </div>
        <div className="field">
          <label htmlFor="complaint-customer">{t('complaints.customerId')}</label>
          <input id="complaint-customer" name="customer_id" inputMode="numeric" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="complaint-essence">{t('complaints.essence')}</label>
        <textarea id="complaint-essence" name="essence" rows={3} required minLength={5} />
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary">
          {t('complaints.register')}
        </button>
      </div>
    </form>
  );
}
