import { randomInt } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { AFFECTED_LINES_CTE } from '../affected.sql.ts';
import { partnerStores } from '../partners/notify-partners.ts';

/**
 * FDA effectiveness-check levels (21 CFR 7.42(b)(3)): the share of consignees a firm contacts
 * to verify that they received the recall notice and acted on it. Level B is any share above
 * C's 10 % and below A's 100 %, chosen per recall. Rebound applies the share to both
 * populations it knows: consignees (the stores, distributors and warehouses the recalled
 * units reached) and the identified consumers.
 */
export type EffectivenessLevel = 'A' | 'B' | 'C' | 'D' | 'E';
const FIXED_SHARE: Record<Exclude<EffectivenessLevel, 'B'>, number> = { A: 100, C: 10, D: 2, E: 0 };

export function levelShare(level: EffectivenessLevel, bSharePercent?: number): number {
  if (level !== 'B') return FIXED_SHARE[level];
  if (bSharePercent === undefined || !(bSharePercent > 10 && bSharePercent < 100)) {
    throw new AppError('invalid', 'level B checks a share of the consignees above 10 % (level C) and below 100 % (level A): give share_percent', 'recall.bad_effectiveness_share', { errors: [{ field: 'body.share_percent', message: 'between 10 and 100, exclusive, for level B' }] });
  }
  return bSharePercent;
}

/** How many of a population a share checks: at least one when the share is not zero and anyone is there. */
export const sampleSize = (population: number, sharePercent: number) => (sharePercent <= 0 || population === 0 ? 0 : Math.min(population, Math.max(1, Math.ceil((population * sharePercent) / 100))));

/** mulberry32: a small, seeded generator — the same seed draws the same sample, so a draw can be shown to be random and repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` of `items` in random order (a partial Fisher–Yates shuffle); items come sorted so only the seed decides. */
export function drawSample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

export async function chooseEffectivenessLevel(db: Db, clock: Clock, actor: Actor, recallId: number, level: EffectivenessLevel, bSharePercent?: number) {
  const share = levelShare(level, bSharePercent);
  return db.transaction(async (tx) => {
    const [recall] = await tx.query<{ status: string }>('SELECT status FROM recalls WHERE id = $1', [recallId]);
    if (!recall) throw new AppError('not_found', `recall ${recallId} was not found`);
    const [existing] = await tx.query<{ drawn_at: Date | null }>('SELECT drawn_at FROM recall_effectiveness WHERE recall_id = $1 FOR UPDATE', [recallId]);
    if (existing?.drawn_at) throw new AppError('conflict', 'the sample is drawn: the level it was drawn at stays on record', 'recall.effectiveness_drawn');
    await tx.query(
      `INSERT INTO recall_effectiveness (recall_id, level, share_percent, chosen_by, chosen_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (recall_id) DO UPDATE SET level = excluded.level, share_percent = excluded.share_percent, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at`,
      [recallId, level, share, actor.label, clock.now()]);
    await recordAudit(tx, actor, { action: 'choose_effectiveness_level', entity: 'recall', entityId: recallId, details: { level, share_percent: share } });
    return { level, share_percent: share };
  });
}

/**
 * Draws the sample once, after activation: consignees and consumers each sorted by id and
 * shuffled by the seeded generator, the level's share of each taken. The seed is kept, so
 * anyone can repeat the draw; a second draw is refused (a sample redrawn until it looks good
 * is no check). Level E draws nobody and says so.
 */
