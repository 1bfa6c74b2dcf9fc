import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';
import { reasonLabel, type WinbackReason } from './WinbackReasonsPage.tsx';
import './winback.css';

interface Customer360 {
  customer: { id: number; name: string; email: string | null; phone: string | null; tier: string; language: string };
  orders: { id: number; external_id: string; ordered_at: string; currency: string; total_minor: number | string }[];
}
type Row = Record<string, unknown>;
interface History {
  messages: Row[];
  complaints: Row[];
  recalls: Row[];
  delivery_problems: Row[];
  winbacks: Row[];
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * Beside a win-back task: the customer 360 in brief (profile and orders, linked to the full
 * page), the messages sent to them, complaints and who handled them, recalls and delivery
 * problems that touched them, earlier win-backs (W4).
 */
export function WinbackCustomerHistory({ customerId }: { customerId: number }) {
  const { t, format } = useI18n();
  const view = useApi<Customer360>(`/api/customers/${customerId}`);
  const history = useApi<History>(`/api/winback/customers/${customerId}/history`);
  const list = (title: string, rows: Row[] | undefined, render: (row: Row) => React.ReactNode) => (
    <>
      <h3>{title}</h3>
      {rows?.length ? <ul className="small">{rows.slice(0, 8).map((row, i) => <li key={i}>{render(row)}</li>)}</ul> : <p className="muted small">{t('wbTask.none')}</p>}
    </>
  );
  const orders = view.data?.orders ?? [];
  return (
    <section className="card winback-history" aria-labelledby="wb-history-heading">
      <h2 id="wb-history-heading">{t('wbTask.history')}</h2>
      <ErrorMessage error={view.error ?? history.error} />
      {view.data ? (
        <p>
          <strong>{view.data.customer.name}</strong>{' '}
          <span className="muted small">{[view.data.customer.email, view.data.customer.phone].filter(Boolean).join(' · ')}</span>
          <Link className="block small" to={`/customers/${customerId}`}>{t('wbTask.open360')}</Link>
        </p>
      ) : null}
      {list(`${t('wbTask.orders')} (${orders.length})`, orders as unknown as Row[], (o) => (
        <>{format.date(str(o.ordered_at))} · <code>{str(o.external_id)}</code> · {format.money(o.total_minor as number, str(o.currency))}</>
      ))}
      {list(t('wbTask.complaints'), history.data?.complaints, (c) => (
        <>
          {format.date(str(c.received_at))} · <Link to={`/cases/${str(c.case_id)}`}>{str(c.reference)}</Link> · {str(c.category)} · <Badge tone="neutral">{str(c.status)}</Badge>
          <span className="block muted">{t('wbTask.handledBy', { who: [c.owner, ...((c.handled_by as string[]) ?? [])].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(', ') || '—' })}</span>
        </>
      ))}
      {list(t('wbTask.messages'), history.data?.messages, (m) => <>{format.dateTime(str(m.created_at))} · {str(m.template_key)} · {str(m.channel)} · {str(m.status)}</>)}
      {list(t('wbTask.recalls'), history.data?.recalls, (r) => <>{str(r.reference)} · {str(r.title)} · {str(r.status)}</>)}
      {list(t('wbTask.deliveries'), history.data?.delivery_problems, (d) => <>{str(d.order_external_id)} · {str(d.carrier)} · {str(d.problem)}</>)}
      {list(t('wbTask.winbacks'), history.data?.winbacks, (w) => <>{format.date(str(w.started_at))} · {str(w.reason) || '—'} · {str(w.outcome ?? w.status)}</>)}
    </section>
  );
}

interface Option { value: string; label: string; next?: string; reason?: string }
interface Question { key: string; text: string; type: 'choice' | 'text'; options?: Option[]; next?: string; reason?: string }

/** The call script, walked question by question as the customer answers (W5); the answers are recorded on the customer. */
export function WinbackCallScript({ journeyId }: { journeyId: number }) {
  const { t, lang } = useI18n();
  const script = useApi<{ version: number; script: { questions: Question[] } }>('/api/winback/call-script');
  const reasons = useApi<{ items: WinbackReason[] }>('/api/winback/reasons');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const [recorded, setRecorded] = useState<string>();
  if (!script.data) return <ErrorMessage error={script.error} />;
  const questions = script.data.script.questions;
  // Walk the answers given so far to the question asked now, or to the reason reached.
  let current: Question | undefined = questions[0];
  let reached: string | undefined;
  const path: { q: Question; answer: string }[] = [];
  while (current && answers[current.key] !== undefined) {
    const given = answers[current.key]!;
    const way: { next?: string; reason?: string } | undefined = current.type === 'choice' ? current.options?.find((o) => o.value === given) : current;
    path.push({ q: current, answer: current.type === 'choice' ? (current.options?.find((o) => o.value === given)?.label ?? given) : given });
    if (way?.reason) {
      reached = way.reason;
      current = undefined;
    } else current = questions.find((q) => q.key === way?.next);
  }
  const labelOf = (key: string) => {
    const reason = reasons.data?.items.find((r) => r.key === key);
    return reason ? reasonLabel(reason, lang) : key;
  };
  async function record() {
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await api<{ reason: string }>(`/api/winback/journeys/${journeyId}/call-answers`, { method: 'POST', body: { answers } });
      setRecorded(result.reason);
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card winback-script" aria-labelledby="wb-script-heading">
      <h2 id="wb-script-heading">{t('wbScript.title')}</h2>
      <ol className="small">
        {path.map(({ q, answer }) => <li key={q.key}>{q.text} — <strong>{answer}</strong></li>)}
      </ol>
      {current ? (
        <fieldset>
          <legend>{current.text}</legend>
          {current.type === 'choice' ? (
            current.options?.map((o) => (
              <button key={o.value} type="button" className="button" onClick={() => setAnswers({ ...answers, [current!.key]: o.value })}>{o.label}</button>
            ))
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) { setAnswers({ ...answers, [current!.key]: text.trim() }); setText(''); } }}>
              <textarea value={text} onChange={(e) => setText(e.target.value)} aria-label={t('wbScript.answer')} rows={3} maxLength={4000} />
              <button type="submit" className="button">{t('wbScript.answer')}</button>
            </form>
          )}
        </fieldset>
      ) : null}
      {reached ? (
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void record()}>{t('wbScript.record')}</button>
        </div>
      ) : null}
      {recorded ? <p className="alert alert-success" role="status">{t('wbScript.recorded', { reason: labelOf(recorded) })}</p> : null}
      {path.length ? <button type="button" className="button button-link" onClick={() => { setAnswers({}); setRecorded(undefined); }}>{t('wbScript.restart')}</button> : null}
      <ErrorMessage error={failure} />
    </section>
  );
}
