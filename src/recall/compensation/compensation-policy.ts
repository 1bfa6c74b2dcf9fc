import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { evaluateDecision, parseDmn, type DmnModel } from '../../rules/index.ts';
import { latestModelWithDecision } from '../../engine/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';

const PROCESSES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'processes');

/** What the policy decides over: one customer's purchases of the recalled units. */
export interface PurchaseFacts {
  tier: string;
  unitsBought: number;
  amountSpentMinor: number;
  yearsAsCustomer: number;
  channel: 'store' | 'online';
}

export interface Offer {
  offerType: 'refund' | 'voucher';
  valuePercent: number;
  /** Integer minor units of the purchase currency; never a float. */
  valueMinor: number;
  ruleId: string | null;
}

export interface CompensationPolicy {
  decision: string;
  source: string;
  offerFor(facts: PurchaseFacts): Offer;
}

const fileCache = new Map<string, { mtimeMs: number; model: DmnModel }>();

/** The shipped file, for a database where nothing has been deployed yet. */
async function shippedModel(decision: string): Promise<DmnModel> {
  const file = join(PROCESSES_DIR, `${decision}.dmn`);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new AppError('not_found', `no compensation policy "${decision}" (deploy a DMN model holding that decision, or ship ${decision}.dmn in processes/)`, 'recall.no_policy');
  let cached = fileCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs) {
    cached = { mtimeMs: info.mtimeMs, model: await parseDmn(await readFile(file, 'utf8')) };
    fileCache.set(file, cached);
  }
  return cached.model;
}

/**
 * The compensation policy is a DMN decision: the newest deployed version of the model that
 * holds it (the shipped `processes/<decision>.dmn` is deployed at start; the console's
 * decision editor deploys the next versions), so the business changes the policy without a
 * release. Parsed once per deployed version.
 */
export async function loadCompensationPolicy(db: Db, decision: string): Promise<CompensationPolicy> {
  if (!/^[a-z0-9-]+$/.test(decision)) throw new AppError('invalid', `"${decision}" is not a decision key`);
  const deployed = await latestModelWithDecision(db, decision);
  const model = deployed?.model ?? (await shippedModel(decision));
  const source = deployed ? `${deployed.decisionKey} v${deployed.version}` : `processes/${decision}.dmn`;
  return {
    decision,
    source,
    offerFor(facts) {
      const result = evaluateDecision(model, decision, facts as unknown as Record<string, unknown>);
      const value = result.value as { offerType?: string; valuePercent?: number } | null;
      if (result.errors.length || !value || (value.offerType !== 'refund' && value.offerType !== 'voucher') || typeof value.valuePercent !== 'number') {
        throw new AppError('unprocessable', `policy ${decision} gave no valid offer for ${JSON.stringify(facts)}: ${result.errors.join('; ') || JSON.stringify(value)}`, 'recall.policy_failed');
      }
      return {
        offerType: value.offerType,
        valuePercent: value.valuePercent,
        // Percent of an integer amount, rounded half up to a whole minor unit.
        valueMinor: Math.round((facts.amountSpentMinor * value.valuePercent) / 100),
        ruleId: result.appliedRules[0]?.ruleId ?? null,
      };
    },
  };
}
