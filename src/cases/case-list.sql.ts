import type { Db } from '../platform/db/database.ts';
import { invalidField } from './case-errors.ts';
import type { CasePriority, CaseStatus } from './case-model.ts';

export interface CaseListFilter {
  type?: string;
  status?: CaseStatus[];
  stage?: string;
  /** A user id, or null for unassigned cases. */
  ownerId?: number | null;
  department?: string;
  priority?: CasePriority[];
  breached?: boolean;
  customerId?: number;
  /** Words matched as prefixes in title, description and business key; a number also matches the case id, "#42" only case 42. */
  text?: string;
  sort?: CaseSort;
  limit: number;
  offset: number;
}

/** Sort keys the API accepts, mapped to SQL once so no user text reaches ORDER BY. Each ends with id for a stable page order. */
export const CASE_SORTS = {
  '-created_at': 'c.created_at DESC, c.id DESC',
  created_at: 'c.created_at ASC, c.id ASC',
  '-updated_at': 'c.updated_at DESC, c.id DESC',
  priority: 'c.priority_rank ASC, c.created_at DESC, c.id DESC',
  resolution_due_at: 'c.resolution_due_at ASC NULLS LAST, c.id ASC',
  first_response_due_at: 'c.first_response_due_at ASC NULLS LAST, c.id ASC',
} as const;
export type CaseSort = keyof typeof CASE_SORTS;

/** Turns typed words into a prefix query: "wet pack" → 'wet:* & pack:*'. Only letters and digits get through. */
export function prefixQuery(text: string): string | undefined {
  const words = (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : undefined;
}

/**
 * The WHERE clause and parameters of a list filter, built from the filters present only —
 * a `$n IS NULL OR …` for every absent filter would keep PostgreSQL from using the indexes
 * under a generic plan.
 */
export function caseListWhere(filter: CaseListFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.type) conditions.push(`c.type = ${param(filter.type)}`);
  if (filter.status?.length) conditions.push(filter.status.length === 1 ? `c.status = ${param(filter.status[0])}` : `c.status = ANY(${param(filter.status)}::text[])`);
  if (filter.stage) conditions.push(`c.stage = ${param(filter.stage)}`);
  if (filter.ownerId === null) conditions.push('c.owner_id IS NULL');
  else if (filter.ownerId !== undefined) conditions.push(`c.owner_id = ${param(filter.ownerId)}`);
  if (filter.department) conditions.push(`c.department = ${param(filter.department)}`);
  if (filter.priority?.length) {
    conditions.push(filter.priority.length === 1 ? `c.priority = ${param(filter.priority[0])}` : `c.priority = ANY(${param(filter.priority)}::text[])`);
  }
  if (filter.breached === true) conditions.push('c.sla_breached');
  if (filter.breached === false) conditions.push('NOT c.sla_breached');
  if (filter.customerId !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM case_links l WHERE l.case_id = c.id AND l.kind = 'customer' AND l.target_id = ${param(filter.customerId)})`);
  }
  if (filter.text !== undefined) {
    const caseNumber = /^#(\d{1,15})$/.exec(filter.text.trim());
    const query = prefixQuery(filter.text);
    if (caseNumber) conditions.push(`c.id = ${param(Number(caseNumber[1]))}`);
    else if (!query) throw invalidField('querystring.q', 'must contain a letter or a digit');
    else {
      const matchesText = `c.search_vector @@ to_tsquery('simple', ${param(query)})`;
      const bareNumber = /^\d{1,15}$/.test(filter.text.trim());
      conditions.push(bareNumber ? `(${matchesText} OR c.id = ${param(Number(filter.text.trim()))})` : matchesText);
    }
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The page query alone, so tests can EXPLAIN exactly what the API runs. */
export function caseListQuery(filter: CaseListFilter): { sql: string; params: unknown[] } {
  const { where, params } = caseListWhere(filter);
  const sql = `SELECT c.id FROM cases c ${where} ORDER BY ${CASE_SORTS[filter.sort ?? '-created_at']} LIMIT ${filter.limit} OFFSET ${filter.offset}`;
  return { sql, params };
}

export interface CaseListItem {
  id: number;
  type: string;
  business_key: string | null;
  title: string;
  stage: string;
  status: CaseStatus;
  priority: CasePriority;
  owner_id: number | null;
  owner_name: string | null;
  department: string | null;
  customer_id: number | null;
  customer_name: string | null;
  received_at: Date;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  sla_breached: boolean;
  sla_paused: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * A page of cases. The ids of the page are found first (the filtered, sorted, limited
 * query the indexes serve), then only those rows are dressed with owner and customer names.
 */
export async function listCases(db: Db, filter: CaseListFilter): Promise<{ items: CaseListItem[]; total: number; limit: number; offset: number }> {
  if (!Number.isInteger(filter.limit) || !Number.isInteger(filter.offset)) throw new Error('limit and offset must be integers');
  const page = caseListQuery(filter);
  const items = await db.query<CaseListItem>(
    `WITH page AS (${page.sql})
     SELECT c.id, c.type, c.business_key, c.title, c.stage, c.status, c.priority, c.owner_id, u.name AS owner_name, c.department,
            customer.id AS customer_id, customer.name AS customer_name, c.received_at, c.first_response_due_at, c.resolution_due_at,
            c.first_responded_at, c.resolved_at, c.sla_breached, (c.sla_paused_at IS NOT NULL AND c.status = 'waiting_customer') AS sla_paused,
            c.created_at, c.updated_at
     FROM page JOIN cases c ON c.id = page.id
     LEFT JOIN users u ON u.id = c.owner_id
     LEFT JOIN LATERAL (
       SELECT cu.id, cu.name FROM case_links l JOIN customers cu ON cu.id = l.target_id
       WHERE l.case_id = c.id AND l.kind = 'customer' ORDER BY l.id LIMIT 1
     ) customer ON true
     ORDER BY ${CASE_SORTS[filter.sort ?? '-created_at']}`,
    page.params,
  );
  const { where, params } = caseListWhere(filter);
  const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM cases c ${where}`, params);
  return { items, total: count?.n ?? 0, limit: filter.limit, offset: filter.offset };
}
