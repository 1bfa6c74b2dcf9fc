import { randomBytes } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { isPgError } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { Filter } from './filter.ts';
import type { ReentryRule, SegmentDefinition } from './segment-definition.ts';

/** A segment with its current version's definition and how many customers are in it now. */
export interface Segment {
  id: number;
  name: string;
  version: number;
  description: string | null;
  filter: Filter;
  filter_text: string;
  process_id: string | null;
  reentry: ReentryRule;
  cooldown_days: number | null;
  control_share: number;
  cap_contacts: number | null;
  cap_days: number | null;
  saved_at: Date;
  saved_by: string;
  created_at: Date;
  evaluated_at: Date | null;
  members: number;
}

export interface SegmentVersion extends SegmentDefinition {
  version: number;
  saved_at: Date;
  saved_by: string;
}

const SEGMENT_COLUMNS = `s.id, v.name, s.version, v.description, v.filter, v.filter_text, v.process_id, v.reentry, v.cooldown_days,
  v.control_share::float8 AS control_share, v.cap_contacts, v.cap_days, v.saved_at, v.saved_by, s.created_at, s.evaluated_at,
  (SELECT count(*) FROM winback_segment_entries e WHERE e.segment_id = s.id AND e.left_at IS NULL)::int AS members`;
const SEGMENT_FROM = 'winback_segments s JOIN winback_segment_versions v ON v.segment_id = s.id AND v.version = s.version';

export async function listSegments(db: Db): Promise<Segment[]> {
  return db.query<Segment>(`SELECT ${SEGMENT_COLUMNS} FROM ${SEGMENT_FROM} WHERE s.archived_at IS NULL ORDER BY v.name`);
}

export async function getSegment(db: Db, id: number): Promise<Segment> {
  const [row] = await db.query<Segment>(`SELECT ${SEGMENT_COLUMNS} FROM ${SEGMENT_FROM} WHERE s.id = $1 AND s.archived_at IS NULL`, [id]);
  if (!row) throw notFound(`segment ${id}`);
  return row;
}

export async function segmentVersions(db: Db, id: number): Promise<SegmentVersion[]> {
  return db.query<SegmentVersion>(
    `SELECT version, name, description, filter, filter_text, process_id, reentry, cooldown_days, control_share::float8 AS control_share,
            cap_contacts, cap_days, saved_at, saved_by
     FROM winback_segment_versions WHERE segment_id = $1 ORDER BY version DESC`, [id]);
}

async function insertVersion(tx: Db, segmentId: number, version: number, def: SegmentDefinition, now: Date, actor: Actor): Promise<void> {
  await tx.query(
    `INSERT INTO winback_segment_versions (segment_id, version, name, description, filter, filter_text, process_id, reentry, cooldown_days,
            control_share, cap_contacts, cap_days, saved_at, saved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [segmentId, version, def.name, def.description, JSON.stringify(def.filter), def.filter_text, def.process_id, def.reentry, def.cooldown_days,
      def.control_share, def.cap_contacts, def.cap_days, now, actor.label]);
}

const nameTaken = (name: string) =>
  new AppError('conflict', `A segment named "${name}" exists already`, 'winback.segment_name_taken', { errors: [{ field: 'body.name', message: 'is taken by another segment' }] });

/**
 * Creates a segment at version 1. `controlSeed` is for tests; otherwise 128 random bits
 * decide, per entry, who falls in the control group (decision 029).
 */
export async function createSegment(tx: Db, clock: Clock, actor: Actor, def: SegmentDefinition, controlSeed?: string): Promise<number> {
  const now = clock.now();
  try {
    return await tx.transaction(async (inner) => {
      const [taken] = await inner.query('SELECT 1 FROM winback_segment_versions v JOIN winback_segments s ON s.id = v.segment_id AND s.version = v.version WHERE lower(v.name) = lower($1)', [def.name]);
      if (taken) throw nameTaken(def.name);
      const [row] = await inner.query<{ id: number }>(
        `INSERT INTO winback_segments (name, version, control_seed, created_at, created_by) VALUES ($1, 1, $2, $3, $4) RETURNING id`,
        [def.name, controlSeed ?? randomBytes(16).toString('hex'), now, actor.label]);
      await insertVersion(inner, row!.id, 1, def, now, actor);
      await recordAudit(inner, actor, { action: 'create', entity: 'winback_segment', entityId: row!.id, details: { version: 1, name: def.name, filter: def.filter_text, process_id: def.process_id } });
      return row!.id;
    });
  } catch (error) {
    if (isPgError(error, '23505')) throw nameTaken(def.name);
    throw error;
  }
}

/** Saves a new version of a segment (the old ones stay, with who saved them and when). */
export async function saveSegmentVersion(tx: Db, clock: Clock, actor: Actor, id: number, def: SegmentDefinition): Promise<number> {
  const now = clock.now();
  try {
    return await tx.transaction(async (inner) => {
      const [segment] = await inner.query<{ version: number }>('SELECT version FROM winback_segments WHERE id = $1 AND archived_at IS NULL FOR UPDATE', [id]);
      if (!segment) throw notFound(`segment ${id}`);
      const [taken] = await inner.query(
        'SELECT 1 FROM winback_segment_versions v JOIN winback_segments s ON s.id = v.segment_id AND s.version = v.version WHERE lower(v.name) = lower($1) AND s.id <> $2',
        [def.name, id]);
      if (taken) throw nameTaken(def.name);
      const version = segment.version + 1;
      await insertVersion(inner, id, version, def, now, actor);
      await inner.query('UPDATE winback_segments SET version = $2, name = $3 WHERE id = $1', [id, version, def.name]);
      await recordAudit(inner, actor, { action: 'update', entity: 'winback_segment', entityId: id, details: { version, name: def.name, filter: def.filter_text, process_id: def.process_id } });
      return version;
    });
  } catch (error) {
    if (isPgError(error, '23505')) throw nameTaken(def.name);
    throw error;
  }
}

/**
 * Whether the customer is held out as control in any segment they are in now: whatever
 * contacts them for win-back (offers, invitations) asks this first (decision 029).
 */
export async function inWinbackControlGroup(db: Db, customerId: number): Promise<boolean> {
  const [row] = await db.query<{ held: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM winback_segment_entries WHERE customer_id = $1 AND control AND left_at IS NULL) AS held', [customerId]);
  return row?.held ?? false;
}
