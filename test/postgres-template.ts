import pg from 'pg';
import { openPostgres } from '../src/platform/db/postgres.ts';
import type { Db } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { startJobs } from '../src/platform/jobs/jobs.ts';

// One template per test run, so parallel runs against one server do not collide.
export const TEMPLATE_NAME = `rebound_test_template_${process.pid}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates the migrated template every test database is copied from. */
export async function prepareTemplateDatabase(adminUrl: string): Promise<string> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_NAME}`);
  await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_NAME}`);
  const db = await openPostgres(withDatabase(adminUrl, TEMPLATE_NAME), 1);
  await migrate(db);
  await installJobSchema(db);
  await db.close();
  return TEMPLATE_NAME;
}

let counter = 0;

/** A fresh database for one test file, copied from the template; dropped on close. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rebound_t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** pg-boss creates its schema at first start; doing it once here keeps test files fast. */
export async function installJobSchema(db: Db): Promise<void> {
  const jobs = await startJobs(db, { supervise: false });
  await jobs.stop();
}
