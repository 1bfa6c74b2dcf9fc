import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';
import { CASE_PRIORITIES, stageLabel } from './CasesPage.tsx';

/** Where a status may go (the server enforces the same: closed is final). */
const NEXT_STATUSES: Record<string, string[]> = {
  open: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

interface Props {
  caseId: number;
  stage: string;
  status: string;
  priority: string;
  stages: string[];
  onSaved(): void;
}

/** Moves a case on: its stage, its status (waiting for the customer pauses the SLA) and its priority. */
export function CaseUpdateForm({ caseId, stage, status, priority, stages, onSaved }: Props) {
  const { t, tOr } = useI18n();
  const [next, setNext] = useState({ stage, status, priority });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();
  const changes = Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== { stage, status, priority }[key]));
  const closed = status === 'closed';

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api(`/api/cases/${caseId}`, { method: 'PATCH', body: changes });
      onSaved();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setSaving(false);
    }
  }

  const stageOptions = stages.includes(stage) ? stages : [stage, ...stages];
  return (
    <form className="form case-update" onSubmit={(e) => void save(e)} aria-label={t('case.update')}>
      <div className="case-update-fields">
        <div className="field">
          <label htmlFor="case-update-stage">{t('cases.stage')}</label>
          <select id="case-update-stage" value={next.stage} disabled={closed} onChange={(e) => setNext({ ...next, stage: e.target.value })}>
            {stageOptions.map((option) => (
              <option key={option} value={option}>
                {stageLabel(option)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-update-status">{t('cases.status')}</label>
          <select id="case-update-status" value={next.status} disabled={closed} onChange={(e) => setNext({ ...next, status: e.target.value })}>
            {[status, ...(NEXT_STATUSES[status] ?? [])].map((option) => (
              <option key={option} value={option}>
                {tOr(`caseStatus.${option}`, option)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-update-priority">{t('cases.priority')}</label>
          <select id="case-update-priority" value={next.priority} disabled={closed} onChange={(e) => setNext({ ...next, priority: e.target.value })}>
            {CASE_PRIORITIES.map((option) => (
              <option key={option} value={option}>
                {t(`casePriority.${option}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={error} />
      {!closed ? (
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving || Object.keys(changes).length === 0}>
            {saving ? t('template.saving') : t('case.saveChanges')}
          </button>
        </div>
      ) : null}
    </form>
  );
}
