import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseListQuery, type CaseListFilter } from './case-list.sql.ts';
import { startCasesFixture, type CasesFixture } from './test/cases-fixture.ts';

const CASES = 100_000;

interface Raw {
  id: number;
  type: string;
  status: string;
  priority_rank: number;
  owner_id: number | null;
  department: string;
  sla_breached: boolean;
  created_at: Date;
  resolution_due_at: Date | null;
  title: string;
}

/** Every node of an EXPLAIN (FORMAT JSON) plan, flattened. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

describe('the case list at 100,000 cases', () => {
  let f: CasesFixture;
  let rare: number; // an owner with few cases, so that filtering by them is selective
  let customerId: number;
  let all: Raw[];

  beforeAll(async () => {
    f = await startCasesFixture();
    const db = f.t.db;
    [{ id: rare }] = await db.query<{ id: number }>(`INSERT INTO users (email, name, password_hash, roles) VALUES ('rare@example.com', 'Rare Owner', 'x', ARRAY['agent']) RETURNING id`) as [{ id: number }];
    [{ id: customerId }] = await db.query<{ id: number }>(`INSERT INTO customers (external_id, name) VALUES ('C-LIST', 'Ivan Listov') RETURNING id`) as [{ id: number }];
    // Set-based: one INSERT … SELECT over generate_series, columns varying on different moduli so filters combine unevenly.
    await db.query(
      `INSERT INTO cases (type, title, description, stage, status, priority, owner_id, department, received_at, sla_paused_at,
                          resolution_due_at, resolution_breached_at, created_by, created_at, updated_at)
       SELECT t.type, 'Case ' || i || CASE WHEN i % 1000 = 7 THEN ' mouldy bread' ELSE ' late parcel' END, '',
              t.stages[1 + (i / 5) % cardinality(t.stages)], s.status, (ARRAY['low','normal','high','urgent'])[1 + (i / 7) % 4],
              CASE WHEN i % 200 = 3 THEN $2::bigint WHEN i % 10 = 0 THEN NULL ELSE $1::bigint END,
              CASE WHEN i % 97 = 0 THEN 'Legal' ELSE (ARRAY['Customer care','Quality','Logistics'])[1 + (i / 3) % 3] END,
              at, CASE WHEN s.status = 'open' THEN NULL ELSE at END,
              CASE WHEN i % 3 = 0 THEN NULL ELSE at + interval '3 days' END, CASE WHEN i % 50 = 0 THEN at + interval '3 days' END,
              'bulk', at, at
       FROM generate_series(1, ${CASES}) AS i
       CROSS JOIN LATERAL (SELECT timestamptz '2025-01-01T00:00:00Z' + i * interval '5 minutes' AS at) a
       CROSS JOIN LATERAL (SELECT (ARRAY['open','waiting_customer','resolved','closed'])[1 + (i / 2) % 4] AS status) s
       JOIN case_types t ON t.type = (ARRAY['complaint','recall','winback','delivery_incident','investigation'])[1 + i % 5]`,
      [f.agentId, rare],
    );
    await db.query(
      `INSERT INTO case_links (case_id, kind, target_id, created_by, created_at)
       SELECT id, 'customer', $1, 'bulk', created_at FROM cases WHERE id % 100 = 0`,
      [customerId],
    );
    await db.exec('ANALYZE cases; ANALYZE case_links');
    all = await db.query<Raw>('SELECT id, type, status, priority_rank, owner_id, department, sla_breached, created_at, resolution_due_at, title FROM cases');
  }, 300_000);
  afterAll(async () => f?.t.close());

  const newestFirst = (a: Raw, b: Raw) => b.created_at.getTime() - a.created_at.getTime() || b.id - a.id;
  const ids = async (query: string) => {
    const response = await f.call('GET', `/api/cases?${query}`, f.viewer);
    expect(response.status, query).toBe(200);
    return { ids: response.body.items.map((i: { id: number }) => i.id) as number[], total: response.body.total as number };
  };

  it('holds 100,000 cases', () => {
    expect(all).toHaveLength(CASES);
  });

  it('pages through a combined filter, newest first, with the right total', async () => {
    const expected = all.filter((c) => c.type === 'complaint' && c.status === 'open' && c.owner_id === f.agentId).sort(newestFirst);
    for (const offset of [0, 50, 4000]) {
      const page = await ids(`type=complaint&status=open&owner=${f.agentId}&limit=50&offset=${offset}`);
      expect(page.ids).toEqual(expected.slice(offset, offset + 50).map((c) => c.id));
      expect(page.total).toBe(expected.length);
    }
  });

  it('sorts by priority, urgent first, and pages without gaps or repeats', async () => {
    const expected = all.filter((c) => c.department === 'Quality').sort((a, b) => a.priority_rank - b.priority_rank || newestFirst(a, b));
    const pages = [await ids('department=Quality&sort=priority&limit=100'), await ids('department=Quality&sort=priority&limit=100&offset=100')];
    expect(pages.flatMap((p) => p.ids)).toEqual(expected.slice(0, 200).map((c) => c.id));
  });

  it('sorts by resolution due date, soonest first, cases without one last', async () => {
    const expected = all
      .filter((c) => c.status === 'waiting_customer' || c.status === 'open')
      .sort((a, b) => (a.resolution_due_at && b.resolution_due_at ? a.resolution_due_at.getTime() - b.resolution_due_at.getTime() : a.resolution_due_at ? -1 : b.resolution_due_at ? 1 : 0) || a.id - b.id);
    const page = await ids('status=open&status=waiting_customer&sort=resolution_due_at&limit=20&offset=33000');
    expect(page.ids).toEqual(expected.slice(33000, 33020).map((c) => c.id));
  });

  it('filters by breach, unassigned, customer, and finds words by prefix', async () => {
    const breached = all.filter((c) => c.sla_breached && c.department === 'Legal').sort(newestFirst);
    expect(await ids('breached=true&department=Legal&limit=500')).toEqual({ ids: breached.map((c) => c.id), total: breached.length });
    expect((await ids('owner=none&limit=1')).total).toBe(all.filter((c) => c.owner_id === null).length);
    const linked = await ids(`customer_id=${customerId}&limit=500&sort=created_at`);
    expect(linked.total).toBe(CASES / 100);
    expect(linked.ids.slice(0, 3)).toEqual([100, 200, 300]);
    const mouldy = all.filter((c) => c.title.includes('mouldy')).sort(newestFirst);
    expect(await ids('q=MOULD&limit=500')).toEqual({ ids: mouldy.map((c) => c.id), total: mouldy.length });
    expect((await ids('q=%2342')).ids).toEqual([42]); // "#42" is the case number
    const startsWith42 = all.filter((c) => /^Case 42/.test(c.title)).length;
    expect(await ids('q=42&sort=created_at&limit=3')).toEqual({ ids: [42, 420, 421], total: startsWith42 }); // "42" is also a word prefix
  });

  it('answers selective filters and the default page from indexes, not by reading every case', async () => {
    const explain = async (filter: Omit<CaseListFilter, 'limit' | 'offset'>) => {
      const { sql, params } = caseListQuery({ ...filter, limit: 50, offset: 0 });
      const [row] = await f.t.db.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return planNodes(row!['QUERY PLAN'][0].Plan);
    };
    const seqScanOnCases = (nodes: Record<string, unknown>[]) => nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'cases');
    const indexesUsed = (nodes: Record<string, unknown>[]) => nodes.map((n) => n['Index Name']).filter(Boolean);

    const defaultPage = await explain({});
    expect(seqScanOnCases(defaultPage)).toBe(false);
    expect(indexesUsed(defaultPage)).toContain('cases_created_idx');

    for (const filter of [{ ownerId: rare }, { customerId }, { text: 'mouldy' }, { breached: true }, { department: 'Legal' }] as const) {
      const nodes = await explain(filter);
      expect(seqScanOnCases(nodes), JSON.stringify(filter)).toBe(false);
      expect(indexesUsed(nodes).length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
  });
});
