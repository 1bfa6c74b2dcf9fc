import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { evaluateDecision, parseDmn, type DmnModel } from '../../rules/index.ts';
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

const cache = new Map<string, { mtimeMs: number; model: DmnModel }>();

/**
 * The compensation policy is a DMN decision shipped as `processes/<decision>.dmn` and
 * editable there (or in the console's decision editor, which writes the same file's
 * deployed versions). Re-read when the file changes, parsed once otherwise.
 */
export async function loadCompensationPolicy(decision: string): Promise<CompensationPolicy> {
  if (!/^[a-z0-9-]+$/.test(decision)) throw new AppError('invalid', `"${decision}" is not a decision key`);
  const file = join(PROCESSES_DIR, `${decision}.dmn`);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new AppError('not_found', `no compensation policy "${decision}" (expected ${decision}.dmn in processes/)`, 'recall.no_policy');
  let cached = cache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs) {
    cached = { mtimeMs: info.mtimeMs, model: await parseDmn(await readFile(file, 'utf8')) };
    cache.set(file, cached);
  }
  const model = cached.model;
  return {
    decision,
    source: `processes/${decision}.dmn`,
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
