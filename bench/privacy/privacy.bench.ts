import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { systemActor } from '../../src/platform/audit/audit.ts';
import { eraseCustomer } from '../../src/privacy/index.ts';
import { applyRetention } from '../../src/privacy/retention/retention.ts';
import type { BenchFigure } from '../report.ts';

const ORDERS = Number(process.env.PRIVACY_BENCH_ORDERS ?? 1000);
const MESSAGES = Number(process.env.PRIVACY_BENCH_MESSAGES ?? 500);
/** The target is 1 M message rows; the default keeps a run on a shared laptop under a minute. */
const RETENTION_ROWS = Number(process.env.PRIVACY_BENCH_RETENTION_ROWS ?? 200_000);
const OTHER_CUSTOMERS = 5_000;

/** One customer with ORDERS orders (a line each) and MESSAGES messages, set-based. */
async function customerWithHistory(db: Db, tag: string): Promise<number> {
  const [customer] = await db.query<{ id: number }>(
    `INSERT INTO customers (external_id, name, email, phone, language) VALUES ($1, $2, $3, '+46701234567', 'sv') RETURNING id`,
    [`bench-${tag}`, `Bench Person ${tag}`, `bench.${tag}@example.se`]);
  const id = customer!.id;
  await db.query(`INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency)
    SELECT $2 || '-' || n, $1, 'online', now() - n * interval '1 day', 'SEK' FROM generate_series(1, $3) n`, [id, `bench-${tag}`, ORDERS]);
  await db.query(`INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_minor, currency)
    SELECT o.id, 1, (SELECT min(id) FROM products), 1, 1000, 'SEK' FROM orders o WHERE o.customer_id = $1`, [id]);
  await db.query(`INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, variables, campaign, reason, kind, status, recipient, created_at, next_attempt_at)
    SELECT 'email:' || $1 || ':bench-' || n, 'email', $1::bigint, 'x', jsonb_build_object('name', $2::text), 'bench-' || n, 'bench', 'marketing', 'sent', $3, now(), now()
    FROM generate_series(1, $4) n`, [id, `Bench Person ${tag}`, `bench.${tag}@example.se`, MESSAGES]);
  return id;
}

const ms = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

/**
 * Issue 18.7. Erasing one customer through every registered eraser, against deleting the same
 * rows with plain DELETEs in the same run (target < 1 s); a retention run over old message
 * rows, against one plain UPDATE blanking the same rows (target: 1 M rows < 60 s).
 */
export async function benchPrivacy(): Promise<BenchFigure[]> {
  const db = await openPglite();
  try {
    await migrate(db);
    await db.query(`INSERT INTO products (gtin, sku, name) VALUES ('09506000134352', 'BENCH', 'Bench product')`);
    await db.query(`INSERT INTO customers (external_id, name, email) SELECT 'other-' || n, 'Other ' || n, 'other' || n || '@example.se' FROM generate_series(1, $1) n`, [OTHER_CUSTOMERS]);
    const erased = await customerWithHistory(db, 'erased');
    const deleted = await customerWithHistory(db, 'deleted');

    const eraseMs = await ms(() => db.transaction((tx) => eraseCustomer(tx, systemActor, erased, new Date())));
    const deleteMs = await ms(() => db.transaction(async (tx) => {
      await tx.query('DELETE FROM comms_messages WHERE customer_id = $1', [deleted]);
      await tx.query('DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE customer_id = $1)', [deleted]);
      await tx.query('DELETE FROM orders WHERE customer_id = $1', [deleted]);
      await tx.query('DELETE FROM customers WHERE id = $1', [deleted]);
    }));

    // Old message rows for the retention run: half to be blanked by policy, half by the baseline's plain UPDATE.
    const old = new Date(Date.now() - 200 * 86_400_000);
    await db.query(`INSERT INTO comms_messages (idempotency_key, channel, customer_id, template_key, variables, campaign, reason, kind, status, recipient, created_at, next_attempt_at)
      SELECT 'email:r:' || n, 'email', NULL, 'x', '{"name":"Someone"}', 'retention-' || (n % 2), 'bench', 'marketing', 'sent', 'someone@example.se', $2, $2
      FROM generate_series(1, $1) n`, [RETENTION_ROWS, old]);
    const baselineMs = await ms(() => db.query(`UPDATE comms_messages SET variables = '{}'::jsonb, recipient = NULL WHERE campaign = 'retention-0'`));
    const retentionMs = await ms(() => applyRetention(db, new Date(), 'manual'));
    return [
      { name: `erase one customer (${ORDERS} orders, ${MESSAGES} messages) through every eraser`, value: eraseMs, unit: 'ms', baseline: 'plain DELETEs of the same rows', baselineValue: deleteMs },
      { name: `retention run over ${RETENTION_ROWS.toLocaleString('en')} old message rows (half still to blank)`, value: retentionMs, unit: 'ms', baseline: 'one plain UPDATE of the other half', baselineValue: baselineMs },
    ];
  } finally {
    await db.close();
  }
}
