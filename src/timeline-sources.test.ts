import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/app.ts';
import { runDueActionCalls } from './engine/index.ts';

describe('a case timeline merges the case and the process that runs it', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['manager']);
  });
  afterAll(async () => t.close());

  it('shows the review process of the case, matched by business key, next to the case events', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { type: 'investigation', title: 'Odd taste reported', business_key: 'INV-7' } });
    expect(created.statusCode, created.body).toBe(201);
    const started = await t.app.inject({ method: 'POST', url: '/api/processes/review/instances', headers: { cookie }, payload: { businessKey: 'INV-7', variables: {} } });
    expect(started.statusCode, started.body).toBeLessThan(300);
    await runDueActionCalls({ db: t.db, clock: t.clock });
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/cases/${created.json().id}/timeline`, headers: { cookie } })).json();
    const sources = new Set(timeline.entries.map((e: { source: string }) => e.source));
    expect(sources).toContain('case');
    expect(sources).toContain('process');
    const process = timeline.entries.filter((e: { source: string }) => e.source === 'process');
    expect(process.map((e: { kind: string }) => e.kind)).toContain('instance.started');
    expect(timeline.unavailable).toEqual([]);
  });
});
