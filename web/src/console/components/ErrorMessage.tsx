import { ApiError } from '../../shared/api.ts';
import { useI18n } from '../i18n.ts';

/** A failed request as people can act on it: the problem's detail and each field's error. */
export function ErrorMessage({ error }: { error: Error | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title =
    error instanceof ApiError && error.status === 403
      ? t('error.forbidden')
      : error instanceof ApiError && error.status >= 500
        ? t('error.server')
        : t('error.title');
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      {problem?.detail ?? error.message ? <p>{problem?.detail ?? error.message}</p> : null}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e, i) => (
            <li key={i}>
              <code>{e.field}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
