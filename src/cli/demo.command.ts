import type { Command } from 'commander';
import { seedDemoData } from '../data/demo-seed.ts';
import { cliActor } from '../platform/audit/audit.ts';
import { withDatabase } from './database.ts';
import { positiveInteger } from './arguments.ts';
import { progressBar } from './progress.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('demo data')
    .command('seed')
    .description('load a deterministic, realistic demo data set (same seed → same data; re-running updates in place)')
    .option('--customers <n>', 'customers', positiveInteger, 2000)
    .option('--orders <n>', 'orders (1–5 lines each)', positiveInteger, 20000)
    .option('--seed <n>', 'random seed', positiveInteger, 42)
    .action(async (flags: { customers: number; orders: number; seed: number }) => {
      const started = Date.now();
      const results = await withDatabase(async (db) => {
        let current = '';
        let bar = progressBar('demo', undefined);
        return seedDemoData(db, cliActor(), {
          ...flags,
          onProgress: (entity, rows) => {
            if (entity !== current) {
              bar.finish();
              current = entity;
              bar = progressBar(`demo ${entity}`, undefined);
            }
            bar.update(rows, `${rows.toLocaleString('en')} rows`);
          },
        }).finally(() => bar.finish());
      });
      for (const r of results) console.log(`${r.entity.padEnd(16)} ${String(r.imported).padStart(9)} rows  ${String(r.durationMs).padStart(7)} ms`);
      console.log(`demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
}
