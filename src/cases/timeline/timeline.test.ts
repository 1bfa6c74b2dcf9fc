import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRow } from '../case-model.ts';
import { startCasesFixture, type CasesFixture } from '../test/cases-fixture.ts';
import { registerTimelineSource } from './timeline.ts';

describe('the case timeline', () => {
  let f: CasesFixture;
  beforeAll(async () => {
    f = await startCasesFixture();
  });
  afterAll(async () => f?.t.close());

  it('merges case events, comments and the entries of a registered source in time order', async () => {
    const { body: c } = await f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Missing voucher', business_key: 'CMP-77' });
    const seen: CaseRow[] = [];
    // Shaped like the engine's source (its instance's history for the case, by business key),
    // under a name of its own: the real 'process' source is registered by src/modules.ts.
    const unregister = registerTimelineSource('test-process', async (_db, caseRow) => {
      seen.push(caseRow);
      return [
        { id: 'instance:1:start', at: new Date(Date.parse(caseRow.created_at.toString()) + 60_000), kind: 'process_started', summary: 'Complaint process started', actor: null },
        { id: 'instance:1:task:review', at: new Date(Date.parse(caseRow.created_at.toString()) + 180_000), kind: 'task_completed', summary: 'Review completed', actor: 'anna@example.com', data: { task: 'review' } },
      ];
    });
    try {
      f.t.clock.advance(120_000);
      await f.call('POST', `/api/cases/${c.id}/comments`, f.agent, { body: 'Customer called again' });
      f.t.clock.advance(120_000);
      await f.call('PATCH', `/api/cases/${c.id}`, f.agent, { stage: 'investigating' });

      const timeline = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
      expect(timeline.status).toBe(200);
      expect(timeline.body.entries.map((e: { source: string; kind: string }) => `${e.source}:${e.kind}`)).toEqual([
        'case:created', 'test-process:process_started', 'comment:comment', 'test-process:task_completed', 'case:stage_changed',
      ]);
      expect(timeline.body.entries[2].summary).toBe('Customer called again');
      expect(timeline.body.unavailable).toEqual([]);
      expect(seen[0]).toMatchObject({ id: c.id, business_key: 'CMP-77' });
    } finally {
      unregister();
    }
    const after = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
    expect(after.body.entries.some((e: { source: string }) => e.source === 'test-process')).toBe(false);
  });

  it('still shows the rest when a source fails, and says which one', async () => {
    const { body: c } = await f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Late parcel' });
    const unregister = registerTimelineSource('test-messages', async () => {
      throw new Error('outbox unreachable');
    });
    try {
      const timeline = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
      expect(timeline.status).toBe(200);
      expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['created']);
      expect(timeline.body.unavailable).toEqual([{ source: 'test-messages', reason: 'outbox unreachable' }]);
    } finally {
      unregister();
    }
  });

  it('refuses a second source of the same name and the names the case module uses', () => {
    const unregister = registerTimelineSource('test-surveys', async () => []);
    try {
      expect(() => registerTimelineSource('test-surveys', async () => [])).toThrow(/already registered/);
      expect(() => registerTimelineSource('case', async () => [])).toThrow(/reserved/);
    } finally {
      unregister();
    }
  });

  it('answers 404 for the timeline of a case that does not exist', async () => {
    expect((await f.call('GET', '/api/cases/424242/timeline', f.viewer)).status).toBe(404);
  });

  it('names linked records as people know them: the order by its number and date, the customer by name, not by database id', async () => {
    const [customer] = await f.t.db.query<{ id: number }>(`INSERT INTO customers (external_id, name) VALUES ('timeline-c1', 'Greta Garbo') RETURNING id`);
    const [order] = await f.t.db.query<{ id: number }>(
      `INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency) VALUES ('WEB-2025-0042', $1, 'online', '2025-10-11T10:00:00Z', 'SEK') RETURNING id`, [customer!.id]);
    const { body: c } = await f.call('POST', '/api/cases', f.agent, { type: 'complaint', title: 'Broken lamp' });
    expect((await f.call('POST', `/api/cases/${c.id}/links`, f.agent, { links: [{ kind: 'order', id: order!.id }, { kind: 'customer', id: customer!.id }] })).status).toBe(201);
    const timeline = await f.call('GET', `/api/cases/${c.id}/timeline`, f.viewer);
    const linked = timeline.body.entries.filter((e: { kind: string }) => e.kind === 'linked');
    expect(linked.map((e: { summary: string }) => e.summary).sort()).toEqual(['Linked customer Greta Garbo', 'Linked order WEB-2025-0042 of 2025-10-11']);
    expect(linked.find((e: { data: { kind: string } }) => e.data.kind === 'order').data).toMatchObject({ target_id: order!.id, label: 'WEB-2025-0042 of 2025-10-11' });
  });
});
