import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { BenchFigure } from '../report.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import { ManualClock } from '../../src/platform/clock/clock.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { deployProcess } from '../../src/engine/definitions/deploy-process.ts';
import { startInstance } from '../../src/engine/runtime/start-instance.ts';
import { completeTask } from '../../src/engine/tasks/tasks.sql.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench" targetNamespace="urn:bench">
  <process id="benchReview" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <userTask id="review"/><sequenceFlow id="f2" sourceRef="review" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

const INSTANCES = Number(process.env.BENCH_ENGINE_INSTANCES ?? 500);

/** bpmn-engine alone, in memory: start, wait at the user task, signal it, end. */
async function inMemory(count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const listener = new EventEmitter();
    const engine = new Engine({ name: `m${i}`, source: MODEL, listener });
    listener.once('wait', (api: { signal(message: unknown): void }) => api.signal({ decision: 'ok' }));
    const ended = engine.waitFor('end');
    await engine.execute({ variables: { n: i } });
    await ended;
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * Rebound: the same model, persisted — start (a transaction: instance row, state, task
 * row, audit events), then complete the task (a transaction: lock, recover, signal,
 * persist) — on the embedded PGlite, as `npm start` runs it.
 */
async function persisted(count: number): Promise<number> {
  const db = await openPglite();
  await migrate(db);
  const deps = { db, clock: new ManualClock() };
  await deployProcess(db, deps.clock, MODEL, systemActor);
  const worker = { actor: systemActor, email: 'bench@example.com', roles: [], canAssign: true };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const { instanceId } = await startInstance(deps, { processId: 'benchReview', variables: { n: i } });
    const [task] = await db.query<{ id: number }>('SELECT id FROM engine_tasks WHERE instance_id = $1', [instanceId]);
    await completeTask(deps, worker, task!.id, { decision: 'ok' });
  }
  const rate = count / ((performance.now() - started) / 1000);
  const [open] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances WHERE status <> 'completed'`);
  if (open!.n !== 0) throw new Error(`${open!.n} instances did not complete`);
  await db.close();
  return rate;
}

export async function benchEngine(): Promise<BenchFigure[]> {
  await inMemory(50); // warm-up: module loading and JIT
  const memory = await inMemory(INSTANCES);
  const stored = await persisted(INSTANCES);
  return [{
    name: `persisted instances (start → user task → complete → end, PGlite, ${INSTANCES})`,
    value: stored,
    unit: 'instances/s',
    baseline: 'bpmn-engine alone in memory, same model',
    baselineValue: memory,
    higherIsBetter: true,
  }];
}
