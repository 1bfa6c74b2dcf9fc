import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import BpmnModdle from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { benchDmn } from '../dmn/dmn.bench.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import { ManualClock } from '../../src/platform/clock/clock.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
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
const WARM_UP = 50;
const ROUNDS = 5;
const PER_ROUND = Math.ceil(INSTANCES / ROUNDS);
const BASELINE = 'bpmn-engine alone in memory, same model parsed once';

/**
 * bpmn-engine alone, in memory: start, wait at the user task, signal it, end. The model is
 * parsed once into a source context (moddle-context-serializer, as bpmn-engine documents),
 * as Rebound caches it per definition — so the baseline does not pay for XML parsing that
 * the persisted side does not pay either.
 */
async function inMemoryRunner(): Promise<(count: number) => Promise<void>> {
  const sourceContext = serializer(await new BpmnModdle().fromXML(MODEL) as never, TypeResolver(Elements as never));
  let n = 0;
  return async (count) => {
    for (let i = 0; i < count; i++, n++) {
      const listener = new EventEmitter();
      const engine = new Engine({ name: `m${n}`, sourceContext, listener } as never);
      listener.once('wait', (api: { signal(message: unknown): void }) => api.signal({ decision: 'ok' }));
      const ended = engine.waitFor('end');
      await engine.execute({ variables: { n } });
      await ended;
    }
  };
}

/**
 * Rebound: the same model, persisted — start (a transaction: instance row, state, task
 * row, audit events), then complete the task (a transaction: lock, recover, signal,
 * persist).
 */
async function persistedRunner(db: Db): Promise<(count: number) => Promise<void>> {
  await migrate(db);
  const deps = { db, clock: new ManualClock() };
  await deployProcess(db, deps.clock, MODEL, systemActor);
  const worker = { actor: systemActor, email: 'bench@example.com', roles: [], groups: [], canAssign: true };
  let n = 0;
  return async (count) => {
    for (let i = 0; i < count; i++, n++) {
      const { instanceId } = await startInstance(deps, { processId: 'benchReview', variables: { n } });
      const [task] = await db.query<{ id: number }>('SELECT id FROM engine_tasks WHERE instance_id = $1', [instanceId]);
      await completeTask(deps, worker, task!.id, { decision: 'ok' });
    }
  };
}

async function expectAllCompleted(db: Db): Promise<void> {
  const [open] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM engine_instances WHERE status <> 'completed'`);
  if (open!.n !== 0) throw new Error(`${open!.n} instances did not complete`);
}

/** The embedded database as `npm start` opens it: PGlite in a data folder on disk, locked. */
async function openPgliteFolder(): Promise<{ db: Db; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebound-bench-engine-'));
  const db = await openDatabase({ DATABASE_URL: undefined, REBOUND_DATA_DIR: dataDir, DATABASE_POOL_SIZE: 10 });
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server DATABASE_URL names, in a scratch database created and dropped here (never the live one). */
async function openScratchPostgres(serverUrl: string): Promise<{ db: Db; dispose(): Promise<void> }> {
  const scratch = await createScratchDatabase(serverUrl, 'rebound_bench_engine');
  const db = await openDatabase({ DATABASE_URL: scratch.url, REBOUND_DATA_DIR: '', DATABASE_POOL_SIZE: 10 }).catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  return {
    db,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}

/**
 * Issue 3, acceptance 12: persisted instances/s next to bpmn-engine in memory, and DMN
 * evaluations/s of a 20-rule table next to feelin called directly (the figures of
 * `npm run bench -- dmn`, printed here too so that one command answers the acceptance).
 * The sides run in alternating rounds, so that a change in the machine's load (2 shared
 * cores) weighs on the baseline and the measured side alike instead of skewing the ratio.
 */
export async function benchEngine(): Promise<BenchFigure[]> {
  const sides: { name: string; run: (count: number) => Promise<void>; db?: Db; dispose?: () => Promise<void>; ms: number }[] = [
    { name: 'memory', run: await inMemoryRunner(), ms: 0 },
  ];
  try {
    const pglite = await openPgliteFolder();
    sides.push({ name: 'PGlite data folder on disk', ...pglite, run: await persistedRunner(pglite.db), ms: 0 });
    if (process.env.DATABASE_URL) {
      const postgres = await openScratchPostgres(process.env.DATABASE_URL);
      sides.push({ name: 'PostgreSQL at DATABASE_URL', ...postgres, run: await persistedRunner(postgres.db), ms: 0 });
    }
    for (const side of sides) await side.run(WARM_UP);
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of sides) {
        const started = performance.now();
        await side.run(PER_ROUND);
        side.ms += performance.now() - started;
      }
    }
    for (const side of sides) if (side.db) await expectAllCompleted(side.db);
  } finally {
    for (const side of sides) await side.dispose?.();
  }
  const measured = PER_ROUND * ROUNDS;
  const rate = (side: { ms: number }) => (measured / side.ms) * 1000;
  const [memory, ...persisted] = sides;
  const figures: BenchFigure[] = persisted.map((side) => ({
    name: `persisted instances (start → user task → complete → end, ${side.name}, ${measured})`,
    value: rate(side),
    unit: 'instances/s',
    baseline: BASELINE,
    baselineValue: rate(memory!),
    higherIsBetter: true,
  }));
  return [...figures, ...(await benchDmn())];
}
