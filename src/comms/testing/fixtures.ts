import type { Db } from '../../platform/db/database.ts';

export interface TestCustomer {
  name: string;
  email?: string | null;
  phone?: string | null;
  language?: string;
  timeZone?: string;
  /** Consent per channel: true granted, false opted out, absent none recorded. */
  consents?: { email?: boolean; sms?: boolean };
}

let counter = 0;

/** Customers with consents, in one statement each, for tests and benchmarks. */
export async function createCustomers(db: Db, customers: readonly TestCustomer[]): Promise<number[]> {
  const prefix = `t${process.pid}-${Date.now().toString(36)}-${++counter}`;
  const rows = await db.query<{ id: number }>(
    `INSERT INTO customers (external_id, name, email, phone, language, time_zone)
     SELECT $2 || '-' || r.n, r.name, r.email, r.phone, coalesce(r.language, 'en'), coalesce(r.time_zone, 'UTC')
     FROM jsonb_to_recordset($1::jsonb) AS r(name text, email text, phone text, language text, time_zone text, n int)
     ORDER BY r.n RETURNING id`,
    [JSON.stringify(customers.map((c, n) => ({ n, name: c.name, email: c.email ?? null, phone: c.phone ?? null, language: c.language ?? null, time_zone: c.timeZone ?? null }))), prefix],
  );
  const consents = customers.flatMap((c, i) =>
    Object.entries(c.consents ?? {}).map(([channel, granted]) => ({ customer_id: rows[i]!.id, channel, granted })),
  );
  if (consents.length) {
    await db.query(
      `INSERT INTO customer_consents (customer_id, channel, granted, recorded_at, source)
       SELECT customer_id, channel, granted, now(), 'test' FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, channel text, granted boolean)`,
      [JSON.stringify(consents)],
    );
  }
  return rows.map((r) => r.id);
}

/** Polls until `check` returns a value (not undefined/false), or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
