import { recordAudit } from '../platform/audit/audit.ts';
import { isPgError, type Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { invalidField } from './case-errors.ts';
import { recordCaseEvent } from './case-events.ts';
import { checkLinks, insertLinks, type LinkInput } from './case-links.ts';
import { CASE_COLUMNS, type CasePriority, type CaseRow, type Change } from './case-model.ts';
import { insertNotifications } from './case-notifications.ts';
import { checkOwner } from './case-owners.ts';
import { caseTypeOf, checkStage } from './case-types.sql.ts';
import { applySlaPolicy } from './sla/sla-plan.ts';

export interface NewCase {
  type: string;
  title: string;
  description?: string;
  /** Default: the first stage of the type. */
  stage?: string;
  priority?: CasePriority;
  owner_id?: number | null;
  department?: string | null;
  /** Unique per type; what processes correlate messages by ("voucherRedeemed for COMPLAINT-42"). */
  business_key?: string | null;
  /** When the customer raised it (a letter that arrived last week); default now. The SLA counts from here. */
  received_at?: Date;
  links?: LinkInput[];
}

/** Opens a case: SLA due dates from the policy, links, the first event, audit — one transaction. */
export async function createCase(db: Db, ctx: AppContext, input: NewCase, change: Change): Promise<CaseRow> {
  const receivedAt = input.received_at ?? change.at;
  if (receivedAt.getTime() > change.at.getTime()) throw invalidField('body.received_at', 'is in the future', 'cases.received_in_future');
  const links = input.links ?? [];
  return db.transaction(async (tx) => {
    const caseType = await caseTypeOf(tx, input.type);
    const stage = input.stage ?? caseType.stages[0]!;
    checkStage(caseType, stage);
    const owner = input.owner_id == null ? undefined : await checkOwner(tx, input.owner_id);
    await checkLinks(tx, links);

    const draft: CaseRow = {
      id: 0,
      type: caseType.type,
      business_key: input.business_key?.trim() || null,
      title: input.title.trim(),
      description: input.description ?? '',
      stage,
      status: 'open',
      priority: input.priority ?? 'normal',
      owner_id: owner?.id ?? null,
      department: input.department?.trim() || null,
      received_at: receivedAt,
      sla_policy_id: null,
      sla_calendar_id: null,
      sla_calendar_basis: null,
      sla_calendar_place: null,
      first_response_minutes: null,
      resolution_minutes: null,
      first_response_due_at: null,
      resolution_due_at: null,
      first_responded_at: null,
      resolved_at: null,
      closed_at: null,
      sla_paused_at: null,
      sla_paused_business_seconds: 0,
      first_response_breached_at: null,
      resolution_breached_at: null,
      sla_breached: false,
      created_by: change.actor.label,
      created_at: change.at,
      updated_at: change.at,
    };
    if (!draft.title) throw invalidField('body.title', 'must not be blank');
    // The customer the case is about decides its calendar (their country's working days).
    const customerLink = links.find((link) => link.kind === 'customer' && link.id != null);
    await applySlaPolicy(tx, draft, customerLink?.id ?? null);

    const row = await insertCase(tx, draft);
    await insertLinks(tx, row.id, links, change);
    await recordCaseEvent(tx, row.id, change, 'created', {
      type: row.type, stage: row.stage, priority: row.priority, owner_id: row.owner_id, department: row.department,
      received_at: row.received_at, sla_calendar_id: row.sla_calendar_id, sla_calendar_basis: row.sla_calendar_basis, first_response_due_at: row.first_response_due_at, resolution_due_at: row.resolution_due_at,
    });
    await recordAudit(tx, change.actor, { action: 'create', entity: 'case', entityId: row.id, details: { type: row.type, title: row.title, business_key: row.business_key } });
    if (owner && String(owner.id) !== change.actor.id) {
      await insertNotifications(tx, ctx, [{ userId: owner.id, caseId: row.id, kind: 'assigned', message: `${change.actor.label} gave you case #${row.id} "${row.title}"` }], change.at);
    }
    return row;
  });
}

async function insertCase(tx: Db, draft: CaseRow): Promise<CaseRow> {
  try {
    const [row] = await tx.query<CaseRow>(
      `INSERT INTO cases (type, business_key, title, description, stage, status, priority, owner_id, department, received_at,
         sla_policy_id, sla_calendar_id, sla_calendar_basis, sla_calendar_place, first_response_minutes, resolution_minutes, first_response_due_at, resolution_due_at,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
       RETURNING ${CASE_COLUMNS}`,
      [draft.type, draft.business_key, draft.title, draft.description, draft.stage, draft.priority, draft.owner_id, draft.department, draft.received_at,
        draft.sla_policy_id, draft.sla_calendar_id, draft.sla_calendar_basis, draft.sla_calendar_place, draft.first_response_minutes, draft.resolution_minutes, draft.first_response_due_at, draft.resolution_due_at,
        draft.created_by, draft.created_at],
    );
    return row!;
  } catch (error) {
    if (isPgError(error, '23505')) {
      throw new AppError('conflict', `a ${draft.type} case with business key "${draft.business_key}" already exists`, 'cases.business_key_taken', {
        errors: [{ field: 'body.business_key', message: 'is already used by another case of this type' }],
      });
    }
    throw error;
  }
}
