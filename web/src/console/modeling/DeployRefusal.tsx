import { ApiError } from '../../shared/api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n.ts';

/**
 * Why the server refused a model, one reason a line ("unsupported element bpmn:ScriptTask
 * at js", "invalid FEEL condition at …"), so the designer knows what to change where.
 */
export function DeployRefusal({ error }: { error: Error | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const problems = error instanceof ApiError && Array.isArray(error.problem.problems) ? (error.problem.problems as unknown[]).map(String) : [];
  if (!(error instanceof ApiError) || error.status !== 422) return <ErrorMessage error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{t('modeler.refused')}</strong>
      {problems.length ? (
        <ul className="deploy-problems">
          {problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      ) : (
        <p>{error.problem.detail ?? error.message}</p>
      )}
    </div>
  );
}
