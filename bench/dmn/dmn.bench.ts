/**
 * DMN decision-table throughput: a generated 20-rule compensation table (tier × units band,
 * capped by claim amount, outputs in integer minor units) evaluated by the rules engine,
 * against the baseline of calling feelin.unaryTest directly for the same cells and inputs
 * (what an engine without compiled FEEL does). Run alone: `npx tsx bench/dmn/dmn.bench.ts`,
 * or with the others: `npm run bench -- dmn`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unaryTest } from 'feelin';
import { evaluateDecision, parseDmn } from '../../src/rules/index.ts';
import { decisionTableXml } from '../../src/rules/table-xml.ts';
import { printFigures, type BenchFigure } from '../report.ts';

const TIERS = ['gold', 'silver', 'bronze', 'basic'];
const UNIT_BANDS = ['< 10', '[10..50)', '[50..100)', '[100..500)', '>= 500'];
/** The same bands written so that no compiled fast path applies: every cell goes to feelin. */
const UNIT_BANDS_AS_EXPRESSIONS = ['? < 10', '? >= 10 and ? < 50', '? >= 50 and ? < 100', '? >= 100 and ? < 500', '? >= 500'];
const AMOUNT_CAP = '<= 5000000';
const INPUT_NAMES = ['tier', 'units', 'amountMinor'] as const;

type Rule = { when: string[]; then: string[] };

function compensationRules(bands: readonly string[]): Rule[] {
  return TIERS.flatMap((tier, t) => bands.map((band, b) => ({
    when: [`"${tier}"`, band, AMOUNT_CAP],
    then: [String((TIERS.length - t) * 500 + b * 250)],
  })));
}

/** Deterministic claims (a linear congruential sequence), some above the amount cap. */
function claims(count: number): { tier: string; units: number; amountMinor: number }[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => ({
    tier: TIERS[Math.floor(next() * TIERS.length)] as string,
    units: Math.floor(next() * 1000),
    amountMinor: Math.floor(next() * 6_000_000),
  }));
}

/** Runs `work` over the inputs repeatedly for about `budgetMs`; returns evaluations per second. */
function measure<T>(inputs: readonly T[], work: (input: T) => void, budgetMs: number): number {
  for (const input of inputs.slice(0, 200)) work(input); // warm-up
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    for (const input of inputs) work(input);
    done += inputs.length;
  }
  return done / ((performance.now() - start) / 1000);
}

/** One table measured through the engine and through the feelin baseline. */
async function compareWithFeelin(rules: Rule[], budgetMs: number): Promise<{ engine: number; baseline: number }> {
  const model = await parseDmn(decisionTableXml({
    decisionName: 'Compensation',
    hitPolicy: 'UNIQUE',
    inputs: INPUT_NAMES.map((name) => ({ expression: name })),
    outputs: [{ name: 'compensationMinor' }],
    rules,
  }));
  const inputs = claims(1000);

  let checksum = 0;
  const engine = measure(inputs, (claim) => {
    const value = evaluateDecision(model, 'Compensation', claim).value;
    if (typeof value === 'number') checksum += value;
  }, budgetMs);

  // The same cells, rule by rule, each input entry through feelin (stopping at the first
  // failing cell of a rule, as the engine does), with every matching rule's output read.
  let baselineChecksum = 0;
  const baseline = measure(inputs, (claim) => {
    for (const rule of rules) {
      let matches = true;
      for (let i = 0; i < INPUT_NAMES.length && matches; i++) {
        const value = claim[INPUT_NAMES[i] as (typeof INPUT_NAMES)[number]];
        matches = unaryTest(rule.when[i] as string, { '?': value }).value === true;
      }
      if (matches) baselineChecksum += Number(rule.then[0]);
    }
  }, budgetMs);
  if (checksum === 0 || baselineChecksum === 0) throw new Error('benchmark matched no rule: the generated table is wrong');
  return { engine, baseline };
}

export async function benchDmn(budgetMs = 1500): Promise<BenchFigure[]> {
  const baselineName = 'feelin.unaryTest called per cell for the same rules and inputs';
  const compiled = await compareWithFeelin(compensationRules(UNIT_BANDS), budgetMs);
  const fallback = await compareWithFeelin(compensationRules(UNIT_BANDS_AS_EXPRESSIONS), budgetMs);
  const figures: BenchFigure[] = [{
    name: 'dmn: 20-rule decision table (UNIQUE, 3 inputs) evaluations',
    value: Math.round(compiled.engine),
    unit: 'evaluations/s',
    baseline: baselineName,
    baselineValue: Math.round(compiled.baseline),
    higherIsBetter: true,
  }, {
    name: 'dmn: same table, units cells as `? >= 10 and ? < 50` (no fast path, feelin per call)',
    value: Math.round(fallback.engine),
    unit: 'evaluations/s',
    baseline: baselineName,
    baselineValue: Math.round(fallback.baseline),
    higherIsBetter: true,
  }];
  return figures;
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) printFigures('dmn: decision table evaluation', await benchDmn());
