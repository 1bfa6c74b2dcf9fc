import type { Db } from '../../platform/db/database.ts';

export interface SlaPolicy {
  id: number;
  case_type: string | null;
  priority: string | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  calendar_id: string;
}

const POLICY_COLUMNS = 'id, case_type, priority, first_response_minutes, resolution_minutes, calendar_id';

/** The most specific policy for a case: type and priority, then type, then priority, then the default. */
export async function findSlaPolicy(db: Db, caseType: string, priority: string): Promise<SlaPolicy | undefined> {
  const [policy] = await db.query<SlaPolicy>(
    `SELECT ${POLICY_COLUMNS} FROM sla_policies
     WHERE (case_type = $1 OR case_type IS NULL) AND (priority = $2 OR priority IS NULL)
     ORDER BY (case_type IS NOT NULL) DESC, (priority IS NOT NULL) DESC LIMIT 1`,
    [caseType, priority],
  );
  return policy;
}

export async function listSlaPolicies(db: Db): Promise<SlaPolicy[]> {
  return db.query<SlaPolicy>(`SELECT ${POLICY_COLUMNS} FROM sla_policies ORDER BY case_type NULLS FIRST, priority NULLS FIRST`);
}
