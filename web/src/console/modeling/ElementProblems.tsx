import { useI18n } from '../i18n.ts';

/** One problem the engine found, tied to its element and the line of the XML it is written on. */
export interface ElementProblem {
  elementId: string | null;
  line: number | null;
  problem: string;
}

/** The problems one a line, each led by where it is ("line 120, Gateway_1"), so any tool can find it. */
export function ElementProblemList({ problems }: { problems: readonly (ElementProblem | string)[] }) {
  const { t } = useI18n();
  return (
    <ul className="deploy-problems">
      {problems.map((item, index) =>
        typeof item === 'string' || item.line === null ? (
          <li key={index}>{typeof item === 'string' ? item : item.problem}</li>
        ) : (
          <li key={index}>
            <strong>{t('modeler.problemAt', { line: item.line, elementId: item.elementId ?? '' })}</strong>: {item.problem}
          </li>
        ),
      )}
    </ul>
  );
}

/** Shown for a model stored for viewing only: what in it cannot run. */
export function CannotRun({ problems }: { problems: readonly ElementProblem[] | undefined }) {
  const { t } = useI18n();
  if (!problems?.length) return null;
  return (
    <div className="alert alert-warning" role="status">
      <strong>{t('modeler.cannotRun')}</strong>
      <ElementProblemList problems={problems} />
    </div>
  );
}
