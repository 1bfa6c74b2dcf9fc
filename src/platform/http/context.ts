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
  /** Key for signed public links (REBOUND_SECRET, or generated once per installation). */
  signingKey: string;
}
