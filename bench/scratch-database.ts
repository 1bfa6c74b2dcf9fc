import pg from 'pg';

/**
 * A database created for one bench run on the server `serverUrl` names, and dropped after —
 * never the live database the URL points at. `prefix` tells whose it is in `\l`. With
 * `template`, it starts as a file copy of that database (kept generated data).
 */
export async function createScratchDatabase(serverUrl: string, prefix: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(template ? `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY` : `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
    // BENCH_KEEP_DATABASE=1 keeps it for a look afterwards (drop it by hand).
  const keep = async () => console.log(`  kept the scratch database ${url.toString()} (BENCH_KEEP_DATABASE)`);
  return { url: url.toString(), drop: () => (process.env.BENCH_KEEP_DATABASE ? keep() : admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}
