import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateDecision, parseDmn, type DmnModel } from '../../rules/index.ts';
import { latestDecisionXml, latestModelWithDecision } from '../../engine/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { PROCESSES_DIR } from '../../platform/paths.ts';

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

const fileCache = new Map<string, { mtimeMs: number; model: DmnModel; xml: string }>();

/** The shipped file, for a database where nothing has been deployed yet. */
async function shippedModel(decision: string): Promise<{ model: DmnModel; xml: string }> {
  const file = join(PROCESSES_DIR, `${decision}.dmn`);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new AppError('not_found', `no compensation policy "${decision}" (deploy a DMN model holding that decision, or ship ${decision}.dmn in processes/)`, 'recall.no_policy');
  let cached = fileCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs) {
    const xml = await readFile(file, 'utf8');
    cached = { mtimeMs: info.mtimeMs, model: await parseDmn(xml), xml };
    fileCache.set(file, cached);
  }
  return cached;
}

const FACT_NAMES = ['tier', 'unitsBought', 'amountSpentMinor', 'yearsAsCustomer', 'channel'] as const satisfies readonly (keyof PurchaseFacts)[];
const MEMO_LIMIT = 100_000;

/**
 * The facts a model can read: a FEEL expression can only name a variable by spelling it, so
 * a fact whose name appears nowhere in the XML cannot change the decision. Without the XML
 * (a deploy raced the read), every fact counts.
 */
function factsReadBy(xml: string | null): readonly (keyof PurchaseFacts)[] {
  return xml === null ? FACT_NAMES : FACT_NAMES.filter((name) => xml.includes(name));
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
  let model: DmnModel;
  let xml: string | null;
  if (deployed) {
    model = deployed.model;
    const latest = await latestDecisionXml(db, deployed.decisionKey);
    xml = latest.version === deployed.version ? latest.xml : null;
  } else {
    ({ model, xml } = await shippedModel(decision));
  }
  const source = deployed ? `${deployed.decisionKey} v${deployed.version}` : `processes/${decision}.dmn`;
  // A recall runs the policy for 100,000+ consumers whose facts repeat (a handful of tiers,
  // units and years), so each distinct tuple of the facts the model reads is evaluated once;
  // the amount, which the shipped policy does not read, only scales the percentage.
  const keyFacts = factsReadBy(xml);
  type Decided = Omit<Offer, 'valueMinor'>;
  const memo = new Map<string, Decided>();
  const decide = (facts: PurchaseFacts): Decided => {
    const key = JSON.stringify(keyFacts.map((name) => facts[name]));
    const known = memo.get(key);
    if (known) return known;
    const result = evaluateDecision(model, decision, facts as unknown as Record<string, unknown>);
    const value = result.value as { offerType?: string; valuePercent?: number } | null;
    if (result.errors.length || !value || (value.offerType !== 'refund' && value.offerType !== 'voucher') || typeof value.valuePercent !== 'number') {
      throw new AppError('unprocessable', `policy ${decision} gave no valid offer for ${JSON.stringify(facts)}: ${result.errors.join('; ') || JSON.stringify(value)}`, 'recall.policy_failed');
    }
    const decided: Decided = { offerType: value.offerType, valuePercent: value.valuePercent, ruleId: result.appliedRules[0]?.ruleId ?? null };
    if (memo.size < MEMO_LIMIT) memo.set(key, decided);
    return decided;
  };
  return {
    decision,
    source,
    offerFor(facts) {
      const decided = decide(facts);
      return {
        offerType: decided.offerType,
        valuePercent: decided.valuePercent,
        // Percent of an integer amount, rounded half up to a whole minor unit.
        valueMinor: Math.round((facts.amountSpentMinor * decided.valuePercent) / 100),
        ruleId: decided.ruleId,
      };
    },
  };
}
