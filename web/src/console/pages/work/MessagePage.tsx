import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { MESSAGE_STATUS_TONE, type OutboxMessage } from './MessagesPage.tsx';
import '../../work.css';

/** One outbox message: why it exists, where it went and what became of it. */
export function MessagePage() {
  const { id } = useParams();
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<OutboxMessage & { variables: Record<string, unknown> | null; masked?: boolean }>(`/api/comms/messages/${encodeURIComponent(id ?? '')}`);
  const [retryError, setRetryError] = useState<Error>();
  const [retried, setRetried] = useState(false);

  if (error) {
    return (
      <>
        <PageHeader title={error instanceof ApiError && error.status === 404 ? t('message.notFound') : t('messages.title')} />
        <ErrorMessage error={error} />
        <Link to="/messages">{t('message.back')}</Link>
      </>
    );
  }
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const m = data;
  const dead = m.status === 'failed' || m.status === 'bounced';

  async function retry() {
    setRetryError(undefined);
    try {
      await api(`/api/comms/messages/${m.id}/retry`, { method: 'POST' });
      setRetried(true);
      reload();
    } catch (failure) {
      setRetryError(failure as Error);
    }
  }

  const when = (value: string | null) => (value ? format.dateTime(value) : '—');
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/messages">{t('messages.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{m.id}</span>
      </nav>
      <PageHeader
        title={t('message.title', { id: m.id })}
        subtitle={
          <>
            <Badge tone={MESSAGE_STATUS_TONE[m.status]}>{tOr(`messageStatus.${m.status}`, m.status)}</Badge> {tOr(`channel.${m.channel}`, m.channel)}
            {m.recipient ? ` · ${m.recipient}` : ''}
          </>
        }
        actions={
          dead && can('comms:write') ? (
            <button type="button" className="button button-primary" onClick={() => void retry()}>
              {t('messages.retry')}
            </button>
          ) : null
        }
      />
      {retried ? (
        <div className="alert alert-success" role="status">
          {t('messages.retried', { count: 1 })}
        </div>
      ) : null}
      <ErrorMessage error={retryError} />
      {m.status_reason ? <p className={`alert ${dead ? 'alert-error' : 'alert-warning'}`}>{m.status_reason}</p> : null}
      <div className="card-grid">
        <section className="card" aria-labelledby="message-delivery-heading">
          <h2 id="message-delivery-heading">{t('message.delivery')}</h2>
          <dl className="details work-details">
            <dt>{t('messages.created')}</dt>
            <dd>{when(m.created_at)}</dd>
            <dt>{t('message.sent')}</dt>
            <dd>{when(m.sent_at)}</dd>
            <dt>{t('message.delivered')}</dt>
            <dd>{when(m.delivered_at)}</dd>
            <dt>{t('message.opened')}</dt>
            <dd>{when(m.opened_at)}</dd>
            <dt>{t('message.clicked')}</dt>
            <dd>{when(m.clicked_at)}</dd>
            <dt>{t('messages.failed')}</dt>
            <dd>{when(m.failed_at)}</dd>
            <dt>{t('messages.attempts')}</dt>
            <dd>
              {format.number(m.attempts)}
              {m.interrupted_attempts ? ` (${t('message.interrupted')}: ${format.number(m.interrupted_attempts)})` : ''}
            </dd>
            {m.status === 'queued' ? (
              <>
                <dt>{t('message.nextAttempt')}</dt>
                <dd>{when(m.next_attempt_at)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="message-why-heading">
          <h2 id="message-why-heading">{t('message.why')}</h2>
          <dl className="details work-details">
            <dt>{t('messages.reason')}</dt>
            <dd>{m.reason ?? '—'}</dd>
            <dt>{t('messages.campaign')}</dt>
            <dd>{m.campaign ?? '—'}</dd>
            <dt>{t('messages.template')}</dt>
            <dd>{m.template_key ? <Link to={`/templates/${encodeURIComponent(m.template_key)}/${m.language ?? 'en'}`}>{m.template_key}</Link> : (m.event ?? '—')}</dd>
            <dt>{t('message.customer')}</dt>
            <dd>{m.customer_id !== null ? <Link to={`/customers/${m.customer_id}`}>#{m.customer_id}</Link> : '—'}</dd>
            {m.resource_type ? (
              <>
                <dt>{t('message.resource')}</dt>
                <dd>
                  {m.resource_type} {m.resource_id}
                </dd>
              </>
            ) : null}
            <dt>{t('message.language')}</dt>
            <dd>{m.language ? tOr(`language.${m.language}`, m.language) : '—'}</dd>
            <dt>{t('message.safety')}</dt>
            <dd>{m.safety ? t('message.yes') : t('message.no')}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="message-ids-heading">
          <h2 id="message-ids-heading">{t('message.variables')}</h2>
          {m.masked ? (
            <p className="alert alert-info" data-testid="message-masked">
              {t('message.masked')}
            </p>
          ) : null}
          <dl className="details work-details">
            <dt>{t('message.idempotencyKey')}</dt>
            <dd>
              <code>{m.idempotency_key}</code>
            </dd>
            <dt>{t('message.messageId')}</dt>
            <dd>{m.message_id ? <code>{m.message_id}</code> : '—'}</dd>
            <dt>{t('message.providerId')}</dt>
            <dd>{m.provider_id ? <code>{m.provider_id}</code> : '—'}</dd>
            {Object.entries(m.variables ?? {}).map(([key, value]) => (
              <div key={key} className="details-row">
                <dt>
                  <code>{key}</code>
                </dt>
                <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </>
  );
}
