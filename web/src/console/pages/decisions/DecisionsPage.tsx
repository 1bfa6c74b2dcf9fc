import { Link } from 'react-router';
import { useApi } from '../../../shared/useApi.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import '../../modeling/modeling.css';

interface DecisionSummary {
  decisionKey: string;
  version: number;
  name: string | null;
  decisionIds: string[];
  deployedAt: string;
}

/** Deployed DMN decisions (the rules), latest version of each. */
export function DecisionsPage() {
  const { t, format } = useI18n();
  const { data, error, loading } = useApi<{ items: DecisionSummary[] }>('/api/decisions');
  const columns: Column<DecisionSummary>[] = [
    {
      key: 'name',
      header: t('decisions.name'),
      render: (d) => (
        <Link to={`/decisions/${encodeURIComponent(d.decisionKey)}`} className="strong-link">
          {d.name ?? d.decisionKey}
        </Link>
      ),
    },
    { key: 'key', header: t('decisions.key'), render: (d) => <code>{d.decisionKey}</code> },
    { key: 'decisions', header: t('decisions.decisions'), render: (d) => d.decisionIds.join(', ') },
    { key: 'version', header: t('decisions.version'), align: 'end', render: (d) => format.number(d.version) },
    { key: 'deployedAt', header: t('decisions.deployedAt'), render: (d) => format.dateTime(d.deployedAt) },
  ];
  return (
    <>
      <PageHeader title={t('decisions.title')} subtitle={data ? t('decisions.count', { count: data.items.length }) : t('common.loading')} />
      <ErrorMessage error={error} />
      <DataTable caption={t('decisions.title')} columns={columns} rows={data?.items} rowKey={(d) => d.decisionKey} loading={loading} empty={t('decisions.none')} />
    </>
  );
}
