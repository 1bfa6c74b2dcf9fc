import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../src/platform/db/pglite.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { adminQuery, installJobSchema, prepareTemplateDatabase, TEMPLATE_NAME } from './postgres-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates once per test run, then every test file starts from that state:
 * on PGlite from a dumped data folder (0.5 s instead of 3 s for a fresh database),
 * on PostgreSQL (TEST_DATABASE_URL) from a template database.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-test-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    project.provide('postgresTemplate', await prepareTemplateDatabase(adminUrl));
    project.provide('pgliteSnapshot', '');
  } else {
    const db = await openPglite();
    await migrate(db);
    await installJobSchema(db);
    const snapshot = join(dir, 'migrated.tar');
    writeFileSync(snapshot, Buffer.from(await (await db.dump()).arrayBuffer()));
    await db.close();
    project.provide('pgliteSnapshot', snapshot);
    project.provide('postgresTemplate', '');
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (adminUrl) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_NAME}`);
  };
}
