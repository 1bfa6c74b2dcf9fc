import { systemActor } from '../../platform/audit/audit.ts';
import { followingCycleDue } from './due-time.ts';
import { startInstance } from '../runtime/start-instance.ts';
import { stepLockedInstance, type EngineDeps } from '../runtime/step-instance.ts';
import { INSTANCE_COLUMNS, type InstanceRow } from '../runtime/instance-row.ts';

interface DueTimer {
  id: number;
  instance_id: number | null;
  definition_id: number;
  activity_id: string;
  execution_id: string;
  timer_type: string;
  timer_value: string | null;
  due_at: Date;
  repeat: number | null;
}

/**
 * Fires every timer due at the clock's now. Each timer is claimed with SKIP LOCKED and
 * removed in the same transaction as the step it causes, so with several workers each
 * timer fires exactly once; a crash before commit leaves it due for the next poll.
 * The instance is locked with SKIP LOCKED too: if a request is stepping it right now, the
 * timer waits for the next poll instead of risking a lock-order deadlock with that step
 * (which deletes timer rows while holding the instance lock).
 * Tests call this after moving a ManualClock; workers call it every poll interval.
 */
export async function fireDueTimers(deps: EngineDeps, limit = 100): Promise<number> {
  const skipped: number[] = [];
  let fired = 0;
  while (fired + skipped.length < limit) {
    const outcome = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [timer] = await tx.query<DueTimer>(
        `SELECT id, instance_id, definition_id, activity_id, execution_id, timer_type, timer_value, due_at, repeat FROM engine_timers
          WHERE due_at <= $1 AND NOT (id = ANY($2::bigint[])) ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now, skipped]);
      if (!timer) return 'none' as const;
      if (timer.instance_id === null) {
        await tx.query('DELETE FROM engine_timers WHERE id = $1', [timer.id]);
        const next = timer.timer_type === 'timeCycle' && timer.timer_value ? followingCycleDue(timer.timer_value, timer.due_at, timer.repeat ?? -1) : undefined;
        if (next) {
          await tx.query(
            `INSERT INTO engine_timers (definition_id, activity_id, execution_id, timer_type, timer_value, due_at, repeat) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [timer.definition_id, timer.activity_id, timer.execution_id, timer.timer_type, timer.timer_value, next.dueAt, next.repeat]);
        }
        await startInstance({ db: tx, clock: deps.clock }, { definitionId: timer.definition_id, timerStartActivityId: timer.activity_id });
        return 'fired' as const;
      }
      const [instance] = await tx.query<InstanceRow>(
        `SELECT ${INSTANCE_COLUMNS} FROM engine_instances i WHERE i.id = $1 FOR UPDATE OF i SKIP LOCKED`, [timer.instance_id]);
      if (!instance) return timer.id;
      if (instance.status !== 'running') {
        await tx.query('DELETE FROM engine_timers WHERE id = $1', [timer.id]);
        return 'fired' as const;
      }
      await stepLockedInstance(tx, deps.clock, instance, { kind: 'resume' }, systemActor, [
        { event: 'timer.fired', activityId: timer.activity_id, data: { dueAt: timer.due_at, timer: timer.timer_value } },
      ]);
      // A timer the engine did not consume (it still counts it as pending at this due
      // time) must not be fired again and again in a hot loop.
      await tx.query('DELETE FROM engine_timers WHERE id = $1 AND due_at <= $2', [timer.id, now]);
      return 'fired' as const;
    }).catch((error: unknown) => {
      console.error('engine: timer step failed', error);
      return 'error' as const;
    });
    if (outcome === 'none' || outcome === 'error') break;
    if (typeof outcome === 'number') skipped.push(outcome);
    else fired++;
  }
  return fired;
}
