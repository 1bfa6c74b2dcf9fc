import { Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n.ts';
import { DeployRefusal } from '../../modeling/DeployRefusal.tsx';
import { DmnEditor, type DmnEditorHandle } from '../../modeling/lazy.ts';
import '../../modeling/modeling.css';
import { EvaluatePanel } from './EvaluatePanel.tsx';
import { readDecisionTable } from './decision-inputs.ts';

interface DecisionDetail {
  decisionKey: string;
  version: number;
  name: string | null;
  xml: string;
  deployedAt: string;
  deployedBy: string;
}
interface Deployed {
  decisionKey: string;
  version: number;
  created: boolean;
}

/** One decision: its table in dmn-js (editable for designers), deploy, and a test bench. */
export function DecisionPage() {
  const { key = '' } = useParams();
  const { t, format } = useI18n();
  const { can } = useAuth();
  const canDeploy = can('rules:deploy');
  const source = useApi<DecisionDetail>(`/api/decisions/${encodeURIComponent(key)}`);
  const shape = useMemo(() => (source.data ? readDecisionTable(source.data.xml) : null), [source.data]);

  const editor = useRef<DmnEditorHandle>(null);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<Deployed>();
  const [refusal, setRefusal] = useState<Error>();
  const [importError, setImportError] = useState<string>();
  const onImportError = useCallback((message: string) => setImportError(message), []);
  const [matchedRules, setMatchedRules] = useState<string[]>([]);

  const deploy = async () => {
    if (!editor.current) return;
    setDeploying(true);
    setRefusal(undefined);
    setDeployed(undefined);
    try {
      const xml = await editor.current.saveXml();
      const result = await api<Deployed>('/api/decisions', { method: 'POST', body: xml, rawContentType: 'application/xml' });
      setDeployed(result);
      if (result.created) source.reload();
    } catch (error) {
      setRefusal(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setDeploying(false);
    }
  };

  const title = source.data?.name ?? key;
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/decisions">{t('decisions.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{title}</span>
      </nav>
      <PageHeader
        title={title}
        subtitle={
          source.data ? (
            <>
              <code>{key}</code> · {t('decision.versionBy', { version: source.data.version, date: format.dateTime(source.data.deployedAt), by: source.data.deployedBy })}
            </>
          ) : (
            t('common.loading')
          )
        }
        actions={
          canDeploy ? (
            <button type="button" className="button button-primary" onClick={deploy} disabled={deploying || !source.data || !!importError}>
              {deploying ? t('modeler.deploying') : t('decision.deploy')}
            </button>
          ) : null
        }
      />
      <ErrorMessage error={source.error} />
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
            {deployed.created ? t('decision.deployed', { version: deployed.version }) : t('decision.unchanged', { version: deployed.version })}
          </strong>
        </div>
      ) : null}
      <section className="section" aria-labelledby="table-heading">
        <h2 id="table-heading" className="section-title">
          {t('decision.table')}
        </h2>
        {canDeploy ? <p className="muted small">{t('decision.editHelp')}</p> : null}
        {source.data ? (
          <Suspense fallback={<div className="diagram-loading" role="status">{t('modeler.loading')}</div>}>
            <DmnEditor xml={source.data.xml} readOnly={!canDeploy} handle={editor} onImportError={onImportError} />
          </Suspense>
        ) : null}
      </section>
      {can('rules:evaluate') && source.data && shape ? <EvaluatePanel decisionKey={key} version={source.data.version} shape={shape} onMatched={setMatchedRules} /> : null}
      {matchedRules.length ? (
        // dmn-js re-renders its cells and would drop a class set on them; a rule keyed by
        // their data-row-id marks the rows that matched the last evaluation.
        <style>{`${matchedRules.map((id) => `.dmn-canvas td[data-row-id="${CSS.escape(id)}"]`).join(', ')} { background: var(--accent-soft) !important; }`}</style>
      ) : null}
    </>
  );
}
