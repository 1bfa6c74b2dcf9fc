import { useApi } from '../../../shared/useApi.ts';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';

interface FeedSource {
  id: number;
  name: string;
  url: string;
  interval_minutes: number;
  enabled: boolean;
  next_fetch_at: string;
  last_fetched_at: string | null;
  last_status: 'ok' | 'failed' | null;
  last_error: string | null;
  consecutive_failures: number;
  failing: boolean;
}

/**
 * Issue 16.8 (R14): the regulator feeds the recalls may start from, with their last fetch, on
 * the page the quality manager works on — a feed that keeps failing is said here and counted,
 * never left to the server log. Shown only where feeds are configured.
 */
export function RegulatorFeedsPanel() {
  const { t, format } = useI18n();
  const { data, error } = useApi<FeedSource[]>('/api/regulator-feeds/sources');
  if (error) return <ErrorMessage error={error} />;
  if (!data || data.length === 0) return null;
  const failing = data.filter((s) => s.failing);
  const columns: Column<FeedSource>[] = [
    { key: 'name', header: t('recalls.feeds.name'), render: (s) => <span title={s.url}>{s.name}</span> },
    {
      key: 'status', header: t('recalls.feeds.lastStatus'),
      render: (s) => (!s.enabled ? <Badge tone="neutral">{t('recalls.feeds.disabled')}</Badge>
        : s.failing ? <Badge tone="danger">{t('recalls.feeds.failing', { count: s.consecutive_failures })}</Badge>
        : s.last_status === 'ok' ? <Badge tone="success">{t('recalls.feeds.ok')}</Badge>
        : <Badge tone="neutral">{t('recalls.feeds.notYet')}</Badge>),
    },
    { key: 'fetched', header: t('recalls.feeds.lastFetched'), render: (s) => format.dateTime(s.last_fetched_at) || '—' },
    { key: 'error', header: t('recalls.feeds.lastError'), render: (s) => s.last_error ?? '—' },
    { key: 'next', header: t('recalls.feeds.nextFetch'), render: (s) => (s.enabled ? format.dateTime(s.next_fetch_at) : '—') },
  ];
  return (
    <section className="card section" aria-labelledby="feeds-title">
      <h2 id="feeds-title">{t('recalls.feeds.title')}</h2>
      {failing.length ? <div className="alert alert-error" role="alert">{t('recalls.feeds.failingAlert', { count: failing.length, names: failing.map((s) => s.name).join(', ') })}</div> : null}
      <DataTable caption={t('recalls.feeds.title')} columns={columns} rows={data} rowKey={(s) => s.id} />
    </section>
  );
}
