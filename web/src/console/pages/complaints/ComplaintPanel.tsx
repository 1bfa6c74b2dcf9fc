import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';
import './complaints.css';

export type RestlessDecisionKind = 'flagged' | 'keep_serving' | 'stop_serving' | 'cleared';
export interface RestlessDecision {
  id?: number;
  decision: RestlessDecisionKind;
  reason: string;
  score?: number;
  decided_by: string;
  decided_at: string;
}
/** A customer's restless score and its parts, as GET /api/complaints/restless and /api/complaints/{id} give it. */
export interface RestlessScore {
  customer_id: number;
  name: string;
  orders: number;
  complaints: number;
  unfounded: number;
  recent: number;
  gestures: number;
  score: number;
}
interface Gesture {
  id: number;
  value_minor: number;
  currency: string;
  reason: string;
  limit_minor: number;
  status: 'granted' | 'pending' | 'rejected';
  requested_by: string;
  decided_by: string | null;
  requested_at: string;
  decided_at: string | null;
  voucher_code: string | null;
}
interface Complaint {
  id: number;
  case_id: number;
  reference: string;
  customer_id: number | null;
  channel: string;
  category: string;
  essence: string;
  founded: boolean | null;
  resolution: string | null;
  order_currency: string | null;
  goodwill: Gesture[];
  restless: (RestlessScore & {
    decision: RestlessDecision | null;
    history: RestlessDecision[];
  }) | null;
}
interface GoodwillAnswer {
  id: number;
  status: 'granted' | 'pending';
  value_minor: number;
  currency: string;
  limit_minor: number;
  voucher: { code: string; expires_at: string } | null;
}

export const DECISION_TONE: Record<RestlessDecisionKind, Tone> = { flagged: 'warning', keep_serving: 'success', stop_serving: 'danger', cleared: 'neutral' };
const GOODWILL_TONE: Record<Gesture['status'], Tone> = { granted: 'success', pending: 'warning', rejected: 'danger' };
const DECISIONS = ['keep_serving', 'stop_serving', 'cleared'] as const;

