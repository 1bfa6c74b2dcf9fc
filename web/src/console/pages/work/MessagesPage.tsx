import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { api, queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DebouncedInput } from '../../components/DebouncedInput.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useI18n } from '../../i18n.ts';
import '../../work.css';

export interface OutboxMessage {
  id: number;
  idempotency_key: string;
  channel: string;
  customer_id: number | null;
  template_key: string | null;
  event: string | null;
  campaign: string | null;
  reason: string | null;
  resource_type: string | null;
  resource_id: string | null;
  safety: boolean;
  status: string;
  status_reason: string | null;
  attempts: number;
  interrupted_attempts: number;
  next_attempt_at: string | null;
  recipient: string | null;
  language: string | null;
  message_id: string | null;
  provider_id: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  failed_at: string | null;
}

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced', 'suppressed'] as const;
export const CHANNELS = ['email', 'sms', 'webhook'] as const;
export const MESSAGE_STATUS_TONE: Record<string, Tone> = {
  queued: 'neutral',
  sending: 'info',
  sent: 'info',
  delivered: 'success',
  opened: 'success',
  clicked: 'accent',
  failed: 'danger',
  bounced: 'danger',
  suppressed: 'warning',
};

type View = 'outbox' | 'dead';

/** The outbox: every message with its delivery status, and the dead letters to send again. */
export function MessagesPage() {
  const { t, tOr, format } = useI18n();
  const { can } = useAuth();
  const list = useListParams(['view', 'status', 'channel', 'campaign'] as const);
  const { setFilter } = list;
  const view: View = list.filters.view === 'dead' ? 'dead' : 'outbox';
  const setCampaign = useCallback((campaign: string) => setFilter('campaign', campaign), [setFilter]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [retryError, setRetryError] = useState<Error>();
  const [retried, setRetried] = useState<number>();
  const [confirmAll, setConfirmAll] = useState(false);

  const path =
    view === 'dead'
      ? `/api/comms/dead-letters${queryString({ channel: list.filters.channel, campaign: list.filters.campaign, limit: list.limit, offset: list.offset })}`
      : `/api/comms/messages${queryString({ status: list.filters.status, channel: list.filters.channel, campaign: list.filters.campaign, limit: list.limit, offset: list.offset })}`;
  const { data, error, loading, reload } = useApi<Paged<OutboxMessage>>(path);
  const mayRetry = can('comms:write');

  async function retry(body: { ids?: number[]; campaign?: string }, url = '/api/comms/dead-letters/retry') {
    setRetryError(undefined);
    setRetried(undefined);
    try {
      const result = await api<{ retried: number }>(url, { method: 'POST', body: url.endsWith('/dead-letters/retry') ? body : undefined });
      setRetried(result.retried);
      setSelected(new Set());
      reload();
    } catch (failure) {
      setRetryError(failure as Error);
    }
  }

  function toggle(id: number, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const columns: Column<OutboxMessage>[] = [];
  if (view === 'dead' && mayRetry) {
    columns.push({
      key: 'select',
      header: t('messages.select'),
      render: (m) => <input type="checkbox" aria-label={t('messages.selectMessage', { id: m.id })} checked={selected.has(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />,
    });
  }
  columns.push(
    {
      key: 'id',
      header: t('messages.id'),
      render: (m) => (
        <Link to={`/messages/${m.id}`} className="strong-link">
          {m.id}
        </Link>
      ),
    },
    { key: 'created', header: view === 'dead' ? t('messages.failed') : t('messages.created'), render: (m) => <span className="nowrap">{format.dateTime(view === 'dead' ? (m.failed_at ?? m.created_at) : m.created_at)}</span> },
    { key: 'channel', header: t('messages.channel'), render: (m) => tOr(`channel.${m.channel}`, m.channel) },
    { key: 'recipient', header: t('messages.recipient'), render: (m) => (m.recipient ? <span className="cell-break">{m.recipient}</span> : '—') },
    { key: 'template', header: t('messages.template'), render: (m) => (m.template_key ? <code className="cell-break">{m.template_key}</code> : (m.event ?? '—')) },
    { key: 'campaign', header: t('messages.campaign'), render: (m) => (m.campaign ? <span className="cell-break">{m.campaign}</span> : '—') },
    {
      key: 'status',
      header: t('messages.status'),
      render: (m) => (
        <>
          <Badge tone={MESSAGE_STATUS_TONE[m.status]}>{tOr(`messageStatus.${m.status}`, m.status)}</Badge>
          {m.status_reason ? <span className="block muted small status-reason">{m.status_reason}</span> : null}
        </>
      ),
    },
    { key: 'attempts', header: t('messages.attempts'), align: 'end', render: (m) => format.number(m.attempts) },
  );
  if (view === 'dead' && mayRetry) {
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      render: (m) => (
        <button type="button" className="button button-small" aria-label={t('messages.retryMessage', { id: m.id })} onClick={() => void retry({}, `/api/comms/messages/${m.id}/retry`)}>
          {t('messages.retry')}
        </button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('messages.title')}
        subtitle={data ? t('messages.count', { count: data.total }) : t('common.loading')}
        actions={
          <ViewTabs
            label={t('messages.views')}
            views={[
              { value: 'outbox', label: t('messages.outbox') },
              { value: 'dead', label: t('messages.deadLetters') },
            ]}
            value={view}
            onChange={(next) => {
              setSelected(new Set());
              list.update({ view: next === 'outbox' ? undefined : next, status: undefined });
            }}
          />
        }
      />
      <form className="filters" role="search" aria-label={t('messages.filters')} onSubmit={(e) => e.preventDefault()}>
        {view === 'outbox' ? (
          <div className="field">
            <label htmlFor="message-status">{t('messages.status')}</label>
            <select id="message-status" value={list.filters.status} onChange={(e) => setFilter('status', e.target.value)}>
              <option value="">{t('common.all')}</option>
              {MESSAGE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`messageStatus.${status}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="message-channel">{t('messages.channel')}</label>
          <select id="message-channel" value={list.filters.channel} onChange={(e) => setFilter('channel', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {t(`channel.${channel}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="message-campaign">{t('messages.campaign')}</label>
          <DebouncedInput id="message-campaign" value={list.filters.campaign} onSettle={setCampaign} />
        </div>
        {view === 'dead' && mayRetry ? (
          <div className="filter-actions">
            <button type="button" className="button button-primary" disabled={selected.size === 0} onClick={() => void retry({ ids: [...selected] })}>
              {t('messages.retrySelected', { count: selected.size })}
            </button>
            {/* The API retries by ids or by campaign, not by channel: "all" is offered when no channel is chosen. */}
            <button type="button" className="button" disabled={!data?.total || Boolean(list.filters.channel)} onClick={() => setConfirmAll(true)}>
              {t('messages.retryAll')}
            </button>
          </div>
        ) : null}
      </form>
      {retried !== undefined ? (
        <div className="alert alert-success" role="status">
          {t('messages.retried', { count: retried })}
        </div>
      ) : null}
      <ErrorMessage error={retryError ?? error} />
      <DataTable
        caption={view === 'dead' ? t('messages.deadLetters') : t('messages.outbox')}
        columns={columns}
        rows={data?.items}
        rowKey={(m) => m.id}
        loading={loading}
        empty={view === 'dead' ? t('messages.noDead') : t('messages.none')}
      />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
      <Dialog open={confirmAll} title={t('messages.retryAllTitle')} onClose={() => setConfirmAll(false)}>
        <p>{t('messages.retryAllText', { count: data?.total ?? 0 })}</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setConfirmAll(false)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setConfirmAll(false);
              void retry(list.filters.campaign ? { campaign: list.filters.campaign } : {});
            }}
          >
            {t('messages.retryAll')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
