import { defineConfig } from 'vitest/config';
import { testFilesThatReachADatabase } from './test/database-test-files.ts';

// CI runs the suite on PGlite and again on PostgreSQL (TEST_DATABASE_URL). The second pass
// runs only the files that reach a database: the rest cannot answer differently there.
const postgresPass = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: postgresPass ? testFilesThatReachADatabase(import.meta.dirname) : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/browser/build-web.setup.ts'],
    pool: 'forks',
    // Two files at a time on the 2-core CI machine: a file spends much of its time waiting
    // (workers polling, SMTP, Chromium), so one file per core keeps both busy. Every file has
    // a database of its own and takes ports from the OS, so files never share state.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
    minWorkers: 1,
    // A condition polled in a browser test (a chart drawn, a panel refreshed) may take seconds
    // on a loaded 2-core machine; the poll ends as soon as it holds, so a long limit costs nothing.
    expect: { poll: { timeout: 20_000 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
