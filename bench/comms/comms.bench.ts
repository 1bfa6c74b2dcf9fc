import nodemailer from 'nodemailer';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import type { AppContext } from '../../src/platform/http/context.ts';
import { startJobs } from '../../src/platform/jobs/jobs.ts';
import { startDeliveryWorkers } from '../../src/comms/outbox/delivery-workers.ts';
import { enqueueMessages } from '../../src/comms/outbox/enqueue.ts';
import { saveTemplate } from '../../src/comms/templates/templates.sql.ts';
import { noDelaySocket } from '../../src/comms/channels/smtp-socket.ts';
import { createCustomers } from '../../src/comms/testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../../src/comms/testing/smtp-peer.ts';
import type { BenchFigure } from '../report.ts';
import { createScratchDatabase } from '../scratch-database.ts';

const HTML = '<p>Dear {{customer.name}},</p><p>{{body}}</p><p><a href="https://shop.example/recalls/42">What to do</a></p>';

/**
 * Messages per second from the outbox (queued rows → claim → render → nodemailer pool →
 * a local SMTP server → rows marked sent with a timeline entry each) next to nodemailer's
 * pool sending the same number of similar messages straight to the same server.
 * COMMS_BENCH_MESSAGES (default 100,000) sets the count; COMMS_BENCH_DATABASE_URL (or
 * BENCH_DATABASE_URL) runs it on PostgreSQL instead of an in-memory PGlite, in a scratch
 * database on that server that is dropped after, so one run never inherits another's rows.
 *
 * The baseline is measured twice, before and after the outbox, and the ratio is taken to
 * their mean: on a shared machine the load drifts over a run of minutes, and a baseline
 * measured only after the outbox compared two different machines (the ratio swung
 * 0.42–0.75 between runs of unchanged code; the 100,000-message run, being longest,
 * drifted most). Both baselines are printed, so a run measured under shifting load shows.
 */
export async function benchComms(): Promise<BenchFigure[]> {
  const count = Number(process.env.COMMS_BENCH_MESSAGES ?? 100_000);
  const connections = 5;
  // Counts only: a peer keeping an object per message grew the heap (and the collector's
  // work) by 200,000+ objects over a 100,000-message run, more for whichever side ran later.
  const smtp = await startSmtpPeer({ keepRaw: false, countOnly: true });
  const databaseUrl = process.env.COMMS_BENCH_DATABASE_URL ?? process.env.BENCH_DATABASE_URL;
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'rebound_bench_comms') : undefined;
  const db = scratch ? await openPostgres(scratch.url, 8) : await openPglite();
  await migrate(db);
  const jobs = await startJobs(db, { supervise: false });
  const config = loadConfig({ SMTP_URL: smtp.url, SMTP_POOL_CONNECTIONS: String(connections), COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0', LOG_LEVEL: 'silent' });
  const ctx: AppContext = { db, config, clock: systemClock, jobs, signingKey: 'bench-signing-key-'.padEnd(48, 'x') };
  await saveTemplate(db, 'generic.notice', 'en', { email_subject: '{{headline}}', email_html: HTML }, 'bench');
  const ids = await createCustomers(db, Array.from({ length: count }, (_, i) => ({ name: `Customer ${i}`, email: `c${i}@example.com`, consents: { email: true } })));

  // Warm up nodemailer, the SMTP server and the JIT first, so neither side of the ratio
  // pays for them (measured: the first thousand messages go at a third of the later pace).
  const port = Number(new URL(smtp.url).port);
  await sendDirect(smtp, config.SMTP_FROM, port, connections, Math.min(2000, count), true);
  const tunedBefore = await sendDirect(smtp, config.SMTP_FROM, port, connections, count, true);

  const enqueueStarted = performance.now();
  await db.transaction((tx) => enqueueMessages(tx, ctx, {
    templateKey: 'generic.notice', channels: 'email', campaign: 'bench', reason: 'bench',
    recipients: ids.map((customerId) => ({ customerId, variables: { headline: 'Recall notice', body: 'Please return the product to any store.' } })),
  }));
  const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;

  const sendStarted = performance.now();
  const workers = await startDeliveryWorkers(ctx);
  await smtp.waitForCount(count, 3_600_000);
  for (;;) {
    const [left] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM comms_messages WHERE campaign = 'bench' AND status <> 'sent'`);
    if (!left!.n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const outboxSeconds = (performance.now() - sendStarted) / 1000;
  await workers.stop();
  await jobs.stop();
  await db.close();
  await scratch?.drop();

  // Baselines: nodemailer's pool sending similar messages straight to the same server,
  // with the socket the outbox uses (Nagle off) and with its default socket.
  const tunedAfter = await sendDirect(smtp, config.SMTP_FROM, port, connections, count, true);
  const tunedRate = (tunedBefore + tunedAfter) / 2;
  // The default socket is about ten times slower; a tenth of the messages measures it.
  const defaultCount = Math.max(1000, Math.floor(count / 10));
  const defaultRate = await sendDirect(smtp, config.SMTP_FROM, port, connections, defaultCount, false);
  await smtp.close();

  return [
    { name: `outbox → SMTP, ${count.toLocaleString('en')} messages (${db.kind})`, value: count / outboxSeconds, unit: 'messages/s', baseline: `nodemailer pool, same socket, straight to the server (mean of ${Math.round(tunedBefore)} before and ${Math.round(tunedAfter)} after)`, baselineValue: tunedRate, higherIsBetter: true },
    { name: `outbox → SMTP, ${count.toLocaleString('en')} messages (${db.kind})`, value: count / outboxSeconds, unit: 'messages/s', baseline: `nodemailer pool, default socket (${defaultCount.toLocaleString('en')} messages)`, baselineValue: defaultRate, higherIsBetter: true },
    { name: 'enqueue (one transaction, set-based)', value: count / enqueueSeconds, unit: 'messages/s', baseline: 'outbox delivery', baselineValue: count / outboxSeconds, higherIsBetter: true },
  ];
}

/** nodemailer's pool straight to the server: the baseline without an outbox. */
async function sendDirect(smtp: SmtpPeer, from: string, port: number, connections: number, count: number, noDelay: boolean): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true, host: '127.0.0.1', port, maxConnections: connections, maxMessages: 1000, ignoreTLS: true, logger: false,
    ...(noDelay ? { getSocket: noDelaySocket('127.0.0.1', port, false, false) } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const before = smtp.total();
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({
        from, to: `c${i}@example.com`, subject: 'Recall notice', messageId: `<direct-${noDelay ? 'tuned' : 'default'}-${i}@rebound.local>`,
        html: HTML.replace('{{customer.name}}', `Customer ${i}`).replace('{{body}}', 'Please return the product to any store.'),
        text: 'Please return the product to any store.',
      });
    }
  };
  await Promise.all(Array.from({ length: connections * 4 }, sender));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  await smtp.waitForCount(before + count);
  return count / seconds;
}
