import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { Chart } from '../../components/Chart.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';
import { StoreConfirmationsPanel } from './StoreConfirmationsPanel.tsx';
import { EffectivenessPanel } from './EffectivenessPanel.tsx';
import { MarkingPanel } from './MarkingPanel.tsx';
import { NoticesPanel, NotToldWarning, PossiblyAffectedPanel, ToldCard, UnitsBalance, UntranslatedWarning } from './ReachPanels.tsx';
import { CLAIM_STATUS_TONE, RECALL_STATUS_TONE, type Claim, type ImpactPreview, type RecallDashboard, type RecallSummary, gpsrNoticeLanguages } from './recall-types.ts';

type Tab = 'impact' | 'dashboard' | 'claims';

/** A grouped bar chart: one category per bar group, one named series per colour. */
function bars(categories: string[], series: { name: string; data: number[] }[], yAxis: Record<string, unknown> = {}) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 10, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', ...yAxis },
    series: series.map((s) => ({ ...s, type: 'bar' })),
  };
}

/** One recall: impact preview before activation, the dashboard after it, claims and payouts (R2, R3, R8, R10, R11). */
export function RecallDetailPage() {
  const { id = '' } = useParams();
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const recall = useApi<RecallSummary>(`/api/recalls/${encodeURIComponent(id)}`);
  const [tab, setTab] = useState<Tab>();
  const [confirming, setConfirming] = useState(false);
  const [activation, setActivation] = useState<{ blocked: { lots: number; serials: number }; blocked_in_ms: number }>();
  const [actionError, setActionError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  if (recall.error) return <ErrorMessage error={recall.error} />;
  const r = recall.data;
  if (!r) return <p role="status">{t('common.loading')}</p>;
  const current: Tab = tab ?? (r.status === 'draft' ? 'impact' : 'dashboard');

  async function activate() {
    setBusy(true);
    setActionError(undefined);
    try {
      setActivation(await api(`/api/recalls/${r!.id}/activate`, { method: 'POST' }));
      setConfirming(false);
      setTab('dashboard');
      recall.reload();
    } catch (failure) {
      setActionError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/recalls">{t('recalls.title')}</Link>
      </p>
      <PageHeader
        title={`${r.reference} · ${r.title}`}
        subtitle={
          <>
            <Badge tone={r.classification === 'I' ? 'danger' : r.classification === 'II' ? 'warning' : 'neutral'}>{`${t('recalls.class')} ${r.classification}`}</Badge>{' '}
            <Badge tone={RECALL_STATUS_TONE[r.status] ?? 'neutral'}>{tOr(`recalls.status.${r.status}`, r.status)}</Badge> {r.reason}
          </>
        }
        actions={
          <>
            {r.status !== 'draft' ? (
              <a className="button" href={`/p/recall/${encodeURIComponent(r.reference)}`} target="_blank" rel="noreferrer">
                {t('recalls.publicPage')}
              </a>
            ) : null}
            <a className="button" href={`/api/recalls/${r.id}/regulator-report?format=html`} target="_blank" rel="noreferrer">
              {t('recalls.regulatorReport')}
            </a>
            <a className="button" href={`/api/recalls/${r.id}/safety-gate?format=html`} target="_blank" rel="noreferrer">
              {t('recalls.safetyGate')}
            </a>
            {gpsrNoticeLanguages(r).map((lang) => (
              <a key={lang} className="button" href={`/api/recalls/${r.id}/gpsr-notice?lang=${lang}&format=html`} target="_blank" rel="noreferrer" hrefLang={lang}>
                {t('recalls.gpsrNotice', { lang: lang.toUpperCase() })}
              </a>
            ))}
            {r.status === 'draft' && can('recalls:write') ? (
              <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
                {t('recalls.activate')}
              </button>
            ) : null}
          </>
        }
      />
      {activation ? (
        <div className="alert alert-success" role="status">
          {t('recalls.activated', { lots: activation.blocked.lots, serials: activation.blocked.serials, ms: activation.blocked_in_ms })}
        </div>
      ) : null}
      <Dialog open={confirming} title={t('recalls.activateTitle')} onClose={() => setConfirming(false)}>
        <p>{t('recalls.activateWarning')}</p>
        <ErrorMessage error={actionError} />
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void activate()}>
            {t('recalls.activateConfirm')}
          </button>
        </div>
      </Dialog>
      <div className="segmented" role="group" aria-label={t('recalls.views')}>
        {(['impact', 'dashboard', 'claims'] as const).map((name) => (
          <button key={name} type="button" aria-pressed={current === name} onClick={() => setTab(name)} disabled={name !== 'impact' && r.status === 'draft'}>
            {t(`recalls.tab.${name}`)}
          </button>
        ))}
      </div>
      <div className="section" />
      {current === 'impact' ? <ImpactView recallId={r.id} /> : current === 'dashboard' ? <DashboardView recallId={r.id} canWrite={can('recalls:write')} /> : <ClaimsView recallId={r.id} canPay={can('recalls:write')} />}
      <p className="hint">{format.dateTime(r.activated_at) ? `${t('recalls.activatedAt')}: ${format.dateTime(r.activated_at)}` : null}</p>
    </>
  );
}

function ImpactView({ recallId }: { recallId: number }) {
  const { t, format } = useI18n();
  const { data, error } = useApi<ImpactPreview>(`/api/recalls/${recallId}/impact`);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const n = (value: number | string | null | undefined) => format.number(Number(value ?? 0));
  const locationColumns: Column<ImpactPreview['locations'][number]>[] = [
    { key: 'name', header: t('recalls.location'), render: (l) => l.name },
    { key: 'chain', header: t('recalls.chain'), render: (l) => l.chain ?? '—' },
    { key: 'region', header: t('recalls.region'), render: (l) => l.region ?? '—' },
    { key: 'received', header: t('recalls.received'), align: 'end', render: (l) => n(l.received) },
    { key: 'without', header: t('recalls.withoutReceipt'), align: 'end', render: (l) => n(l.without_receipt) },
    { key: 'sold', header: t('recalls.sold'), align: 'end', render: (l) => n(l.sold) },
    // Sales beyond the recorded receipts mean the receipts are missing: the stock is unknown, never negative or zero.
    { key: 'stock', header: t('recalls.inStock'), align: 'end', render: (l) => (l.in_stock === null ? <em>{t('recalls.stockUnknown')}</em> : n(l.in_stock)) },
  ];
  const lotColumns: Column<ImpactPreview['lots'][number]>[] = [
    { key: 'lot', header: t('recalls.lot'), render: (l) => <code>{l.lot_code}</code> },
    { key: 'product', header: t('recalls.product'), render: (l) => l.product_name },
    { key: 'produced', header: t('recalls.producedOn'), render: (l) => format.date(l.produced_on) || '—' },
    { key: 'expires', header: t('recalls.expiresOn'), render: (l) => format.date(l.expires_on) || '—' },
    { key: 'quantity', header: t('recalls.produced'), align: 'end', render: (l) => n(l.quantity_produced) },
    {
      key: 'fsma', header: t('recalls.fsma.column'),
      render: (l) => {
        const href = (format: 'xlsx' | 'csv') => `/api/traceability/fsma204?${new URLSearchParams({ lot: l.lot_code, gtin: l.gtin, format })}`;
        return <><a href={href('xlsx')} download>XLSX</a> · <a href={href('csv')} download>CSV</a></>;
      },
    },
  ];
  return (
    <>
      <NotToldWarning preview={data} />
      <UntranslatedWarning preview={data} />
      <div className="stat-grid">
        <StatCard label={t('recalls.lots')} value={n(data.totals.lots)} hint={data.totals.produced === null ? undefined : t('recalls.producedUnits', { count: Number(data.totals.produced) })} />
        <StatCard label={t('recalls.sold')} value={n(data.totals.sold)} hint={t('recalls.soldOnline', { count: Number(data.totals.sold_online) })} />
        <StatCard label={t('recalls.inStock')} value={n(data.totals.in_stock)} hint={data.totals.locations_stock_unknown ? t('recalls.stockUnknownAt', { count: data.totals.locations_stock_unknown }) : undefined} />
        <StatCard label={t('recalls.consumers')} value={n(data.totals.identified_consumers)} hint={t('recalls.anonymousUnits', { count: Number(data.totals.sold_anonymous) })} />
        <StatCard label={t('recalls.byEmail')} value={n(data.reach.email)} hint={data.reach.safety_notice ? t('recalls.safetyNotice', { count: data.reach.safety_notice }) : undefined} />
        <StatCard label={t('recalls.bySms')} value={n(data.reach.sms)} />
        <StatCard label={t('recalls.unreachable')} value={n(data.reach.unreachable)} hint={data.reach.unreachable ? t('recalls.unreachableReasons', data.reach.unreachable_by_reason) : undefined} />
        <StatCard label={t('recalls.possibly.title')} value={n(data.possibly_affected.consumers)} hint={t('recalls.possibly.hint', { units: data.possibly_affected.units, email: data.possibly_affected.reach.email, sms: data.possibly_affected.reach.sms })} />
      </div>
      <div className="card-grid section">
        <UnitsBalance totals={data.totals} />
        <ToldCard preview={data} />
      </div>
      <div className="card-grid section">
        <section className="card" aria-labelledby="compensation-title">
          <h2 id="compensation-title">{t('recalls.compensationEstimate')}</h2>
          <p className="hint">{t('recalls.policy', { source: data.compensation.policy.source })}</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('recalls.currency')}</th>
                <th scope="col" className="num">{t('recalls.consumers')}</th>
                <th scope="col" className="num">{t('recalls.refunds')}</th>
                <th scope="col" className="num">{t('recalls.vouchers')}</th>
                <th scope="col" className="num">{t('recalls.total')}</th>
              </tr>
            </thead>
            <tbody>
              {data.compensation.by_currency.map((c) => (
                <tr key={c.currency}>
                  <td>{c.currency}</td>
                  <td className="num">{n(c.consumers)}</td>
                  <td className="num">{format.money(c.refund_minor, c.currency)}</td>
                  <td className="num">{format.money(c.voucher_minor, c.currency)}</td>
                  <td className="num">{format.money(c.total_minor, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{data.compensation.by_rule.map((rule) => `${rule.rule}: ${n(rule.consumers)}`).join(' · ')}</p>
        </section>
        <section className="card" aria-labelledby="chains-title">
          <h2 id="chains-title">{t('recalls.byChain')}</h2>
          <Chart
            summary={data.by_chain.map((c) => `${c.chain}: ${c.sold} / ${c.in_stock}`).join('; ')}
            option={bars(data.by_chain.map((c) => c.chain), [
              { name: t('recalls.sold'), data: data.by_chain.map((c) => Number(c.sold)) },
              { name: t('recalls.inStock'), data: data.by_chain.map((c) => Number(c.in_stock)) },
            ])}
          />
        </section>
      </div>
      <h2 className="section-title">{t('recalls.lots')}</h2>
      <DataTable caption={t('recalls.lots')} columns={lotColumns} rows={data.lots} rowKey={(l) => `${l.gtin}/${l.lot_code}`} />
      <h2 className="section-title">{t('recalls.locations')}</h2>
      <p className="hint">{t('recalls.stockHint')}</p>
      <p className="hint">
        {t('recalls.stockTotals', { received: n(data.totals.received), without: n(data.totals.without_receipt), shipped: n(data.totals.shipped), sold: n(data.locations.reduce((total, l) => total + l.sold, 0)), stock: n(data.totals.in_stock), unknownAt: n(data.totals.locations_stock_unknown) })}
      </p>
      <DataTable caption={t('recalls.locations')} columns={locationColumns} rows={data.locations.slice(0, 200)} rowKey={(l) => l.id} />
    </>
  );
}

function DashboardView({ recallId, canWrite }: { recallId: number; canWrite: boolean }) {
  const { t, format } = useI18n();
  const { data, error, reload } = useApi<RecallDashboard>(`/api/recalls/${recallId}/dashboard`);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const n = (value: number | null | undefined) => format.number(Number(value ?? 0));
  const pct = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${format.number(Math.round(share * 1000) / 10)} %`);
  const duration = (ms: number | null) => (ms === null ? t('recalls.notYet') : ms < 10_000 ? `${format.number(ms)} ms` : `${format.number(Math.round(ms / 1000))} s`);
  const retention = data.retention;
  return (
    <>
      <div className="stat-grid">
        <StatCard label={t('recalls.blockedAfter')} value={duration(data.speed.all_lots_blocked_after_ms)} />
        <StatCard label={t('recalls.messagesSentAfter')} value={duration(data.speed.all_messages_sent_after_ms)} />
        <StatCard label={t('recalls.within24h')} value={pct(data.compensation.share_within_24h)} hint={t('recalls.offers', { count: data.compensation.offers })} />
        <StatCard label={t('recalls.unitsReturned')} value={`${n(data.units.returned)} / ${n(data.units.sold)}`} hint={pct(data.units.recovery_rate)} />
        <StatCard label={t('recalls.opened')} value={n(data.response.opened)} hint={`${t('recalls.clicked')}: ${n(data.response.clicked)}`} />
        <StatCard label={t('recalls.claims')} value={n(data.response.claims.total)} hint={`${t('recalls.claimStatus.approved')}: ${n(data.response.claims.approved)} · ${t('recalls.claimStatus.review')}: ${n(data.response.claims.review)}`} />
        <StatCard label={t('recalls.vouchersRedeemed')} value={n(data.response.vouchers_redeemed)} />
      </div>
      <NoticesPanel recallId={recallId} notices={data.notices} canWrite={canWrite} onResent={reload} />
      <StoreConfirmationsPanel recallId={recallId} active={data.recall.status === 'active'} />
      <EffectivenessPanel recallId={recallId} canWrite={canWrite} />
      <MarkingPanel recallId={recallId} canWrite={canWrite} />
      <PossiblyAffectedPanel recallId={recallId} possibly={data.possibly_affected} canWrite={canWrite && data.recall.status === 'active'} onSent={reload} />
      <div className="card-grid section">
        <section className="card" aria-labelledby="reach-title">
          <h2 id="reach-title">{t('recalls.reachByChain')}</h2>
          <Chart
            summary={data.reach.by_chain.map((c) => `${c.chain}: ${c.reached}/${c.consumers}`).join('; ')}
            option={bars(data.reach.by_chain.map((c) => c.chain), [
              { name: t('recalls.consumers'), data: data.reach.by_chain.map((c) => c.consumers) },
              { name: t('recalls.reached'), data: data.reach.by_chain.map((c) => c.reached) },
            ])}
          />
        </section>
        <section className="card" aria-labelledby="retention-title">
          <h2 id="retention-title">{t('recalls.retention')}</h2>
          {retention ? (
            <Chart
              summary={`${t('recalls.affected')}: ${pct(retention.affected.within_90_days)}; ${t('recalls.unaffected')}: ${pct(retention.unaffected.within_90_days)}`}
              option={bars(
                [30, 60, 90].map((days) => t('recalls.days', { count: days })),
                (['affected', 'unaffected'] as const).map((group) => ({
                  name: t(`recalls.${group}`),
                  data: [retention[group].within_30_days, retention[group].within_60_days, retention[group].within_90_days].map((s) => (s === null ? 0 : Math.round(s * 1000) / 10)),
                })),
                { max: 100, axisLabel: { formatter: '{value} %' } },
              )}
            />
          ) : (
            <p className="hint">{t('recalls.notYet')}</p>
          )}
          {retention && (retention.windows_open.d30 || retention.windows_open.d90) ? <p className="hint">{t('recalls.windowsOpen')}</p> : null}
        </section>
      </div>
      <section className="card section" aria-labelledby="cost-title">
        <h2 id="cost-title">{t('recalls.costVsEstimate')}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('recalls.currency')}</th>
              <th scope="col" className="num">{t('recalls.cost')}</th>
              <th scope="col" className="num">{t('recalls.estimate')}</th>
            </tr>
          </thead>
          <tbody>
            {data.compensation.by_currency.map((c) => (
              <tr key={c.currency}>
                <td>{c.currency}</td>
                <td className="num">{format.money(c.total_minor, c.currency)}</td>
                <td className="num">{c.estimated_minor === null ? '—' : format.money(c.estimated_minor, c.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="data-table">
          <caption className="visually-hidden">{t('recalls.reachByChannel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recalls.channel')}</th>
              {(['queued', 'sent', 'delivered', 'opened', 'clicked', 'failed'] as const).map((k) => (
                <th key={k} scope="col" className="num">
                  {t(`recalls.msg.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.reach.by_channel.map((c) => (
              <tr key={c.channel}>
                <td>{c.channel}</td>
                {(['queued', 'sent', 'delivered', 'opened', 'clicked', 'failed'] as const).map((k) => (
                  <td key={k} className="num">
                    {n(c[k])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ClaimsView({ recallId, canPay }: { recallId: number; canPay: boolean }) {
  const { t, tOr, format } = useI18n();
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [limit, setLimit] = useState(50);
  const [payoutError, setPayoutError] = useState<Error>();
  const claims = useApi<Paged<Claim>>(`/api/recalls/${recallId}/claims${queryString({ status: status || undefined, limit, offset })}`);
  const batches = useApi<{ id: number; created_at: string; created_by: string; claims: number; totals: { currency: string; total_minor: number }[] }[]>(`/api/recalls/${recallId}/payouts`);

  async function exportPayouts() {
    setPayoutError(undefined);
    const response = await fetch(`/api/recalls/${recallId}/payouts`, { method: 'POST', credentials: 'same-origin' });
    if (!response.ok) {
      const problem = (await response.json()) as { detail?: string; title: string };
      setPayoutError(new Error(problem.detail ?? problem.title));
      return;
    }
    // The CSV goes to the user as a file; the batch stays downloadable from the list.
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: `recall-${recallId}-payouts-${response.headers.get('x-payout-batch')}.csv` });
    link.click();
    URL.revokeObjectURL(url);
    claims.reload();
    batches.reload();
  }

  const columns: Column<Claim>[] = [
    { key: 'reference', header: t('recalls.claimReference'), render: (c) => <code>{c.reference}</code> },
    { key: 'name', header: t('recalls.claimant'), render: (c) => `${c.name}${c.email ? ` · ${c.email}` : c.phone ? ` · ${c.phone}` : ''}` },
    { key: 'unit', header: t('recalls.lot'), render: (c) => `${c.lot ?? '—'} × ${c.quantity}` },
    { key: 'requested', header: t('recalls.requested'), render: (c) => tOr(`recalls.requested.${c.requested}`, c.requested) },
    { key: 'value', header: t('recalls.value'), align: 'end', render: (c) => format.money(c.value_minor, c.currency) },
    { key: 'status', header: t('recalls.status'), render: (c) => <Badge tone={CLAIM_STATUS_TONE[c.status] ?? 'neutral'}>{tOr(`recalls.claimStatus.${c.status}`, c.status)}</Badge> },
    { key: 'reason', header: t('recalls.decision'), render: (c) => c.decision_reason ?? '—' },
    { key: 'paid', header: t('recalls.payout'), render: (c) => (c.voucher_code ? <code>{c.voucher_code}</code> : c.payout_batch_id ? `#${c.payout_batch_id}` : '—') },
    { key: 'submitted', header: t('recalls.submitted'), render: (c) => format.dateTime(c.submitted_at) },
  ];
  return (
    <>
      <form className="filters" role="search" aria-label={t('recalls.claims')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="claim-status">{t('recalls.status')}</label>
          <select id="claim-status" value={status} onChange={(e) => { setStatus(e.target.value); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {(['approved', 'review', 'rejected'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`recalls.claimStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {canPay ? (
          <button type="button" className="button button-primary" onClick={() => void exportPayouts()}>
            {t('recalls.exportPayouts')}
          </button>
        ) : null}
      </form>
      <ErrorMessage error={claims.error ?? payoutError} />
      <DataTable caption={t('recalls.claims')} columns={columns} rows={claims.data?.items} rowKey={(c) => c.id} loading={claims.loading} empty={t('recalls.noClaims')} />
      {claims.data ? <Pager total={claims.data.total} limit={limit} offset={offset} onChange={(o, l) => { setOffset(o); setLimit(l); }} /> : null}
      {batches.data?.length ? (
        <>
          <h2 className="section-title">{t('recalls.payoutBatches')}</h2>
          <ul className="activity-list">
            {batches.data.map((b) => (
              <li key={b.id}>
                {canPay ? <a href={`/api/recalls/${recallId}/payouts/${b.id}`}>#{b.id}</a> : `#${b.id}`} · {format.dateTime(b.created_at)} · {b.created_by} ·{' '}
                {t('recalls.claimsCount', { count: b.claims })} · {b.totals.map((x) => format.money(x.total_minor, x.currency)).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
