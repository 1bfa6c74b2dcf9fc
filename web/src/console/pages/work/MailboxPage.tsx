import { useCallback } from 'react';
import { Link } from 'react-router';
import { queryString, type Paged } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DebouncedInput } from '../../components/DebouncedInput.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { useI18n } from '../../i18n.ts';
import '../../work.css';

interface MailSummary {
  id: number;
  message_id: string;
  from: string | null;
  to: string[];
  subject: string | null;
  deliveries: number;
  received_at: string;
}

/** The embedded SMTP server's inbox: every e-mail the demo "sent", as customers would get it. */
export function MailboxPage() {
  const { t, format } = useI18n();
  const list = useListParams(['to', 'q'] as const);
  const { setFilter } = list;
  const setTo = useCallback((to: string) => setFilter('to', to), [setFilter]);
  const setSubject = useCallback((q: string) => setFilter('q', q), [setFilter]);
  const { data, error, loading } = useApi<Paged<MailSummary>>(`/api/mailbox${queryString({ to: list.filters.to, q: list.filters.q, limit: list.limit, offset: list.offset })}`);

  const columns: Column<MailSummary>[] = [
    { key: 'received', header: t('mailbox.received'), render: (m) => <span className="nowrap">{format.dateTime(m.received_at)}</span> },
    { key: 'to', header: t('mailbox.to'), render: (m) => <span className="break">{m.to.join(', ')}</span> },
    {
      key: 'subject',
      header: t('mailbox.subject'),
      render: (m) => (
        <Link to={`/mailbox/${m.id}`} className="strong-link">
          {m.subject || t('mailbox.noSubject')}
        </Link>
      ),
    },
    { key: 'from', header: t('mailbox.from'), render: (m) => m.from ?? '—' },
    {
      key: 'deliveries',
      header: t('mailbox.deliveries'),
      align: 'end',
      render: (m) => (m.deliveries > 1 ? <Badge tone="warning">{t('mailbox.repeat', { count: m.deliveries })}</Badge> : format.number(m.deliveries)),
    },
  ];

  return (
    <>
      <PageHeader title={t('mailbox.title')} subtitle={data ? `${t('mailbox.count', { count: data.total })} · ${t('mailbox.subtitle')}` : t('common.loading')} />
      <form className="filters" role="search" aria-label={t('mailbox.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="mailbox-to">{t('mailbox.to')}</label>
          <DebouncedInput id="mailbox-to" type="search" value={list.filters.to} placeholder="name@example.com" onSettle={setTo} />
        </div>
        <div className="field field-grow">
          <label htmlFor="mailbox-subject">{t('mailbox.subject')}</label>
          <DebouncedInput id="mailbox-subject" type="search" value={list.filters.q} placeholder={t('mailbox.subjectPlaceholder')} onSettle={setSubject} />
        </div>
      </form>
      <ErrorMessage error={error} />
      <DataTable caption={t('mailbox.title')} columns={columns} rows={data?.items} rowKey={(m) => m.id} loading={loading} empty={t('mailbox.none')} />
      {data ? <Pager total={data.total} limit={list.limit} offset={list.offset} onChange={list.setPage} /> : null}
    </>
  );
}
