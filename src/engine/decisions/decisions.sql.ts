import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { DmnEvaluationError, DmnModelError, evaluateDecision, parseDmn, type DecisionResult, type DmnModel } from '../../rules/index.ts';

export interface DeployedDecision {
  id: number;
  decisionKey: string;
  version: number;
  decisionIds: string[];
  created: boolean;
}

/** The key a DMN file is deployed under: its <definitions> id, else its name. */
function keyOf(model: DmnModel): string {
  const key = model.id ?? model.name;
  if (!key) throw new AppError('unprocessable', 'decision refused: <definitions> has neither id nor name', 'engine.decision_refused');
  return key;
}

async function parseOrRefuse(xml: string): Promise<DmnModel> {
  try {
    return await parseDmn(xml);
  } catch (error) {
    if (error instanceof DmnModelError) throw new AppError('unprocessable', `decision refused: ${error.message}`, 'engine.decision_refused');
    throw error;
  }
}

/** Deploys a DMN file as the next version of its key; the same XML keeps its version. */
export async function deployDecision(db: Db, xml: string, actor: Actor): Promise<DeployedDecision> {
  const model = await parseOrRefuse(xml);
  const decisionKey = keyOf(model);
  const decisionIds = [...model.decisions.keys()];
  const checksum = createHash('sha256').update(xml).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('engine.decision:' || $1))`, [decisionKey]);
    const [latest] = await tx.query<{ id: number; version: number; checksum: string }>(
      'SELECT id, version, checksum FROM engine_decisions WHERE decision_key = $1 ORDER BY version DESC LIMIT 1', [decisionKey]);
    if (latest?.checksum === checksum) return { id: latest.id, decisionKey, version: latest.version, decisionIds, created: false };
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO engine_decisions (decision_key, version, name, xml, checksum, decision_ids, deployed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [decisionKey, version, model.name ?? null, xml, checksum, decisionIds, actor.label]);
    await recordAudit(tx, actor, { action: 'deploy', entity: 'decision', entityId: row!.id, details: { decisionKey, version } });
    return { id: row!.id, decisionKey, version, decisionIds, created: true };
  });
}

// Parsed models per deployed row (immutable), so evaluating does not re-read the XML.
const models = new Map<number, Promise<DmnModel>>();

export async function latestDecisionModel(db: Db, decisionKey: string): Promise<{ id: number; version: number; model: DmnModel }> {
  const [row] = await db.query<{ id: number; version: number; xml: string }>(
    'SELECT id, version, xml FROM engine_decisions WHERE decision_key = $1 ORDER BY version DESC LIMIT 1', [decisionKey]);
  if (!row) throw notFound(`decision ${decisionKey}`);
  let model = models.get(row.id);
  if (!model) {
    if (models.size > 500) models.clear();
    model = parseDmn(row.xml);
    models.set(row.id, model);
  }
  return { id: row.id, version: row.version, model: await model };
}

/**
 * The newest deployed model holding the decision `decisionId`. Domain policies name the
 * decision they run (e.g. "recall-compensation"), not the file it was deployed from, so an
 * edit deployed from the console's decision editor takes effect for the next evaluation.
 */
export async function latestModelWithDecision(db: Db, decisionId: string): Promise<{ id: number; version: number; decisionKey: string; model: DmnModel } | null> {
  const [row] = await db.query<{ decision_key: string }>(
    'SELECT decision_key FROM engine_decisions WHERE $1 = ANY (decision_ids) ORDER BY deployed_at DESC, id DESC LIMIT 1', [decisionId]);
  if (!row) return null;
  return { ...(await latestDecisionModel(db, row.decision_key)), decisionKey: row.decision_key };
}

/** Evaluates the latest version of a deployed decision (its first decision unless one is named). */
export async function evaluateDeployedDecision(db: Db, decisionKey: string, decision: string | null, context: Record<string, unknown>): Promise<DecisionResult & { version: number }> {
  const { version, model } = await latestDecisionModel(db, decisionKey);
  const target = decision ?? [...model.decisions.keys()][0];
  if (!target) throw new AppError('unprocessable', `decision ${decisionKey} has no decision element`, 'engine.decision_empty');
  try {
    return { ...evaluateDecision(model, target, context), version };
  } catch (error) {
    if (error instanceof DmnEvaluationError) throw new AppError('unprocessable', error.message, 'engine.decision_failed');
    throw error;
  }
}

export async function listDecisions(db: Db) {
  return db.query<{ decisionKey: string; version: number; name: string | null; decisionIds: string[]; deployedAt: Date }>(`
    SELECT DISTINCT ON (decision_key) decision_key AS "decisionKey", version, name, decision_ids AS "decisionIds", deployed_at AS "deployedAt"
      FROM engine_decisions ORDER BY decision_key, version DESC`);
}

/** The latest deployed DMN XML of a key, for the console's decision editor. */
export async function latestDecisionXml(db: Db, decisionKey: string): Promise<{ decisionKey: string; version: number; name: string | null; xml: string; deployedAt: Date; deployedBy: string }> {
  const [row] = await db.query<{ decisionKey: string; version: number; name: string | null; xml: string; deployedAt: Date; deployedBy: string }>(`
    SELECT decision_key AS "decisionKey", version, name, xml, deployed_at AS "deployedAt", deployed_by AS "deployedBy"
      FROM engine_decisions WHERE decision_key = $1 ORDER BY version DESC LIMIT 1`, [decisionKey]);
  if (!row) throw notFound(`decision ${decisionKey}`);
  return row;
}
