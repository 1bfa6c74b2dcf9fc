import { useEffect } from 'react';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useI18n } from '../../i18n.ts';

interface PartnerConfirmation {
  partner: string;
  status: 'confirmed' | 'pending' | 'escalated';
  stores: number;
  stores_confirmed: number;
  stores_none_on_hand: number;
  stores_pending: { external_id: string; name: string }[];
  units_delivered: number;
  units_removed: number;
  reminded_at: string | null;
  escalated_at: string | null;
  escalated_to: string | null;
}

interface Confirmations {
  summary: { partners: { confirmed: number; pending: number; escalated: number }; stores: { total: number; answered: number }; units_delivered: number; units_removed: number };
  partners: PartnerConfirmation[];
}

/** How often the panel asks again: stores confirm from their links while the manager watches. */
const REFRESH_MS = 10_000;

/**
 * Issue 16.4: per partner, whether its stores confirmed the removal (with units counted) or
 * stayed silent, who was reminded and to whom a silent one was escalated; units removed
 * against units delivered. Refreshed while open, so confirmations appear as they come in.
 */
export function StoreConfirmationsPanel({ recallId, active }: { recallId: number; active: boolean }) {
  const { t, format } = useI18n();
  const { data, error, reload } = useApi<Confirmations>(`/api/recalls/${recallId}/store-confirmations`);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, reload]);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  const tone = { confirmed: 'success', pending: 'neutral', escalated: 'danger' } as const;
  const s = data.summary;
  const when = (iso: string | null) => (iso ? format.dateTime(iso) : '—');
  return (
    <section className="card section" aria-labelledby="confirmations-title">
      <h2 id="confirmations-title">{t('recalls.confirm.title')}</h2>
      <div className="stat-grid">
        <StatCard label={t('recalls.confirm.status.confirmed')} value={format.number(s.partners.confirmed)} hint={t('recalls.confirm.storesAnswered', { answered: s.stores.answered, total: s.stores.total })} />
        <StatCard label={t('recalls.confirm.status.pending')} value={format.number(s.partners.pending)} />
        <StatCard label={t('recalls.confirm.status.escalated')} value={format.number(s.partners.escalated)} />
        <StatCard label={t('recalls.confirm.removedOfDelivered')} value={`${format.number(s.units_removed)} / ${format.number(s.units_delivered)}`} />
      </div>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls.partners.partner')}</th>
            <th scope="col">{t('recalls.status')}</th>
            <th scope="col" className="num">{t('recalls.confirm.stores')}</th>
            <th scope="col" className="num">{t('recalls.confirm.removed')}</th>
            <th scope="col">{t('recalls.confirm.silent')}</th>
            <th scope="col">{t('recalls.confirm.followUp')}</th>
          </tr>
        </thead>
        <tbody>
          {data.partners.map((p) => (
            <tr key={p.partner}>
              <td>{p.partner}</td>
              <td>
                <Badge tone={tone[p.status]}>{t(`recalls.confirm.status.${p.status}`)}</Badge>
              </td>
              <td className="num">{t('recalls.confirm.storesRow', { confirmed: p.stores_confirmed, none: p.stores_none_on_hand, total: p.stores })}</td>
              <td className="num">{`${format.number(p.units_removed)} / ${format.number(p.units_delivered)}`}</td>
              <td>{p.stores_pending.length ? p.stores_pending.map((x) => x.name).join(', ') : '—'}</td>
              <td>
                {p.reminded_at ? `${t('recalls.confirm.reminded')} ${when(p.reminded_at)}` : null}
                {p.escalated_at ? ` · ${t('recalls.confirm.escalatedTo', { to: p.escalated_to ?? '—' })} ${when(p.escalated_at)}` : null}
                {!p.reminded_at && !p.escalated_at ? '—' : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
