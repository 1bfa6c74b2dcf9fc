import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { useAuth } from '../auth.tsx';
import { Badge, type Tone } from '../components/Badge.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n.ts';

interface Run {
  as_of: string;
  settings: { period_days: number; abc_a_share: number; abc_b_share: number; quiet_cycles: number; horizon_days: number };
  customers: number;
  model_status: 'fitted' | 'refused';
  model_reason: string | null;
  shop_typical_interval_days: number | null;
}
interface Metrics {
  first_purchase_on: string;
  last_purchase_on: string;
  purchase_days: number;
  recency_days: number;
  typical_interval_days: number | null;
  currency: string;
  period_revenue_minor: number;
  period_returns_minor: number;
  other_currency_orders: number;
  r_score: number | null;
  f_score: number | null;
  m_score: number | null;
  abc_class: 'A' | 'B' | 'C' | null;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_next_purchase_on: string | null;
  churn_risk: 'active' | 'due' | 'quiet' | 'unknown';
  quiet_reason: string;
}
interface CustomerMetricsView {
  state: 'computed' | 'not_computed' | 'no_purchases';
  metrics: Metrics | null;
  run: Run | null;
}

const RISK_TONE: Record<Metrics['churn_risk'], Tone> = { active: 'success', due: 'warning', quiet: 'danger', unknown: 'neutral' };

/** The customer's purchase metrics and churn risk, with the reason the gone-quiet rule gave (decision 026). */
export function CustomerWinbackCard({ customerId }: { customerId: number }) {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<CustomerMetricsView>(`/api/customers/${customerId}/metrics`);
  const [busy, setBusy] = useState(false);
  const [recomputeError, setRecomputeError] = useState<Error>();
  const recompute = async () => {
    setBusy(true);
    setRecomputeError(undefined);
    try {
      await api('/api/winback/metrics/recompute', { method: 'POST' });
      reload();
    } catch (failure) {
      setRecomputeError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const recomputeButton = can('winback:configure') ? (
    <button type="button" className="button" onClick={recompute} disabled={busy}>
      {busy ? t('winback.recomputing') : t('winback.recompute')}
    </button>
  ) : null;

  const body = () => {
    if (error) return <ErrorMessage error={error} />;
    if (!data) return <p role="status">{t('common.loading')}</p>;
    const { run, metrics: m } = data;
    if (!run) return <p className="muted">{t('winback.notComputed')}</p>;
    if (!m) return <p className="muted">{t('winback.noPurchases', { date: format.date(run.as_of) })}</p>;
    const days = run.settings.period_days;
    const percent = (share: number) => format.number(Math.round(share * 100));
    const reasonParams = {
      recency: m.recency_days,
      interval: m.typical_interval_days ?? 0,
      cycles: run.settings.quiet_cycles,
      shop: run.shop_typical_interval_days ?? 0,
      pAlive: m.p_alive === null ? '—' : percent(m.p_alive),
    };
    return (
      <>
        <p className="winback-risk">
          <Badge tone={RISK_TONE[m.churn_risk]}>{t(`winback.risk.${m.churn_risk}`)}</Badge>{' '}
          <span>{tOr(`winback.reason.${m.quiet_reason}`, m.quiet_reason, reasonParams)}</span>
        </p>
        {run.model_status === 'refused' ? (
          <p className="alert alert-warning">{tOr(`winback.modelRefused.${run.model_reason}`, run.model_reason ?? '', { customers: run.customers })}</p>
        ) : null}
        <dl className="details">
          <dt>{t('winback.rfm')}</dt>
          <dd>
            {m.r_score === null ? (
              <span className="muted">{t('winback.notScored', { days })}</span>
            ) : (
              <>
                <strong>{t('winback.rfmScores', { r: m.r_score, f: m.f_score ?? '—', m: m.m_score ?? '—' })}</strong>
                <span className="muted small"> · {t('winback.rfmHint', { days })}</span>
              </>
            )}
          </dd>
          <dt>{t('winback.abc')}</dt>
          <dd>
            {m.abc_class === null ? (
              <span className="muted">{t('winback.notScored', { days })}</span>
            ) : (
              t(`winback.abcClass.${m.abc_class}`, { share: percent(m.abc_class === 'A' ? run.settings.abc_a_share : run.settings.abc_b_share) })
            )}
          </dd>
          {m.p_alive !== null ? (
            <>
              <dt>{t('winback.pAlive')}</dt>
              <dd>{t('winback.percent', { value: percent(m.p_alive) })}</dd>
              <dt>{t('winback.expectedPurchases', { days: run.settings.horizon_days })}</dt>
              <dd>{format.number(Math.round((m.expected_purchases ?? 0) * 10) / 10)}</dd>
              <dt>{t('winback.nextPurchase')}</dt>
              <dd>
                {format.date(m.expected_next_purchase_on)} <span className="muted small">({t('winback.nextPurchaseHint')})</span>
              </dd>
            </>
          ) : null}
          <dt>{t('winback.frequency')}</dt>
          <dd>{format.number(m.purchase_days)}</dd>
          <dt>{t('winback.firstLast')}</dt>
          <dd>
            {format.date(m.first_purchase_on)} – {format.date(m.last_purchase_on)}
          </dd>
          <dt>{t('winback.typicalInterval')}</dt>
          <dd>{m.typical_interval_days === null ? <span className="muted">{t('winback.oneTimeBuyer')}</span> : t('winback.days', { count: m.typical_interval_days })}</dd>
          <dt>{t('winback.periodRevenue', { days })}</dt>
          <dd>
            {format.money(m.period_revenue_minor, m.currency)}
            {m.period_returns_minor > 0 ? <span className="muted small"> · {t('winback.returns', { amount: format.money(m.period_returns_minor, m.currency) })}</span> : null}
          </dd>
        </dl>
        {m.other_currency_orders > 0 ? <p className="muted small">{t('winback.otherCurrency', { count: m.other_currency_orders })}</p> : null}
        <p className="muted small">{t('winback.asOf', { date: format.date(run.as_of) })}</p>
      </>
    );
  };

  return (
    <section className="card section" aria-labelledby="winback-heading">
      <div className="card-header">
        <h2 id="winback-heading">{t('winback.heading')}</h2>
        {recomputeButton}
      </div>
      {recomputeError ? <ErrorMessage error={recomputeError} /> : null}
      {body()}
    </section>
  );
}
