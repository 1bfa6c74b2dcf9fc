import { readFile } from 'node:fs/promises';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { ident, type Db } from './database.ts';
import { parseTimestamptzText } from './timestamptz-text.ts';

// Same JavaScript types as the `pg` driver is configured to return (see postgres.ts).
const parsers = {
  [types.INT8]: (value: string) => Number(value),
  [types.DATE]: (value: string) => value,
  [types.TIMESTAMPTZ]: parseTimestamptzText,
};

export interface PgliteOptions {
  /** A folder for the data, or undefined for an in-memory database. */
  dataDir?: string;
  /** A tarball made by `dumpDataDir()`: starts from a snapshot (fast test set-up). */
  loadDataDir?: Blob;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers,
  });
  let savepoint = 0;

  function wrap(handle: PGlite | Transaction, inTransaction: boolean, committed: (() => void)[] = []): Db {
    const db: Db = {
      kind: 'pglite',
      async query<T>(sql: string, params: readonly unknown[] = []) {
        const result = await handle.query<T>(sql, params as unknown[]);
        return result.rows;
      },
      async exec(sql: string) {
        const results = await handle.exec(sql);
        return results.flatMap((r) => r.rows as Record<string, unknown>[]);
      },
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (!inTransaction) {
          const hooks: (() => void)[] = [];
          const value = await pg.transaction((tx) => fn(wrap(tx, true, hooks)));
          for (const hook of hooks) hook();
          return value;
        }
        const name = `sp_${++savepoint}`;
        await handle.exec(`SAVEPOINT ${name}`);
        const registered = committed.length;
        try {
          const value = await fn(db);
          await handle.exec(`RELEASE SAVEPOINT ${name}`);
          return value;
        } catch (error) {
          await handle.exec(`ROLLBACK TO SAVEPOINT ${name}`);
          committed.length = registered;
          throw error;
        }
      },
      afterCommit(fn) {
        if (inTransaction) committed.push(fn);
        else setImmediate(fn);
      },
      async copyCsvFile(table, columns, filePath) {
        // PGlite reads COPY input from a Blob bound to the virtual file /dev/blob.
        const blob = new Blob([await readFile(filePath)]);
        const result = await handle.query(
          `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`,
          [],
          { blob },
        );
        return result.affectedRows ?? 0;
      },
      async copyCsvChunks(table, columns, chunks) {
        // One COPY per chunk: PGlite reads a whole Blob, so a chunk (not the file) is what is held.
        let rows = 0;
        for await (const chunk of chunks) {
          const result = await handle.query(
            `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
            [],
            { blob: new Blob([chunk as Uint8Array<ArrayBuffer>]) },
          );
          rows += result.affectedRows ?? 0;
        }
        return rows;
      },
      async close() {
        if (!inTransaction) await pg.close();
      },
    };
    return db;
  }

  const db = wrap(pg, false);
  return Object.assign(db, { dump: () => pg.dumpDataDir('none') });
}

