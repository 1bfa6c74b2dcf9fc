import type { Db } from '../platform/db/database.ts';
import { invalidField } from './case-errors.ts';

export interface CaseType {
  type: string;
  name: string;
  stages: string[];
  /** 'customer': the SLA counts on the customer's calendar where one serves their place; 'team': always the policy's. */
  sla_calendar_source: 'customer' | 'team';
}

export async function listCaseTypes(db: Db): Promise<CaseType[]> {
  return db.query<CaseType>('SELECT type, name, stages, sla_calendar_source FROM case_types ORDER BY type');
}

export async function caseTypeOf(db: Db, type: string, field = 'body.type'): Promise<CaseType> {
  const [found] = await db.query<CaseType>('SELECT type, name, stages, sla_calendar_source FROM case_types WHERE type = $1', [type]);
  if (found) return found;
  const known = (await listCaseTypes(db)).map((t) => t.type).join(', ');
  throw invalidField(field, `is not a case type (known: ${known})`, 'cases.type_unknown');
}

export function checkStage(caseType: CaseType, stage: string, field = 'body.stage'): void {
  if (!caseType.stages.includes(stage)) {
    throw invalidField(field, `is not a stage of ${caseType.type} cases (stages: ${caseType.stages.join(', ')})`, 'cases.stage_unknown');
  }
}