export async function drawEffectivenessSample(db: Db, clock: Clock, actor: Actor, recallId: number, seed = randomInt(0, 2 ** 31)) {
  return db.transaction(async (tx) => {
    const [check] = await tx.query<{ level: EffectivenessLevel; share_percent: string | number; drawn_at: Date | null; status: string }>(
      'SELECT e.level, e.share_percent, e.drawn_at, r.status FROM recall_effectiveness e JOIN recalls r ON r.id = e.recall_id WHERE e.recall_id = $1 FOR UPDATE OF e', [recallId]);
    if (!check) throw new AppError('conflict', 'choose the effectiveness-check level first', 'recall.effectiveness_level_missing');
    if (check.status === 'draft') throw new AppError('conflict', 'the recall is not active yet: nobody has been notified to check on', 'recall.not_active');
    if (check.drawn_at) throw new AppError('conflict', 'the sample is already drawn', 'recall.effectiveness_drawn');
    const share = Number(check.share_percent);
    const consignees = (await partnerStores(tx, recallId))
      .flatMap((p) => p.locations.map((l) => ({ external_id: l.external_id, label: `${l.name} (${p.partner})` })))
      .sort((a, b) => a.external_id.localeCompare(b.external_id));
    const ids = new Map((await tx.query<{ id: number; external_id: string }>('SELECT id, external_id FROM locations WHERE external_id = ANY ($1::text[])', [consignees.map((c) => c.external_id)])).map((l) => [l.external_id, Number(l.id)]));
    const consumers = await tx.query<{ id: number; name: string }>(
      `WITH ${AFFECTED_LINES_CTE} SELECT c.id, c.name FROM customers c WHERE c.id IN (SELECT customer_id FROM affected_lines WHERE customer_id IS NOT NULL) ORDER BY c.id`, [recallId]);
    const random = seededRandom(seed);
    const pickedConsignees = drawSample(consignees, sampleSize(consignees.length, share), random);
    const pickedConsumers = drawSample(consumers, sampleSize(consumers.length, share), random);
    if (pickedConsignees.length) {
      await tx.query(
        `INSERT INTO recall_effectiveness_sample (recall_id, party_kind, location_id, label) SELECT $1, 'consignee', id, label FROM unnest($2::bigint[], $3::text[]) AS s(id, label)`,
        [recallId, pickedConsignees.map((c) => ids.get(c.external_id)), pickedConsignees.map((c) => c.label)]);
    }
    if (pickedConsumers.length) {
      await tx.query(
        `INSERT INTO recall_effectiveness_sample (recall_id, party_kind, customer_id, label) SELECT $1, 'consumer', id, label FROM unnest($2::bigint[], $3::text[]) AS s(id, label)`,
        [recallId, pickedConsumers.map((c) => c.id), pickedConsumers.map((c) => c.name)]);
    }
    await tx.query('UPDATE recall_effectiveness SET seed = $2, drawn_at = $3, drawn_by = $4, consignees = $5, consumers = $6 WHERE recall_id = $1',
      [recallId, seed, clock.now(), actor.label, consignees.length, consumers.length]);
    await recordAudit(tx, actor, { action: 'draw_effectiveness_sample', entity: 'recall', entityId: recallId, details: { seed, consignees: pickedConsignees.length, consumers: pickedConsumers.length } });
    return { seed, consignees: { population: consignees.length, sampled: pickedConsignees.length }, consumers: { population: consumers.length, sampled: pickedConsumers.length } };
  });
}

export interface Verification {
  received: boolean;
  acted: boolean;
  method: 'phone' | 'email' | 'visit' | 'letter';
  note?: string | null;
}

/** A person records what the sampled party told them: whether the notice reached them and whether they acted on it. */
export async function verifySampledParty(db: Db, clock: Clock, actor: Actor, recallId: number, sampleId: number, verification: Verification) {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `UPDATE recall_effectiveness_sample SET received = $3, acted = $4, method = $5, note = $6, verified_at = $7, verified_by = $8
       WHERE recall_id = $1 AND id = $2 RETURNING id`,
      [recallId, sampleId, verification.received, verification.acted, verification.method, verification.note ?? null, clock.now(), actor.label]);
    if (!row) throw new AppError('not_found', `no sampled party ${sampleId} in recall ${recallId}`);
    await recordAudit(tx, actor, { action: 'verify_effectiveness', entity: 'recall', entityId: recallId, details: { sample: sampleId, ...verification } });
    return { id: sampleId, ...verification };
  });
}

interface SampleRow {
  id: number;
  party_kind: 'consignee' | 'consumer';
  location_id: number | null;
  customer_id: number | null;
  label: string;
  received: boolean | null;
  acted: boolean | null;
  method: string | null;
  note: string | null;
  verified_at: Date | null;
  verified_by: string | null;
  // What the records say, read live.
  record_received: boolean;
  record_acted: boolean;
  record_evidence: string | null;
}

/**
 * The records that verify a party without a call: a consignee was told when its partner's
 * notice went out, and acted when the store confirmed the removal (or none on hand); a
 * consumer was told when their notice was sent, and acted when they claimed or redeemed
 * their voucher. What the records cannot show stays for a person to ask.
 */
const SAMPLE_SQL = `
  SELECT s.id, s.party_kind, s.location_id, s.customer_id, s.label, s.received, s.acted, s.method, s.note, s.verified_at, s.verified_by,
    CASE s.party_kind
      WHEN 'consignee' THEN EXISTS (SELECT 1 FROM recall_reach rr JOIN locations loc ON loc.id = s.location_id
                                    WHERE rr.recall_id = s.recall_id AND rr.audience = 'partner' AND rr.reached AND rr.name = coalesce(loc.chain, loc.external_id))
                            OR c.recall_id IS NOT NULL
      ELSE EXISTS (SELECT 1 FROM comms_messages m WHERE m.campaign = 'recall:' || r.reference AND m.customer_id = s.customer_id
                   AND m.status IN ('sent', 'delivered', 'opened', 'clicked'))
    END AS record_received,
    CASE s.party_kind
      WHEN 'consignee' THEN c.recall_id IS NOT NULL
      ELSE EXISTS (SELECT 1 FROM recall_claims cl WHERE cl.recall_id = s.recall_id AND cl.customer_id = s.customer_id AND cl.status = 'approved')
        OR EXISTS (SELECT 1 FROM recall_offers o JOIN vouchers v ON v.id = o.voucher_id WHERE o.recall_id = s.recall_id AND o.customer_id = s.customer_id AND v.redeemed_at IS NOT NULL)
    END AS record_acted,
    CASE WHEN c.recall_id IS NOT NULL THEN CASE c.outcome WHEN 'removed' THEN 'store confirmed ' || c.units_removed || ' units removed' ELSE 'store confirmed none on hand' END
         || ' (' || to_char(c.confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)' END AS record_evidence
  FROM recall_effectiveness_sample s
  JOIN recalls r ON r.id = s.recall_id
  LEFT JOIN recall_store_confirmations c ON c.recall_id = s.recall_id AND c.location_id = s.location_id
  WHERE s.recall_id = $1
  ORDER BY s.party_kind, s.id`;

