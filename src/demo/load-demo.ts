import { seedDemoData } from '../data/demo-seed.ts';
import { systemActor } from '../platform/audit/audit.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { AppContext } from '../platform/http/context.ts';
import type { RuntimeModule } from '../platform/modules/module.ts';
import { complaintsScene } from './complaints.scene.ts';
import { deliveryScene } from './delivery.scene.ts';
import { openDemoStage } from './demo-stage.ts';
import { ensureDemoUsers, type DemoLogin } from './demo-users.ts';
import { recallScene } from './recall.scene.ts';
import { recordDemoScans } from './delivery-scans.ts';
import type { DemoScene, DemoStep } from './scenes.ts';
import { winbackScene } from './winback.scene.ts';

/** The scenes the demo plays, in no particular order (their steps interleave by time). */
export const DEMO_SCENES: readonly DemoScene[] = [recallScene, complaintsScene, winbackScene, deliveryScene];

export interface DemoOptions {
  customers: number;
  orders: number;
  seed?: number;
  /** The server's clock: the demo's data end on its today. */
  clock: Clock;
  /** Where the demo staff's generated passwords are kept. */
  dataDir: string;
  /** Play the scenes (REBOUND_DEMO_SCENES); the data alone otherwise. */
  scenes: boolean;
  modules: readonly RuntimeModule[];
  /** Progress for the person starting the server: one line per part. */
  onLine?(line: string): void;
}

export interface LoadedDemo {
  logins: DemoLogin[];
  /** Scenes that could not be played, with why (the rest of the demo is there). */
  failures: string[];
}

/**
 * Loads the demo on a new database: the generated data ending on the clock's today, then
 * the demo staff and the scenes, played through the product itself (see demo-stage.ts).
 * The server's own workers must not run yet: the scenes run them on the demo's clock.
 */
export async function loadDemo(ctx: Omit<AppContext, 'clock'>, options: DemoOptions): Promise<LoadedDemo> {
  const say = options.onLine ?? (() => {});
  const today = options.clock.now();
  let started = performance.now();
  await seedDemoData(ctx.db, systemActor, { customers: options.customers, orders: options.orders, seed: options.seed, now: today });
  // The parcels' tracking events are carrier scans: detection reads them on the shipment (delivery-scans.ts).
  await recordDemoScans(ctx.db);
  say(`Demo data loaded in ${seconds(started)} (orders up to ${today.toISOString().slice(0, 10)}).`);
  if (!options.scenes) return { logins: [], failures: [] };

  const logins = await ensureDemoUsers(ctx.db, options.dataDir);
  const planned = DEMO_SCENES.map((scene) => ({ scene, plan: scene.plan(today) }));
  const steps = planned.flatMap(({ scene, plan }) => plan.steps.map((step) => ({ scene: scene.name, step })));
  // Every scene's steps on one clock, in time order (a stable sort keeps a scene's own order on a tie).
  steps.sort((a, b) => a.step.at.getTime() - b.step.at.getTime());
  const first = steps[0]?.step.at ?? today;
  const stage = await openDemoStage({ ...ctx, clock: options.clock }, options.modules, new Date(first.getTime() - 60_000), logins);
  const failed = new Map<string, string>();
  started = performance.now();
  try {
    for (const { scene, step } of steps) {
      if (failed.has(scene)) continue;
      await play(stage, step).catch((error: unknown) => failed.set(scene, (error as Error).message));
    }
    // To today: timers due meanwhile fire (a first reply nobody gave escalates), the last mail goes out.
    stage.clock.set(new Date(Math.max(stage.clock.now().getTime(), options.clock.now().getTime())));
    await stage.settle();
    say(`Demo scenes played in ${seconds(started)}:`);
    for (const { scene, plan } of planned) {
      if (failed.has(scene.name)) say(`  Demo scene ${scene.name} FAILED: ${failed.get(scene.name)}`);
      else say(`  Demo: ${await plan.summary(stage).catch((error: unknown) => `${scene.name}: no summary (${(error as Error).message})`)}`);
    }
    const incidents = await stage.incidents();
    if (incidents.length) say(`  Demo left process incidents (see Processes → Incidents): ${incidents.join('; ')}`);
  } finally {
    await stage.close();
  }
  return { logins, failures: [...failed].map(([scene, why]) => `${scene}: ${why}`) };
}

async function play(stage: Awaited<ReturnType<typeof openDemoStage>>, step: DemoStep): Promise<void> {
  if (step.at > stage.clock.now()) stage.clock.set(step.at);
  await stage.settle();
  await step.run(stage);
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
