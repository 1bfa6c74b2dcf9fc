import type { DemoStage } from './demo-stage.ts';

/** Something a person (or a consumer, or a store) does at a moment of the demo's past. */
export interface DemoStep {
  at: Date;
  run(stage: DemoStage): Promise<void>;
}

/** A scene as planned for one demo: its steps, and the line it prints once everything has played. */
export interface PlannedScene {
  steps: DemoStep[];
  summary(stage: DemoStage): Promise<string>;
}

/**
 * A story the demo tells on top of the generated data: a recall under way, complaints at
 * every stage… `plan` is called once per demo with its "today" and returns steps at times
 * before it; the runner plays the steps of every scene in time order on one clock, letting
 * the processes and the outbox catch up between steps, then moves the clock to today.
 * A scene keeps what one step learns for the next (a reference, a task) in its own closure.
 */
export interface DemoScene {
  name: string;
  plan(today: Date): PlannedScene;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * `days` before today at `hour` o'clock UTC (office hours in the demo's European markets, so
 * messages to consumers are not held back by quiet hours) — or, for a time today that has
 * not come yet, shortly before now.
 */
export function officeTime(today: Date, days: number, hour: number, minute = 0): Date {
  const minuteOfDay = hour * 60 + minute;
  const at = Math.floor(today.getTime() / DAY_MS) * DAY_MS - days * DAY_MS + minuteOfDay * 60_000;
  // Not yet come today: squeezed into the hour before now, in the same order as planned.
  const squeezed = today.getTime() - HOUR_MS + Math.round((minuteOfDay / 1440) * 50 * 60_000);
  return new Date(Math.min(at, squeezed));
}
