/**
 * `npm run worker`: a process that only works jobs (process steps, timers, message
 * delivery) — run N of them beside stateless API nodes on one PostgreSQL. The same as
 * `REBOUND_ROLE=worker npm start`; in the embedded mode `npm start` already runs the
 * workers in its own process.
 */
process.env.REBOUND_ROLE ||= 'worker';
await import('./main.ts');