export type PartyStatus = 'pending' | 'verified_by_record' | 'verified';

function partyOf(row: SampleRow) {
  const byPerson = row.verified_at !== null;
  const status: PartyStatus = byPerson ? 'verified' : row.record_received && row.record_acted ? 'verified_by_record' : 'pending';
  const received = byPerson ? row.received : status === 'verified_by_record' ? true : null;
  const acted = byPerson ? row.acted : status === 'verified_by_record' ? true : null;
  return {
    id: Number(row.id), kind: row.party_kind, label: row.label, location_id: row.location_id, customer_id: row.customer_id, status, received, acted,
    method: byPerson ? row.method : status === 'verified_by_record' ? 'record' : null, note: row.note, verified_at: row.verified_at, verified_by: row.verified_by,
    records: { received: row.record_received, acted: row.record_acted, evidence: row.record_evidence },
  };
}

export type SampledParty = ReturnType<typeof partyOf>;

function tally(parties: readonly SampledParty[]) {
  const verified = parties.filter((p) => p.status !== 'pending');
  return {
    sampled: parties.length,
    verified: verified.length,
    pending: parties.length - verified.length,
    received_and_acted: verified.filter((p) => p.received && p.acted).length,
    not_received: verified.filter((p) => p.received === false).length,
    received_not_acted: verified.filter((p) => p.received && p.acted === false).length,
  };
}

/**
 * The check and where it stands: `effective` when every sampled party is verified as having
 * received and acted; `ineffective` as soon as one verified party did not (the FDA then
 * expects the firm to act again); `in_progress` while some are unverified.
 */
export async function effectivenessCheck(db: Db, recallId: number) {
  const [check] = await db.query<{ level: EffectivenessLevel; share_percent: string | number; chosen_by: string; chosen_at: Date; seed: string | number | null; drawn_at: Date | null; drawn_by: string | null; consignees: number | null; consumers: number | null }>(
    'SELECT level, share_percent, chosen_by, chosen_at, seed, drawn_at, drawn_by, consignees, consumers FROM recall_effectiveness WHERE recall_id = $1', [recallId]);
  if (!check) return null;
  const parties = (await db.query<SampleRow>(SAMPLE_SQL, [recallId])).map(partyOf);
  const consignees = parties.filter((p) => p.kind === 'consignee');
  const consumers = parties.filter((p) => p.kind === 'consumer');
  const all = tally(parties);
  const outcome = check.level === 'E' ? 'not_required'
    : !check.drawn_at ? 'not_drawn'
      : all.not_received + all.received_not_acted > 0 ? 'ineffective'
        : all.pending > 0 ? 'in_progress' : 'effective';
  return {
    level: check.level,
    share_percent: Number(check.share_percent),
    chosen_by: check.chosen_by,
    chosen_at: check.chosen_at,
    seed: check.seed === null ? null : Number(check.seed),
    drawn_at: check.drawn_at,
    drawn_by: check.drawn_by,
    outcome,
    consignees: { population: check.consignees, ...tally(consignees) },
    consumers: { population: check.consumers, ...tally(consumers) },
    parties,
  };
}

const LEVEL_TEXT: Record<EffectivenessLevel, string> = { A: 'Level A (every consignee)', B: 'Level B', C: 'Level C (10 %)', D: 'Level D (2 %)', E: 'Level E (no effectiveness checks)' };
const OUTCOME_TEXT: Record<string, string> = { effective: 'effective', ineffective: 'NOT effective — further action needed', in_progress: 'in progress', not_drawn: 'sample not drawn yet', not_required: 'not required' };

/** One line for the regulator report. */
export function effectivenessText(check: Awaited<ReturnType<typeof effectivenessCheck>>): string {
  if (!check) return 'not chosen';
  const level = check.level === 'B' ? `Level B (${check.share_percent} %)` : LEVEL_TEXT[check.level];
  if (check.level === 'E' || !check.drawn_at) return `${level}: ${OUTCOME_TEXT[check.outcome]}`;
  const part = (name: string, t: typeof check.consignees) =>
    `${name}: ${t.sampled} of ${t.population ?? 0} sampled, ${t.verified} verified (${t.received_and_acted} received and acted, ${t.not_received} not reached, ${t.received_not_acted} did not act), ${t.pending} pending`;
  return `${level}, drawn ${check.drawn_at.toISOString().slice(0, 10)} (seed ${check.seed}): ${part('consignees', check.consignees)}; ${part('consumers', check.consumers)} — ${OUTCOME_TEXT[check.outcome]}`;
}
