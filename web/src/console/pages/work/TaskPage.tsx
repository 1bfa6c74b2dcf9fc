import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../../shared/api.ts';
import { useApi } from '../../../shared/useApi.ts';
import { useAuth } from '../../auth.tsx';
import { Badge, type Tone } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { TaskFormHandle } from '../../components/TaskForm.tsx';
import { useI18n } from '../../i18n.ts';
import { caseIdOf, TaskContext } from './TaskContext.tsx';
import { WinbackCallScript, WinbackCustomerHistory } from '../winback/WinbackTaskContext.tsx';
import { BUDGET_APPROVAL_FORM, DeliveryBudgetContext } from '../delivery/DeliveryBudgetContext.tsx';
import { DueDate, type Task } from './TasksPage.tsx';
import '../../work.css';

const TaskForm = lazy(() => import('../../components/TaskForm.tsx'));

interface TaskDetail extends Task {
  form: { id?: string; components: unknown[] } | null;
  variables: Record<string, unknown>;
}

export const TASK_STATUS_TONE: Record<string, Tone> = { open: 'info', completed: 'success', cancelled: 'neutral' };

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One task: what it is about (its case, customer, complaint and history), and its form to complete it. */
export function TaskPage() {
  const { id } = useParams();
  const { t, tOr, format } = useI18n();
  const { me, can } = useAuth();
  const { data, error, reload } = useApi<TaskDetail>(`/api/tasks/${encodeURIComponent(id ?? '')}`);
  // The process's name where the role may read processes; its id otherwise.
  const processes = useApi<{ items: { processId: string; name: string | null }[] }>(can('processes:read') ? '/api/processes' : null);
  const form = useRef<TaskFormHandle>(undefined);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState(false);
  const onReady = useCallback((handle: TaskFormHandle | undefined) => {
    form.current = handle;
  }, []);

  if (error) {
    return (
      <>
        <PageHeader title={error instanceof ApiError && error.status === 404 ? t('task.notFound') : t('task.title')} />
        <ErrorMessage error={error} />
        <Link to="/tasks">{t('task.back')}</Link>
      </>
    );
  }
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const task = data;
  const name = task.name ?? task.activityId;
  const mine = task.assignee !== null && task.assignee === me?.email;
  const open = task.status === 'open';
  // Holders of tasks:assign may complete any task, as the API allows.
  const canWork = mine || can('tasks:assign');

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
      reload();
      return true;
    } catch (failure) {
      setActionError(failure as Error);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function complete() {
    setInvalid(false);
    let payload: Record<string, unknown> = {};
    if (task.form) {
      const submitted = form.current?.submit();
      if (!submitted) {
        setInvalid(true);
        return;
      }
      payload = submitted;
    }
    if (await run(() => api(`/api/tasks/${task.id}/complete`, { method: 'POST', body: { data: payload } }))) setDone(true);
  }

  const variables = Object.entries(task.variables ?? {});
  const caseId = caseIdOf(task.variables ?? {});
  // A win-back task: the customer's history beside the form (W4), the call script on the survey (W5).
  const winback = task.processId === 'win-back' && typeof task.variables?.customerId === 'number';
  return (
    <>
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <Link to="/tasks">{t('tasks.title')}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{name}</span>
      </nav>
      <PageHeader
        title={name}
        subtitle={
          <>
            <Badge tone={TASK_STATUS_TONE[task.status]}>{t(`taskStatus.${task.status}`)}</Badge>{' '}
            {processes.data?.items.find((p) => p.processId === task.processId)?.name ?? task.processId}
            {task.businessKey ? (
              <>
                {' · '}
                <code>{task.businessKey}</code>
              </>
            ) : null}
          </>
        }
        actions={
          open && !task.assignee ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(() => api(`/api/tasks/${task.id}/claim`, { method: 'POST' }))}>
              {t('tasks.claim')}
            </button>
          ) : null
        }
      />
      {done ? (
        <div className="alert alert-success" role="status">
          {t('task.completed')} <Link to="/tasks">{t('task.back')}</Link>
        </div>
      ) : null}
      <ErrorMessage error={actionError} />
      <div className="work-columns">
        <div className="work-main">
          {caseId ? <TaskContext caseId={caseId} formKey={task.form?.id} /> : null}
          {/* Management approves a delivery incident's compensation budget seeing what it has to carry (issue 15.7). */}
          {task.form?.id === BUDGET_APPROVAL_FORM && typeof task.variables?.incidentId === 'number' ? <DeliveryBudgetContext incidentId={task.variables.incidentId} /> : null}
          {winback && open && task.activityId === 'callSurvey' && typeof task.variables.journeyId === 'number' ? <WinbackCallScript journeyId={task.variables.journeyId} /> : null}
          <section className="card" aria-labelledby="task-form-heading">
            <h2 id="task-form-heading">{t('task.form')}</h2>
            {!open ? (
              <p className="muted">
                {task.completedAt ? t('task.completedBy', { who: task.completedBy ?? '—', when: format.dateTime(task.completedAt) }) : t(`taskStatus.${task.status}`)}
              </p>
            ) : (
              <>
                {!task.assignee && !canWork ? <p className="alert alert-warning">{t('task.claimFirst')}</p> : null}
                {task.assignee && !canWork ? <p className="alert alert-warning">{t('task.assignedTo', { who: task.assignee })}</p> : null}
                {task.form ? (
                  <Suspense fallback={<p role="status">{t('task.formLoading')}</p>}>
                    <TaskForm schema={task.form} data={task.variables ?? {}} readOnly={!canWork} onReady={onReady} />
                  </Suspense>
                ) : (
                  <p className="muted">{t('task.noForm')}</p>
                )}
                {invalid ? (
                  <p className="field-error" role="alert">
                    {t('task.formInvalid')}
                  </p>
                ) : null}
                {canWork ? (
                  <div className="form-actions">
                    <button type="button" className="button button-primary" disabled={busy} onClick={() => void complete()}>
                      {busy ? t('task.completing') : t('task.complete')}
                    </button>
                  </div>
                ) : null}
              </>
            )}
          </section>
        </div>
        <div className="work-side">
          {winback ? <WinbackCustomerHistory customerId={task.variables.customerId as number} /> : null}
          <section className="card" aria-labelledby="task-details-heading">
            <h2 id="task-details-heading">{t('task.details')}</h2>
            <dl className="details work-details">
              <dt>{t('tasks.assignee')}</dt>
              <dd>{task.assignee ?? t('tasks.unassigned')}</dd>
              <dt>{t('tasks.candidates')}</dt>
              <dd>{task.candidateRoles.length ? task.candidateRoles.map((role) => tOr(`role.${role}`, role)).join(', ') : t('tasks.anyone')}</dd>
              <dt>{t('tasks.priority')}</dt>
              <dd>{format.number(task.priority)}</dd>
              <dt>{t('tasks.due')}</dt>
              <dd>
                <DueDate task={task} />
              </dd>
              <dt>{t('tasks.created')}</dt>
              <dd>{format.dateTime(task.createdAt)}</dd>
            </dl>
          </section>
          {/* What the engine keeps for the process: for whoever debugs it, not for the work itself. */}
          <details className="card technical-details">
            <summary>{t('task.technical')}</summary>
            <dl className="details work-details">
              <dt>{t('task.instance')}</dt>
              <dd>
                <code>#{task.instanceId}</code>
              </dd>
            </dl>
            <h3 id="task-variables-heading">{t('task.variables')}</h3>
            {variables.length ? (
              <dl className="details work-details" aria-labelledby="task-variables-heading">
                {variables.map(([key, value]) => (
                  <div key={key} className="details-row">
                    <dt>
                      <code>{key}</code>
                    </dt>
                    <dd>{show(value)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">{t('task.noVariables')}</p>
            )}
          </details>
        </div>
      </div>
    </>
  );
}
