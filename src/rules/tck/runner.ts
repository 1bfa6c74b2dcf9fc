import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateDecision } from '../evaluate.ts';
import { invokeByName } from '../invoke.ts';
import type { DmnModel } from '../model.ts';
import { parseDmn } from '../parse.ts';
import { sameTckValue } from './compare.ts';
import { readTestCases, type TckExpectedResult, type TckTestCase, type TckTestFile, UnreadableTckValue } from './test-cases.ts';

/**
 * Runs DMN TCK folders (one sub-folder per model, each with a `.dmn` and `*-test-NN.xml`
 * files) through the engine. A test case passes when every result node does. A model
 * that does not load fails all its cases with the load error as the actual value; a test
 * file that cannot be read fails as one case; nothing stops the run.
 *
 * Two scores: strict, where a result marked errorResult passes only when the engine also
 * signalled an error, and lenient, where the value alone counts (as the Camunda and
 * Drools runners count).
 */
export interface TckResultOutcome {
  name: string;
  /** Strict: the value matches and, for an errorResult, the engine signalled an error. */
  passed: boolean;
  /** Lenient: the value matches. */
  passedLenient: boolean;
  errorResult: boolean;
  expected: unknown;
  actual: unknown;
  /** The engine's errors for this result (or the exception that stopped it). */
  errors: string[];
}

export interface TckCaseOutcome {
  dir: string;
  file: string;
  caseId: string;
  passed: boolean;
  passedLenient: boolean;
  results: TckResultOutcome[];
}

export interface TckScore {
  totalCases: number;
  /** Strict passes. */
  passedCases: number;
  passedCasesLenient: number;
  /** Strict pass rate, 0..1. */
  passRate: number;
  lenientPassRate: number;
}

export interface TckFolderReport extends TckScore {
  folder: string;
  cases: TckCaseOutcome[];
  /** The score of each model directory, in directory order. */
  dirs: (TckScore & { dir: string })[];
  passedResults: number;
  totalResults: number;
}

export function scoreOf(cases: readonly TckCaseOutcome[]): TckScore {
  const passedCases = cases.filter((outcome) => outcome.passed).length;
  const passedCasesLenient = cases.filter((outcome) => outcome.passedLenient).length;
  const rate = (passed: number) => (cases.length === 0 ? 0 : passed / cases.length);
  return { totalCases: cases.length, passedCases, passedCasesLenient, passRate: rate(passedCases), lenientPassRate: rate(passedCasesLenient) };
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** DMN_TCK_DIR, else the copy in the repository (`corpora/dmn-tck`), else the shared one beside it. */
export function defaultTckRoot(): string {
  if (process.env.DMN_TCK_DIR) return process.env.DMN_TCK_DIR;
  const inRepository = resolve(repoRoot, 'corpora', 'dmn-tck');
  return existsSync(inRepository) ? inRepository : resolve(repoRoot, '..', 'shared', 'corpora', 'dmn-tck');
}

export const LEVEL_2_FOLDERS = ['compliance-level-2', 'compliance-level-2-dmn13'] as const;
export const LEVEL_3_FOLDERS = ['compliance-level-3-core'] as const;

/** The pass rates `npm run tck` and the tests hold each folder to (issue 13). */
export interface TckTarget {
  strict: number;
  lenient: number;
}
export const TCK_TARGETS: Record<string, TckTarget> = {
  'compliance-level-2': { strict: 1, lenient: 1 },
  'compliance-level-2-dmn13': { strict: 1, lenient: 1 },
  'compliance-level-3-core': { strict: 0.95, lenient: 0.99 },
};

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

const failedResult = (result: TckExpectedResult, error: string): TckResultOutcome => ({
  name: result.name, passed: false, passedLenient: false, errorResult: result.errorResult, expected: result.expected, actual: null, errors: [error],
});

function evaluateResult(model: DmnModel, testCase: TckTestCase, result: TckExpectedResult): TckResultOutcome {
  const args = Object.fromEntries(testCase.inputs.map((input) => [input.name, input.value]));
  const unreadable = testCase.inputs.find((input) => input.value instanceof UnreadableTckValue);
  if (unreadable) {
    const value = unreadable.value as UnreadableTckValue;
    return failedResult(result, `input ${unreadable.name}: ${value.type} ${value.text} cannot be represented (${value.reason})`);
  }
  let actual: unknown;
  let errors: string[];
  try {
    if (testCase.type === 'decision') {
      ({ value: actual, errors } = evaluateDecision(model, result.name, args));
    } else {
      const invocable = testCase.invocableName ?? result.name;
      ({ value: actual, errors } = invokeByName(model, invocable, args));
      const isOutputComponent = invocable !== result.name && actual !== null && typeof actual === 'object' && Object.hasOwn(actual, result.name);
      if (isOutputComponent) actual = (actual as Record<string, unknown>)[result.name];
    }
  } catch (err) {
    actual = null;
    errors = [errorText(err)];
  }
  const valueMatches = sameTckValue(result.expected, actual);
  const passed = result.errorResult ? errors.length > 0 && valueMatches : valueMatches;
  return { name: result.name, passed, passedLenient: valueMatches, errorResult: result.errorResult, expected: result.expected, actual, errors };
}

async function loadModel(path: string): Promise<DmnModel | Error> {
  try {
    return await parseDmn(readFileSync(path, 'utf8'));
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function readTestFile(path: string): TckTestFile | Error {
  try {
    return readTestCases(readFileSync(path, 'utf8'));
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

const caseOutcome = (dir: string, file: string, caseId: string, results: TckResultOutcome[]): TckCaseOutcome => ({
  dir, file, caseId, results,
  passed: results.length > 0 && results.every((result) => result.passed),
  passedLenient: results.length > 0 && results.every((result) => result.passedLenient),
});

export async function runTckFolder(folder: string): Promise<TckFolderReport> {
  const cases: TckCaseOutcome[] = [];
  const dirs = readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory()).sort();
  for (const dir of dirs) {
    const files = readdirSync(join(folder, dir));
    const models = new Map<string, Promise<DmnModel | Error>>();
    for (const file of files.filter((name) => /-test-\d+\.xml$/.test(name)).sort()) {
      const testFile = readTestFile(join(folder, dir, file));
      if (testFile instanceof Error) {
        cases.push(caseOutcome(dir, file, '(file)', [failedResult({ name: file, errorResult: false, expected: null }, errorText(testFile))]));
        continue;
      }
      const modelFile = testFile.modelName || files.find((name) => name.endsWith('.dmn')) || '';
      if (!models.has(modelFile)) models.set(modelFile, loadModel(join(folder, dir, modelFile)));
      const model = await models.get(modelFile);
      for (const testCase of testFile.testCases) {
        const results = model instanceof Error || model === undefined
          ? testCase.results.map((result) => failedResult(result, model ? errorText(model) : `model ${modelFile} not found`))
          : testCase.results.map((result) => evaluateResult(model, testCase, result));
        cases.push(caseOutcome(dir, file, testCase.id, results));
      }
    }
  }
  const results = cases.flatMap((outcome) => outcome.results);
  return {
    folder,
    cases,
    ...scoreOf(cases),
    dirs: dirs.map((dir) => ({ dir, ...scoreOf(cases.filter((outcome) => outcome.dir === dir)) })).filter((score) => score.totalCases > 0),
    passedResults: results.filter((result) => result.passed).length,
    totalResults: results.length,
  };
}
