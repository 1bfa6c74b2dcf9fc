import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** User + system CPU seconds a process has used so far, from /proc (Linux); NaN when unreadable. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of the PostgreSQL backends connected to the database at `url`, when the server
 * runs on this machine (its /proc visible): a pooled server keeps its connections, so the
 * difference between two readings is the database's work for what ran in between.
 */
export async function databaseCpuSeconds(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.reduce((sum, row) => sum + (processCpuSeconds(row.pid) || 0), 0);
  } finally {
    await client.end();
  }
}
