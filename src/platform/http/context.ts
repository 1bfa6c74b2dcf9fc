import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';

/** What every module gets, wired explicitly (no string-keyed lookup). */
export interface AppContext {
  db: Db;
  config: Config;
  clock: Clock;
  jobs: Jobs;
  /**
   * A read replica (DATABASE_READ_URL) for dashboards, reports and exports; absent, they
   * read the primary. Read it through `reportingDb(ctx)`; never write through it.
   */
  readDb?: Db;
  /** Key for signed public links (REBOUND_SECRET, or generated once per installation). */
  signingKey: string;
}

/** Where dashboards, reports and exports read: the replica when one is configured. */
export function reportingDb(ctx: Pick<AppContext, 'db' | 'readDb'>): Db {
  return ctx.readDb ?? ctx.db;
}
