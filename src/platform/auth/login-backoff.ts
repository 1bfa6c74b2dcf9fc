import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/database.ts';

/**
 * Per-account back-off on sign-in, beside the per-address rate limit. The address limit
 * alone either lets a botnet guess one account's password from many addresses, or — behind
 * a proxy that hides the client — lets ten requests a minute lock every user out. Here
 * each account gets FREE_FAILURES wrong passwords, then waits 1 s, 2 s, 4 s … up to
 * MAX_WAIT_SECONDS before the next attempt is checked at all. A correct password clears it.
 */
const FREE_FAILURES = 5;
const MAX_WAIT_SECONDS = 15 * 60;
/** Failures older than this are forgotten: a typo last week does not count today. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

const key = (email: string) => email.trim().toLowerCase();

/** Seconds the account must still wait, or 0 when an attempt may be checked now. */
export async function loginWaitSeconds(db: Db, clock: Clock, email: string): Promise<number> {
  const [row] = await db.query<{ locked_until: Date | null }>('SELECT locked_until FROM login_failures WHERE email = $1', [key(email)]);
  const until = row?.locked_until?.getTime() ?? 0;
  return Math.max(0, Math.ceil((until - clock.now().getTime()) / 1000));
}

export function backoffSeconds(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS);
}

export async function recordLoginFailure(db: Db, clock: Clock, email: string): Promise<void> {
  const now = clock.now();
  const [row] = await db.query<{ failures: number }>(
    `INSERT INTO login_failures (email, failures, last_failure_at) VALUES ($1, 1, $2)
     ON CONFLICT (email) DO UPDATE SET
       failures = CASE WHEN login_failures.last_failure_at < $3 THEN 1 ELSE login_failures.failures + 1 END,
       last_failure_at = $2
     RETURNING failures`,
    [key(email), now, new Date(now.getTime() - FORGET_AFTER_MS)],
  );
  const wait = backoffSeconds(row!.failures);
  if (wait) await db.query('UPDATE login_failures SET locked_until = $2 WHERE email = $1', [key(email), new Date(now.getTime() + wait * 1000)]);
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE email = $1', [key(email)]);
}
