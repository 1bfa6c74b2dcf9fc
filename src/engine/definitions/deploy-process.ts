import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { latestFormIds } from '../forms/forms.sql.ts';
import { locateProblems, type ElementProblem } from '../model/element-problems.ts';
import { ModelRefusedError, readBpmn } from '../model/read-bpmn.ts';
import { nextStartTimerDue } from '../timers/due-time.ts';

export interface DeployedProcess {
  id: number;
  processId: string;
  version: number;
  executable: boolean;
  /** False when the same XML was already the latest version (nothing changed). */
  created: boolean;
  /** What cannot run, per element with its line (a non-executable model is deployed for viewing all the same). */
  cannotRun: ElementProblem[];
}

/**
 * Deploys a BPMN model as the next version of its process. Running instances stay on the
 * version they started with; new starts (API, message, timer) use the latest. Timer start
 * events of older versions are replaced by this version's. A model the engine cannot run
 * is refused with every reason (422), never stored.
 */
export async function deployProcess(db: Db, clock: Clock, xml: string, actor: Actor): Promise<DeployedProcess> {
  let read;
  try {
    read = await readBpmn(xml);
  } catch (error) {
    if (error instanceof ModelRefusedError) {
      throw new AppError('unprocessable', `model refused: ${error.message}`, 'engine.model_refused', { problems: error.problems, elements: locateProblems(xml, error.problems) });
    }
    throw error;
  }
  const { model } = read;
  const cannotRun = locateProblems(xml, read.cannotRun);
  if (cannotRun.length) model.cannotRun = cannotRun;
  const formKeys = [...new Set(Object.values(model.userTasks).map((t) => t.formKey).filter((k): k is string => !!k))];
  const checksum = createHash('sha256').update(xml).digest('hex');

  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('engine.process:' || $1))`, [model.processId]);
    const forms = await latestFormIds(tx, formKeys);
    const missing = formKeys.filter((k) => !forms.has(k));
    if (missing.length) {
      const problems = missing.map((k) => `unknown form ${k} (deploy it first: POST /api/forms or processes/forms/${k}.form)`);
      throw new AppError('unprocessable', `model refused: ${problems.join('; ')}`, 'engine.model_refused', { problems });
    }
    for (const task of Object.values(model.userTasks)) task.formId = task.formKey ? forms.get(task.formKey)! : null;

    const [latest] = await tx.query<{ id: number; version: number; checksum: string }>(
      'SELECT id, version, checksum FROM engine_definitions WHERE process_id = $1 ORDER BY version DESC LIMIT 1', [model.processId]);
    if (latest?.checksum === checksum) return { id: latest.id, processId: model.processId, version: latest.version, executable: model.executable, created: false, cannotRun };
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO engine_definitions (process_id, version, name, xml, checksum, model, deployed_at, deployed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [model.processId, version, model.name, xml, checksum, JSON.stringify(model), clock.now(), actor.label]);
    const id = row!.id;

    await tx.query(
      `DELETE FROM engine_timers t USING engine_definitions d
        WHERE t.definition_id = d.id AND d.process_id = $1 AND t.instance_id IS NULL`, [model.processId]);
    if (model.executable && model.timerStarts.length) {
      const now = clock.now();
      const timers = model.timerStarts.map((t) => ({ ...nextStartTimerDue(t.timerType, t.value, now), ...t }));
      await tx.query(
        `INSERT INTO engine_timers (definition_id, activity_id, execution_id, timer_type, timer_value, due_at, repeat)
         SELECT $1, t.activity_id, 'start:' || t.activity_id, t.timer_type, t.timer_value, t.due_at, t.repeat
           FROM jsonb_to_recordset($2::jsonb) AS t(activity_id text, timer_type text, timer_value text, due_at timestamptz, repeat int)`,
        [id, JSON.stringify(timers.map((t) => ({ activity_id: t.activityId, timer_type: t.timerType, timer_value: t.value, due_at: t.dueAt, repeat: t.repeat })))]);
    }
    await recordAudit(tx, actor, { action: 'deploy', entity: 'process', entityId: id, details: { processId: model.processId, name: model.name ?? null, version } });
    return { id, processId: model.processId, version, executable: model.executable, created: true, cannotRun };
  });
}
