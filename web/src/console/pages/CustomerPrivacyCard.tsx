import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { useApi } from '../../shared/useApi.ts';
import { useAuth } from '../auth.tsx';
import { Badge, type Tone } from '../components/Badge.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n.ts';

interface ErasureRequest {
  id: number;
  status: 'identity_check' | 'rejected' | 'erased' | 'confirmed';
  received_at: string;
  due_at: string;
  erased_at: string | null;
  confirmed_at: string | null;
  instance_id: number | null;
}

const STATUS_TONE: Record<ErasureRequest['status'], Tone> = { identity_check: 'warning', rejected: 'neutral', erased: 'info', confirmed: 'success' };

/** The customer's data-subject requests (issue 18): take everything we hold, or have it erased. For privacy:manage only. */
export function CustomerPrivacyCard({ customerId }: { customerId: number }) {
  const { can } = useAuth();
  if (!can('privacy:manage')) return null;
  return <PrivacyCard customerId={customerId} />;
}

function PrivacyCard({ customerId }: { customerId: number }) {
  const { t, format } = useI18n();
  const { data, error, reload } = useApi<ErasureRequest[]>(`/api/privacy/customers/${customerId}/erasure-requests`);
  const [busy, setBusy] = useState(false);
  const [requestError, setRequestError] = useState<Error>();
  const open = data?.find((r) => r.status === 'identity_check');
  const requestErasure = async () => {
    if (!window.confirm(t('privacy.confirmRequest'))) return;
    setBusy(true);
    setRequestError(undefined);
    try {
      await api(`/api/privacy/customers/${customerId}/erasure-requests`, { method: 'POST', body: {} });
      reload();
    } catch (failure) {
      setRequestError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const exportUrl = `/api/privacy/customers/${customerId}/export`;
  return (
    <section className="card section" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t('privacy.heading')}</h2>
      <p className="muted">{t('privacy.intro')}</p>
      <p>
        <a className="button" href={exportUrl} download>{t('privacy.download')}</a>{' '}
        <a href={`${exportUrl}?format=html`} target="_blank" rel="noreferrer">{t('privacy.viewPage')}</a>{' '}
        <button type="button" className="button" onClick={requestErasure} disabled={busy || !!open}>
          {busy ? t('privacy.requesting') : t('privacy.requestErasure')}
        </button>
      </p>
      {requestError ? <ErrorMessage error={requestError} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {data?.length ? (
        <ul className="consent-list">
          {data.map((r) => (
            <li key={r.id}>
              <span>{t('privacy.request', { id: r.id })}</span>{' '}
              <Badge tone={STATUS_TONE[r.status]}>{t(`privacy.status.${r.status}` as never)}</Badge>{' '}
              <span className="muted small">
                {t('privacy.received', { date: format.date(r.received_at) })}
                {r.status === 'identity_check' ? ` · ${t('privacy.due', { date: format.date(r.due_at) })}` : ''}
                {r.erased_at ? ` · ${t('privacy.erasedOn', { date: format.date(r.erased_at) })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
