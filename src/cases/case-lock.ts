import type { Db } from '../platform/db/database.ts';
import { CASE_COLUMNS, type CaseRow } from './case-model.ts';
import { caseNotFound } from './case-errors.ts';

/**
 * Reads the case and locks its row for the rest of the transaction, or answers 404. Every
 * change to a case goes through here first, so two agents saving at once are serialised
 * and each event sees the state the other left.
 */
export async function lockCase(tx: Db, caseId: number): Promise<CaseRow> {
  const [row] = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  if (!row) throw caseNotFound(caseId);
  return row;
}
