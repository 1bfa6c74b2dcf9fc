import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';

type Level = 'A' | 'B' | 'C' | 'D' | 'E';
interface Tally { population: number | null; sampled: number; verified: number; pending: number; received_and_acted: number; not_received: number; received_not_acted: number }
interface Party { id: number; kind: 'consignee' | 'consumer'; label: string; status: 'pending' | 'verified_by_record' | 'verified'; received: boolean | null; acted: boolean | null; method: string | null; note: string | null; records: { evidence: string | null } }
interface Check { level: Level; share_percent: number; seed: number | null; drawn_at: string | null; outcome: keyof typeof OUTCOME_TONE; consignees: Tally; consumers: Tally; parties: Party[] }

const OUTCOME_TONE = { effective: 'success', ineffective: 'danger', in_progress: 'warning', not_drawn: 'neutral', not_required: 'neutral' } as const;

/**
 * Issue 16.5: the recall's effectiveness check as the FDA levels it — the manager chooses the
 * level, draws the sample once, and records per sampled party whether the notice reached them
 * and whether they acted; store confirmations verify consignees by record.
 */
export function EffectivenessPanel({ recallId, canWrite }: { recallId: number; canWrite: boolean }) {
  const { t, format } = useI18n();
  const { data, error, reload } = useApi<{ check: Check | null }>(`/api/recalls/${recallId}/effectiveness`);
  const action = useAction();
  const [level, setLevel] = useState<Level>('C');
  const [share, setShare] = useState('25');
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  const check = data.check;

  async function choose() {
    const body = level === 'B' ? { level, share_percent: Number(share) } : { level };
    if (await action.run(() => api(`/api/recalls/${recallId}/effectiveness`, { method: 'PUT', body }))) reload();
  }
  async function draw() {
    if (await action.run(() => api(`/api/recalls/${recallId}/effectiveness/sample`, { method: 'POST', body: {} }))) reload();
  }
  async function verify(party: Party, received: boolean, acted: boolean) {
    if (await action.run(() => api(`/api/recalls/${recallId}/effectiveness/sample/${party.id}`, { method: 'PUT', body: { received, acted, method: party.kind === 'consignee' ? 'visit' : 'phone' } }))) reload();
  }
  const tally = (name: string, x: Tally) => t('recalls.eff.tally', { name, sampled: x.sampled, population: x.population ?? 0, verified: x.verified, ok: x.received_and_acted, pending: x.pending });

  return (
    <section className="card section" aria-labelledby="effectiveness-title">
      <h2 id="effectiveness-title">{t('recalls.eff.title')}</h2>
      <ErrorMessage error={action.error} />
      {check ? (
        <p>
          <strong>{t(`recalls.eff.level.${check.level}`, { share: check.share_percent })}</strong>{' '}
          <Badge tone={OUTCOME_TONE[check.outcome]}>{t(`recalls.eff.outcome.${check.outcome}`)}</Badge>
          {check.drawn_at ? ` · ${t('recalls.eff.drawn', { when: format.dateTime(check.drawn_at), seed: check.seed ?? '' })}` : null}
        </p>
      ) : (
        <p className="hint">{t('recalls.eff.none')}</p>
      )}
      {canWrite && !check?.drawn_at ? (
        <div className="form-row">
          <label>
            {t('recalls.eff.chooseLevel')}{' '}
            <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>
              {(['A', 'B', 'C', 'D', 'E'] as const).map((l) => <option key={l} value={l}>{t(`recalls.eff.level.${l}`, { share: l === 'B' ? share : '' })}</option>)}
            </select>
          </label>{' '}
          {level === 'B' ? <label>{t('recalls.eff.share')} <input type="number" min={11} max={99} value={share} onChange={(e) => setShare(e.target.value)} /></label> : null}{' '}
          <button type="button" className="button" disabled={action.busy} onClick={() => void choose()}>{t('recalls.eff.save')}</button>{' '}
          {check && check.level !== 'E' ? <button type="button" className="button button-primary" disabled={action.busy} onClick={() => void draw()}>{t('recalls.eff.draw')}</button> : null}
        </div>
      ) : null}
      {check?.drawn_at ? (
        <>
          <p>{tally(t('recalls.eff.consignees'), check.consignees)}<br />{tally(t('recalls.eff.consumers'), check.consumers)}</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('recalls.eff.party')}</th>
                <th scope="col">{t('recalls.status')}</th>
                <th scope="col">{t('recalls.eff.evidence')}</th>
                {canWrite ? <th scope="col">{t('recalls.eff.record')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {check.parties.map((p) => (
                <tr key={p.id}>
                  <td>{`${t(`recalls.eff.kind.${p.kind}`)}: ${p.label}`}</td>
                  <td>
                    <Badge tone={p.status === 'pending' ? 'neutral' : p.received && p.acted ? 'success' : 'danger'}>{t(`recalls.eff.status.${p.status}`)}</Badge>
                    {p.status !== 'pending' && !(p.received && p.acted) ? ` ${p.received ? t('recalls.eff.didNotAct') : t('recalls.eff.notReached')}` : null}
                  </td>
                  <td>{p.records.evidence ?? p.note ?? '—'}</td>
                  {canWrite ? (
                    <td>
                      <button type="button" className="button" disabled={action.busy} onClick={() => void verify(p, true, true)}>{t('recalls.eff.actedButton')}</button>{' '}
                      <button type="button" className="button" disabled={action.busy} onClick={() => void verify(p, true, false)}>{t('recalls.eff.didNotActButton')}</button>{' '}
                      <button type="button" className="button" disabled={action.busy} onClick={() => void verify(p, false, false)}>{t('recalls.eff.notReachedButton')}</button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
