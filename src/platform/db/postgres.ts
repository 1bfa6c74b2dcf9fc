import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident, type Db } from './database.ts';
import { parseTimestamptzText } from './timestamptz-text.ts';

const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;

/** Per-pool type parsers (not pg's global ones) so that both drivers return the same types. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    if (oid === TIMESTAMPTZ && format !== 'binary') return parseTimestamptzText;
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: typeParsers as pg.CustomTypesConfig });
  // An idle pooled connection the server ends (a restart, a failover, DROP DATABASE … FORCE)
  // emits 'error' on the pool; unhandled, that would crash the process. The pool discards it
  // and the next query opens a fresh connection.
  pool.on('error', (error) => console.warn(`database: an idle connection was closed (${error.message})`));
  // Fail at start with the server's own message rather than on the first request.
  const probe = await pool.connect();
  probe.release();

  function clientDb(client: pg.PoolClient, depth: number, committed: (() => void)[]): Db {
    const db: Db = {
      kind: 'postgres',
      async query<T>(sql: string, params: readonly unknown[] = []) {
        const result = await client.query(sql, params as unknown[]);
        return result.rows as T[];
      },
      exec: async (sql: string) => rowsOfAll(await client.query(sql)),
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        const name = `sp_${depth + 1}`;
        await client.query(`SAVEPOINT ${name}`);
        const registered = committed.length;
        try {
          const value = await fn(clientDb(client, depth + 1, committed));
          await client.query(`RELEASE SAVEPOINT ${name}`);
          return value;
        } catch (error) {
          await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
          committed.length = registered;
          throw error;
        }
      },
      afterCommit(fn) {
        committed.push(fn);
      },
      copyCsvFile: (table, columns, filePath) => copyCsv(client, table, columns, filePath),
      copyCsvChunks: (table, columns, chunks) => copyChunks(client, table, columns, chunks),
      async close() {
        /* the pool owns the client */
      },
    };
    return db;
  }

  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    exec: async (sql: string) => rowsOfAll(await pool.query(sql)),
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        const committed: (() => void)[] = [];
        await client.query('BEGIN');
        const value = await fn(clientDb(client, 0, committed));
        await client.query('COMMIT');
        for (const hook of committed) hook();
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    afterCommit(fn) {
      setImmediate(fn);
    },
    async copyCsvFile(table, columns, filePath) {
      const client = await pool.connect();
      try {
        return await copyCsv(client, table, columns, filePath);
      } finally {
        client.release();
      }
    },
    async copyCsvChunks(table, columns, chunks) {
      const client = await pool.connect();
      try {
        return await copyChunks(client, table, columns, chunks);
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function copyCsv(client: pg.PoolClient, table: string, columns: readonly string[], filePath: string): Promise<number> {
  const stream = client.query(
    copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`),
  );
  await pipeline(createReadStream(filePath), stream);
  return stream.rowCount ?? 0;
}

async function copyChunks(client: pg.PoolClient, table: string, columns: readonly string[], chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount ?? 0;
}

/** A multi-statement query gives an array of results, a single one a result: rows of all. */
function rowsOfAll(result: pg.QueryResult | pg.QueryResult[]): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.rows ?? []);
}
