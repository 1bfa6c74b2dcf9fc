import { Suspense, useCallback, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { DeployRefusal } from '../../modeling/DeployRefusal.tsx';
import { CannotRun, type ElementProblem } from '../../modeling/ElementProblems.tsx';
import { BpmnEditor, type BpmnEditorHandle } from '../../modeling/lazy.ts';
import { emptyProcessXml } from './empty-process.ts';
import type { ProcessVersion } from './ProcessesPage.tsx';

interface Deployed {
  id: number;
  processId: string;
  version: number;
  executable: boolean;
  created: boolean;
  cannotRun?: ElementProblem[];
}

/**
 * The modeler: open the latest (or ?version=N) model of a process, or an empty one at
 * /processes/new, edit, and deploy it as the next version. The engine checks the model on
 * deploy and refuses what it cannot run, with the reasons shown here.
 */
export function ProcessEditorPage() {
  const { processId } = useParams();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const isNew = processId === undefined;
  const versions = useApi<{ items: ProcessVersion[] }>(isNew ? null : `/api/processes/${encodeURIComponent(processId)}/versions`);
  const wanted = Number(params.get('version')) || versions.data?.items[0]?.version;
  const source = useApi<ProcessVersion & { xml: string; cannotRun?: ElementProblem[] }>(!isNew && wanted ? `/api/processes/${encodeURIComponent(processId)}/versions/${wanted}` : null);
  const [blank] = useState(() => emptyProcessXml(t('modeler.newProcessName')));
  const xml = isNew ? blank : source.data?.xml;

  const editor = useRef<BpmnEditorHandle>(null);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<Deployed>();
  const [refusal, setRefusal] = useState<Error>();
  const [importError, setImportError] = useState<string>();
  const onImportError = useCallback((message: string) => setImportError(message), []);

  const deploy = async () => {
    if (!editor.current) return;
    setDeploying(true);
    setRefusal(undefined);
    setDeployed(undefined);
    try {
      const model = await editor.current.saveXml();
      const result = await api<Deployed>('/api/processes', { method: 'POST', body: model, rawContentType: 'application/xml' });
      setDeployed(result);
      // Go on editing what is now the latest version (unless an older one was asked for).
      if (result.created && !isNew && !params.get('version')) versions.reload();
    } catch (error) {
      setRefusal(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setDeploying(false);
    }
  };

  const title = isNew ? t('modeler.newTitle') : t('modeler.editTitle', { name: source.data?.name ?? processId });
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/processes">{t('processes.title')}</Link> <span aria-hidden="true">/</span>{' '}
        {isNew ? null : (
          <>
            <Link to={`/processes/${encodeURIComponent(processId)}`}>{source.data?.name ?? processId}</Link> <span aria-hidden="true">/</span>{' '}
          </>
        )}
        <span aria-current="page">{isNew ? t('modeler.newTitle') : t('modeler.edit')}</span>
      </nav>
      <PageHeader
        title={title}
        subtitle={isNew ? t('modeler.newSubtitle') : source.data ? t('modeler.basedOn', { version: source.data.version }) : t('common.loading')}
        actions={
          <button type="button" className="button button-primary" onClick={deploy} disabled={deploying || !xml || !!importError}>
            {deploying ? t('modeler.deploying') : t('modeler.deploy')}
          </button>
        }
      />
      <ErrorMessage error={versions.error ?? source.error} />
      {importError ? (
        <div className="alert alert-error" role="alert">
          <strong>{t('modeler.cannotOpen')}</strong>
          <p>{importError}</p>
        </div>
      ) : null}
      <DeployRefusal error={refusal} />
      {deployed ? (
        <div className="alert alert-success" role="status">
          <strong>
            {deployed.created
              ? t('modeler.deployed', { processId: deployed.processId, version: deployed.version })
              : t('modeler.unchanged', { processId: deployed.processId, version: deployed.version })}
          </strong>{' '}
          <Link to={`/processes/${encodeURIComponent(deployed.processId)}`}>{t('modeler.seeVersions')}</Link>
        </div>
      ) : null}
      <CannotRun problems={deployed ? deployed.cannotRun : source.data?.cannotRun} />
      <p className="muted small">{t('modeler.help')}</p>
      {xml ? (
        <Suspense fallback={<div className="diagram-loading" role="status">{t('modeler.loading')}</div>}>
          <BpmnEditor xml={xml} handle={editor} onImportError={onImportError} />
        </Suspense>
      ) : (
        <div className="diagram-loading" role="status">
          {t('common.loading')}
        </div>
      )}
    </>
  );
}
