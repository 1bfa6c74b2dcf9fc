/**
 * `npm run tck`: runs the DMN TCK compliance-level-2 folders (DMN 1.5 and 1.3 copies)
 * through the rules engine, prints pass/fail per test case with expected vs actual for
 * failures and the pass rate per folder. Exits 1 when a folder passes fewer than 90 %.
 * Folders may be given as arguments (names under the corpus root, or paths).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatValue } from '../src/rules/tck/compare.ts';
import { defaultTckRoot, LEVEL_2_FOLDERS, runTckFolder } from '../src/rules/tck/runner.ts';

const REQUIRED_PASS_RATE = 0.9;

const root = defaultTckRoot();
const requested = process.argv.slice(2);
const folders = (requested.length > 0 ? requested : [...LEVEL_2_FOLDERS]).map((name) => (existsSync(name) ? name : join(root, name)));

let failedFolders = 0;
const summary: string[] = [];
for (const folder of folders) {
  if (!existsSync(folder)) {
    console.error(`TCK folder not found: ${folder} (set DMN_TCK_DIR to the corpus root)`);
    failedFolders++;
    continue;
  }
  const report = await runTckFolder(folder);
  console.log(`\n== ${folder}`);
  for (const outcome of report.cases) {
    console.log(`${outcome.passed ? 'PASS' : 'FAIL'} ${outcome.dir}/${outcome.file} #${outcome.caseId}`);
    for (const result of outcome.results.filter((r) => !r.passed)) {
      console.log(`     ${result.name}: expected ${result.errorResult ? 'an error and ' : ''}${formatValue(result.expected)}, actual ${formatValue(result.actual)}`);
      for (const error of result.errors.slice(0, 3)) console.log(`       error: ${error}`);
    }
  }
  const percent = (report.passRate * 100).toFixed(1);
  const line = `${folder}: ${report.passedCases}/${report.totalCases} test cases passed (${percent} %), ${report.passedResults}/${report.totalResults} result nodes`;
  summary.push(line);
  if (report.passRate < REQUIRED_PASS_RATE) failedFolders++;
}
console.log(`\n${summary.join('\n')}`);
if (failedFolders > 0) console.log(`${failedFolders} folder(s) below ${REQUIRED_PASS_RATE * 100} %`);
process.exitCode = failedFolders > 0 ? 1 : 0;
