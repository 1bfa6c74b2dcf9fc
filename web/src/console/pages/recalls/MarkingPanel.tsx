import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';

interface Code { cis: string; outcome: 'pending' | 'withdrawn' | 'failed'; status_before: string | null; status: string | null; document_id: string | null; error: string | null }
interface Marking { enabled: boolean; withdrawn: number; pending: number; failed: number; codes: Code[] }

const TONE = { withdrawn: 'success', pending: 'warning', failed: 'danger' } as const;

/**
 * Issue 16.9: the recall's marked units in Chestny ZNAK — taken out of circulation, per code
 * withdrawn / pending / failed with the status the marking system reports and why it failed.
 */
export function MarkingPanel({ recallId, canWrite }: { recallId: number; canWrite: boolean }) {
  const { t } = useI18n();
  const { data, error, reload } = useApi<Marking>(`/api/recalls/${recallId}/marking`);
  const action = useAction();
  if (error) return <ErrorMessage error={error} />;
  if (!data || (!data.enabled && !data.codes.length)) return null;
  const run = async (what: 'withdraw' | 'check') => {
    if (await action.run(() => api(`/api/recalls/${recallId}/marking/${what}`, { method: 'POST', body: {} }))) reload();
  };
  return (
    <section className="card section" aria-labelledby="marking-title">
      <h2 id="marking-title">{t('recalls.marking.title')}</h2>
      <ErrorMessage error={action.error} />
      <p>
        <Badge tone="success">{t('recalls.marking.withdrawn', { n: data.withdrawn })}</Badge>{' '}
        <Badge tone="warning">{t('recalls.marking.pending', { n: data.pending })}</Badge>{' '}
        <Badge tone="danger">{t('recalls.marking.failed', { n: data.failed })}</Badge>
      </p>
      {canWrite && data.enabled ? (
        <div className="form-row">
          <button type="button" onClick={() => run('withdraw')} disabled={action.busy}>{t('recalls.marking.withdraw')}</button>{' '}
          <button type="button" className="secondary" onClick={() => run('check')} disabled={action.busy || !data.codes.length}>{t('recalls.marking.check')}</button>
        </div>
      ) : null}
      {data.codes.length ? (
        <table className="table">
          <thead>
            <tr><th>{t('recalls.marking.code')}</th><th>{t('recalls.marking.outcome')}</th><th>{t('recalls.marking.status')}</th><th>{t('recalls.marking.document')}</th><th>{t('recalls.marking.reason')}</th></tr>
          </thead>
          <tbody>
            {data.codes.map((c) => (
              <tr key={c.cis}>
                <td><code>{c.cis}</code></td>
                <td><Badge tone={TONE[c.outcome]}>{t(`recalls.marking.outcome.${c.outcome}`)}</Badge></td>
                <td>{c.status_before && c.status_before !== c.status ? `${c.status_before} → ${c.status ?? '—'}` : c.status ?? '—'}</td>
                <td>{c.document_id ?? '—'}</td>
                <td>{c.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="hint">{t('recalls.marking.none')}</p>}
    </section>
  );
}
