import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import './winback.css';

export interface WinbackReason {
  key: string;
  labels: Record<string, string>;
  active: boolean;
  is_cause: boolean;
  state: 'open' | 'being_fixed' | 'eliminated';
  eliminated_on: string | null;
  state_note: string | null;
  state_changed_by: string | null;
  state_changed_at: string | null;
  waiting: number;
}

const STATE_TONE: Record<WinbackReason['state'], Tone> = { open: 'danger', being_fixed: 'warning', eliminated: 'success' };
const STATES = ['open', 'being_fixed', 'eliminated'] as const;

export const reasonLabel = (reason: Pick<WinbackReason, 'key' | 'labels'>, lang: string) => reason.labels[lang] ?? reason.labels.en ?? reason.key;

/** Reasons for leaving with the state of each cause and how many customers wait on it; marking one eliminated releases them (W7). */
export function WinbackReasonsPage() {
  const { t, lang, format } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<{ items: WinbackReason[] }>('/api/winback/reasons');
  return (
    <>
      <PageHeader title={t('wbReasons.title')} subtitle={t('wbReasons.subtitle')} />
      <ErrorMessage error={error} />
      {!data ? <p role="status">{t('common.loading')}</p> : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('wbReasons.reason')}</th>
                <th scope="col">{t('wbReasons.state')}</th>
                <th scope="col" className="num">{t('wbReasons.waiting')}</th>
                <th scope="col">{t('wbReasons.note')}</th>
                {can('winback:work') ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.items.filter((r) => r.active || r.waiting > 0).map((reason) => (
                <tr key={reason.key}>
                  <th scope="row">{reasonLabel(reason, lang)}</th>
                  <td>
                    {reason.is_cause ? <Badge tone={STATE_TONE[reason.state]}>{t(`wbReasons.state.${reason.state}`)}</Badge> : <span className="muted small">{t('wbReasons.notACause')}</span>}
                    {reason.eliminated_on ? <span className="block muted small">{format.date(reason.eliminated_on)}</span> : null}
                  </td>
                  <td className="num"><strong>{format.number(reason.waiting)}</strong></td>
                  <td>
                    {reason.state_note ?? ''}
                    {reason.state_changed_by ? <span className="block muted small">{reason.state_changed_by} · {format.dateTime(reason.state_changed_at!)}</span> : null}
                  </td>
                  {can('winback:work') ? <td>{reason.is_cause ? <ReasonStateForm reason={reason} onSaved={reload} /> : null}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ReasonStateForm({ reason, onSaved }: { reason: WinbackReason; onSaved: () => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<WinbackReason['state']>(reason.state);
  const [note, setNote] = useState(reason.state_note ?? '');
  const [date, setDate] = useState(reason.eliminated_on ?? '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const [outcome, setOutcome] = useState<{ released: number; failed: unknown[] }>();
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const body: Record<string, unknown> = { state, note: note || undefined };
      if (state === 'eliminated' && date) body.eliminated_on = date;
      setOutcome(await api<{ released: number; failed: unknown[] }>(`/api/winback/reasons/${reason.key}/state`, { method: 'PUT', body }));
      onSaved();
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="winback-state-form" onSubmit={(e) => void save(e)} aria-label={`${t('wbReasons.setState')} ${reason.key}`}>
      <select value={state} onChange={(e) => setState(e.target.value as WinbackReason['state'])} aria-label={t('wbReasons.state')}>
        {STATES.map((s) => <option key={s} value={s}>{t(`wbReasons.state.${s}`)}</option>)}
      </select>
      {state === 'eliminated' ? <input type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-label={t('wbReasons.eliminatedOn')} /> : null}
      <input type="text" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('wbReasons.note')} aria-label={t('wbReasons.note')} maxLength={4000} />
      <button type="submit" className="button" disabled={busy}>{t('wbReasons.setState')}</button>
      {outcome && outcome.released > 0 ? <p className="small" role="status">{t('wbReasons.released', { count: outcome.released })}</p> : null}
      {outcome && outcome.failed.length > 0 ? <p className="field-error" role="alert">{t('wbReasons.failed', { count: outcome.failed.length })}</p> : null}
      <ErrorMessage error={failure} />
    </form>
  );
}
