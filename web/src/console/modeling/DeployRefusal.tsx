import { ApiError } from '../../shared/api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n.ts';
import { ElementProblemList, type ElementProblem } from './ElementProblems.tsx';

/**
 * Why the server refused a model, one reason a line ("unsupported element bpmn:ScriptTask
 * at js", "invalid FEEL condition at …"), so the designer knows what to change where.
 */
export function DeployRefusal({ error }: { error: Error | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  // `elements` carries each problem with its element and line; `problems` the bare texts (older servers).
  const elements = error instanceof ApiError && Array.isArray(error.problem.elements) ? (error.problem.elements as ElementProblem[]) : undefined;
  const problems = elements ?? (error instanceof ApiError && Array.isArray(error.problem.problems) ? (error.problem.problems as unknown[]).map(String) : []);
  if (!(error instanceof ApiError) || error.status !== 422) return <ErrorMessage error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t('modeler.refused')}</strong>
      {problems.length ? (
        <ElementProblemList problems={problems} />
      ) : (
        <p>{error.problem.detail ?? error.message}</p>
      )}
    </div>
  );
}
