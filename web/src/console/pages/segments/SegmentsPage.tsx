import { Link } from 'react-router';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import type { Segment } from './segment-types.ts';

/** Every win-back segment: its members now, the process its entries start and its control share. */
export function SegmentsPage() {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const segments = useApi<Segment[]>('/api/winback/segments');
  const columns: Column<Segment>[] = [
    { key: 'name', header: t('segments.name'), render: (s) => <Link to={`/segments/${s.id}`}>{s.name}</Link> },
    { key: 'filter', header: t('segments.filter'), render: (s) => <code>{s.filter_text}</code> },
    { key: 'members', header: t('segments.members'), align: 'end', render: (s) => format.number(s.members) },
    { key: 'process', header: t('segments.process'), render: (s) => s.process_id ?? t('segments.noProcess') },
    { key: 'control', header: t('segments.control'), align: 'end', render: (s) => `${format.number(Math.round(s.control_share * 1000) / 10)} %` },
    { key: 'version', header: t('segments.version'), align: 'end', render: (s) => s.version },
    { key: 'evaluated', header: t('segments.evaluatedAt'), render: (s) => (s.evaluated_at ? format.dateTime(s.evaluated_at) : t('segments.never')) },
  ];
  return (
    <>
      <PageHeader
        title={t('segments.title')}
        subtitle={t('segments.intro')}
        actions={can('winback:configure') ? <Link className="button button-primary" to="/segments/new">{t('segments.new')}</Link> : null}
      />
      <ErrorMessage error={segments.error} />
      <DataTable caption={t('segments.title')} columns={columns} rows={segments.data} rowKey={(s) => s.id} loading={segments.loading} />
    </>
  );
}
