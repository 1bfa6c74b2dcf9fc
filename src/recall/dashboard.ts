import { campaignSendTimes, campaignStats } from '../comms/outbox/campaign-stats.ts';
import type { Clock } from '../platform/clock/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { AFFECTED_LINES_CTE } from './affected.sql.ts';
import { staffReach } from './activation/staff-reach.ts';
import { partnerStores } from './partners/notify-partners.ts';
import { partnerReach } from './partners/partner-reach.ts';
import { confirmationSummary, partnerConfirmations } from './partners/store-confirmations.ts';
import { reachRecords } from './reach-record.sql.ts';
import { checkLotCampaign, possiblyAffected } from './activation/check-lot-notices.ts';

const DAY_MS = 86_400_000;
const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

/**
 * How the recall is going and whether it worked (R10, R11): speed (activation → all lots
 * blocked → every notice sent), reach by channel and by retail chain, response, units
 * recovered, compensation delivered within 24 hours and its cost against the estimate, and
 * whether affected regular customers came back as often as unaffected ones.
 */
export async function recallDashboard(db: Db, clock: Clock, recallId: number) {
  const [recall] = await db.query<{ reference: string; status: string; activated_at: Date | null; all_lots_blocked_at: Date | null; closed_at: Date | null; estimated_compensation: { by_currency?: { currency: string; total_minor: number }[] } | null }>(
    'SELECT reference, status, activated_at, all_lots_blocked_at, closed_at, estimated_compensation FROM recalls WHERE id = $1',
    [recallId],
  );
  if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
  const campaign = `recall:${recall.reference}`;
  const channels = await campaignStats(db, campaign);
  const sendTimes = new Map((await campaignSendTimes(db, campaign)).map((s) => [s.customer_id, s]));
  const allSent = channels.length > 0 && channels.every((c) => c.all_sent_at) ? new Date(Math.max(...channels.map((c) => c.all_sent_at!.getTime()))) : null;

  const chainRows = await db.query<{ chain: string; customer_id: number | null; location_id: number | null }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT DISTINCT coalesce(loc.chain, 'online') AS chain, al.customer_id, al.location_id
     FROM affected_lines al LEFT JOIN locations loc ON loc.id = al.location_id`,
    [recallId],
  );
  const reporting = new Set((await db.query<{ location_id: number }>('SELECT DISTINCT location_id FROM recall_returns WHERE recall_id = $1', [recallId])).map((r) => r.location_id));
  const byChain = new Map<string, { chain: string; consumers: Set<number>; reached: Set<number>; stores: Set<number>; stores_reported: Set<number> }>();
  for (const row of chainRows) {
    const entry = byChain.get(row.chain) ?? { chain: row.chain, consumers: new Set(), reached: new Set(), stores: new Set(), stores_reported: new Set() };
    if (row.customer_id !== null) {
      entry.consumers.add(row.customer_id);
      if (sendTimes.get(row.customer_id)?.sent_at) entry.reached.add(row.customer_id);
    }
    if (row.location_id !== null) {
      entry.stores.add(row.location_id);
      if (reporting.has(row.location_id)) entry.stores_reported.add(row.location_id);
    }
    byChain.set(row.chain, entry);
  }

  const [units] = await db.query<{ sold: number; returned: number }>(
    `WITH ${AFFECTED_LINES_CTE}
     SELECT (SELECT coalesce(sum(quantity), 0) FROM affected_lines)::bigint AS sold,
            (SELECT coalesce(sum(quantity), 0) FROM recall_returns WHERE recall_id = $1)::bigint AS returned`,
    [recallId],
  );
  const offers = await db.query<{ customer_id: number; currency: string; offer_type: string; value_minor: number; redeemed: boolean }>(
    `SELECT o.customer_id, o.currency, o.offer_type, o.value_minor, (v.redeemed_at IS NOT NULL) AS redeemed
     FROM recall_offers o LEFT JOIN vouchers v ON v.id = o.voucher_id WHERE o.recall_id = $1`,
    [recallId],
  );
  const [claims] = await db.query<{ total: number; approved: number; review: number; rejected: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'approved')::int AS approved,
            count(*) FILTER (WHERE status = 'review')::int AS review, count(*) FILTER (WHERE status = 'rejected')::int AS rejected
     FROM recall_claims WHERE recall_id = $1`,
    [recallId],
  );
  const deadline = recall.activated_at ? recall.activated_at.getTime() + DAY_MS : 0;
  const within24h = offers.filter((o) => (sendTimes.get(o.customer_id)?.sent_at?.getTime() ?? Infinity) <= deadline).length;
  const cost = new Map<string, number>();
  for (const o of offers) cost.set(o.currency, (cost.get(o.currency) ?? 0) + o.value_minor);
  // Claims from the recall page add to the cost once approved, unless they collect an offer already counted.
  const claimed = await db.query<{ currency: string; total_minor: number }>(
    `SELECT currency, sum(value_minor)::bigint AS total_minor FROM recall_claims WHERE recall_id = $1 AND status = 'approved' AND offer_id IS NULL GROUP BY currency`, [recallId]);
  for (const c of claimed) cost.set(c.currency, (cost.get(c.currency) ?? 0) + Number(c.total_minor));
  const [redeemed] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vouchers WHERE recall_id = $1 AND redeemed_at IS NOT NULL', [recallId]);
  const estimate = new Map((recall.estimated_compensation?.by_currency ?? []).map((e) => [e.currency, e.total_minor]));

  return {
    recall: { id: recallId, reference: recall.reference, status: recall.status },
    speed: {
      activated_at: recall.activated_at,
      all_lots_blocked_at: recall.all_lots_blocked_at,
      all_lots_blocked_after_ms: ms(recall.activated_at, recall.all_lots_blocked_at),
      all_messages_sent_at: allSent,
      all_messages_sent_after_ms: ms(recall.activated_at, allSent),
    },
    reach: {
      by_channel: channels,
      by_chain: [...byChain.values()].map((c) => ({ chain: c.chain, consumers: c.consumers.size, reached: c.reached.size, stores: c.stores.size, stores_reported: c.stores_reported.size, stores_silent: c.stores.size - c.stores_reported.size })),
    },
    response: {
      opened: channels.reduce((n, c) => n + c.opened, 0),
      clicked: channels.reduce((n, c) => n + c.clicked, 0),
      vouchers_redeemed: Number(redeemed!.n),
      claims: { total: Number(claims!.total), approved: Number(claims!.approved), review: Number(claims!.review), rejected: Number(claims!.rejected) },
    },
    units: { sold: units!.sold, returned: units!.returned, recovery_rate: units!.sold ? units!.returned / units!.sold : null },
    compensation: {
      offers: offers.length,
      offers_delivered_within_24h: within24h,
      share_within_24h: offers.length ? within24h / offers.length : null,
      by_currency: [...cost].map(([currency, total_minor]) => ({ currency, total_minor, estimated_minor: estimate.get(currency) ?? null })),
    },
    notices: await noticeReach(db, recallId),
    partner_confirmations: await (async () => {
      const partners = await partnerConfirmations(db, recallId);
      return { summary: confirmationSummary(partners), partners };
    })(),
    possibly_affected: { ...(await possiblyAffected(db, recallId)), messages: await campaignStats(db, checkLotCampaign(recall.reference)) },
    retention: recall.activated_at ? await retention(db, clock, recallId, recall.activated_at) : null,
  };
}

