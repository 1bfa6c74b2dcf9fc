import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateDecision } from '../evaluate.ts';
import { invokeByName } from '../invoke.ts';
import type { DmnModel } from '../model.ts';
import { parseDmn } from '../parse.ts';
import { sameTckValue } from './compare.ts';
import { readTestCases, type TckExpectedResult, type TckTestCase } from './test-cases.ts';

/**
 * Runs DMN TCK folders (one sub-folder per model, each with a `.dmn` and `*-test-NN.xml`
 * files) through the engine. A test case passes when every result node does. A model
 * that does not load fails all its cases with the load error as the actual value.
 */
export interface TckResultOutcome {
  name: string;
  passed: boolean;
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
  results: TckResultOutcome[];
}

export interface TckFolderReport {
  folder: string;
  cases: TckCaseOutcome[];
  passedCases: number;
  totalCases: number;
  passRate: number;
  passedResults: number;
  totalResults: number;
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** DMN_TCK_DIR, else the copy in the repository (`corpora/dmn-tck`), else the shared one beside it. */
export function defaultTckRoot(): string {
  if (process.env.DMN_TCK_DIR) return process.env.DMN_TCK_DIR;
  const inRepository = resolve(repoRoot, 'corpora', 'dmn-tck');
  return existsSync(inRepository) ? inRepository : resolve(repoRoot, '..', 'shared', 'corpora', 'dmn-tck');
}

export const LEVEL_2_FOLDERS = ['compliance-level-2', 'compliance-level-2-dmn13'] as const;

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

function evaluateResult(model: DmnModel, testCase: TckTestCase, result: TckExpectedResult): TckResultOutcome {
  const args = Object.fromEntries(testCase.inputs.map((input) => [input.name, input.value]));
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
  return { name: result.name, passed, errorResult: result.errorResult, expected: result.expected, actual, errors };
}

async function loadModel(path: string): Promise<DmnModel | Error> {
  try {
    return await parseDmn(readFileSync(path, 'utf8'));
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

export async function runTckFolder(folder: string): Promise<TckFolderReport> {
  const cases: TckCaseOutcome[] = [];
  const dirs = readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory()).sort();
  for (const dir of dirs) {
    const files = readdirSync(join(folder, dir));
    const models = new Map<string, Promise<DmnModel | Error>>();
    for (const file of files.filter((name) => /-test-\d+\.xml$/.test(name)).sort()) {
      const testFile = readTestCases(readFileSync(join(folder, dir, file), 'utf8'));
      const modelFile = testFile.modelName || files.find((name) => name.endsWith('.dmn')) || '';
      if (!models.has(modelFile)) models.set(modelFile, loadModel(join(folder, dir, modelFile)));
      const model = await models.get(modelFile);
      for (const testCase of testFile.testCases) {
        const results = model instanceof Error || model === undefined
          ? testCase.results.map((result) => ({
            name: result.name, passed: false, errorResult: result.errorResult, expected: result.expected, actual: null,
            errors: [model ? errorText(model) : `model ${modelFile} not found`],
          }))
          : testCase.results.map((result) => evaluateResult(model, testCase, result));
        cases.push({ dir, file, caseId: testCase.id, passed: results.every((result) => result.passed), results });
      }
    }
  }
  const passedCases = cases.filter((outcome) => outcome.passed).length;
  const results = cases.flatMap((outcome) => outcome.results);
  return {
    folder,
    cases,
    passedCases,
    totalCases: cases.length,
    passRate: cases.length === 0 ? 0 : passedCases / cases.length,
    passedResults: results.filter((result) => result.passed).length,
    totalResults: results.length,
  };
}
