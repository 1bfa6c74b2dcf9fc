import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';
import { corpus } from '../../test/corpora.ts';
import { lockDataDir } from '../platform/db/data-dir-lock.ts';

describe('rebound import (the CLI, as a real process)', () => {
  let sandbox: Awaited<ReturnType<typeof cliSandbox>>;
  beforeAll(async () => {
    sandbox = await cliSandbox();
  });
  afterAll(async () => sandbox.cleanup());

  it('imports nothing and exits non-zero when a row is invalid, naming file, line and field', async () => {
    writeFileSync(join(sandbox.dir, 'customers.csv'), 'external_id,name,email\nC1,Anna,anna@example.com\nC2,Bo,bo@\n');
    const run = await sandbox.run(['import', 'customers', 'customers.csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('customers.csv:3: email: "bo@" is not an e-mail address');
    expect(run.stderr).toContain('nothing imported');
    const db = await sandbox.open();
    try {
      expect(await db.query('SELECT external_id FROM customers')).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('with --skip-invalid keeps the valid rows and writes the rejected ones to a rejects file', async () => {
    const run = await sandbox.run(['import', 'customers', 'customers.csv', '--skip-invalid']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('imported 1 customers rows, rejected 1');
    const rejects = readFileSync(join(sandbox.dir, 'customers.csv.rejects.csv'), 'utf8');
    expect(rejects).toBe('_line,_errors,external_id,name,email\n3,"email: ""bo@"" is not an e-mail address",C2,Bo,bo@\n');
  });

  it('imports an EPCIS 2.0 document', async () => {
    writeFileSync(join(sandbox.dir, 'products.csv'), 'gtin,name\n09506000134352,Example product\n');
    expect((await sandbox.run(['import', 'products', 'products.csv'])).code).toBe(0);
    const run = await sandbox.run(['import', 'epcis', corpus('epcis', 'JSON', 'Example_9.6.1-ObjectEvent.jsonld')]);
    expect(run.stdout).toMatch(/imported \d+ of \d+ events/);
    expect(run.code).toBe(0);
  });

  it('imports an EPCIS 2.0 XML document, and refuses a file in neither format', async () => {
    const xml = await sandbox.run(['import', 'epcis', corpus('epcis', 'XML', 'Mimasu', 'Example4.xml')]);
    expect(xml.stdout).toContain('imported 1 of 1 events, 9 movements');
    expect(xml.code).toBe(0);
    const neither = await sandbox.run(['import', 'epcis', 'products.csv']);
    expect(neither.stdout).toContain('not an EPCIS 2.0 document (JSON-LD or XML expected)');
    expect(neither.code).toBe(1);
  });

  it('explains an unknown entity and a missing file with exit code 2', async () => {
    const unknown = await sandbox.run(['import', 'cusotmers', 'customers.csv']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown entity "cusotmers"');
    const missing = await sandbox.run(['import', 'customers', 'nope.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv: no such file');
  });

  it.runIf(!process.env.TEST_DATABASE_URL)('refuses to open an embedded data folder another process holds', async () => {
    const release = lockDataDir(sandbox.env.REBOUND_DATA_DIR!);
    try {
      // The lock names this test process, which is alive: the CLI must refuse, not corrupt.
      const run = await sandbox.run(['import', 'customers', 'customers.csv']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('is already in use by process');
    } finally {
      release();
    }
  });
});