/**
 * Every partner and staff group the notice steps were meant to reach, as the steps recorded
 * it (recall_reach): notified, unreached and why, or still pending when the step has not run.
 * Beside each unreached one, whether it can be reached now (a contact added, someone given
 * the role since), which is when the dashboard offers to resend.
 */
async function noticeReach(db: Db, recallId: number) {
  const partnerRecords = new Map((await reachRecords(db, recallId, 'partner')).map((r) => [r.name, r]));
  const partnersNow = await partnerReach(db, await partnerStores(db, recallId));
  const partners = partnersNow.map((now) => {
    const record = partnerRecords.get(now.partner);
    const status = !record ? 'pending' : record.reached ? 'notified' : 'unreached';
    return { partner: now.partner, label: now.label, locations: now.locations, status, channels: record?.channels ?? [], reason: record?.reached ? null : (record?.reason ?? null), contact_email: now.contact_email, reachable_now: now.reached };
  });
  const staffRecords = await reachRecords(db, recallId, 'staff');
  const holders = new Map((await staffReach(db, staffRecords.map((r) => r.name))).map((g) => [g.role, g.users]));
  const staff = staffRecords.map((r) => ({ role: r.name, status: r.reached ? 'notified' : 'unreached', alerted: r.recipients, reason: r.reason, users_now: holders.get(r.name) ?? 0, reachable_now: (holders.get(r.name) ?? 0) > 0 }));
  const count = (rows: { status: string }[], status: string) => rows.filter((r) => r.status === status).length;
  return {
    partners,
    staff,
    unreached: count(partners, 'unreached') + count(staff, 'unreached'),
    resendable: partners.filter((p) => p.status === 'unreached' && p.reachable_now).length + staff.filter((g) => g.status === 'unreached' && g.reachable_now).length,
    summary: {
      partners: { notified: count(partners, 'notified'), unreached: count(partners, 'unreached'), pending: count(partners, 'pending') },
      staff: { notified: count(staff, 'notified'), unreached: count(staff, 'unreached') },
    },
  };
}

