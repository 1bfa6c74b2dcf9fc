import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';

interface RetentionView {
  policy: { kind: string; keep_days: number | null; updated_at: string; updated_by: string }[];
  next_run: string;
  last_run: { id: number; started_at: string; trigger: string; counts: Record<string, Record<string, number>> } | null;
}

/** Settings → Privacy: how long each kind of personal data is kept (decision 032), the next run and what the last one removed. */
export function PrivacyPage() {
  const { t, tOr, format } = useI18n();
  const { data, error, reload } = useApi<RetentionView>('/api/privacy/retention');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await fn();
      setDraft({});
      reload();
    } catch (failure) {
      setActionError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(() => api('/api/privacy/retention', { method: 'PUT', body: Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)])) }));
  const runNow = () => act(() => api('/api/privacy/retention/run', { method: 'POST' }));

  return (
    <>
      <PageHeader title={t('privacy.settingsTitle')} subtitle={t('privacy.settingsSubtitle')} />
      {error ? <ErrorMessage error={error} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {!data ? <p role="status">{t('common.loading')}</p> : (
        <>
          <section className="card section" aria-labelledby="retention-heading">
            <h2 id="retention-heading">{t('privacy.retention')}</h2>
            <div className="table-wrap"><table className="data-table">
              <thead><tr><th>{t('privacy.kind')}</th><th>{t('privacy.keepDays')}</th><th>{t('privacy.changed')}</th></tr></thead>
              <tbody>
                {data.policy.map((p) => (
                  <tr key={p.kind}>
                    <td>{tOr(`privacy.kind.${p.kind}`, p.kind)}</td>
                    <td>
                      <input type="number" min={1} max={36500} aria-label={`${tOr(`privacy.kind.${p.kind}`, p.kind)}: ${t('privacy.keepDays')}`}
                        value={draft[p.kind] ?? (p.keep_days === null ? '' : String(p.keep_days))}
                        placeholder={p.keep_days === null ? t('privacy.forever') : undefined}
                        onChange={(e) => setDraft({ ...draft, [p.kind]: e.target.value })} />
                    </td>
                    <td className="muted small">{format.dateTime(p.updated_at)} · {p.updated_by}</td>
                  </tr>
                ))}
              </tbody>
            </table></div>
            <p>
              <button type="button" className="button button-primary" disabled={busy || !Object.keys(draft).length} onClick={save}>{t('common.save')}</button>
            </p>
          </section>
          <section className="card section" aria-labelledby="runs-heading">
            <h2 id="runs-heading">{t('privacy.runs')}</h2>
            <p>{t('privacy.nextRun', { date: format.dateTime(data.next_run) })}</p>
            {data.last_run ? (
              <>
                <p>{t('privacy.lastRun', { date: format.dateTime(data.last_run.started_at) })}</p>
                <ul>
                  {Object.entries(data.last_run.counts).flatMap(([kind, counts]) => Object.entries(counts).map(([what, n]) => (
                    <li key={`${kind}.${what}`}>{tOr(`privacy.kind.${kind}`, kind)}: {what.replace(/_/g, ' ')} — {format.number(n)}</li>
                  )))}
                </ul>
              </>
            ) : <p className="muted">{t('privacy.neverRun')}</p>}
            <button type="button" className="button" disabled={busy} onClick={runNow}>{t('privacy.runNow')}</button>
          </section>
        </>
      )}
    </>
  );
}