/** How many decimals a currency's minor unit has (EUR 2, JPY 0); 2 when the code is unknown. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "5.00" or "5,5" in major units → minor units, or null when it is not a positive amount. */
export function toMinor(text: string, digits: number): number | null {
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

/** The complaint behind a case of type complaint (C4, C6): what it is about, the customer's restless score and decisions, goodwill. */
export function ComplaintPanel({ caseId, onChanged }: { caseId: number; onChanged?: () => void }) {
  const { t, tOr } = useI18n();
  const complaint = useApi<Complaint>(`/api/complaints/by-case/${caseId}`);
  const c = complaint.data;
  const changed = () => {
    complaint.reload();
    onChanged?.();
  };
  let body: ReactNode;
  if (complaint.error) {
    body = complaint.error instanceof ApiError && complaint.error.status === 404 ? <p className="muted">{t('complaint.notFound')}</p> : <ErrorMessage error={complaint.error} />;
  } else if (!c) {
    body = <p role="status">{t('common.loading')}</p>;
  } else {
    body = (
      <>
        <dl className="details work-details">
          <dt>{t('complaints.channel')}</dt>
          <dd>{tOr(`complaints.channel.${c.channel}`, c.channel)}</dd>
          <dt>{t('complaints.category')}</dt>
          <dd>{tOr(`complaints.category.${c.category}`, c.category)}</dd>
          <dt>{t('complaints.essence')}</dt>
          <dd className="pre-line">{c.essence}</dd>
          {c.founded !== null ? (
            <>
              <dt>{t('complaint.founded')}</dt>
              <dd>{c.founded ? t('complaint.founded.yes') : t('complaint.founded.no')}</dd>
            </>
          ) : null}
          {c.resolution ? (
            <>
              <dt>{t('complaint.resolution')}</dt>
              <dd className="pre-line">{c.resolution}</dd>
            </>
          ) : null}
        </dl>
        {c.restless ? <Restless complaintId={c.id} restless={c.restless} onChanged={changed} /> : <p className="muted">{t('complaint.noCustomer')}</p>}
        <Goodwill complaint={c} onChanged={changed} />
      </>
    );
  }
  return (
    <section className="card complaint-panel" aria-labelledby="complaint-panel-heading">
      <h2 id="complaint-panel-heading">
        {t('complaint.panel')} {c ? <span className="muted small">{c.reference}</span> : null}
      </h2>
      {body}
    </section>
  );
}

function DecisionLine({ decision }: { decision: RestlessDecision }) {
  const { t, tOr, format } = useI18n();
  return (
    <>
      <Badge tone={DECISION_TONE[decision.decision]}>{tOr(`complaints.decision.${decision.decision}`, decision.decision)}</Badge> <span className="pre-line">{decision.reason}</span>
      <span className="block muted small">
        {t('complaint.decisionBy', { who: decision.decided_by, when: format.dateTime(decision.decided_at), score: decision.score ?? '—' })}
      </span>
    </>
  );
}

function Restless({ complaintId, restless, onChanged }: { complaintId: number; restless: NonNullable<Complaint['restless']>; onChanged(): void }) {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const parts: [string, number][] = [
    [t('complaint.orders'), restless.orders],
    [t('complaints.count'), restless.complaints],
    [t('complaints.unfounded'), restless.unfounded],
    [t('complaints.gestures'), restless.gestures],
    [t('complaints.recent'), restless.recent],
  ];
  return (
    <div className="complaint-block">
      <h3 id="complaint-restless-heading">{t('complaint.restless')}</h3>
      <p className="restless-score">
        <meter min={0} max={100} low={40} high={70} optimum={0} value={restless.score} aria-label={t('complaint.scoreFor', { name: restless.name })} />{' '}
        <strong>{t('complaint.scoreOf', { score: restless.score })}</strong> · <Link to={`/customers/${restless.customer_id}`}>{restless.name}</Link>
      </p>
      <dl className="restless-parts">
        {parts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{format.number(value)}</dd>
          </div>
        ))}
      </dl>
      <h4>{t('complaint.currentDecision')}</h4>
      {restless.decision ? (
        <p className="restless-decision">
          <DecisionLine decision={restless.decision} />
        </p>
      ) : (
        <p className="muted">{t('complaint.noDecision')}</p>
      )}
      {restless.history.length > 1 ? (
        <>
          <h4>{t('complaint.history')}</h4>
          <ol className="plain-list restless-history">
            {restless.history.map((step, i) => (
              <li key={step.id ?? i}>
                <DecisionLine decision={step} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <div className="complaint-forms">
        {can('cases:write') ? <DecisionForm kind="flag" customerId={restless.customer_id} complaintId={complaintId} onDone={onChanged} /> : null}
        {can('complaints:decide') ? <DecisionForm kind="decide" customerId={restless.customer_id} complaintId={complaintId} onDone={onChanged} /> : null}
      </div>
    </div>
  );
}

/** Flag (anyone who works cases) or decide (a manager, recorded as the approver). */
function DecisionForm({ kind, customerId, complaintId, onDone }: { kind: 'flag' | 'decide'; customerId: number; complaintId: number; onDone(): void }) {
  const { t, tOr } = useI18n();
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>('keep_serving');
  const { busy: saving, error, run } = useAction();
  const [done, setDone] = useState<string>();
  const id = `complaint-${kind}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(undefined);
    const row = await run(() => api<{ decision: RestlessDecisionKind }>(`/api/complaints/restless/${customerId}/${kind === 'flag' ? 'flag' : 'decision'}`, {
      method: 'POST',
      body: kind === 'flag' ? { reason: reason.trim(), complaint_id: complaintId } : { decision, reason: reason.trim(), complaint_id: complaintId },
    }));
    if (!row) return;
    setReason('');
    setDone(t('complaint.recorded', { decision: tOr(`complaints.decision.${row.decision}`, row.decision) }));
    onDone();
  }
  return (
    <form className="form complaint-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h4 id={`${id}-title`}>{kind === 'flag' ? t('complaint.flagTitle') : t('complaint.decideTitle')}</h4>
      {kind === 'decide' ? (
        <div className="field">
          <label htmlFor={`${id}-decision`}>{t('complaint.decision')}</label>
          <select id={`${id}-decision`} value={decision} onChange={(e) => setDecision(e.target.value as (typeof DECISIONS)[number])}>
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {t(`complaint.decision.${d}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{kind === 'flag' ? t('complaint.flagReason') : t('complaint.decisionReason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          required
          minLength={3}
          maxLength={2000}
          value={reason}
          aria-describedby={kind === 'flag' ? `${id}-hint` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {kind === 'flag' ? (
          <span id={`${id}-hint`} className="hint">
            {t('complaint.flagHint')}
          </span>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving || reason.trim().length < 3}>
          {saving ? t('complaint.saving') : kind === 'flag' ? t('complaint.flag') : t('complaint.recordDecision')}
        </button>
      </div>
    </form>
  );
}

function Goodwill({ complaint, onChanged }: { complaint: Complaint; onChanged(): void }) {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const columns: Column<Gesture>[] = [
    {
      key: 'value',
      header: t('complaint.value'),
      align: 'end',
      render: (g) => (
        <>
          <span className="nowrap">{format.money(g.value_minor, g.currency)}</span>
          <span className="block muted small nowrap">{t('complaint.limitOf', { limit: format.money(g.limit_minor, g.currency) })}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('complaint.status'),
      render: (g) => (
        <>
          <Badge tone={GOODWILL_TONE[g.status]}>{t(`complaint.goodwillStatus.${g.status}`)}</Badge>
          {g.decided_by ? <span className="block muted small goodwill-who">{t('complaint.decidedBy', { who: g.decided_by })}</span> : null}
        </>
      ),
    },
    { key: 'reason', header: t('complaint.reason'), render: (g) => <span className="goodwill-reason">{g.reason}</span> },
    { key: 'voucher', header: t('complaint.voucher'), render: (g) => (g.voucher_code ? <code className="voucher-code">{g.voucher_code}</code> : '—') },
    { key: 'requested', header: t('complaint.requestedBy'), render: (g) => <span className="goodwill-who">{g.requested_by}</span> },
  ];
  return (
    <div className="complaint-block">
      <h3 id="complaint-goodwill-heading">{t('complaint.goodwill')}</h3>
      {/* The wrapper scrolls a wide table and can take focus, so a keyboard can scroll it too. */}
      <div className="goodwill-table" role="region" aria-labelledby="complaint-goodwill-heading" tabIndex={0}>
        <DataTable caption={t('complaint.goodwill')} columns={columns} rows={complaint.goodwill} rowKey={(g) => g.id} empty={t('complaint.noGoodwill')} />
      </div>
      {can('cases:write') && complaint.customer_id ? <GoodwillForm complaint={complaint} onDone={onChanged} /> : null}
    </div>
  );
}

function GoodwillForm({ complaint, onDone }: { complaint: Complaint; onDone(): void }) {
  const { t, format } = useI18n();
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState(complaint.order_currency ?? 'EUR');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<{ value?: string; currency?: string }>({});
  const { busy: saving, error, run } = useAction();
  const [answer, setAnswer] = useState<GoodwillAnswer>();
  const code = currency.trim().toUpperCase();
  const digits = minorDigits(code);
  const example = (5).toFixed(digits);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const minor = toMinor(value, digits);
    setAnswer(undefined);
    const problems = {
      value: minor === null ? t('complaint.badValue', { digits, example }) : undefined,
      currency: /^[A-Z]{3}$/.test(code) ? undefined : t('complaint.badCurrency'),
    };
    setInvalid(problems);
    if (problems.value || problems.currency) return;
    const result = await run(() => api<GoodwillAnswer>(`/api/complaints/${complaint.id}/goodwill`, { method: 'POST', body: { value_minor: minor, currency: code, reason: reason.trim() } }));
    if (!result) return;
    setAnswer(result);
    setValue('');
    setReason('');
    onDone();
  }
  return (
    <form className="form complaint-form" aria-labelledby="goodwill-form-title" noValidate onSubmit={(e) => void submit(e)}>
      <h4 id="goodwill-form-title">{t('complaint.gestureTitle')}</h4>
      <div className="goodwill-row">
        <div className="field">
          <label htmlFor="goodwill-value">{t('complaint.value')}</label>
          <input
            id="goodwill-value"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={invalid.value ? 'true' : undefined}
            aria-describedby={invalid.value ? 'goodwill-value-error goodwill-value-hint' : 'goodwill-value-hint'}
            onChange={(e) => setValue(e.target.value)}
          />
          {invalid.value ? (
            <span id="goodwill-value-error" className="field-error">
              {invalid.value}
            </span>
          ) : null}
        </div>
        <div className="field goodwill-currency">
          <label htmlFor="goodwill-currency">{t('complaint.currency')}</label>
          <input
            id="goodwill-currency"
            maxLength={3}
            autoComplete="off"
            spellCheck={false}
            value={currency}
            aria-invalid={invalid.currency ? 'true' : undefined}
            aria-describedby={invalid.currency ? 'goodwill-currency-error' : undefined}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          />
          {invalid.currency ? (
            <span id="goodwill-currency-error" className="field-error">
              {invalid.currency}
            </span>
          ) : null}
        </div>
      </div>
      <span id="goodwill-value-hint" className="hint">
        {t('complaint.valueHint', { currency: code || '—', example })}
      </span>
      <div className="field">
        <label htmlFor="goodwill-reason">{t('complaint.gestureReason')}</label>
        <textarea id="goodwill-reason" rows={2} minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorMessage error={error} />
      {answer ? (
        answer.status === 'granted' && answer.voucher ? (
          <p className="alert alert-success goodwill-answer" role="status">
            {t('complaint.granted', { value: format.money(answer.value_minor, answer.currency) })} <code className="voucher-code">{answer.voucher.code}</code>
          </p>
        ) : (
          <p className="alert alert-warning goodwill-answer" role="status">
            {t('complaint.pending', { value: format.money(answer.value_minor, answer.currency), limit: format.money(answer.limit_minor, answer.currency) })}
          </p>
        )
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving || reason.trim().length < 3 || !value.trim()}>
          {saving ? t('complaint.saving') : t('complaint.grant')}
        </button>
      </div>
    </form>
  );
}
