import { printFigures, type BenchFigure } from './report.ts';

/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all when none is named). Each
 * prints its figures next to a baseline measured in the same run, as a ratio.
 */
const BENCHES: Record<string, { title: string; run(): Promise<BenchFigure[]> }> = {
  import: {
    title: 'import: order lines from CSV (BENCH_IMPORT_LINES, default 1 M; a list such as 1000000,10000000 runs each size) against COPY of the same file, with peak RSS',
    run: async () => (await import('./import/import.bench.ts')).benchImport(),
  },
  dmn: {
    title: 'dmn: decision table evaluation',
    run: async () => (await import('./dmn/dmn.bench.ts')).benchDmn(),
  },
  comms: {
    title: 'comms: outbox to a local SMTP server (COMMS_BENCH_MESSAGES, default 100,000)',
    run: async () => (await import('./comms/comms.bench.ts')).benchComms(),
  },
  engine: {
    title: 'engine: persisted BPMN instances (PGlite on disk; PostgreSQL too when DATABASE_URL is set) and DMN evaluations',
    run: async () => (await import('./engine/engine.bench.ts')).benchEngine(),
  },
  recall: {
    title: 'recall: activation on PostgreSQL (BENCH_DATABASE_URL), 1 M customers, 10 M order lines, 2 % of lots (targets: blocked < 1 s, notices in the outbox < 60 s)',
    run: async () => (await import('./recall/recall.bench.ts')).benchRecall(),
  },
  winback: {
    title: 'winback: on PostgreSQL (BENCH_DATABASE_URL), BENCH_WINBACK_CUSTOMERS (default 1 M) customers, BENCH_WINBACK_LINES (default 10 M) order lines: full recompute (target < 30 s), update after 10,000 new lines (target < 1 s), BENCH_WINBACK_ENTRIES (default 50,000) segment entries to started instances with their first tasks (target < 60 s)',
    run: async () => (await import('./winback/winback.bench.ts')).benchWinback(),
  },
  'stop-sale': {
    title: 'stop-sale: till checks against the running server (target p99 < 5 ms at 2,000 req/s)',
    run: async () => (await import('./recall/stop-sale.bench.ts')).benchStopSale(),
  },
  privacy: {
    title: 'privacy: erasing one customer (1,000 orders, 500 messages; target < 1 s) and a retention run (PRIVACY_BENCH_RETENTION_ROWS, default 200,000; target 1 M < 60 s)',
    run: async () => (await import('./privacy/privacy.bench.ts')).benchPrivacy(),
  },
  complaints: {
    title: 'complaints: registered through the API of the running server and driven through processes/complaint.bpmn to a resolved case (COMPLAINTS_BENCH_COUNT, default 10,000)',
    run: async () => (await import('./complaints/complaints.bench.ts')).benchComplaints(),
  },
  delivery: {
    title: 'delivery: on PostgreSQL (BENCH_DATABASE_URL), signed carrier webhooks into the running server (target >= 2,000/s sustained, baseline /health at the same rate); the detection sweep over DELIVERY_BENCH_SHIPMENTS (default 100,000; target 1 M in < 10 s) and predicted delivery against the carriers\' estimates; an incident of 50,000 delayed orders until every notice is in the outbox (target < 60 s)',
    run: async () => (await import('./delivery/delivery.bench.ts')).benchDelivery(),
  },
  'scale-out': {
    title: 'scale-out: the same process load against 1, 2 and 4 Rebound processes on one PostgreSQL (DATABASE_URL; SCALE_BENCH_COUNT, default 2,000)',
    run: async () => (await import('./scale/scale-out.bench.ts')).benchScaleOut(),
  },
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length ? requested : Object.keys(BENCHES)) {
  const bench = BENCHES[name]!;
  printFigures(bench.title, await bench.run());
}
