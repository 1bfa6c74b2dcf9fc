import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { notifyPartners } from '../partners/notify-partners.ts';
import { reachRecords } from '../reach-record.sql.ts';
import { alertStaff } from './staff-alerts.ts';

/**
 * After a person fixed what kept a partner or a staff group from being told (a contact
 * added, someone given the role), the dashboard's "resend" runs the same notice steps for
 * the unreached ones only. Each message keeps its idempotency key (partner campaign and
 * address, webhook delivery key, staff address), so pressing it twice, or a partner told
 * meanwhile, never gets a second notice.
 */
export async function resendUnreachedNotices(ctx: AppContext, actor: Actor, recallId: number) {
  return ctx.db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string; reference: string }>('SELECT status, reference FROM recalls WHERE id = $1 FOR UPDATE', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    if (recall.status === 'draft') throw new AppError('conflict', `recall ${recall.reference} is not active: nothing was sent yet`, 'recall.not_active');
    const partners = (await reachRecords(tx, recallId, 'partner')).filter((r) => !r.reached).map((r) => r.name);
    const roles = (await reachRecords(tx, recallId, 'staff')).filter((r) => !r.reached).map((r) => r.name);
    const partnerResult = partners.length ? await notifyPartners(tx, ctx, recallId, new Set(partners)) : { partners: 0, notified: 0, emailed: 0, unreached: [] };
    const staffResult = roles.length ? await alertStaff(tx, ctx, recallId, roles) : { users: 0, queued: 0, failed: 0, unreached_roles: [] };
    const result = {
      partners: { tried: partners.length, notified: partnerResult.notified, unreached: partnerResult.unreached },
      staff: { tried: roles.length, alerted: staffResult.queued, unreached: staffResult.unreached_roles },
    };
    await recordAudit(tx, actor, { action: 'resend_notices', entity: 'recall', entityId: recallId, details: result });
    return result;
  });
}
