import { Link } from 'react-router';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/Badge.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import '../../modeling/modeling.css';

export interface ProcessVersion {
  id: number;
  processId: string;
  version: number;
  name: string | null;
  executable: boolean;
  deployedAt: string;
  deployedBy: string;
  runningInstances: number;
}

/** Every deployed process at its latest version, with how many instances run on any version. */
export function ProcessesPage() {
  const { t, format } = useI18n();
  const { can } = useAuth();
  const { data, error, loading } = useApi<{ items: ProcessVersion[] }>('/api/processes');

  const columns: Column<ProcessVersion>[] = [
    {
      key: 'name',
      header: t('processes.name'),
      render: (p) => (
        <Link to={`/processes/${encodeURIComponent(p.processId)}`} className="strong-link">
          {p.name ?? p.processId}
        </Link>
      ),
    },
    { key: 'id', header: t('processes.key'), render: (p) => <code>{p.processId}</code> },
    { key: 'version', header: t('processes.latestVersion'), align: 'end', render: (p) => format.number(p.version) },
    {
      key: 'executable',
      header: t('processes.kind'),
      render: (p) => <Badge tone={p.executable ? 'success' : 'neutral'}>{p.executable ? t('processes.executable') : t('processes.documentation')}</Badge>,
    },
    { key: 'running', header: t('processes.running'), align: 'end', render: (p) => format.number(p.runningInstances) },
    { key: 'deployed', header: t('processes.deployed'), render: (p) => `${format.dateTime(p.deployedAt)} · ${p.deployedBy}` },
  ];

  return (
    <>
      <PageHeader
        title={t('processes.title')}
        subtitle={data ? t('processes.count', { count: data.items.length }) : t('common.loading')}
        actions={
          can('processes:deploy') ? (
            <Link to="/processes/new" className="button button-primary">
              {t('processes.new')}
            </Link>
          ) : null
        }
      />
      <ErrorMessage error={error} />
      <DataTable caption={t('processes.title')} columns={columns} rows={data?.items} rowKey={(p) => p.processId} loading={loading} empty={t('processes.none')} />
    </>
  );
}