/**
 * Regular customers (two or more orders in the 180 days before activation): the share who
 * bought again within 30/60/90 days, affected against unaffected. A window that has not
 * passed yet is marked open, so an early figure is not read as a final one.
 */
async function retention(db: Db, clock: Clock, recallId: number, activatedAt: Date) {
  const rows = await db.query<{ affected: boolean; regulars: number; back_30: number; back_60: number; back_90: number }>(
    `WITH ${AFFECTED_LINES_CTE},
     regular AS (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL AND ordered_at >= $2::timestamptz - interval '180 days' AND ordered_at < $2
                 GROUP BY customer_id HAVING count(*) >= 2),
     affected AS (SELECT DISTINCT customer_id FROM affected_lines WHERE customer_id IS NOT NULL),
     came_back AS (SELECT customer_id, min(ordered_at) - $2::timestamptz AS after FROM orders WHERE customer_id IS NOT NULL AND ordered_at >= $2 GROUP BY customer_id)
     SELECT (a.customer_id IS NOT NULL) AS affected, count(*)::bigint AS regulars,
            count(*) FILTER (WHERE c.after <= interval '30 days')::bigint AS back_30,
            count(*) FILTER (WHERE c.after <= interval '60 days')::bigint AS back_60,
            count(*) FILTER (WHERE c.after <= interval '90 days')::bigint AS back_90
     FROM regular r LEFT JOIN affected a ON a.customer_id = r.customer_id LEFT JOIN came_back c ON c.customer_id = r.customer_id
     GROUP BY 1`,
    [recallId, activatedAt],
  );
  const daysSince = (clock.now().getTime() - activatedAt.getTime()) / DAY_MS;
  const group = (affected: boolean) => {
    const row = rows.find((r) => r.affected === affected) ?? { regulars: 0, back_30: 0, back_60: 0, back_90: 0 };
    const share = (n: number) => (row.regulars ? n / row.regulars : null);
    return { regulars: row.regulars, within_30_days: share(row.back_30), within_60_days: share(row.back_60), within_90_days: share(row.back_90) };
  };
  return { affected: group(true), unaffected: group(false), windows_open: { d30: daysSince < 30, d60: daysSince < 60, d90: daysSince < 90 } };
}
