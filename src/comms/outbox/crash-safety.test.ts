import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase } from '../../../test/postgres-template.ts';
import { systemClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import { openPostgres } from '../../platform/db/postgres.ts';
import { startJobs } from '../../platform/jobs/jobs.ts';
import { EMAIL_SLOTS_PER_CONNECTION } from '../channels/email.channel.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers } from '../testing/fixtures.ts';
import { startSmtpPeer } from '../testing/smtp-peer.ts';
import { enqueueMessages } from './enqueue.ts';

const MESSAGES = Number(process.env.COMMS_CRASH_MESSAGES ?? 10_000);
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SECRET = 'crash-test-signing-secret-0123456789abcdef';

/**
 * The outbox's promise under the worst stop there is: the worker process (src/worker.ts)
 * is killed with SIGKILL while it sends, then started again. See
 * docs/decisions/007-outbox-delivery.md for what can and cannot be guaranteed over SMTP.
 */
describe('crash safety of the outbox', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(`sends ${MESSAGES.toLocaleString('en')} queued messages across a SIGKILL of the worker: every Message-ID arrives, at most one repeat per send slot in flight`, async () => {
    const smtp = await startSmtpPeer({ keepRaw: false });
    cleanups.push(() => smtp.close());
    const place = await prepareDatabase();
    cleanups.push(place.drop);

    // Queue the messages the way a recall step would: one transaction, set-based.
    let db = await place.open();
    const jobs = await startJobs(db, { supervise: false });
    const ctx = { db, config: loadConfig({ LOG_LEVEL: 'silent' }), clock: systemClock, jobs, signingKey: SECRET };
    await saveTemplate(db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_html: '<p>Dear {{customer.name}}, {{body}}</p>' }, 'test');
    const ids = await createCustomers(db, Array.from({ length: MESSAGES }, (_, i) => ({ name: `Customer ${i}`, email: `c${i}@example.com`, consents: { email: true } })));
    const summary = await db.transaction((tx) => enqueueMessages(tx, ctx, {
      templateKey: 'generic.notice', channels: 'email', campaign: 'crash-test', reason: 'test',
      recipients: ids.map((customerId) => ({ customerId, variables: { headline: 'Recall notice', body: 'please return the product' } })),
    }));
    expect(summary.queued).toBe(MESSAGES);
    await jobs.stop();
    if (db.kind === 'pglite') await db.close();

    const env = { ...place.env, SMTP_URL: smtp.url, REBOUND_SECRET: SECRET, COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0', COMMS_SEND_LEASE_SECONDS: '6', LOG_LEVEL: 'silent', REBOUND_DEMO: 'false' };
    const started = Date.now();
    const phase = (what: string) => process.env.COMMS_CRASH_TRACE && console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}; received ${smtp.total()}`);
    const first = startWorker(env);
    cleanups.push(() => stopWorker(first, 'SIGKILL'));
    // Mid-batch, so that some messages are in the SMTP server's hands but not yet recorded.
    await smtp.waitForCount(Math.floor(MESSAGES * 0.3) + 237, 120_000);
    phase('killing the first worker');
    first.kill('SIGKILL');
    await exited(first);
    const receivedAtKill = smtp.total();

    phase('starting the second worker');
    const second = startWorker(env);
    cleanups.push(() => stopWorker(second, 'SIGKILL'));
    const deadline = Date.now() + 180_000;
    while (smtp.countsByMessageId.size < MESSAGES) {
      if (Date.now() > deadline) throw new Error(`only ${smtp.countsByMessageId.size} of ${MESSAGES} distinct messages arrived; worker output:\n${second.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    phase('every Message-ID arrived');
    // Interrupted attempts are sent again once their lease runs out, and those repeats
    // carry Message-IDs already seen: wait until the server has been quiet for longer
    // than a lease plus a sweep, then stop the worker the polite way.
    let last = smtp.total();
    let quietSince = Date.now();
    while (Date.now() - quietSince < 5000) {
      await new Promise((r) => setTimeout(r, 200));
      if (smtp.total() !== last) [last, quietSince] = [smtp.total(), Date.now()];
      if (Date.now() - started > 240_000) throw new Error(`the server never went quiet (${smtp.total()} received); worker output:\n${second.output()}`);
    }
    const seconds = (quietSince - started) / 1000;
    phase('quiet; stopping the second worker');
    await stopWorker(second, 'SIGTERM');
    phase(`stopped: ${second.output().slice(-500)}`);

    db = place.kind === 'pglite' ? await place.open() : db;
    const [rows] = await db.query<{ sent: number; interrupted: number; interrupted_rows: number }>(
      `SELECT count(*) FILTER (WHERE status = 'sent') AS sent, coalesce(sum(interrupted_attempts), 0)::int AS interrupted,
              count(*) FILTER (WHERE interrupted_attempts > 0) AS interrupted_rows
       FROM comms_messages WHERE campaign = 'crash-test'`);
    const messageIds = await db.query<{ message_id: string }>(`SELECT message_id FROM comms_messages WHERE campaign = 'crash-test'`);
    const [timeline] = await db.query<{ n: number; distinct_messages: number }>(
      `SELECT count(*) AS n, count(DISTINCT ref_id) AS distinct_messages FROM interactions WHERE ref_type = 'comms_message' AND customer_id = ANY($1)`, [ids]);
    await db.close();

    const total = smtp.total();
    const repeats = total - smtp.countsByMessageId.size;
    // The killed worker's send slots: each holds at most one message the server may have
    // accepted while its row did not yet say 'sent' (each outcome is committed before the
    // slot takes its next message). Those, and only those, can arrive twice.
    const sendSlots = loadConfig({ ...process.env, ...env }).SMTP_POOL_CONNECTIONS * EMAIL_SLOTS_PER_CONNECTION;
    console.log(`crash test (${place.kind}): ${MESSAGES} messages in ${seconds.toFixed(1)} s; killed after ${receivedAtKill} received; ` +
      `SMTP server received ${total} (${smtp.countsByMessageId.size} distinct Message-IDs, ${repeats} repeats); ` +
      `${rows!.interrupted_rows} attempts interrupted by the kill; ${sendSlots} send slots`);

    // Every message reached the server, and each row knows it was sent.
    expect(rows!.sent).toBe(MESSAGES);
    expect(new Set(messageIds.map((m) => m.message_id))).toEqual(new Set(smtp.countsByMessageId.keys()));
    // Deduplicated by Message-ID, the receiving side saw each message exactly once. Raw
    // repeats are the messages whose acceptance raced the kill: at most one per send slot,
    // and never more than the attempts the kill interrupted (the batch being sent and the
    // one claimed ahead of it).
    expect([...smtp.countsByMessageId.values()].every((n) => n === 1 || n === 2)).toBe(true);
    expect(repeats).toBeLessThanOrEqual(sendSlots);
    expect(repeats).toBeLessThanOrEqual(rows!.interrupted);
    expect(rows!.interrupted_rows).toBeLessThanOrEqual(2 * ctx.config.COMMS_BATCH_SIZE);
    // One timeline entry per message, never two.
    expect(timeline).toEqual({ n: MESSAGES, distinct_messages: MESSAGES });
  }, 400_000);
});

interface Place {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

/** A database two processes can use in turn: a PostgreSQL database, or an embedded data folder. */
async function prepareDatabase(): Promise<Place> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const database = await createTestDatabase(adminUrl, inject('postgresTemplate'));
    return { kind: 'postgres', env: { DATABASE_URL: database.url }, open: () => openPostgres(database.url, 4), drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rebound-crash-'));
  const snapshot = new Blob([readFileSync(inject('pgliteSnapshot'))]);
  const seed = await openPglite({ dataDir: join(dir, 'pgdata'), loadDataDir: snapshot });
  await seed.close();
  return {
    kind: 'pglite',
    env: { REBOUND_DATA_DIR: dir, DATABASE_URL: '' },
    open: () => openPglite({ dataDir: join(dir, 'pgdata') }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

type Worker = ChildProcess & { output(): string };

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  return Object.assign(child, { output: () => output });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await exited(child);
}
